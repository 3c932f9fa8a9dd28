"""Inviting people to a conference, and what they answer."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services import invite_to_create_account
from authorities.history import stamp
from authorities.human_dates import long_datetime_with_weekday
from authorities.models import Agency, Membership
from authorities.rules.checks import check_rule
from authorities.rules.ids import RuleId
from cases.models import Person
from conferences.models import (
    REPORTING_KINDS,
    Conference,
    Invitation,
    InvitedBy,
    InviteeKind,
    ViewsRoute,
)
from scheduling.models import Notification
from scheduling.services import (
    notify,
)

from .checks import _open_report_deadline, _rule_reason, _send_after_commit
from .common import _conference, _must_be_scheduled


def _invitable(by: Membership, conference_id: int) -> Conference:
    conference = _conference(by, conference_id, lock=True)
    _must_be_scheduled(conference)
    return conference


def _save_invitation(invitation: Invitation, by: Membership, reason: str, field: str) -> Invitation:
    stamp(invitation, by=by, reason=reason)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError({field: f"{invitation.name} is already invited to this conference."}) from None
    return invitation


def _invited_at(invited_on: date | None, now: datetime) -> datetime | None:
    if invited_on is None:
        return None
    if invited_on > timezone.localdate(now):
        raise ValidationError({"invited_on": "The date they were invited cannot be in the future."})
    if invited_on == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(invited_on, datetime.min.time()))


def role_label_for(membership: Membership) -> str:
    if membership.agency_id:
        return membership.agency.get_type_display()
    return membership.get_role_display()


@transaction.atomic
def invite_professional(
    *,
    by: Membership,
    conference_id: int,
    membership_id: int | None = None,
    name: str = "",
    email: str = "",
    agency_id: int | None = None,
    role_label: str = "",
    now: datetime | None = None,
) -> Invitation:
    """Invite a professional: a member of this authority, or someone new by e-mail. Someone with no
    membership here also gets an invitation to create an account (or, with an account elsewhere, to
    join this authority): their e-mail carries the join link, and joining links this invitation."""
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    membership = _member_invited(by, membership_id, email)
    if membership is not None:
        agency = membership.agency
        name, email = membership.user.display_name, membership.user.email
        role_label = role_label or role_label_for(membership)
    else:
        agency = _newcomer_agency(by, conference, name=name, email=email, agency_id=agency_id)
        role_label = role_label or agency.get_type_display()
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=InviteeKind.PROFESSIONAL,
        membership=membership,
        agency=agency,
        name=name.strip(),
        email=email.strip(),
        role_label=role_label.strip(),
        invited_by=InvitedBy.EMAIL,
        invited_at=now,
    )
    _save_invitation(invitation, by, "professional invited", "membership" if membership else "email")
    if membership is None:
        invite_to_create_account(by=by, email=invitation.email, name=invitation.name, agency=agency, now=now)
    else:
        _tell_invitee_in_app(by, conference, invitation, membership)
    _open_report_deadline(by, conference, invitation, conference.day)
    _send_after_commit(by.authority_id, conference.pk)
    return invitation


def _member_invited(by: Membership, membership_id: int | None, email: str) -> Membership | None:
    """The active member of this authority being invited: the one chosen, or the one whose
    e-mail address was typed; None for someone new to the authority."""
    members = (
        Membership.objects.for_authority(by.authority).select_related("user", "agency").filter(is_active=True)
    )
    if membership_id is not None:
        membership = members.filter(pk=membership_id).first()
        if membership is None:
            raise ValidationError({"membership": "Choose a professional who works with this authority."})
        return membership
    if email:
        return members.filter(user__email__iexact=email.strip()).first()
    return None


def _newcomer_agency(
    by: Membership, conference: Conference, *, name: str, email: str, agency_id: int | None
) -> Agency:
    """Someone new needs a name, an e-mail address not invited already, and one of this
    authority's agencies; every field missing is named at once."""
    errors = {}
    if not name.strip():
        errors["name"] = "Enter the professional's name."
    if not email.strip():
        errors["email"] = "Enter the professional's e-mail address."
    agency = (
        Agency.objects.for_authority(by.authority).filter(pk=agency_id, is_active=True).first()
        if agency_id
        else None
    )
    if agency is None:
        errors["agency"] = "Choose the professional's agency from this authority's agencies."
    if errors:
        raise ValidationError(errors)
    if conference.invitations.filter(email__iexact=email.strip()).exists():
        raise ValidationError({"email": f"{email} is already invited to this conference."})
    return agency


def _tell_invitee_in_app(
    by: Membership, conference: Conference, invitation: Invitation, membership: Membership
) -> None:
    """The invitation in the invitee's notifications list too; the e-mail with the calendar
    attachment goes from the task, so this one sends no e-mail of its own."""
    when = timezone.localtime(conference.starts_at)
    notify(
        authority=by.authority,
        recipient=membership.user,
        kind=Notification.Kind.INVITATION,
        subject=f"Invitation: {conference.get_kind_display().lower()} on {long_datetime_with_weekday(when)}",
        body=(
            f"You are invited to the {conference.get_kind_display().lower()} for case "
            f"{conference.family.case_reference} on {long_datetime_with_weekday(when)}. "
            "Your report is due before it (REPORT-2WD): see My conferences."
        ),
        url="/my-conferences/",
        dedupe_key=f"invitation:{invitation.pk}",
        email=False,
    )


FAMILY_INVITED_BY = (InvitedBy.LETTER, InvitedBy.IN_PERSON, InvitedBy.PHONE)


def family_role_label(person: Person) -> str:
    parts = [f"{r.get_kind_display()} of {r.child.first_name}" for r in person.relationships.all()]
    return ", ".join(parts) or "Family member"


@transaction.atomic
def invite_family_member(
    *,
    by: Membership,
    conference_id: int,
    person_id: int,
    invited_by: str,
    invited_on: date | None,
    reason: str = "",
    now: datetime | None = None,
) -> Invitation:
    """FAMILY-INVITE: family members have no accounts; how and when each was invited is recorded."""
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    person = (
        Person.objects.for_authority(by.authority)
        .filter(pk=person_id, family=conference.family_id)
        .prefetch_related("relationships__child")
        .first()
    )
    if person is None:
        raise ValidationError({"person": "Choose a parent or carer of this family."})
    if invited_by and invited_by not in FAMILY_INVITED_BY:
        raise ValidationError({"invited_by": "Family members are invited by letter, in person or by phone."})
    rule_set = conference.rule_set_in_force()
    answer = check_rule(
        rule_set,
        RuleId.FAMILY_INVITE,
        satisfied=bool(invited_by and invited_on),
        message="record how and when the family member was invited",
    )
    reasons = _rule_reason(answer, {RuleId.FAMILY_INVITE: reason}, "invited_by")
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=InviteeKind.PARENT,
        person=person,
        name=str(person),
        role_label=family_role_label(person),
        invited_by=invited_by or InvitedBy.LETTER,
        invited_at=_invited_at(invited_on, now),
        rule_reasons=reasons,
    )
    return _save_invitation(invitation, by, f"family member invited ({invited_by or 'not yet'})", "person")


@transaction.atomic
def invite_child(
    *,
    by: Membership,
    conference_id: int,
    child_id: int,
    views_route: str,
    wishes_to_attend: bool | None = None,
    invited_by: str = "",
    invited_on: date | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Invitation:
    """CHILD-PARTICIPATION: the child's wish to attend and how their views reach the conference."""
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    child = conference.children.filter(pk=child_id).first()
    if child is None:
        raise ValidationError({"child": "Choose a child this conference is about."})
    if views_route and views_route not in ViewsRoute.values:
        raise ValidationError({"views_route": "Choose how the child's views will reach the conference."})
    appropriate = views_route != ViewsRoute.NOT_APPROPRIATE
    missing = []
    if not views_route:
        missing.append("how their views will reach the conference")
    if appropriate and wishes_to_attend is None:
        missing.append("whether they wish to attend")
    if appropriate and wishes_to_attend and not (invited_by and invited_on):
        missing.append("how and when they were invited")
    rule_set = conference.rule_set_in_force()
    answer = check_rule(
        rule_set,
        RuleId.CHILD_PARTICIPATION,
        satisfied=not missing,
        message="record " + " and ".join(missing) if missing else "",
    )
    reasons = _rule_reason(answer, {RuleId.CHILD_PARTICIPATION: reason}, "views_route")
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=InviteeKind.CHILD,
        child=child,
        name=child.full_name,
        role_label="Child",
        invited_by=invited_by or InvitedBy.IN_PERSON,
        invited_at=_invited_at(invited_on, now) if appropriate else None,
        wishes_to_attend=wishes_to_attend if appropriate else None,
        views_route=views_route,
        rule_reasons=reasons,
    )
    if conference.invitations.filter(child=child).exists():
        raise ValidationError({"child": f"{child.full_name}'s participation is already recorded."})
    return _save_invitation(invitation, by, "child's participation recorded", "child")


@transaction.atomic
def invite_advocate_or_interpreter(
    *,
    by: Membership,
    conference_id: int,
    kind: str,
    name: str,
    email: str = "",
    role_label: str = "",
    invited_by: str = InvitedBy.EMAIL,
    invited_on: date | None = None,
    now: datetime | None = None,
) -> Invitation:
    conference = _invitable(by, conference_id)
    now = now or timezone.now()
    if kind not in (InviteeKind.ADVOCATE, InviteeKind.INTERPRETER):
        raise ValidationError({"kind": "Choose advocate or interpreter."})
    if not name.strip():
        raise ValidationError({"name": "Enter their name."})
    if invited_by == InvitedBy.EMAIL and not email.strip():
        raise ValidationError({"email": "Enter their e-mail address to invite them by e-mail."})
    invitation = Invitation(
        authority=by.authority,
        conference=conference,
        kind=kind,
        name=name.strip(),
        email=email.strip(),
        role_label=role_label.strip() or InviteeKind(kind).label,
        invited_by=invited_by,
        invited_at=now if invited_by == InvitedBy.EMAIL else _invited_at(invited_on, now),
    )
    _save_invitation(invitation, by, f"{kind} invited", "name")
    if kind in REPORTING_KINDS:
        _open_report_deadline(by, conference, invitation, conference.day)
    if invitation.email:
        _send_after_commit(by.authority_id, conference.pk)
    return invitation
