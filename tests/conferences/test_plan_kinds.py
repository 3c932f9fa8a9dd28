"""PLAN-KINDS (West Sussex): the conference says how often the resource plan and the safety plan
are reviewed, and plan lines say which of the two they belong to. Required: closing without the
review frequencies is refused; advised: it needs a reason; off: nothing is asked and a line's plan
kind is not kept."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import RuleSet
from authorities.rules.checks import RuleViolation
from conferences.live import services as live
from conferences.models import ConferenceStatus, OutlinePlanItem
from tests.conferences.live_helpers import everyone, give_opinions, make_room

pytestmark = pytest.mark.django_db
RULE = "PLAN-KINDS"


def _set_mode(authority, mode: str) -> None:
    RuleSet.objects.for_authority(authority).get().settings.filter(rule_id=RULE).update(mode=mode)


def _ready_to_close(authority, *, resource: str = "", safety: str = ""):
    """A conference with one child on a plan, everything done but (perhaps) the review frequencies."""
    room = make_room(authority, children=1)
    child = room.children[0]
    give_opinions(room, child, [True, True, True])
    live.record_decision(
        conference_id=room.pk, child_id=child.pk, outcome="cp_plan", category="neglect", by=room.chair
    )
    danger = live.add_plan_item(
        conference_id=room.pk, kind="danger", text="Unsupervised at night", plan_kind="safety", by=room.chair
    )
    live.add_plan_item(
        conference_id=room.pk,
        kind="safety_goal",
        text="An adult at home",
        plan_kind="resource",
        by=room.chair,
    )
    live.add_plan_item(
        conference_id=room.pk,
        kind="action",
        text="Evening visits",
        owner_name="Social worker",
        due_on=room.conference.day + datetime.timedelta(days=14),
        answers_id=danger.pk,
        by=room.chair,
    )
    live.record_plan(
        conference_id=room.pk,
        contingency="Children stay with Gran",
        bottom_lines="No one left alone",
        resource_plan_review=resource,
        safety_plan_review=safety,
        expected_version=0,
        by=room.chair,
    )
    proposal = live.propose_next_dates(room.refresh())
    live.book_next_dates(
        conference_id=room.pk,
        next_review_on=proposal.review_due,
        first_core_group_at=datetime.datetime.combine(
            proposal.core_group_due, datetime.time(10), tzinfo=datetime.UTC
        ),
        by=room.chair,
    )
    live.name_core_group_members(
        conference_id=room.pk, invitation_ids=[i.pk for i in everyone(room)], other_names=[], by=room.chair
    )
    live.record_outcome_teller(
        conference_id=room.pk,
        name="The social worker",
        expected_version=room.refresh().version,
        by=room.chair,
    )
    return room


def test_required_closing_without_the_review_frequencies_is_refused(two_authorities):
    _, west_sussex = two_authorities  # a copy of West Sussex's rules: PLAN-KINDS required
    room = _ready_to_close(west_sussex)
    with pytest.raises(RuleViolation) as refused:
        live.hold_conference(conference_id=room.pk, by=room.chair, reason="We ran out of time")
    assert refused.value.rule_id == RULE and refused.value.answer.refused
    assert "resource plan and the safety plan" in str(refused.value)
    assert room.refresh().status != ConferenceStatus.HELD


def test_required_with_both_review_frequencies_the_conference_closes_and_lines_keep_their_kind(
    two_authorities,
):
    _, west_sussex = two_authorities
    room = _ready_to_close(west_sussex, resource="Every 3 months", safety="Every 2 weeks")
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD
    kinds = dict(
        OutlinePlanItem.objects.for_authority(west_sussex)
        .filter(plan__conference=room.conference)
        .values_list("kind", "plan_kind")
    )
    assert kinds["danger"] == "safety" and kinds["safety_goal"] == "resource"


def test_advised_closing_without_the_review_frequencies_needs_a_reason(two_authorities):
    _, west_sussex = two_authorities
    _set_mode(west_sussex, "advised")
    room = _ready_to_close(west_sussex, resource="Every 3 months")
    with pytest.raises(RuleViolation) as asked:
        live.hold_conference(conference_id=room.pk, by=room.chair)
    assert asked.value.rule_id == RULE and asked.value.answer.needs_reason
    held = live.hold_conference(
        conference_id=room.pk, by=room.chair, reason="Safety plan agreed with the family later"
    )
    assert held.status == ConferenceStatus.HELD


def test_off_nothing_is_asked_and_plan_lines_carry_no_kind(two_authorities):
    barnsley, _ = two_authorities  # a copy of Barnsley's rules: PLAN-KINDS off
    room = _ready_to_close(barnsley)
    assert live.hold_conference(conference_id=room.pk, by=room.chair).status == ConferenceStatus.HELD
    kinds = set(
        OutlinePlanItem.objects.for_authority(barnsley)
        .filter(plan__conference=room.conference)
        .values_list("plan_kind", flat=True)
    )
    assert kinds == {""}
