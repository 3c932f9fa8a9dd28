"""Reads about plans shared by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from accounts.models import User
from authorities.compiled_reads import CompiledRead
from scheduling.models import Deadline
from scheduling.services import deadline_for

from ..models import (
    Category,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Family,
    PlanEndKind,
    PlanItem,
    PlanItemKind,
)

# From the module itself, not the package: the case page's selector (in the package) reads plans.
from ..selectors.today import DeadlineView, today_for
from .services import PLAN_DEADLINE_RULES, STEPDOWN


@dataclass
class EndingEffects:
    """What ending a plan now would stop: nothing shared while a brother or sister stays on a plan."""

    others_on_a_plan: list[ChildProtectionPlan] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


def ending_effects(plan: ChildProtectionPlan) -> EndingEffects:
    others = list(
        ChildProtectionPlan.objects.for_authority(plan.authority_id)
        .active()
        .filter(child__family_id=plan.child.family_id)
        .exclude(pk=plan.pk)
        .select_related("child")
    )
    if others:
        return EndingEffects(others_on_a_plan=others)
    deadlines = (
        Deadline.objects.for_authority(plan.authority_id)
        .open()
        .filter(family_id=plan.child.family_id, rule_id__in=PLAN_DEADLINE_RULES)
        .order_by("due_on", "pk")
    )
    return EndingEffects(deadlines=list(deadlines))


@dataclass
class FamilyPlans:
    protection: list[dict]
    in_need: list[dict]


# The plans section's columns, read with `.values()`: the children's names come from the case page,
# which has already read them, and the choices' words are looked up once here.
_PROTECTION_FIELDS = [
    "pk",
    "child_id",
    "category",
    "started_on",
    "ended_on",
    "end_kind",
    "end_reason",
    "oversight_by_id",
    "oversight_recorded_on",
]
_OVERSIGHT_NAME = [f"oversight_by__user__{column}" for column in User.NAME_FIELDS]
_IN_NEED_FIELDS = ["pk", "child_id", "stepped_down_from_id", "started_on", "ended_on", "end_reason"]
_LAST_REVIEW_FIELDS = ["reviews__pk", "reviews__held_on", "reviews__next_review_on"]
_CATEGORY = dict(Category.choices)
_END_KIND = dict(PlanEndKind.choices)
# Read on every opening of the case page: their SQL is compiled once per process.
_protection_rows = CompiledRead(
    lambda authority, family: (
        ChildProtectionPlan.objects.for_authority(authority)
        .filter(child__family_id=family)
        .values(*_PROTECTION_FIELDS, *_OVERSIGHT_NAME)
        .order_by("-started_on", "-pk")
    )
)
_in_need_rows = CompiledRead(
    lambda authority, family: (
        ChildInNeedPlan.objects.for_authority(authority)
        .filter(child__family_id=family)
        .values(*_IN_NEED_FIELDS, *_LAST_REVIEW_FIELDS)
        .order_by("-started_on", "-pk", "reviews__held_on", "reviews__pk")
    )
)


def family_plans(family: Family, *, child_names: dict[int, str]) -> FamilyPlans:
    """Every child protection and child in need plan of the family's children (`child_names`: each
    child's full name by id), newest first; each child in need plan with its `last_review` (None
    before the first)."""
    authority = family.authority_id
    in_need = _in_need_with_last_review(authority, family)
    for cin in in_need:
        cin["child_name"] = child_names.get(cin["child_id"], "")
    protection = _protection_rows(authority, family.pk)
    for plan in protection:
        plan["child_name"] = child_names.get(plan["child_id"], "")
        plan["category_words"] = _CATEGORY.get(plan["category"], plan["category"])
        plan["end_kind_words"] = _END_KIND.get(plan["end_kind"], plan["end_kind"])
        plan["oversight_name"] = (
            User.name_to_show(*(plan[column] for column in _OVERSIGHT_NAME))
            if plan["oversight_by_id"]
            else ""
        )
    return FamilyPlans(protection=protection, in_need=in_need)


def _in_need_with_last_review(authority: int, family: Family) -> list[dict]:
    """The family's child in need plans, newest first, each with its `last_review` (None before the
    first): one query, a row per review in the order held, so the last row of a plan is its last review."""
    plans: dict[int, dict] = {}
    for row in _in_need_rows(authority, family.pk):
        plan = plans.get(row["pk"])
        if plan is None:
            plan = plans[row["pk"]] = {key: row[key] for key in _IN_NEED_FIELDS}
            plan["last_review"] = None
        if row["reviews__pk"] is not None:
            plan["last_review"] = {
                "plan_id": row["pk"],
                "held_on": row["reviews__held_on"],
                "next_review_on": row["reviews__next_review_on"],
            }
    return list(plans.values())


def three_month_review(cin: ChildInNeedPlan) -> DeadlineView | None:
    """The stepped-down plan's STEPDOWN-CIN-3M deadline as it stands today (None where none runs)."""
    deadline = deadline_for(authority=cin.authority_id, rule_id=STEPDOWN, subject=cin)
    if deadline is None:
        return None
    return today_for(cin.authority).view(deadline)


@dataclass
class PlanVersion:
    version: int
    changed_at: object
    changed_by: str | None
    reason: str | None
    change: str
    changes: dict


_NOT_SHOWN = {"id", "authority", "history_id", "history_date", "history_user", "history_change_reason"}


def _value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def plan_versions(plan: ChildProtectionPlan) -> list[PlanVersion]:
    """The plan's saved versions, oldest first: who, when, why and which fields changed to what."""
    return _versions(plan.history, ChildProtectionPlan)


def item_versions(item: PlanItem) -> list[PlanVersion]:
    """A plan line's saved versions, oldest first (as `plan_versions`)."""
    return _versions(item.history, PlanItem)


def _versions(history, model) -> list[PlanVersion]:
    records = list(history.select_related("history_user").order_by("history_date", "history_id"))
    versions: list[PlanVersion] = []
    previous = None
    for number, record in enumerate(records, start=1):
        if previous is None:
            changes = {
                f.attname: _value(getattr(record, f.attname))
                for f in model._meta.concrete_fields
                if f.attname not in _NOT_SHOWN and f.name not in _NOT_SHOWN
            }
        else:
            delta = record.diff_against(previous)
            changes = {
                c.field: _value(getattr(record, model._meta.get_field(c.field).attname))
                for c in delta.changes
            }
        user = record.history_user
        versions.append(
            PlanVersion(
                version=number,
                changed_at=record.history_date,
                changed_by=user.display_name if user else None,
                reason=record.history_change_reason,
                change="created" if record.history_type == "+" else "changed",
                changes=changes,
            )
        )
        previous = record
    return versions


@dataclass(frozen=True)
class PlanLineChange:
    """One version of a plan line changed between conferences (`cases.plans.items`), shaped as the
    core groups' PLAN-CHANGES versions are, so the review's page and minutes list both alike."""

    change_id: int
    version: int
    child: str
    meeting_on: date
    text: str
    action: str
    by: str
    at: datetime
    why: str


_LINE_ACTIONS = {"+": "Line added", "~": "Line changed", "-": "Line removed"}
CHANGED_BETWEEN_CONFERENCES = "plan changed: "  # how `cases.plans.items` starts each version's reason


def line_changes_between(authority_id: int, family_id: int, after: date, until: date) -> list[PlanLineChange]:
    """Every version of the family's plan lines changed after `after` and up to `until` (local
    days), oldest line first, each line's versions in order; numbered among all the line's
    versions (the one the conference wrote is version 1)."""
    plans = {
        p.pk: p.child.full_name
        for p in ChildProtectionPlan.objects.for_authority(authority_id)
        .filter(child__family_id=family_id)
        .select_related("child")
    }
    records = list(
        PlanItem.history.filter(authority_id=authority_id, plan_id__in=list(plans))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    counts: dict[int, int] = {}
    changes = []
    for record in records:
        counts[record.id] = counts.get(record.id, 0) + 1
        day = timezone.localtime(record.history_date).date()
        reason = record.history_change_reason or ""
        if not (reason.startswith(CHANGED_BETWEEN_CONFERENCES) and after < day <= until):
            continue
        user = record.history_user
        changes.append(
            PlanLineChange(
                change_id=record.id,
                version=counts[record.id],
                child=plans.get(record.plan_id, ""),
                meeting_on=day,
                text=f"{PlanItemKind(record.kind).label}: {record.text}",
                action=_LINE_ACTIONS.get(record.history_type, record.history_type),
                by=user.display_name if user else "The system",
                at=record.history_date,
                why=reason.removeprefix(CHANGED_BETWEEN_CONFERENCES),
            )
        )
    order = {line_id: n for n, line_id in enumerate(dict.fromkeys(c.change_id for c in changes))}
    return sorted(changes, key=lambda c: (order[c.change_id], c.version))
