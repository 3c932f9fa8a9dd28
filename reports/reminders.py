"""REPORT-2WD reminders (asked for by the sweep through its hook) and the note that a conference moved."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from authorities.human_dates import long_date_with_weekday, long_datetime_with_weekday
from authorities.models import Authority, Mode, RuleSet
from authorities.selectors import rule_set_in_force
from conferences.models import Conference, ConferenceStatus, Invitation
from scheduling import services as scheduling_services
from scheduling.calendars import calendar_for
from scheduling.engine import working_days_left
from scheduling.models import Notification

from .common import DEFAULT_REMINDER_WORKING_DAYS
from .models import ReportStatus
from .selectors import (
    REPORT_RULE,
    REPORTING_KINDS,
    DueDates,
)


def _reminder_days(rule_set: RuleSet) -> list[int]:
    try:
        days = rule_set.values(REPORT_RULE).get("reminder_working_days", list(DEFAULT_REMINDER_WORKING_DAYS))
    except KeyError:
        days = list(DEFAULT_REMINDER_WORKING_DAYS)
    return sorted({int(d) for d in days if isinstance(d, int) and d >= 0})


def _reminder_horizon(authority: Authority, today: date) -> date | None:
    """The latest conference date that can need a reminder today: the earliest step counted back
    from the report deadline, itself counted back from the conference. A week of calendar slack
    covers a later rule-set version with slightly larger numbers."""
    try:
        rule_set = rule_set_in_force(authority, on=today)
    except LookupError:
        return None
    if rule_set.mode(REPORT_RULE) == Mode.OFF:
        return None
    steps = _reminder_days(rule_set)
    if not steps:
        return None
    amount = int(rule_set.values(REPORT_RULE).get("amount", 2))
    return calendar_for(authority).add_working_days(today, max(steps) + amount) + timedelta(days=7)


def send_due_report_reminders(authority_id: int, today: date) -> int:
    """E-mail each invited person whose report is not in when its deadline is N working days away
    (N from the rule set: REPORT-2WD reminder_working_days, default 5 and 2). The dedupe key makes a
    rerun, or tomorrow's run at the same step, send nothing twice. Returns how many were sent."""
    authority = Authority.objects.get(pk=authority_id)
    horizon = _reminder_horizon(authority, today)
    if horizon is None:
        return 0
    invitations = list(
        Invitation.objects.for_authority(authority_id)
        .filter(
            kind__in=REPORTING_KINDS,
            membership__isnull=False,
            conference__status=ConferenceStatus.SCHEDULED,
            conference__starts_at__date__gte=today,
            # Only conferences near enough for a reminder step: a sweep with nothing to send stays cheap.
            conference__starts_at__date__lte=horizon,
        )
        .exclude(reports__status=ReportStatus.SUBMITTED)
        .select_related("conference__family", "membership__user")
    )
    due_dates = DueDates(invitations)
    sent = 0
    for invitation in invitations:
        due = due_dates.due_on(invitation)
        if due is None or due < today:
            continue
        rule_set = due_dates.rule_set(authority_id, invitation.conference.day)
        if rule_set is None or rule_set.mode(REPORT_RULE) == Mode.OFF:
            continue
        left = working_days_left(due=due, today=today, calendar=due_dates.calendar(authority_id))
        # The tightest step already reached: a sweep that missed a day still sends one reminder.
        steps = [n for n in _reminder_days(rule_set) if left <= n]
        if not steps:
            continue
        step = min(steps)
        conference = invitation.conference
        notification = scheduling_services.notify(
            authority=authority,
            recipient=invitation.membership.user,
            kind=Notification.Kind.REPORT_REMINDER,
            subject=f"Your report is due {long_date_with_weekday(due)} (REPORT-2WD)",
            body=(
                f"Your report for the {conference.get_kind_display().lower()} for case "
                f"{conference.family.case_reference} on "
                f"{long_date_with_weekday(conference.day)} is due by {long_date_with_weekday(due)}: "
                f"{left} working day{'s' if left != 1 else ''} left."
            ),
            url=f"/{authority.slug}/invitations/{invitation.pk}/report/",
            dedupe_key=f"report-reminder:{invitation.pk}:{due.isoformat()}:{step}",
        )
        sent += notification is not None
    return sent


def notify_conference_moved(conference_id: int, *, authority_id: int | None = None) -> int:
    """Tell everyone invited with an account that the conference moved, with the new report
    deadline. Once per person per new date. For the scheduling service to call after a move."""
    if authority_id is None:
        conference = Conference.objects.unscoped(
            reason="conference id handed over by the scheduling service"
        ).get(pk=conference_id)
    else:
        conference = Conference.objects.for_authority(authority_id).get(pk=conference_id)
    authority = Authority.objects.get(pk=conference.authority_id)
    invitations = list(
        Invitation.objects.for_authority(authority)
        .filter(conference=conference, membership__isnull=False)
        .select_related("conference__family", "membership__user")
    )
    due_dates = DueDates(invitations)
    day = conference.day
    local_start = timezone.localtime(conference.starts_at)
    sent = 0
    for invitation in invitations:
        body = (
            f"The {conference.get_kind_display().lower()} for case {conference.family.case_reference} "
            f"is now on {long_datetime_with_weekday(local_start)}."
        )
        due = due_dates.due_on(invitation) if invitation.kind in REPORTING_KINDS else None
        if due is not None:
            body += f" Your report is now due by {long_date_with_weekday(due)} (REPORT-2WD)."
        notification = scheduling_services.notify(
            authority=authority,
            recipient=invitation.membership.user,
            kind=Notification.Kind.CONFERENCE_CHANGED,
            subject=f"Conference moved to {long_date_with_weekday(day)}",
            body=body,
            url="/my-conferences/",
            dedupe_key=f"conference-moved:{conference.pk}:{local_start.isoformat()}",
            # The updated calendar invitation already goes by e-mail; this is the in-app note.
            email=False,
        )
        sent += notification is not None
    return sent
