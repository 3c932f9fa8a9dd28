"""STEPDOWN-CIN-3M for managers: child protection plans ended at a review conference with no
child in need plan stepped down from them, with what was recorded instead (the exemption, or the
reason and the head of service who oversees it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Subquery

from authorities.models import Authority
from cases.models import ChildInNeedPlan, ChildProtectionPlan
from conferences.models import Conference, ConferenceKind, StepDown, StepDownRoute

ROUTE_LABELS = dict(StepDownRoute.choices)


@dataclass(frozen=True)
class StepDownRow:
    plan_id: int
    child_name: str
    family_id: int
    ended_on: date
    route: str
    rationale: str
    end_reason: str

    @property
    def route_label(self) -> str:
        return ROUTE_LABELS.get(self.route, "Nothing recorded")


def ended_without_step_down(
    authority: Authority | int,
    *,
    since: date,
    until: date,
    family_filter: dict | None = None,
    limit: int = 20,
) -> tuple[list[StepDownRow], int]:
    """The plans ended at a review between `since` and `until` with no step-down child in need
    plan, newest first (at most `limit`), and how many there are: two queries."""
    step_down = StepDown.objects.for_authority(authority).filter(
        decision__conference=OuterRef("ended_at_conference_id"), decision__child=OuterRef("child")
    )
    plans = ChildProtectionPlan.objects.for_authority(authority).filter(
        ended_on__gte=since,
        ended_on__lte=until,
        ended_at_conference_id__in=Conference.objects.for_authority(authority)
        .filter(kind=ConferenceKind.REVIEW)
        .values("pk"),
    )
    if family_filter:
        plans = plans.filter(**{f"child__family__{k}": v for k, v in family_filter.items()})
    plans = plans.filter(
        ~Exists(ChildInNeedPlan.objects.for_authority(authority).filter(stepped_down_from=OuterRef("pk")))
    )
    total = plans.count()
    rows = (
        plans.annotate(
            route=Subquery(step_down.values("route")[:1]),
            rationale=Subquery(step_down.values("rationale")[:1]),
        )
        .select_related("child")
        .order_by("-ended_on", "-pk")[:limit]
    )
    return [
        StepDownRow(
            plan_id=plan.pk,
            child_name=plan.child.full_name,
            family_id=plan.child.family_id,
            ended_on=plan.ended_on,
            route=plan.route or "",
            rationale=plan.rationale or "",
            end_reason=plan.end_reason,
        )
        for plan in rows
    ], total
