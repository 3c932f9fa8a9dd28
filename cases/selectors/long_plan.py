"""LONG-PLAN and the plan figures managers watch: how long children's plans have been open and
whether a plan is a second or later one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from authorities.models import Authority
from scheduling.engine import add_months

from ..models import Category, ChildProtectionPlan

LONG_PLAN_RULE = "LONG-PLAN"
DEFAULT_FLAG_MONTHS = (18, 24)


@dataclass(frozen=True)
class LongPlanRule:
    """LONG-PLAN's values: plan ages (months) to flag, and whether repeat plans are flagged."""

    flag_months: tuple[int, ...] = DEFAULT_FLAG_MONTHS
    flag_repeat_plans: bool = True
    on: bool = True

    @classmethod
    def of(cls, rule_set) -> LongPlanRule:
        try:
            values, on = rule_set.values(LONG_PLAN_RULE), rule_set.is_on(LONG_PLAN_RULE)
        except KeyError:
            return cls()
        months = tuple(sorted(int(m) for m in values.get("flag_months", DEFAULT_FLAG_MONTHS)))
        return cls(flag_months=months, flag_repeat_plans=bool(values.get("flag_repeat_plans", True)), on=on)

    def started_by(self, today: date) -> dict[int, date]:
        """For each flagged age: a plan that started on or before this date has reached it."""
        return {months: add_months(today, -months) for months in self.flag_months}


def _earlier_plan(authority: Authority | int) -> Exists:
    return Exists(
        ChildProtectionPlan.objects.for_authority(authority).filter(
            child=OuterRef("child"), started_on__lt=OuterRef("started_on")
        )
    )


def open_plans(authority: Authority | int, *, family_filter: dict | None = None) -> QuerySet:
    plans = ChildProtectionPlan.objects.for_authority(authority).filter(ended_on__isnull=True)
    if family_filter:
        plans = plans.filter(**{f"child__family__{k}": v for k, v in family_filter.items()})
    return plans


def open_plan_figures(
    authority: Authority | int, *, today: date, rule: LongPlanRule, family_filter: dict | None = None
) -> dict:
    """Children on plans now, by category; plans open for each LONG-PLAN age; second or later
    plans. One query (filtered aggregates over the open plans)."""
    aggregates = {"total": Count("pk")}
    aggregates |= {f"category_{c}": Count("pk", filter=Q(category=c)) for c in Category.values}
    aggregates |= {
        f"months_{months}": Count("pk", filter=Q(started_on__lte=started))
        for months, started in rule.started_by(today).items()
    }
    aggregates["repeat"] = Count("pk", filter=_earlier_plan(authority))
    row = open_plans(authority, family_filter=family_filter).aggregate(**aggregates)
    return {
        "total": row["total"],
        "by_category": {c: row[f"category_{c}"] for c in Category.values},
        "open_months": {months: row[f"months_{months}"] for months in rule.flag_months},
        "repeat": row["repeat"],
    }


@dataclass(frozen=True)
class LongPlanRow:
    """One child whose open plan has reached a flagged LONG-PLAN age, as the dashboard lists it."""

    child_name: str
    family_id: int
    started_on: date
    category: str
    months_reached: int
    earlier_plans: int

    @property
    def reached_words(self) -> str:
        return f"{age_words(self.months_reached)} or more"


def longest_open_plans(
    authority: Authority | int,
    *,
    today: date,
    rule: LongPlanRule,
    family_filter: dict | None = None,
    limit: int = 20,
) -> list[LongPlanRow]:
    """The open plans that have reached the shortest age LONG-PLAN flags, longest open first (at
    most `limit`): who managers are asked to look at. None when the rule is off. One query."""
    if not rule.on or not rule.flag_months:
        return []
    reached = rule.started_by(today)
    plans = (
        open_plans(authority, family_filter=family_filter)
        .filter(started_on__lte=reached[min(rule.flag_months)])
        .annotate(
            earlier=Count(
                "child__protection_plans",
                filter=Q(child__protection_plans__started_on__lt=F("started_on")),
            )
        )
        .select_related("child")
        .order_by("started_on", "pk")[:limit]
    )
    return [
        LongPlanRow(
            child_name=plan.child.full_name,
            family_id=plan.child.family_id,
            started_on=plan.started_on,
            category=plan.get_category_display(),
            months_reached=max(months for months, by in reached.items() if plan.started_on <= by),
            earlier_plans=plan.earlier if rule.flag_repeat_plans else 0,
        )
        for plan in plans
    ]


@dataclass(frozen=True)
class LongPlanFlag:
    text: str
    detail: str = ""


def long_plan_flags(
    authority: Authority | int, child_ids: list[int], *, today: date, rule: LongPlanRule
) -> dict[int, list[LongPlanFlag]]:
    """LONG-PLAN for these children: per child on a plan, the longest flagged age their plan has
    reached and whether it is a second or later plan. One query."""
    if not rule.on or not child_ids:
        return {}
    plans = (
        ChildProtectionPlan.objects.for_authority(authority)
        .filter(child_id__in=child_ids, ended_on__isnull=True)
        .annotate(
            earlier=Count(
                "child__protection_plans",
                filter=Q(child__protection_plans__started_on__lt=F("started_on")),
            )
        )
    )
    reached = rule.started_by(today)
    flags: dict[int, list[LongPlanFlag]] = {}
    for plan in plans:
        found = _flags(plan.started_on, plan.earlier, reached=reached, rule=rule)
        if found:
            flags[plan.child_id] = found
    return flags


def flags_of_open_plans(
    plans: list[dict], *, today: date, rule: LongPlanRule
) -> dict[int, list[LongPlanFlag]]:
    """As `long_plan_flags`, from every plan of the children already read (`child_id`,
    `started_on`, `ended_on` of each): no query."""
    if not rule.on:
        return {}
    reached = rule.started_by(today)
    flags: dict[int, list[LongPlanFlag]] = {}
    for plan in plans:
        if plan["ended_on"] is not None:
            continue
        earlier = sum(
            1
            for other in plans
            if other["child_id"] == plan["child_id"] and other["started_on"] < plan["started_on"]
        )
        found = _flags(plan["started_on"], earlier, reached=reached, rule=rule)
        if found:
            flags[plan["child_id"]] = found
    return flags


def _flags(
    started_on: date, earlier: int, *, reached: dict[int, date], rule: LongPlanRule
) -> list[LongPlanFlag]:
    """One open plan's flags: the longest flagged age it has reached, and whether it is a second
    or later plan (`earlier`: how many of the child's plans started before it)."""
    found = [
        LongPlanFlag(f"Plan open {age_words(months)} or more", f"since {started_on:%-d %B %Y}")
        for months in sorted(reached, reverse=True)
        if started_on <= reached[months]
    ][:1]
    if rule.flag_repeat_plans and earlier:
        found.append(LongPlanFlag(f"{_ordinal(earlier + 1).capitalize()} child protection plan"))
    return found


def age_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} months"


def _ordinal(n: int) -> str:
    words = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return words.get(n, f"{n}th")
