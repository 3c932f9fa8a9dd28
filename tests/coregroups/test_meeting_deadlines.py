"""Holding core group meetings meets and opens the CG timescales: CG1-10WD, CG-6WK,
CG-2M, CG-MIN2, action points; booking tells the deadline a meeting is booked."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import Mode, Role
from authorities.rules.checks import RuleViolation
from authorities.selectors import rule_set_in_force
from conferences.models import ConferenceStatus
from coregroups import services
from coregroups.models import CoreGroupAction
from scheduling.calendars import calendar_for
from scheduling.engine import due_date
from scheduling.models import Deadline, Escalation, EscalationKind
from scheduling.services import deadline_for
from scheduling.sweep import sweep_authority
from tests.coregroups.helpers import HELD_ON, at, held_initial, minutes
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _deadline(authority, rule_id, subject):
    return deadline_for(authority=authority, rule_id=rule_id, subject=subject)


def test_first_meeting_held_on_time_meets_cg1_10wd(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 14)
    services.record_meeting_held(
        meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, D(2026, 12, 14))
    )
    cg1 = _deadline(mine, "CG1-10WD", setup.room.conference)
    assert (cg1.met_on, cg1.status) == (D(2026, 12, 14), "met_on_time")


def test_first_meeting_held_late_needs_a_reason_where_cg1_10wd_is_required(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 16)
    with pytest.raises(RuleViolation) as refused:
        services.record_meeting_held(
            meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, D(2026, 12, 16))
        )
    assert refused.value.rule_id == "CG1-10WD" and refused.value.field == "late_reason"
    services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, D(2026, 12, 16), late_reason="Mother was in hospital"),
    )
    cg1 = _deadline(mine, "CG1-10WD", setup.room.conference)
    assert cg1.status == "met_late" and cg1.late_reason == "Mother was in hospital"


def test_cg_6wk_opens_only_where_on_and_the_second_meeting_meets_it(two_authorities, clock):
    mine, theirs = two_authorities  # Barnsley: CG-6WK off; West Sussex: advised
    for authority, opened in ((mine, False), (theirs, True)):
        setup = held_initial(authority, clock)
        clock.day = D(2026, 12, 14)
        record = services.record_meeting_held(
            meeting_id=setup.first.pk,
            by=setup.social_worker,
            minutes=minutes(setup, D(2026, 12, 14), next_meeting_at=at(D(2027, 1, 20))),
        )
        six = _deadline(authority, "CG-6WK", setup.first)
        assert (six is not None) is opened
        if not opened:
            continue
        # 14 Dec + 6 weeks = Mon 25 Jan 2027.
        assert (six.event_on, six.due_on, six.booked_for) == (D(2026, 12, 14), D(2027, 1, 25), D(2027, 1, 20))
        clock.day = D(2027, 1, 20)
        services.record_meeting_held(
            meeting_id=record.next_meeting.pk, by=setup.social_worker, minutes=minutes(setup, D(2027, 1, 20))
        )
        six.refresh_from_db()
        assert (six.met_on, six.status) == (D(2027, 1, 20), "met_on_time")


def test_after_a_review_each_held_meeting_opens_cg_2m_met_by_the_next(two_authorities, clock):
    _, theirs = two_authorities
    setup = held_initial(theirs, clock)
    ConferenceFactory(
        family=setup.room.conference.family,
        kind="review",
        previous=setup.room.conference,
        status=ConferenceStatus.HELD,
        starts_at=at(D(2027, 2, 22)),
        held_on=D(2027, 2, 22),
    )
    clock.day = D(2026, 12, 14)
    services.record_meeting_held(
        meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, D(2026, 12, 14))
    )
    assert _deadline(theirs, "CG-2M", setup.first) is None  # before the first review
    clock.day = D(2027, 3, 1)
    after_review = services.book_meeting(
        core_group_id=setup.group.pk, by=setup.social_worker, scheduled_at=at(D(2027, 3, 1))
    )
    record = services.record_meeting_held(
        meeting_id=after_review.pk,
        by=setup.social_worker,
        minutes=minutes(setup, D(2027, 3, 1), next_meeting_at=at(D(2027, 4, 26))),
    )
    two = _deadline(theirs, "CG-2M", after_review)
    # 1 Mar + 2 months = Sat 1 May 2027 → Fri 30 Apr; the next meeting is booked for it.
    assert (two.due_on, two.booked_for, two.mode) == (D(2027, 4, 30), D(2027, 4, 26), Mode.ADVISED)
    clock.day = D(2027, 4, 26)
    services.record_meeting_held(
        meeting_id=record.next_meeting.pk, by=setup.social_worker, minutes=minutes(setup, D(2027, 4, 26))
    )
    two.refresh_from_db()
    assert two.status == "met_on_time"


def test_cg_min2_is_due_ten_working_days_before_the_review_and_met_by_the_second_meeting(
    two_authorities, clock
):
    mine, theirs = two_authorities
    setup = held_initial(theirs, clock)
    clock.day = D(2026, 12, 14)
    record = services.record_meeting_held(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        minutes=minutes(setup, D(2026, 12, 14), next_meeting_at=at(D(2027, 1, 20))),
    )
    conference = setup.room.conference
    review = _deadline(theirs, "RCPC1-3M", conference)
    min2 = _deadline(theirs, "CG-MIN2", conference)
    by_engine = due_date(
        services.min2_timescale(rule_set_in_force(theirs, on=HELD_ON)),
        review.due_on,
        calendar_for(theirs),
    )
    assert min2.due_on == by_engine
    # RCPC1-3M due Fri 26 Feb 2027; 10 working days before it is Fri 12 Feb 2027.
    assert (review.due_on, min2.event_on, min2.due_on, min2.met_on) == (
        D(2027, 2, 26),
        D(2027, 2, 26),
        D(2027, 2, 12),
        None,
    )
    clock.day = D(2027, 1, 20)
    services.record_meeting_held(
        meeting_id=record.next_meeting.pk, by=setup.social_worker, minutes=minutes(setup, D(2027, 1, 20))
    )
    min2.refresh_from_db()
    assert (min2.met_on, min2.status) == (D(2027, 1, 20), "met_on_time")
    held_initial(mine, clock)  # Barnsley: CG-MIN2 off, nothing opens
    assert not Deadline.objects.for_authority(mine).filter(rule_id="CG-MIN2").exists()


def test_booking_records_the_booking_and_the_sweep_raises_no_unbooked_escalation(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    services.cancel_meeting(meeting_id=setup.first.pk, by=setup.social_worker, reason="Family away")
    cg1 = _deadline(mine, "CG1-10WD", setup.room.conference)
    assert cg1.booked_for is None
    clock.day = D(2026, 12, 10)  # due Mon 14 Dec: within 3 working days, nothing booked
    sweep_authority(authority_id=mine.pk, today=clock.day)
    assert Escalation.objects.for_authority(mine).filter(deadline=cg1, kind=EscalationKind.UNBOOKED).exists()
    meeting = services.book_meeting(
        core_group_id=setup.group.pk, by=setup.social_worker, scheduled_at=at(D(2026, 12, 14))
    )
    cg1.refresh_from_db()
    assert cg1.booked_for == D(2026, 12, 14)
    escalation = Escalation.objects.for_authority(mine).get(deadline=cg1, kind=EscalationKind.UNBOOKED)
    assert escalation.status == "resolved"
    sweep_authority(authority_id=mine.pk, today=D(2026, 12, 11))
    assert Escalation.objects.for_authority(mine).filter(kind=EscalationKind.UNBOOKED).count() == 1
    services.move_meeting(
        meeting_id=meeting.pk, by=setup.social_worker, scheduled_at=at(D(2026, 12, 11)), reason="Room free"
    )
    cg1.refresh_from_db()
    assert cg1.booked_for == D(2026, 12, 11)


def test_a_fresh_booking_close_to_the_due_date_is_never_escalated_as_unbooked(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 10)
    sweep_authority(authority_id=mine.pk, today=clock.day)
    cg1 = _deadline(mine, "CG1-10WD", setup.room.conference)
    assert cg1.booked_for == D(2026, 12, 14)
    assert not Escalation.objects.for_authority(mine).filter(kind=EscalationKind.UNBOOKED).exists()


def test_action_points_are_flagged_deadlines_met_when_done(two_authorities, clock):
    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 14)
    services.record_meeting_held(
        meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, D(2026, 12, 14))
    )
    action = CoreGroupAction.objects.for_authority(mine).get()
    deadline = _deadline(mine, "OUTCOME", action)
    assert (deadline.due_on, deadline.mode) == (D(2026, 12, 21), Mode.ADVISED)
    clock.day = D(2026, 12, 18)
    services.mark_action_done(action_id=action.pk, by=setup.social_worker)
    deadline.refresh_from_db()
    assert (deadline.met_on, deadline.status) == (D(2026, 12, 18), "met_on_time")


def test_only_the_social_worker_their_manager_or_a_chair_may_book(two_authorities, clock, member_of):
    from django.core.exceptions import PermissionDenied, ValidationError

    mine, _ = two_authorities
    setup = held_initial(mine, clock)
    clock.day = D(2026, 12, 1)
    for role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
        with pytest.raises(PermissionDenied):
            services.book_meeting(
                core_group_id=setup.group.pk, by=member_of(mine, role), scheduled_at=at(D(2026, 12, 8))
            )
    chair = member_of(mine, Role.CHAIR)
    with pytest.raises(ValidationError) as past:
        services.book_meeting(core_group_id=setup.group.pk, by=chair, scheduled_at=at(D(2026, 11, 27)))
    assert "has passed" in str(past.value)
    with pytest.raises(ValidationError) as weekend:
        services.book_meeting(core_group_id=setup.group.pk, by=chair, scheduled_at=at(D(2026, 12, 5)))
    assert "not a working day" in str(weekend.value)
    with pytest.raises(ValidationError):  # Christmas Day
        services.book_meeting(core_group_id=setup.group.pk, by=chair, scheduled_at=at(D(2026, 12, 25)))
    services.book_meeting(core_group_id=setup.group.pk, by=chair, scheduled_at=at(D(2026, 12, 8)))
