"""The case page: everything one family's page shows, in a fixed number of queries however big
the case."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Prefetch,
)

from authorities.models import Authority, Membership
from scheduling.models import Deadline

from .. import hooks
from ..models import Child, Family, Person, Relationship, StrategyDiscussion
from .long_plan import LONG_PLAN_RULE, LongPlanRule, long_plan_flags
from .today import ICPC_RULE, DeadlineView, Today, today_for


@dataclass(frozen=True)
class DiscussionRow:
    discussion: StrategyDiscussion
    icpc: DeadlineView | None


@dataclass(frozen=True)
class CasePage:
    family: Family
    children: list[Child]
    people: list[Person]
    discussions: list[DiscussionRow]
    conferences: list
    deadlines: list[DeadlineView]
    icpc: DeadlineView | None
    core_groups: list = ()
    long_plan: dict | None = None  # LONG-PLAN flags by child id


def case_page(membership: Membership, family: Family, *, today: Today | None = None) -> CasePage:
    authority = membership.authority
    today = today or today_for(authority, rules=(LONG_PLAN_RULE,))
    relationships = Relationship.objects.for_authority(authority).select_related("person", "child")
    children = list(
        Child.objects.for_authority(authority)
        .filter(family=family)
        .prefetch_related(Prefetch("relationships", queryset=relationships))
        .order_by("date_of_birth", "expected_date", "pk")
    )
    people = list(
        Person.objects.for_authority(authority)
        .filter(family=family)
        .prefetch_related(Prefetch("relationships", queryset=relationships.order_by("child__first_name")))
    )
    discussions = list(
        StrategyDiscussion.objects.for_authority(authority)
        .filter(family=family)
        .select_related("recorded_by__user")
        .prefetch_related(Prefetch("children", queryset=Child.objects.for_authority(authority)))
    )
    conferences = hooks.case_conferences(membership, family)
    deadlines = list(
        Deadline.objects.for_authority(authority)
        .filter(family_id=family.pk, cancelled_at__isnull=True)
        .order_by("due_on", "pk")
    )
    discussion_type = ContentType.objects.get_for_model(StrategyDiscussion).pk  # cached after the first call
    by_discussion = {
        d.subject_id: d for d in deadlines if d.rule_id == ICPC_RULE and d.subject_type_id == discussion_type
    }
    icpc = next((by_discussion[d.pk] for d in discussions if d.pk in by_discussion), None)
    long_plan = long_plan_flags(
        authority,
        [child.pk for child in children],
        today=today.day,
        rule=LongPlanRule.of(today.rule_set) if today.rule_set is not None else LongPlanRule(on=False),
    )
    for child in children:
        child.long_plan_flags = long_plan.get(child.pk, [])
    return CasePage(
        family=family,
        children=children,
        people=people,
        discussions=[DiscussionRow(d, today.view(by_discussion.get(d.pk))) for d in discussions],
        conferences=conferences,
        deadlines=[today.view(d) for d in deadlines],
        icpc=today.view(icpc),
        core_groups=hooks.case_core_groups(membership, family),
        long_plan=long_plan,
    )


def case_of_child(authority: Authority, child_id: int) -> int | None:
    """The case (family id) a child of this authority belongs to: the read audit's child filter
    also finds the openings of that case's page."""
    return (
        Child.objects.for_authority(authority).filter(pk=child_id).values_list("family_id", flat=True).first()
    )
