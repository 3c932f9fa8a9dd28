"""The case page: everything one family's page shows, in a fixed number of queries however big
the case.

Rows are read with `.values()` for exactly the columns shown, and their words (choice labels,
names, dates) worked out once here: the page is opened all day, and building model instances and
resolving long attribute chains in the template cost more than the queries themselves."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from authorities.compiled_reads import CompiledRead
from authorities.human_dates import short_date
from authorities.models import Authority, Membership
from scheduling.models import Deadline

from .. import hooks
from ..models import Child, Family, Gender, Person, RelationshipKind, StrategyDiscussion
from ..plans.selectors import FamilyPlans, family_plans
from .long_plan import LONG_PLAN_RULE, LongPlanRule, flags_of_open_plans
from .today import ICPC_RULE, DeadlineView, Today, today_for

_GENDER = dict(Gender.choices)
_KIND = dict(RelationshipKind.choices)
# What DeadlineView and the deadline rows read: the rest of a deadline's columns are never shown.
# Read as named rows, not models: a row has the attributes DeadlineView reads of a deadline.
_DEADLINE_FIELDS = [
    "rule_id",
    "label",
    "event_on",
    "due_on",
    "met_on",
    "cancelled_at",
    "subject_type_id",
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
_PERSON_FIELDS = ["pk", "first_name", "last_name", "other_names", "date_of_birth", "address"]
_PERSON_RELATIONSHIP_FIELDS = [
    "relationships__pk",
    "relationships__child_id",
    "relationships__kind",
    "relationships__parental_responsibility",
]

# The page's reads, by id: it is opened all day, so their SQL is compiled once per process
# (authorities.compiled_reads).
# What the case page shows of the family itself: the social worker's columns are for their name.
_FAMILY_FIELDS = (
    "authority",
    "name",
    "reference",
    "address",
    *(f"social_worker__user__{column}" for column in User.NAME_FIELDS),
)
_family = CompiledRead(
    lambda authority, role, member, pk: (
        Family.objects.for_authority(authority)
        .visible_to(Membership.made_of_ids(authority, role, member))
        .select_related("social_worker__user")
        .only(*_FAMILY_FIELDS)
        .filter(pk=pk)
    )
)
_children = CompiledRead(
    lambda authority, family: (
        Child.objects.for_authority(authority)
        .filter(family_id=family)
        .values(*_CHILD_FIELDS)
        .order_by("date_of_birth", "expected_date", "pk")
    )
)
_people = CompiledRead(
    lambda authority, family: (
        Person.objects.for_authority(authority)
        .filter(family_id=family)
        .values(*_PERSON_FIELDS, *_PERSON_RELATIONSHIP_FIELDS)
        .order_by("last_name", "first_name", "pk")
    )
)
_discussion_rows = CompiledRead(
    lambda authority, family: (
        StrategyDiscussion.objects.for_authority(authority)
        .filter(family_id=family)
        .values("pk", "held_on", "outcome", "section47_started", "children__first_name")
        .order_by("-held_on", "pk", "children__last_name", "children__first_name")
    )
)
_deadlines = CompiledRead(
    lambda authority, family: (
        Deadline.objects.for_authority(authority)
        .filter(family_id=family, cancelled_at__isnull=True)
        .values_list(*_DEADLINE_FIELDS, named=True)
        .order_by("due_on", "pk")
    )
)


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


def case_family(membership: Membership, pk: int) -> Family | None:
    """The family whose case page this is, if this member may see it (scoped to their authority,
    then `visible_to`), with what the page shows of it."""
    found = _family(membership.authority_id, membership.role, membership.pk, pk)
    return found[0] if found else None


def case_page(membership: Membership, family: Family, *, today: Today | None = None) -> CasePage:
    authority = membership.authority
    today = today or today_for(authority, rules=(LONG_PLAN_RULE,))
    # The authority by id: a model instance costs the ORM more to put in each query.
    children, people = _children_and_people(membership.authority_id, family)
    discussions = _discussions(membership.authority_id, family)
    deadlines = _deadlines(membership.authority_id, family.pk)
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


def _children_and_people(authority: int, family: Family) -> tuple[list[dict], list[dict]]:
    """The family's children (eldest first) and parents or carers, each with their relationships:
    the people and their relationships in one query (a row per relationship, or one with none).
    A relationship joins a child and a person of the same family (`cases.carers` allows no other),
    so the people's rows hold every relationship the page shows."""
    children = _children(authority, family.pk)
    rows = _people(authority, family.pk)
    by_pk = {child["pk"]: child for child in children}
    for child in children:
        child["full_name"] = f"{child['first_name']} {child['last_name']}"
        child["gender_words"] = _GENDER.get(child["gender"], child["gender"])
        child["born"] = short_date(child["expected_date"] if child["unborn"] else child["date_of_birth"])
        child["relationships"] = []
    people: dict[int, dict] = {}
    for row in rows:
        person = people.get(row["pk"])
        if person is None:
            person = people[row["pk"]] = {key: row[key] for key in _PERSON_FIELDS}
            person["name"] = f"{row['first_name']} {row['last_name']}"
            person["born"] = short_date(row["date_of_birth"]) if row["date_of_birth"] else ""
            person["relationships"] = []
        if row["relationships__pk"] is None or row["relationships__child_id"] not in by_pk:
            continue
        r = {
            "pk": row["relationships__pk"],
            "child_id": row["relationships__child_id"],
            "kind_words": _KIND.get(row["relationships__kind"], row["relationships__kind"]),
            "parental_responsibility": row["relationships__parental_responsibility"],
            "person_name": person["name"],
            "child__first_name": by_pk[row["relationships__child_id"]]["first_name"],
        }
        person["relationships"].append(r)
        by_pk[r["child_id"]]["relationships"].append(r)
    for child in children:
        child["relationships"].sort(key=lambda r: r["pk"])
    for person in people.values():
        person["relationships"].sort(key=lambda r: (r["child__first_name"], r["pk"]))
    return children, list(people.values())


def _discussions(authority: int, family: Family) -> list[dict]:
    """The family's strategy discussions, newest first, each with its children's first names: one
    query, a row per child (the names in the database's order, as every list of names is)."""
    discussions: dict[int, dict] = {}
    for row in _discussion_rows(authority, family.pk):
        discussion = discussions.get(row["pk"])
        if discussion is None:
            discussion = discussions[row["pk"]] = {
                "pk": row["pk"],
                "held_on": row["held_on"],
                "outcome": row["outcome"],
                "section47_started": row["section47_started"],
                "children": [],
            }
        if row["children__first_name"] is not None:
            discussion["children"].append(row["children__first_name"])
    return list(discussions.values())


def case_of_child(authority: Authority, child_id: int) -> int | None:
    """The case (family id) a child of this authority belongs to: the read audit's child filter
    also finds the openings of that case's page."""
    return (
        Child.objects.for_authority(authority).filter(pk=child_id).values_list("family_id", flat=True).first()
    )
