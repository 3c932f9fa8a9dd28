"""Invitations to create an account, and joining an authority through one.

Someone new invited to a conference by e-mail gets an `AccountInvitation` (one open per authority
and e-mail). Each e-mail that goes to them carries a fresh join link whose token is stored only as
its SHA-256, so the raw token exists only in that e-mail. Following the link creates their user (or,
for someone who already has one, asks them to sign in), a practitioner membership with the invited
agency, and links every conference invitation of that authority sent to their address.

Every function takes keyword-only arguments and runs in one transaction; accepting claims the
invitation with a compare-and-set on `accepted_at`, so one link cannot make two users.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.history import stamp
from authorities.models import Agency, Membership
from authorities.rls.scope import NOTHING, DatabaseScope, database_scope
from authorities.signals import give_membership_its_waiting_work

from .models import ACCOUNT_INVITATION_DAYS, AccountInvitation, AccountInvitationToken, User

TOKEN_MAX_LENGTH = 100  # token_urlsafe(32) is 43 characters; anything much longer is not ours


class Refusal(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    HAS_ACCOUNT = "has_account"


class JoinRefused(Exception):
    """The link cannot be used (unknown, used, expired), or the address already has an account."""

    def __init__(self, reason: Refusal, invitation: AccountInvitation | None = None):
        super().__init__(reason.value)
        self.reason, self.invitation = reason, invitation


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def expiry_from(now: datetime) -> datetime:
    return now + timedelta(days=ACCOUNT_INVITATION_DAYS)


# --- inviting ----------------------------------------------------------------------------------


@transaction.atomic
def invite_to_create_account(
    *, by: Membership, email: str, name: str, agency: Agency, now: datetime | None = None
) -> AccountInvitation:
    """Invite someone with no membership here to create an account (or, with an account elsewhere,
    to join). Inviting the same address again reuses the open invitation and refreshes it."""
    now = now or timezone.now()
    email = email.strip().lower()
    if agency.authority_id != by.authority_id:
        raise ValueError("agency: not one of the inviting authority's agencies")
    scoped = AccountInvitation.objects.for_authority(by.authority)
    invitation = scoped.open().select_for_update().filter(email=email).first()
    if invitation is None:
        invitation = AccountInvitation(
            authority=by.authority, email=email, created_at=now, name=name.strip(), agency=agency
        )
    invitation.name, invitation.agency, invitation.invited_by = name.strip(), agency, by
    invitation.expires_at = expiry_from(now)
    stamp(invitation, by=by.user, reason="invited to create an account")
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # Another conference invited the same address at the same moment: refresh theirs instead.
        invitation = scoped.open().select_for_update().get(email=email)
        invitation.expires_at = expiry_from(now)
        stamp(invitation, by=by.user, reason="invited to create an account again")
        invitation.save(update_fields=["expires_at"])
    return invitation


@transaction.atomic
def issue_join_link(*, authority_id: int, email: str, now: datetime | None = None) -> str | None:
    """A fresh token for the open account invitation of `email` here (None if there is none), for
    one e-mail. Only its hash is kept. Sending a link keeps the invitation open for the product
    default of 14 days from now."""
    now = now or timezone.now()
    invitation = (
        AccountInvitation.objects.for_authority(authority_id)
        .open()
        .select_for_update()
        .filter(email=email.strip().lower())
        .first()
    )
    if invitation is None:
        return None
    token = secrets.token_urlsafe(32)
    AccountInvitationToken.objects.create(
        authority_id=authority_id, invitation=invitation, token_hash=hash_token(token), created_at=now
    )
    if invitation.expires_at < expiry_from(now):
        invitation.expires_at = expiry_from(now)
        invitation._change_reason = "join link e-mailed"
        invitation.save(update_fields=["expires_at"])
    return token


def forget_join_link(*, authority_id: int, token: str) -> None:
    """The e-mail carrying this token was not sent: drop its hash."""
    AccountInvitationToken.objects.for_authority(authority_id).filter(token_hash=hash_token(token)).delete()


# --- following a link --------------------------------------------------------------------------


def join_link_database_scope(token: str) -> DatabaseScope:
    """What the join page's database connection may see: the authority that issued the link, read
    through the one row the join-link policy opens by the token's hash; nothing for a bad link."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return NOTHING
    token_hash = hash_token(token)
    with database_scope(DatabaseScope(join_token_hash=token_hash)):
        authority_id = (
            AccountInvitationToken.objects.unscoped(reason="join link: the token's hash is the key")
            .filter(token_hash=token_hash)
            .values_list("authority_id", flat=True)
            .first()
        )
    return NOTHING if authority_id is None else DatabaseScope.of([authority_id])


def invitation_for_token(token: str, *, now: datetime | None = None) -> AccountInvitation:
    """The open, unexpired account invitation this link belongs to, or JoinRefused."""
    now = now or timezone.now()
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise JoinRefused(Refusal.UNKNOWN)
    link = (
        # The token is the credential and names no authority: looked up by its hash, across authorities.
        AccountInvitationToken.objects.unscoped(reason="join link: the token's hash is the key")
        .select_related("invitation__authority", "invitation__agency", "invitation__invited_by__user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise JoinRefused(Refusal.UNKNOWN)
    invitation = link.invitation
    if invitation.accepted_at is not None:
        raise JoinRefused(Refusal.USED, invitation)
    if invitation.is_expired(now):
        raise JoinRefused(Refusal.EXPIRED, invitation)
    return invitation


def _claim(token: str, now: datetime) -> AccountInvitation:
    """Compare-and-set on accepted_at: of two requests with the same link, one wins."""
    invitation = invitation_for_token(token, now=now)
    claimed = (
        AccountInvitation.objects.for_authority(invitation.authority_id)
        .filter(pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now)
        .update(accepted_at=now)
    )
    if not claimed:
        raise JoinRefused(Refusal.USED, invitation)
    invitation.accepted_at = now
    return invitation


def _join(invitation: AccountInvitation, user: User, now: datetime) -> Membership:
    membership = Membership.objects.for_authority(invitation.authority_id).filter(user=user).first()
    if membership is None:
        membership = Membership(
            authority_id=invitation.authority_id, user=user, role=invitation.role, agency=invitation.agency
        )
        stamp(membership, by=user, reason="joined through an account invitation")
        membership.save()
    invitation.membership = membership
    stamp(invitation, by=user, reason="accepted")
    invitation.save(update_fields=["accepted_at", "membership"])
    link_pending_invitations(membership=membership, now=now)
    return membership


@transaction.atomic
def accept_as_new_user(
    *,
    token: str,
    full_name: str,
    job_title: str,
    password: str,
    phone: str = "",
    now: datetime | None = None,
) -> Membership:
    """Create the invited person's user and their membership here; link their invitations."""
    now = now or timezone.now()
    invitation = _claim(token, now)
    users = get_user_model().objects
    if users.filter(email__iexact=invitation.email).exists():
        raise JoinRefused(Refusal.HAS_ACCOUNT, invitation)
    try:
        with transaction.atomic():
            user = users.create_user(
                email=invitation.email,
                password=password,
                full_name=full_name.strip(),
                job_title=job_title.strip(),
                phone=phone.strip(),
            )
    except IntegrityError:  # the same address joined another authority at the same moment
        raise JoinRefused(Refusal.HAS_ACCOUNT, invitation) from None
    return _join(invitation, user, now)


@transaction.atomic
def accept_as_existing_user(*, token: str, user: User, now: datetime | None = None) -> Membership:
    """Someone who already has a user (a member of another authority) joins this one. The caller
    has checked that `user` is signed in; the address must be the invited one."""
    now = now or timezone.now()
    invitation = invitation_for_token(token, now=now)
    if user.email.lower() != invitation.email:
        raise PermissionError("signed in as someone other than the invited address")
    return _join(_claim(token, now), user, now)


# --- one path for every new membership -----------------------------------------------------------


@transaction.atomic
def link_pending_invitations(*, membership: Membership, now: datetime | None = None) -> list:
    """Give `membership` what was waiting for its user's address before they had one (whatever
    made the membership: a join link, the admin, seed_demo): the apps above receive
    `authorities.signals.membership_given` (conferences links its invitations and their REPORT-2WD
    deadlines; accounts closes any open account invitation for that address here). Returns the
    conference invitations linked."""
    return give_membership_its_waiting_work(membership=membership, now=now)


def close_open_account_invitations(*, membership: Membership, now: datetime, **_signal) -> None:
    """Receiver of `membership_given`: an account invitation still open for this address here is
    answered by the membership given another way."""
    user = membership.user
    for open_invitation in (
        AccountInvitation.objects.for_authority(membership.authority_id)
        .open()
        .filter(email=user.email.lower())
    ):
        open_invitation.accepted_at, open_invitation.membership = now, membership
        stamp(open_invitation, by=user, reason="membership given another way")
        open_invitation.save(update_fields=["accepted_at", "membership"])
