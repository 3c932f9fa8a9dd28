"""The case page: everything one family's page shows, in a fixed number of queries however big
the case.

Rows are read with `.values()` for exactly the columns shown, and their words (choice labels,
names, dates) worked out once here: the page is opened all day, and building model instances and
resolving long attribute chains in the template cost more than the queries themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from authorities.human_dates import short_date
from authorities.models import Authority, Membership
from scheduling.models import Deadline

from .. import hooks
from ..models import Child, Family, Gender, Person, Relationship, RelationshipKind, StrategyDiscussion
from ..plans.selectors import FamilyPlans, family_plans
from .long_plan import LONG_PLAN_RULE, LongPlanRule, flags_of_open_plans
from .today import ICPC_RULE, DeadlineView, Today, today_for

_GENDER = dict(Gender.choices)
_KIND = dict(RelationshipKind.choices)
# What DeadlineView and the deadline rows read: the rest of a deadline's columns are never shown.
_DEADLINE_FIELDS = [
    "rule_id",
    "label",
    "event_on",
    "due_on",
    "met_on",
    "cancelled_at",
    "subject_type",
    "subject_id",
]
_CHILD_FIELDS = [
    "pk",
    "first_name",
    "last_name",
    "other_names",
    "unborn",
    "date_of_birth",
    "expected_date",
    "gender",
    "ethnicity",
    "religion",
    "first_language",
    "interpreter_needed",
    "disability",
]
_RELATIONSHIP_FIELDS = [
    "child_id",
    "person_id",
    "kind",
    "parental_responsibility",
    "person__first_name",
    "person__last_name",
    "child__first_name",
]


@dataclass(frozen=True)
class DiscussionRow:
    discussion: dict  # pk, held_on, outcome, section47_started, children (first names)
    icpc: DeadlineView | None


@dataclass(frozen=True)
class CasePage:
    family: Family
    children: list[dict]
    people: list[dict]
    discussions: list[DiscussionRow]
    conferences: list
    deadlines: list[DeadlineView]
    icpc: DeadlineView | None
    core_groups: list = ()
    long_plan: dict | None = None  # LONG-PLAN flags by child id
    plans: FamilyPlans | None = None


def case_page(membership: Membership, family: Family, *, today: Today | None = None) -> CasePage:
    authority = membership.authority
    today = today or today_for(authority, rules=(LONG_PLAN_RULE,))
    children, people = _children_and_people(authority, family)
    discussions = _discussions(authority, family)
    deadlines = list(
        Deadline.objects.for_authority(authority)
        .filter(family_id=family.pk, cancelled_at__isnull=True)
        .only(*_DEADLINE_FIELDS)
        .order_by("due_on", "pk")
    )
    discussion_type = ContentType.objects.get_for_model(StrategyDiscussion).pk  # cached after the first call
    by_discussion = {
        d.subject_id: d for d in deadlines if d.rule_id == ICPC_RULE and d.subject_type_id == discussion_type
    }
    icpc = next((by_discussion[d["pk"]] for d in discussions if d["pk"] in by_discussion), None)
    plans = family_plans(family, child_names={child["pk"]: child["full_name"] for child in children})
    # The plans section reads every plan of the family's children: LONG-PLAN is worked out from
    # those instead of asking the database again.
    long_plan = flags_of_open_plans(
        plans.protection,
        today=today.day,
        rule=LongPlanRule.of(today.rule_set) if today.rule_set is not None else LongPlanRule(on=False),
    )
    for child in children:
        child["long_plan_flags"] = long_plan.get(child["pk"], [])
    return CasePage(
        family=family,
        children=children,
        people=people,
        discussions=[DiscussionRow(d, today.view(by_discussion.get(d["pk"]))) for d in discussions],
        conferences=hooks.case_conferences(membership, family),
        deadlines=[today.view(d) for d in deadlines],
        icpc=today.view(icpc),
        core_groups=hooks.case_core_groups(membership, family),
        long_plan=long_plan,
        plans=plans,
    )


def _children_and_people(authority: Authority, family: Family) -> tuple[list[dict], list[dict]]:
    """The family's children (eldest first) and parents or carers, each with their relationships:
    one query for the relationships of both tables."""
    children = list(
        Child.objects.for_authority(authority)
        .filter(family=family)
        .values(*_CHILD_FIELDS)
        .order_by("date_of_birth", "expected_date", "pk")
    )
    people = list(
        Person.objects.for_authority(authority)
        .filter(family=family)
        .values("pk", "first_name", "last_name", "other_names", "date_of_birth", "address")
    )
    relationships = (
        Relationship.objects.for_authority(authority)
        .filter(Q(child__family=family) | Q(person__family=family))
        .values(*_RELATIONSHIP_FIELDS)
        .order_by("pk")
    )
    of_child: dict[int, list[dict]] = {child["pk"]: [] for child in children}
    of_person: dict[int, list[dict]] = {person["pk"]: [] for person in people}
    for r in relationships:
        r["kind_words"] = _KIND.get(r["kind"], r["kind"])
        r["person_name"] = f"{r['person__first_name']} {r['person__last_name']}"
        if r["child_id"] in of_child:
            of_child[r["child_id"]].append(r)
        if r["person_id"] in of_person:
            of_person[r["person_id"]].append(r)
    for child in children:
        child["full_name"] = f"{child['first_name']} {child['last_name']}"
        child["gender_words"] = _GENDER.get(child["gender"], child["gender"])
        child["born"] = short_date(child["expected_date"] if child["unborn"] else child["date_of_birth"])
        child["relationships"] = of_child[child["pk"]]
    for person in people:
        person["name"] = f"{person['first_name']} {person['last_name']}"
        person["born"] = short_date(person["date_of_birth"]) if person["date_of_birth"] else ""
        person["relationships"] = sorted(of_person[person["pk"]], key=lambda r: r["child__first_name"])
    return children, people


def _discussions(authority: Authority, family: Family) -> list[dict]:
    """The family's strategy discussions, newest first, each with its children's first names.
    A second query for the names rather than an array aggregate: SQLite (the local run) has none."""
    discussions = list(
        StrategyDiscussion.objects.for_authority(authority)
        .filter(family=family)
        .values("pk", "held_on", "outcome", "section47_started")
    )
    names: dict[int, list[str]] = {discussion["pk"]: [] for discussion in discussions}
    for discussion_id, first_name in (
        Child.objects.for_authority(authority)
        .filter(strategy_discussions__in=list(names))
        .order_by("last_name", "first_name")
        .values_list("strategy_discussions", "first_name")
    ):
        names[discussion_id].append(first_name)
    for discussion in discussions:
        discussion["children"] = names[discussion["pk"]]
    return discussions


def case_of_child(authority: Authority, child_id: int) -> int | None:
    """The case (family id) a child of this authority belongs to: the read audit's child filter
    also finds the openings of that case's page."""
    return (
        Child.objects.for_authority(authority).filter(pk=child_id).values_list("family_id", flat=True).first()
    )
