"""Checks shared by scheduling and rescheduling a conference."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.dates import local_day
from authorities.human_dates import long_date_with_weekday
from authorities.models import Membership, Mode, Role, RuleSet, Venue
from authorities.rules.checks import RuleAnswer, check_deadline, check_rule, enforce
from authorities.rules.ids import RuleId
from cases.services import family_label
from conferences.models import (
    REPORTING_KINDS,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Invitation,
    InviteeKind,
)
from scheduling.engine import WorkingCalendar
from scheduling.services import (
    open_deadline,
    record_booking,
)

from .statutory import StatutoryDate


def _check_when(by: Membership, starts_at: datetime, calendar: WorkingCalendar, now: datetime) -> date:
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    day = local_day(starts_at)
    if starts_at <= now:
        raise ValidationError({"starts_at": "The conference date and time must be in the future."})
    if not calendar.is_working_day(day):
        raise ValidationError(
            {
                "starts_at": f"{long_date_with_weekday(day)} is not a working day in {by.authority.name} "
                "(a weekend, a bank holiday or an office closure day)."
            }
        )
    return day


def _venue(by: Membership, venue_id: int | None, virtual_link: str) -> Venue | None:
    if venue_id is None:
        if not virtual_link:
            raise ValidationError({"venue": "Choose a venue or give a link for a virtual conference."})
        return None
    venue = Venue.objects.for_authority(by.authority).filter(pk=venue_id, is_active=True).first()
    if venue is None:
        raise ValidationError({"venue": "Choose one of this authority's venues."})
    return venue


def _chair(by: Membership, chair_id: int) -> Membership:
    chair = (
        Membership.objects.for_authority(by.authority)
        .select_related("user")
        .filter(pk=chair_id, role=Role.CHAIR, is_active=True)
        .first()
    )
    if chair is None:
        raise ValidationError({"chair": "Choose a conference chair of this authority."})
    return chair


def chair_independence(rule_set: RuleSet, *, chair: Membership, social_worker: Membership) -> RuleAnswer:
    """CHAIR-INDEPENDENT: not the case's social worker, nor their team manager."""
    problem = ""
    if chair.pk == social_worker.pk or chair.user_id == social_worker.user_id:
        problem = "the chair cannot be the case's social worker"
    elif social_worker.team_manager_id and chair.pk == social_worker.team_manager_id:
        problem = "the chair cannot be the social worker's team manager"
    return check_rule(rule_set, RuleId.CHAIR_INDEPENDENT, satisfied=not problem, message=problem)


def _check_statutory(statutory: StatutoryDate | None, day: date, late_reason: str) -> bool:
    """Deadline rules never block: late under a required rule needs a reason; advised only flags.
    Returns whether the date is late."""
    if statutory is None:
        return False
    answer = check_deadline(statutory.rule_set, statutory.rule_id, due=statutory.due_on, acted_on=day)
    enforce(answer, reason=late_reason, field="late_reason")
    return not answer.ok


def _rule_reason(answer: RuleAnswer, reasons: dict[str, str], field: str) -> dict[str, str]:
    reason = (reasons or {}).get(answer.rule_id, "")
    enforce(answer, reason=reason, field=field)
    return {answer.rule_id: reason.strip()} if answer.advised and reason.strip() else {}


def _open_conference_deadlines(by: Membership, conference: Conference, day: date) -> None:
    """SW-REPORT for the conference and REPORT-2WD for each invited professional count back from
    its date; calling open_deadline again moves them when the date moves."""
    label = f"{family_label(conference.family)}'s {conference.get_kind_display().lower()}"
    open_deadline(
        authority=by.authority,
        rule_id=RuleId.SW_REPORT,
        subject=conference,
        event_on=day,
        label=f"Social worker's report for {label}",
        family_id=conference.family_id,
        responsible=conference.social_worker,
    )
    for invitation in Invitation.objects.for_authority(by.authority).filter(
        conference=conference, kind__in=REPORTING_KINDS
    ):
        _open_report_deadline(by, conference, invitation, day)


def _open_report_deadline(by: Membership, conference: Conference, invitation: Invitation, day: date) -> None:
    """REPORT-2WD for one report writer. An advocate's report is flagged when late but never
    escalated: the rule's required mode is about agencies' reports, and an advocate is not one."""
    advocate = invitation.kind == InviteeKind.ADVOCATE
    who = (
        f"Advocate {invitation.name}'s"
        if advocate
        else (invitation.agency.name if invitation.agency_id else invitation.name)
    )
    open_deadline(
        authority=by.authority,
        rule_id=RuleId.REPORT_2WD,
        subject=invitation,
        event_on=day,
        label=f"{who} report for {family_label(conference.family)}'s {conference.get_kind_display().lower()}",
        family_id=conference.family_id,
        responsible=invitation.membership,
        mode=Mode.ADVISED if advocate else None,
    )


BOOKED_STATUSES = (ConferenceStatus.SCHEDULED, ConferenceStatus.IN_PROGRESS, ConferenceStatus.HELD)


def record_statutory_booking(by: Membership, conference: Conference) -> None:
    """Tell the conference's statutory deadline (ICPC-15WD from the strategy discussion, the review
    timescale from the previous conference) the date of the earliest conference still booked for
    it, or that none is: the sweep escalates a close deadline with nothing booked."""
    if conference.kind == ConferenceKind.INITIAL and conference.strategy_discussion_id:
        rule_id, subject = RuleId.ICPC_15WD, conference.strategy_discussion
        same_timescale = {"strategy_discussion": subject}
    elif conference.kind == ConferenceKind.REVIEW and conference.previous_id:
        subject = conference.previous
        rule_id = RuleId.RCPC1_3M if subject.kind == ConferenceKind.INITIAL else RuleId.RCPCN_6M
        same_timescale = {"previous": subject}
    else:
        return  # a midway review meets no timescale (MIDWAY-REVIEW)
    earliest = (
        Conference.objects.for_authority(by.authority)
        .filter(kind=conference.kind, status__in=BOOKED_STATUSES, **same_timescale)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    record_booking(
        authority=by.authority,
        rule_id=rule_id,
        subject=subject,
        booked_for=local_day(earliest) if earliest else None,
        by=by,
    )


def _send_after_commit(authority_id: int, conference_id: int) -> None:
    from conferences.tasks import send_conference_update

    transaction.on_commit(
        lambda: send_conference_update.delay(authority_id=authority_id, conference_id=conference_id)
    )
