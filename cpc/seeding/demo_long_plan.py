"""A long plan in the demo, so a manager sees what LONG-PLAN flags: the Carter family's initial
conference was held a little longer ago than the shortest plan age the authority's rule set flags
(18 months as shipped), gave Mia a child protection plan, and each review since continued it; the
next review is booked. The dashboard's long-plan figures and the case page's flag count it.

Built through the services the pages use, like demo_plan: each conference held on its day, its
actions marked done on the conference's plan (so nothing from months ago lies overdue), the first
core group meeting held and its action point done. Booking refuses a day gone by, so its next
meeting is one to come; where a rule counts the weeks between meetings (CG-6WK, as in West Sussex)
the gap shows as overdue, as it would for a family whose meetings were never recorded. Only where
LONG-PLAN is on in the rule set in force, and at the age that rule set gives. Safe to repeat: the
family is made once, by its reference."""

from __future__ import annotations

from datetime import time

from django.utils import timezone

from authorities.models import Authority, Membership
from authorities.selectors import rule_set_in_force
from cases.models import Family
from cases.selectors import LongPlanRule
from conferences.live import plan_actions
from conferences.live import services as live
from conferences.models import Conference, DecisionOutcome, OutlinePlanItem
from conferences.preparation import services as preparation
from coregroups.action_points import mark_action_done
from coregroups.models import CoreGroup, CoreGroupAction
from scheduling.calendars import calendar_for
from scheduling.engine import add_months

from .demo_plan import (
    HELD_REASON,
    Household,
    at,
    book_initial,
    conference_place,
    hold_core_group_meeting,
    hold_with_plan,
    new_household,
    outline_plan,
    prepare,
    start_in_the_room,
)

LONG_PLAN_REFERENCE = "DEMO-0006"
# Later in the afternoon than the step-down family's meeting, clear of the other demo bookings.
LATE_AFTERNOON = time(15, 30)


def seed_long_plan(authority: Authority, members: dict[str, Membership]) -> Family | None:
    social_worker, chair = members.get("social.worker"), members.get("chair")
    if social_worker is None or chair is None:
        return None
    existing = Family.objects.for_authority(authority).filter(reference=LONG_PLAN_REFERENCE).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    rule = LongPlanRule.of(rule_set_in_force(authority, on=today))
    if not rule.on or not rule.flag_months:
        return None
    calendar = calendar_for(authority)
    # A month beyond the shortest flagged age: the plan starts about two weeks past it.
    discussed = calendar.subtract_working_days(add_months(today, -(min(rule.flag_months) + 1)), 1)
    home = new_household(social_worker, "Carter", LONG_PLAN_REFERENCE, ("Mia", "Donna"), "31 Mill Lane")
    conference = book_initial(authority, members, home, discussed)
    hold_with_plan(conference, members, home)
    _actions_done(conference, social_worker)
    group = CoreGroup.objects.for_authority(authority).get(family=home.family)
    next_day = calendar.add_working_days(today, 4)
    meeting = hold_core_group_meeting(group, social_worker, home, next_at=at(next_day, LATE_AFTERNOON))
    for point in CoreGroupAction.objects.for_authority(authority).filter(minutes__meeting=meeting):
        mark_action_done(action_id=point.pk, by=social_worker, done_on=min(point.due_on or today, today))
    held = Conference.objects.for_authority(authority).get(pk=conference.pk)
    while held.next_review_on < today:
        held = _review(held, members, home)
    preparation.schedule_review(
        by=social_worker,
        family_id=home.family.pk,
        starts_at=at(held.next_review_on),
        **conference_place(authority, members),
    )
    return home.family


def _actions_done(conference: Conference, social_worker: Membership) -> None:
    """Each action of the conference's plan done on its due date (or today, if that is sooner)."""
    today = timezone.localdate()
    actions = OutlinePlanItem.objects.for_authority(conference.authority_id).actions()
    for item in actions.filter(plan__conference=conference, done_on__isnull=True):
        done_on = min(item.due_on or today, today)
        plan_actions.mark_plan_action_done(item_id=item.pk, by=social_worker, done_on=done_on)


def _review(previous: Conference, members: dict[str, Membership], home: Household) -> Conference:
    """The review due after `previous`, booked the day after it and held on its day, continuing
    the plan with its actions and the next review's date; returns it as held."""
    authority, social_worker, chair = previous.authority, members["social.worker"], members["chair"]
    booked_on = calendar_for(authority).add_working_days(previous.day, 1)
    review = preparation.schedule_review(
        by=social_worker,
        family_id=home.family.pk,
        starts_at=at(previous.next_review_on),
        now=at(booked_on, time(9, 0)),
        **conference_place(authority, members),
    )
    prepare(review, members, home, booked_on)
    child = home.child
    professionals = start_in_the_room(review, members, home)
    for invitation in professionals:
        live.record_opinion(
            conference_id=review.pk,
            child_id=child.pk,
            invitation_id=invitation.pk,
            plan_needed=True,
            reasons=f"Care for {child.first_name} in the evenings still breaks down",
            category="neglect",
            by=chair,
        )
    live.record_decision(
        conference_id=review.pk,
        child_id=child.pk,
        outcome=DecisionOutcome.CONTINUE_PLAN,
        category="neglect",
        rationale="Progress, but not yet safe: the evenings without care come back whenever support stops.",
        by=chair,
    )
    outline_plan(review, chair, child.first_name, home.mother.first_name)
    proposal = live.propose_next_dates(Conference.objects.for_authority(authority).get(pk=review.pk))
    live.book_next_dates(conference_id=review.pk, next_review_on=proposal.review_due, by=chair)
    live.name_core_group_members(
        conference_id=review.pk,
        invitation_ids=[i.pk for i in professionals],
        person_ids=[home.mother.pk],
        by=chair,
    )
    current = Conference.objects.for_authority(authority).get(pk=review.pk)
    live.record_outcome_teller(
        conference_id=review.pk,
        name="The social worker, after school",
        expected_version=current.version,
        by=chair,
    )
    live.hold_conference(conference_id=review.pk, by=chair, reason=HELD_REASON)
    _actions_done(review, social_worker)
    return Conference.objects.for_authority(authority).get(pk=review.pk)
