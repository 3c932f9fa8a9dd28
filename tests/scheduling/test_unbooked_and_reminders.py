"""ESCALATION before a deadline is late: a meeting deadline due within N working days with nothing
booked goes to the first rung; booking the meeting resolves it. And the sweep sends REPORT-2WD
reminders only when one is due, asked in the same round trip as the statuses."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from accounts.services import link_pending_invitations
from authorities.models import Role, RuleSet
from conferences.live import services as live
from conferences.models import ConferenceKind, InviteeKind
from conferences.preparation import services as conference_scheduling
from scheduling.calendars import calendar_for
from scheduling.engine import DeadlineStatus
from scheduling.models import Escalation, EscalationEvent, EscalationKind, EscalationStatus
from scheduling.services import deadline_for, open_deadline, record_booking
from scheduling.sweep import sweep_authority
from tests.conferences.sw_helpers import at, make_case, working_day
from tests.factories import DeadlineFactory, FamilyFactory, InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)  # no bank holidays nearby
THURSDAY = date(2026, 3, 5)  # 3 working days after MONDAY
FRIDAY = date(2026, 3, 6)  # 4 working days after MONDAY


def sweep(authority, today, **kwargs):
    return sweep_authority(authority_id=authority.pk, today=today, **kwargs)


def escalations(authority, **filters):
    return Escalation.objects.for_authority(authority).filter(**filters)


def set_escalation_values(authority, **values) -> None:
    setting = RuleSet.objects.for_authority(authority).get().settings.get(rule_id="ESCALATION")
    setting.values = {**setting.values, **values}
    setting.save()


@pytest.fixture
def case(two_authorities):
    """A family in Alphashire (Barnsley's rules: 3 working days, product default) whose social
    worker has a team manager."""
    mine, _ = two_authorities
    manager = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    social_worker = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER, team_manager=manager)
    return FamilyFactory(authority=mine, social_worker=social_worker, name="Alpha family")


def test_a_meeting_deadline_due_within_three_working_days_with_nothing_booked_is_escalated_once(case):
    deadline = DeadlineFactory(family=case, due_on=THURSDAY, event_on=date(2026, 2, 11))

    result = sweep(case.authority, MONDAY)

    raised = escalations(case.authority).get()
    assert raised.kind == EscalationKind.UNBOOKED and raised.deadline == deadline
    assert raised.level == 1 and raised.status == EscalationStatus.OPEN
    assert raised.reason.endswith("is due by 5 March 2026 and nothing is booked (ICPC-15WD).")
    assert result.escalations_raised == 1
    assert raised.events.get().action == EscalationEvent.Action.RAISED
    manager = case.social_worker.team_manager
    assert manager.user.notifications.filter(kind="escalation").count() == 1
    assert sweep(case.authority, MONDAY).escalations_raised == 0
    assert escalations(case.authority).count() == 1


def test_nothing_is_escalated_further_away_when_booked_when_advised_or_for_other_rules(case):
    DeadlineFactory(family=case, due_on=FRIDAY)  # 4 working days away
    DeadlineFactory(family=case, due_on=THURSDAY, booked_for=THURSDAY, rule_id="RCPC1-3M")
    DeadlineFactory(family=case, due_on=THURSDAY, mode="advised", rule_id="CG-6WK")
    DeadlineFactory(family=case, due_on=THURSDAY, rule_id="SW-REPORT")  # not a meeting

    assert sweep(case.authority, MONDAY).escalations_raised == 0
    assert not escalations(case.authority).exists()


def test_the_window_and_the_rules_come_from_the_rule_set(case):
    DeadlineFactory(family=case, due_on=FRIDAY, rule_id="CG1-10WD")
    set_escalation_values(case.authority, unbooked_within_working_days=4, unbooked_rules=["RCPC1-3M"])
    assert sweep(case.authority, MONDAY).escalations_raised == 0  # CG1-10WD is not listed
    set_escalation_values(case.authority, unbooked_rules=["CG1-10WD"])
    assert sweep(case.authority, MONDAY).escalations_raised == 1


def test_no_unbooked_escalation_where_the_rule_set_leaves_it_out(case):
    setting = RuleSet.objects.for_authority(case.authority).get().settings.get(rule_id="ESCALATION")
    setting.values = {"ladder": setting.values["ladder"]}
    setting.save()
    DeadlineFactory(family=case, due_on=MONDAY)
    assert sweep(case.authority, MONDAY).escalations_raised == 0


def test_booking_the_meeting_resolves_the_escalation_and_records_who(case):
    deadline = DeadlineFactory(family=case, due_on=THURSDAY)
    sweep(case.authority, MONDAY)
    record_booking(
        authority=case.authority,
        rule_id="ICPC-15WD",
        subject=case,
        booked_for=THURSDAY,
        by=case.social_worker,
    )
    escalation = escalations(case.authority).get()
    assert escalation.status == EscalationStatus.RESOLVED
    assert "booked for 5 March 2026" in escalation.resolution
    resolved = escalation.events.get(action=EscalationEvent.Action.RESOLVED)
    assert resolved.by == case.social_worker
    deadline.refresh_from_db()
    assert deadline.booked_for == THURSDAY
    assert deadline.history.first().history_user == case.social_worker.user


def test_an_unresolved_unbooked_escalation_is_not_raised_again_when_the_deadline_passes(case):
    deadline = DeadlineFactory(family=case, due_on=THURSDAY)
    sweep(case.authority, MONDAY)
    result = sweep(case.authority, FRIDAY)  # overdue now, the first escalation still unresolved
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OVERDUE
    assert not escalations(case.authority, kind=EscalationKind.DEADLINE).exists()
    assert result.escalations_raised == 0


def test_a_booking_cancelled_after_the_escalation_was_resolved_escalates_again_when_overdue(case):
    DeadlineFactory(family=case, due_on=THURSDAY)
    sweep(case.authority, MONDAY)
    record_booking(authority=case.authority, rule_id="ICPC-15WD", subject=case, booked_for=THURSDAY)
    record_booking(authority=case.authority, rule_id="ICPC-15WD", subject=case, booked_for=None)

    assert sweep(case.authority, FRIDAY).escalations_raised == 1
    overdue = escalations(case.authority, kind=EscalationKind.DEADLINE).get()
    assert overdue.level == 1 and "overdue" in overdue.reason


def test_booking_moving_and_cancelling_a_conference_keep_the_icpc_booking_up_to_date(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    discussion = case.discussion()
    icpc = deadline_for(authority=mine, rule_id="ICPC-15WD", subject=discussion)
    assert icpc.booked_for is None

    conference = conference_scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=at(working_day(mine, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    icpc.refresh_from_db()
    assert icpc.booked_for == working_day(mine, 3)

    conference_scheduling.reschedule_conference(
        by=case.social_worker, conference_id=conference.pk, starts_at=at(working_day(mine, 4)), reason="Room"
    )
    icpc.refresh_from_db()
    assert icpc.booked_for == working_day(mine, 4)

    conference_scheduling.cancel_conference(by=case.social_worker, conference_id=conference.pk, reason="Ill")
    icpc.refresh_from_db()
    assert icpc.booked_for is None
    assert icpc.history.filter(history_change_reason="booking cancelled").exists()


# --- REPORT-2WD reminders through the sweep ---------------------------------------------------------

CONFERENCE_DAY = date(2027, 1, 14)  # report due Tuesday 12 January 2027
FIVE_BEFORE = date(2027, 1, 5)


@pytest.fixture
def invited(two_authorities):
    """A practitioner invited to a Barnsley-rules conference, with the REPORT-2WD deadline the
    scheduling service opens for each professional's invitation."""
    mine, _ = two_authorities
    practitioner = MembershipFactory(authority=mine, role=Role.PRACTITIONER)
    invitation = InvitationFactory(
        conference__family__authority=mine,
        conference__starts_at=at(CONFERENCE_DAY, 14),
        membership=practitioner,
    )
    open_deadline(
        authority=mine,
        rule_id="REPORT-2WD",
        subject=invitation,
        event_on=CONFERENCE_DAY,
        label="Police report",
        family_id=invitation.conference.family_id,
        responsible=practitioner,
        today=date(2026, 12, 1),
    )
    return invitation


def test_the_sweep_sends_a_due_reminder_once(invited):
    authority = invited.authority
    assert sweep(authority, date(2027, 1, 4)).report_reminders == 0  # 6 working days left
    assert sweep(authority, FIVE_BEFORE).report_reminders == 1
    assert sweep(authority, FIVE_BEFORE).report_reminders == 0
    assert invited.membership.user.notifications.filter(kind="report_reminder").count() == 1


def test_a_sweep_with_no_reminder_due_does_not_run_the_reminders_at_all(invited, monkeypatch):
    calls = []
    monkeypatch.setattr("scheduling.sweep.send_due_report_reminders", lambda *args: calls.append(args) or 0)
    sweep(invited.authority, date(2027, 1, 4))
    # PostgreSQL asks first (in the statuses' round trip); SQLite, the demo, just runs them.
    assert len(calls) == (0 if connection.vendor == "postgresql" else 1)
    calls.clear()
    sweep(invited.authority, FIVE_BEFORE)
    assert len(calls) == 1


def test_adjourning_the_conference_leaves_its_deadline_with_nothing_booked(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    discussion = case.discussion()
    conference = conference_scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=at(working_day(mine, 3)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    live.adjourn_conference(conference_id=conference.pk, reason="Interpreter did not come", by=case.chair)
    icpc = deadline_for(authority=mine, rule_id="ICPC-15WD", subject=discussion)
    assert icpc.booked_for is None and icpc.met_on is None


def test_an_advocate_who_joins_is_reminded_on_a_day_no_professional_is(two_authorities):
    mine, _ = two_authorities
    case = make_case(mine)
    case.discussion()
    conference = conference_scheduling.schedule_conference(
        by=case.social_worker,
        family_id=case.family.pk,
        kind=ConferenceKind.INITIAL,
        starts_at=at(working_day(mine, 9)),
        chair_id=case.chair.pk,
        venue_id=case.venue.pk,
    )
    invitation = conference_scheduling.invite_advocate_or_interpreter(
        by=case.social_worker,
        conference_id=conference.pk,
        kind=InviteeKind.ADVOCATE,
        name="Ada Advocate",
        email="ada@example.test",
    )
    report = deadline_for(authority=mine, rule_id="REPORT-2WD", subject=invitation)
    # Flagged when late, never escalated: REPORT-2WD's required mode is about agencies' reports.
    assert report.mode == "advised" and report.responsible is None
    assert "Advocate Ada Advocate's report" in report.label

    advocate = MembershipFactory(authority=mine, role=Role.PRACTITIONER, user__email="ada@example.test")
    link_pending_invitations(membership=advocate)
    report.refresh_from_db()
    assert report.responsible == advocate

    reminder_day = calendar_for(mine).subtract_working_days(report.due_on, 5)
    assert sweep(mine, reminder_day).report_reminders == 1
    assert advocate.user.notifications.filter(kind="report_reminder").count() == 1

    conference_scheduling.cancel_conference(by=case.social_worker, conference_id=conference.pk, reason="Ill")
    report.refresh_from_db()
    assert report.cancelled_at is not None
    cancelled = report.history.first()  # the cancellation keeps its history, as every change does
    assert cancelled.cancelled_at == report.cancelled_at
    assert cancelled.history_change_reason == "conference cancelled: Ill"
