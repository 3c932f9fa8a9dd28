"""A plan that has ended, in the demo: the Bennett family's initial conference was held about four
months ago and gave Theo a child protection plan; the core group's first meeting recommended the
review end the plan; the review held a month ago ended it, and where the
authority's rules ask for a step-down (STEPDOWN-CIN-3M) a child in need plan followed, its first
review held since.

Built through the services the pages use, like demo_plan; each recommendation, conversation and
step-down is recorded only where the authority's rule set has that rule on. Safe to repeat: the
family is made once, by its reference."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from authorities.models import Authority, Membership
from authorities.rules.ids import RuleId
from cases.models import ChildInNeedPlan, ChildProtectionPlan, Family
from cases.plans.reviews import InNeedReviewIn, record_in_need_review
from conferences.live import services as live
from conferences.models import Conference, DecisionOutcome, StepDownRoute
from conferences.preparation import services as preparation
from coregroups.models import CoreGroup
from coregroups.review import record_conversation, record_recommendation
from scheduling.calendars import calendar_for

from .demo_plan import (
    HELD_REASON,
    Household,
    at,
    book_initial,
    conference_place,
    hold_core_group_meeting,
    hold_with_plan,
    new_household,
    prepare,
    start_in_the_room,
)

STEP_DOWN_REFERENCE = "DEMO-0005"
# The meeting booked to come is in the afternoon, clear of the other demo families' 10:00 bookings.
AFTERNOON = time(14, 0)


def seed_step_down(authority: Authority, members: dict[str, Membership]) -> Family | None:
    social_worker, chair = members.get("social.worker"), members.get("chair")
    if social_worker is None or chair is None:
        return None
    existing = Family.objects.for_authority(authority).filter(reference=STEP_DOWN_REFERENCE).first()
    if existing is not None:
        return existing
    calendar = calendar_for(authority)
    home = new_household(social_worker, "Bennett", STEP_DOWN_REFERENCE, ("Theo", "Lisa"), "22 Hill Road")
    initial = book_initial(authority, members, home, calendar.subtract_working_days(timezone.localdate(), 95))
    hold_with_plan(initial, members, home)
    initial = Conference.objects.for_authority(authority).get(pk=initial.pk)
    review = preparation.schedule_review(
        by=social_worker,
        family_id=home.family.pk,
        starts_at=at(initial.next_review_on),
        now=at(initial.day, time(15, 0)),
        **conference_place(authority, members),
    )
    _core_group(authority, initial, social_worker, home)
    prepare(review, members, home, initial.day)
    _before_the_review(review, members)
    _end_at_review(review, members, home)
    _first_in_need_review(authority, home, social_worker)
    return home.family


def _core_group(
    authority: Authority, initial: Conference, social_worker: Membership, home: Household
) -> None:
    """The first meeting held, recommending the review end the plan. Booking refuses a day gone
    by, so the next meeting it books is one to come (cancelled when the review ends the plan)."""
    group = CoreGroup.objects.for_authority(authority).get(family=home.family)
    next_day = calendar_for(authority).add_working_days(timezone.localdate(), 2)
    first = hold_core_group_meeting(group, social_worker, home, next_at=at(next_day, AFTERNOON))
    if initial.rule_set_in_force().is_on(RuleId.CG_PRE_REVIEW):
        plan = ChildProtectionPlan.objects.for_authority(authority).get(
            child=home.child, ended_on__isnull=True
        )
        record_recommendation(
            meeting_id=first.pk,
            by=social_worker,
            plan_id=plan.pk,
            recommendation="end",
            rationale="Care is in place every evening and the actions are done.",
        )


def _before_the_review(review: Conference, members: dict[str, Membership]) -> None:
    if not review.rule_set_in_force().is_on(RuleId.DELIST_CONVERSATION):
        return
    record_conversation(
        conference_id=review.pk,
        by=members["chair"],
        spoke_with_id=members["social.worker"].pk,
        spoke_on=calendar_for(review.authority).subtract_working_days(review.day, 2),
        outcome="Agreed the plan can end, with a child in need plan to keep support in place.",
    )


def _end_at_review(review: Conference, members: dict[str, Membership], home: Household) -> None:
    chair, pk, child = members["chair"], review.pk, home.child
    for invitation in start_in_the_room(review, members, home):
        live.record_opinion(
            conference_id=pk,
            child_id=child.pk,
            invitation_id=invitation.pk,
            plan_needed=False,
            reasons="Care is in place every evening",
            by=chair,
        )
    steps_down = review.rule_set_in_force().is_on(RuleId.STEPDOWN_CIN_3M)
    live.record_decision(
        conference_id=pk,
        child_id=child.pk,
        outcome=DecisionOutcome.END_PLAN,
        rationale="The core group's actions are done and care has held for two months.",
        step_down_route=StepDownRoute.CIN_PLAN if steps_down else "",
        by=chair,
    )
    current = Conference.objects.for_authority(review.authority).get(pk=pk)
    live.record_outcome_teller(
        conference_id=pk, name="The social worker, after school", expected_version=current.version, by=chair
    )
    live.hold_conference(conference_id=pk, by=chair, reason=HELD_REASON)


def _first_in_need_review(authority: Authority, home: Household, social_worker: Membership) -> None:
    cin = (
        ChildInNeedPlan.objects.for_authority(authority)
        .filter(child=home.child, ended_on__isnull=True)
        .first()
    )
    if cin is None:  # no step-down where the rule is off
        return
    held_on: date = calendar_for(authority).add_working_days(cin.started_on, 10)
    record_in_need_review(
        by=social_worker,
        plan_id=cin.pk,
        review=InNeedReviewIn(
            held_on=held_on,
            attended="Social worker, Lisa Bennett, class teacher",
            outcome="continue",
            notes="Theo is settled; the childminder continues three evenings a week.",
            next_review_on=held_on + timedelta(weeks=6),
        ),
    )
