"""CG-PRE-REVIEW and DELIST-CONVERSATION: the core group's recommendation to the review, recorded
on a held meeting with history and shown to the review; the chair's conversation it prompts; and
closing the review as each rule set has them (required refuses, advised asks a reason, off lets
the review close without either)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorities.models import Mode, Role
from authorities.rules.checks import RuleViolation
from conferences.checklist import conference_checklist, outstanding
from conferences.live import services as live
from conferences.models import ConferenceStatus
from conferences.selectors import load_live
from coregroups import review, services
from coregroups.models import PreReviewRecommendation
from tests.coregroups.helpers import held_initial, manager_of, minutes
from tests.coregroups.review_helpers import (
    FIRST_MEETING_ON,
    REVIEW_ON,
    ready_to_close,
    review_of,
    set_mode,
    with_held_meeting,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

RULES = ("CG-PRE-REVIEW", "DELIST-CONVERSATION")


def _plan(setup):
    return review.recommendable_plans(setup.first)[0]


def _recommend(setup, choice="end", why="Safety plan held for three months"):
    return review.record_recommendation(
        meeting_id=setup.first.pk,
        by=setup.social_worker,
        plan_id=_plan(setup).pk,
        recommendation=choice,
        rationale=why,
    )


def _rules_at(authority, mode):
    for rule_id in RULES:
        set_mode(authority, rule_id, mode)


def _outstanding(review_conference):
    fresh = (
        type(review_conference)
        .objects.for_authority(review_conference.authority)
        .get(pk=review_conference.pk)
    )
    live_state = load_live(fresh)
    items = conference_checklist(
        fresh, rule_set=live_state.rule_set, invitations=live_state.invitations, live=live_state
    )
    return [item.rule_id for item in outstanding(items) if item.rule_id in RULES]


def test_the_social_worker_records_the_recommendation_on_a_held_meeting_with_history(two_authorities, clock):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    _recommend(setup, "continue", "Dad still drinking")
    rec = _recommend(setup, "end", "Safety plan held for three months")
    assert PreReviewRecommendation.objects.for_authority(mine).count() == 1
    assert [h.recommendation for h in rec.history.order_by("history_date")] == ["continue", "end"]
    assert rec.history.first().history_user == setup.social_worker.user


def test_a_recommendation_needs_its_reasons_and_a_held_meeting(two_authorities, clock):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    with pytest.raises(ValidationError) as refused:
        _recommend(setup, why="  ")
    assert "say why" in str(refused.value).lower() and "CG-PRE-REVIEW" in str(refused.value)
    booked = setup.group.meetings.filter(held_on__isnull=True).get()
    with pytest.raises(ValidationError):
        review.record_recommendation(
            meeting_id=booked.pk,
            by=setup.social_worker,
            plan_id=_plan(setup).pk,
            recommendation="end",
            rationale="x",
        )
    assert not PreReviewRecommendation.objects.for_authority(mine).exists()


def test_only_a_convenor_records_it_and_another_authority_cannot_reach_it(two_authorities, clock):
    mine, theirs = two_authorities
    setup = with_held_meeting(mine, clock)
    with pytest.raises(PermissionDenied):
        review.record_recommendation(
            meeting_id=setup.first.pk,
            by=MembershipFactory(authority=mine, role=Role.SERVICE_MANAGER),
            plan_id=_plan(setup).pk,
            recommendation="end",
            rationale="x",
        )
    outsider = MembershipFactory(authority=theirs, role=Role.CHAIR)
    with pytest.raises(setup.first.DoesNotExist):
        review.record_recommendation(
            meeting_id=setup.first.pk,
            by=outsider,
            plan_id=_plan(setup).pk,
            recommendation="end",
            rationale="x",
        )


def test_the_review_hears_the_newest_recommendation_since_the_last_conference(two_authorities, clock):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    _recommend(setup)
    briefing = review.review_briefing(review_of(setup))
    assert briefing.first_review
    assert [r.recommendation for r in briefing.recommendations] == ["end"]
    assert briefing.without_recommendation == []
    assert review.review_briefing(setup.room.conference) is None  # an initial conference hears none


@pytest.mark.parametrize("mode", [Mode.REQUIRED, Mode.ADVISED])
def test_a_review_without_the_core_groups_recommendation_needs_it_where_the_rule_is_on(
    two_authorities, clock, mode
):
    mine, _ = two_authorities
    set_mode(mine, "CG-PRE-REVIEW", mode)
    setup = with_held_meeting(mine, clock)
    conference = review_of(setup)
    ready_to_close(conference, clock)
    assert _outstanding(conference) == ["CG-PRE-REVIEW"]
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=conference.pk, by=conference.chair)
    assert refused.value.rule_id == "CG-PRE-REVIEW" and refused.value.field == "reason"
    assert str(refused.value).startswith("No core group before this review recorded its recommendation")
    if mode == Mode.REQUIRED:
        with pytest.raises(RuleViolation):
            live.hold_conference(
                conference_id=conference.pk, by=conference.chair, reason="Core group cancelled"
            )
    else:
        held = live.hold_conference(
            conference_id=conference.pk, by=conference.chair, reason="Core group cancelled"
        )
        assert held.status == ConferenceStatus.HELD
        assert held.history.latest().history_change_reason == "Core group cancelled"


def test_with_the_recommendation_recorded_the_review_closes_where_it_is_required(two_authorities, clock):
    mine, _ = two_authorities
    set_mode(mine, "CG-PRE-REVIEW", Mode.REQUIRED)
    setup = with_held_meeting(mine, clock)
    clock.day = FIRST_MEETING_ON
    _recommend(setup, "continue")
    conference = review_of(setup)
    ready_to_close(conference, clock)
    assert _outstanding(conference) == []
    assert (
        live.hold_conference(conference_id=conference.pk, by=conference.chair).status == ConferenceStatus.HELD
    )


def test_where_both_rules_are_off_the_review_closes_without_them(two_authorities, clock):
    mine, _ = two_authorities  # Barnsley's rules: both off, as shipped
    setup = with_held_meeting(mine, clock)
    _recommend(setup)  # the feature is still there to use
    conference = review_of(setup)
    briefing = review.review_briefing(conference)
    assert briefing.conversation_reasons and not briefing.prompts_conversation
    ready_to_close(conference, clock)
    assert _outstanding(conference) == []
    assert (
        live.hold_conference(conference_id=conference.pk, by=conference.chair).status == ConferenceStatus.HELD
    )


@pytest.mark.parametrize("mode", [Mode.REQUIRED, Mode.ADVISED])
def test_ending_the_plan_at_the_first_review_prompts_the_chairs_conversation(two_authorities, clock, mode):
    mine, _ = two_authorities
    set_mode(mine, "DELIST-CONVERSATION", mode)
    setup = with_held_meeting(mine, clock)
    _recommend(setup, "end")
    conference = review_of(setup)
    briefing = review.review_briefing(conference)
    assert briefing.prompts_conversation
    assert briefing.conversation_reasons == [
        f"the core group recommends ending the plan at the first review ({setup.room.children[0]})"
    ]
    ready_to_close(conference, clock)
    assert _outstanding(conference) == ["DELIST-CONVERSATION"]
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=conference.pk, by=conference.chair)
    assert refused.value.rule_id == "DELIST-CONVERSATION"
    talk = review.record_conversation(
        conference_id=conference.pk,
        by=conference.chair,
        spoke_with_id=setup.social_worker.pk,
        spoke_on=REVIEW_ON - datetime.timedelta(days=3),
        outcome="Agreed to recommend ending the plan with a child in need plan",
    )
    assert talk.history.get().history_user == conference.chair.user
    assert not review.review_briefing(conference).prompts_conversation
    assert (
        live.hold_conference(conference_id=conference.pk, by=conference.chair).status == ConferenceStatus.HELD
    )


def test_a_changed_plan_prompts_the_conversation_and_continuing_at_the_first_review_does_not(
    two_authorities, clock
):
    mine, _ = two_authorities
    set_mode(mine, "DELIST-CONVERSATION", Mode.ADVISED)
    setup = with_held_meeting(mine, clock)
    _recommend(setup, "continue")
    assert not review.review_briefing(review_of(setup)).conversation_reasons
    changed = held_initial(mine, clock)
    clock.day = FIRST_MEETING_ON
    change = services.PlanChangeIn(_plan(changed).pk, "Contact with Dad now supervised")
    services.record_meeting_held(
        meeting_id=changed.first.pk,
        by=changed.social_worker,
        minutes=minutes(changed, FIRST_MEETING_ON, no_plan_changes=False, plan_changes=[change]),
    )
    assert review.review_briefing(review_of(changed)).conversation_reasons == [
        "the plan has changed since the last conference"
    ]


def test_only_the_chair_records_the_conversation_with_the_social_worker_or_team_manager(
    two_authorities, clock
):
    mine, _ = two_authorities
    setup = with_held_meeting(mine, clock)
    manager = manager_of(setup)
    conference = review_of(setup)
    clock.day = REVIEW_ON
    common = {"conference_id": conference.pk, "spoke_on": REVIEW_ON, "outcome": "Agreed"}
    with pytest.raises(PermissionDenied):
        review.record_conversation(by=setup.social_worker, spoke_with_id=manager.pk, **common)
    stranger = MembershipFactory(authority=mine, role=Role.TEAM_MANAGER)
    with pytest.raises(ValidationError) as refused:
        review.record_conversation(by=conference.chair, spoke_with_id=stranger.pk, **common)
    assert "spoke_with" in refused.value.error_dict
    later = {**common, "spoke_on": REVIEW_ON + datetime.timedelta(days=1)}
    with pytest.raises(ValidationError) as refused:
        review.record_conversation(by=conference.chair, spoke_with_id=manager.pk, **later)
    assert "22 February 2027" in str(refused.value)
    assert (
        review.record_conversation(by=conference.chair, spoke_with_id=manager.pk, **common).spoke_with
        == manager
    )
