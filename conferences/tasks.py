"""E-mails for conference invitations, each with an .ics calendar attachment.

Tasks take ids (and the authority id they scope by), run after commit, and claim each invitee's
e-mail with a compare-and-set on `Invitation.ics_sent_sequence`: a task delivered twice, or
re-run after a failure, never sends the same version of an invitation twice.

A professional with no membership in the authority gets a join link in the e-mail: the token is
made as the e-mail is sent (after the claim) and only its hash is stored, so the raw token exists in
that e-mail alone; an e-mail that fails to go drops its token again."""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import OperationalError
from django.db.models import Q
from django.utils import timezone

from accounts.models import ACCOUNT_INVITATION_DAYS
from accounts.services import forget_join_link, issue_join_link
from authorities.human_dates import long_date, long_date_with_weekday, long_datetime_with_weekday
from authorities.rules.ids import RuleId
from scheduling.services import deadline_for

from .models import Conference, ConferenceStatus, Invitation, InviteeKind
from .preparation.ics import (
    InvitationFacts,
    conference_ics,
    details_url,
    location_for,
    method_for,
    summary_for,
)

EMAILED_KINDS = (InviteeKind.PROFESSIONAL, InviteeKind.ADVOCATE, InviteeKind.INTERPRETER)


def invitation_facts(conference: Conference, invitation: Invitation) -> InvitationFacts:
    report_due_on = None
    if invitation.kind == InviteeKind.PROFESSIONAL:
        deadline = deadline_for(
            authority=conference.authority_id, rule_id=RuleId.REPORT_2WD, subject=invitation
        )
        if deadline is not None and deadline.cancelled_at is None:
            report_due_on = deadline.due_on
    arrive_at = None
    rule_set = conference.rule_set_in_force()
    if rule_set.is_on(RuleId.ARRIVE_30):
        # Clock minutes before the start (not a working-day timescale), as the rule set says.
        arrive_at = conference.starts_at - timedelta(
            minutes=int(rule_set.values(RuleId.ARRIVE_30).get("minutes_before", 30))
        )
    return InvitationFacts(report_due_on=report_due_on, arrive_at=arrive_at)


def join_url(token: str) -> str:
    return f"{settings.SITE_URL}/accounts/join/{token}/"


def invitation_email(
    conference: Conference, invitation: Invitation, facts: InvitationFacts, *, join_token: str | None = None
) -> EmailMessage:
    cancelled = conference.status == ConferenceStatus.CANCELLED
    moved = not cancelled and conference.ics_sequence > 0 and bool(conference.change_reason)
    prefix = "Cancelled: " if cancelled else ("Moved: " if moved else "Invitation: ")
    when = timezone.localtime(conference.starts_at)
    # The case reference, the date, the place and a link: names, and the reasons people write
    # (which are about the child), stay behind sign-in.
    lines = [f"Dear {invitation.name},", ""]
    if cancelled:
        lines += _cancelled_lines(conference, when)
    else:
        if moved:
            lines += ["The conference has been moved. The reason is on the conference page.", ""]
        lines += _meeting_lines(conference, facts, when)
        lines += _account_lines(conference, invitation, join_token)
    lines += ["", "The calendar invitation is attached.", "", conference.authority.name]
    message = EmailMessage(
        subject=f"{prefix}{summary_for(conference)} – {long_date(when)}",
        body="\n".join(lines),
        to=[invitation.email],
    )
    method = method_for(conference)
    message.attach(
        "conference.ics", conference_ics(conference, invitation, facts), f"text/calendar; method={method}"
    )
    return message


def _cancelled_lines(conference: Conference, when: datetime) -> list[str]:
    return [
        f"The {conference.get_kind_display().lower()} for case {conference.family.case_reference} on "
        f"{long_datetime_with_weekday(when)} is cancelled. The reason is on the conference page:",
        details_url(conference),
    ]


def _meeting_lines(conference: Conference, facts: InvitationFacts, when: datetime) -> list[str]:
    """When and where, who chairs, when to arrive (ARRIVE-30) and when the report is due (REPORT-2WD)."""
    lines = [
        f"You are invited to the {conference.get_kind_display().lower()} for case "
        f"{conference.family.case_reference}.",
        "",
        f"When: {long_datetime_with_weekday(when)}",
        f"Where: {location_for(conference)}",
        f"Chair: {conference.chair.user.display_name}",
    ]
    if facts.arrive_at:
        lines.append(
            f"Please arrive by {timezone.localtime(facts.arrive_at):%H:%M} to read the reports (ARRIVE-30)."
        )
    if facts.report_due_on:
        lines.append(
            f"Your written report is due by {long_date_with_weekday(facts.report_due_on)} (REPORT-2WD)."
        )
    lines += ["", f"Conference details: {details_url(conference)}"]
    return lines


def _account_lines(conference: Conference, invitation: Invitation, join_token: str | None) -> list[str]:
    """A professional with no account here: the join link made for this e-mail, or, without one,
    word that the authority administrator will give them an account."""
    authority = conference.authority.name
    if join_token:
        return [
            "",
            f"You do not have an account with {authority} on this service yet. "
            "Create one with this link, so that you can see the conference details and send your report:",
            join_url(join_token),
            "",
            f"The link works once, for {ACCOUNT_INVITATION_DAYS} days. If you already use this service "
            "for another authority, follow the link and sign in with this e-mail address to join "
            f"{authority} as well.",
        ]
    if invitation.kind == InviteeKind.PROFESSIONAL and invitation.membership_id is None:
        return [
            "",
            f"You do not have an account with {authority} on this service yet. The "
            "authority administrator will give you one, so that you can send your report and see the "
            "conference details.",
        ]
    return []


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def send_invitation_email(*, authority_id: int, invitation_id: int) -> bool:
    """E-mail one invitee the conference as it is now. Claims the current SEQUENCE first."""
    invitation = (
        Invitation.objects.for_authority(authority_id)
        .select_related(
            "conference__family", "conference__venue", "conference__chair__user", "conference__authority"
        )
        .filter(pk=invitation_id, kind__in=EMAILED_KINDS)
        .exclude(email="")
        .first()
    )
    if invitation is None:
        return False
    conference = invitation.conference
    sequence = conference.ics_sequence
    previous = invitation.ics_sent_sequence
    claimed = (
        Invitation.objects.for_authority(authority_id)
        .filter(Q(ics_sent_sequence__isnull=True) | Q(ics_sent_sequence__lt=sequence), pk=invitation_id)
        .update(ics_sent_sequence=sequence)
    )
    if not claimed:
        return False
    join_token = None
    if (
        invitation.kind == InviteeKind.PROFESSIONAL
        and invitation.membership_id is None
        and conference.status != ConferenceStatus.CANCELLED
    ):
        join_token = issue_join_link(authority_id=authority_id, email=invitation.email)
    try:
        facts = invitation_facts(conference, invitation)
        invitation_email(conference, invitation, facts, join_token=join_token).send()
    except Exception:
        if join_token:
            forget_join_link(authority_id=authority_id, token=join_token)
        Invitation.objects.for_authority(authority_id).filter(pk=invitation_id).update(
            ics_sent_sequence=previous
        )
        raise
    return True


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_conference_update(*, authority_id: int, conference_id: int) -> int:
    """Send every e-mailed invitee the current version of the conference (new invitees, moves and
    cancellations alike); those who already have this version are skipped by the claim."""
    ids = list(
        Invitation.objects.for_authority(authority_id)
        .filter(conference_id=conference_id, kind__in=EMAILED_KINDS)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    return sum(send_invitation_email(authority_id=authority_id, invitation_id=pk) for pk in ids)
