"""A review conference after a held initial conference and a held core group meeting, ready to
close but for what the core group put to it (CG-PRE-REVIEW, DELIST-CONVERSATION)."""

from __future__ import annotations

import datetime

from authorities.models import Mode, RuleSetting
from conferences.live import services as live
from conferences.models import Conference
from coregroups import services
from tests.conferences.live_helpers import prepare
from tests.coregroups.helpers import HELD_ON, Setup, at, held_initial, minutes
from tests.factories import AgencyFactory, ConferenceFactory, InvitationFactory

FIRST_MEETING_ON = HELD_ON + datetime.timedelta(days=7)  # Monday 7 December 2026
REVIEW_ON = datetime.date(2027, 2, 22)  # a Monday before RCPC1-3M (26 February 2027)


def set_mode(authority, rule_id: str, mode: str) -> None:
    RuleSetting.framework_objects.filter(authority=authority, rule_id=rule_id).update(mode=mode)


def with_held_meeting(authority, clock, **changes) -> Setup:
    setup = held_initial(authority, clock)
    clock.day = FIRST_MEETING_ON
    services.record_meeting_held(
        meeting_id=setup.first.pk, by=setup.social_worker, minutes=minutes(setup, FIRST_MEETING_ON, **changes)
    )
    return setup


def review_of(setup: Setup) -> Conference:
    return ConferenceFactory(
        family=setup.room.conference.family,
        children=setup.room.children,
        kind="review",
        previous=setup.room.conference,
        chair=setup.room.chair,
        social_worker=setup.social_worker,
        starts_at=at(REVIEW_ON),
    )


def ready_to_close(review: Conference, clock) -> None:
    """Started, quorate, every child's plan ended with a child in need plan, the teller named."""
    clock.day = REVIEW_ON
    chair = review.chair
    authority = review.authority
    # What the conference's one checklist asks before the day, so only the review's own rules remain.
    prepare(Conference.objects.for_authority(authority).get(pk=review.pk), list(review.children.all()))
    live.start_conference(conference_id=review.pk, by=chair)
    invitations = [review.invitations.exclude(kind__in=["parent", "child"]).get()]
    invitations += [
        InvitationFactory(conference=review, agency=AgencyFactory(authority=authority)) for _ in "ab"
    ]
    for invitation in invitations:
        live.record_attendance(
            conference_id=review.pk, invitation_id=invitation.pk, attendance="present", by=chair
        )
    rules = review.rule_set_in_force()
    step_down = {"step_down_route": "cin_plan"} if rules.mode("STEPDOWN-CIN-3M") != Mode.OFF else {}
    for child in review.children.all():
        for invitation in invitations:
            live.record_opinion(
                conference_id=review.pk,
                child_id=child.pk,
                invitation_id=invitation.pk,
                plan_needed=False,
                score=4,
                by=chair,
            )
        live.record_decision(conference_id=review.pk, child_id=child.pk, outcome="end", by=chair, **step_down)
    version = Conference.objects.for_authority(authority).get(pk=review.pk).version
    live.record_outcome_teller(
        conference_id=review.pk, name="Social worker", expected_version=version, by=chair
    )
