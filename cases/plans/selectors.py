"""Reads about plans shared by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduling.models import Deadline

from ..models import ChildInNeedPlan, ChildProtectionPlan, Family
from .services import PLAN_DEADLINE_RULES


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
    protection: list[ChildProtectionPlan]
    in_need: list[ChildInNeedPlan]


def family_plans(family: Family) -> FamilyPlans:
    """Every child protection and child in need plan of the family's children, newest first."""
    return FamilyPlans(
        protection=list(
            ChildProtectionPlan.objects.for_authority(family.authority_id)
            .filter(child__family=family)
            .select_related("child", "oversight_by__user")
            .order_by("-started_on", "-pk")
        ),
        in_need=list(
            ChildInNeedPlan.objects.for_authority(family.authority_id)
            .filter(child__family=family)
            .select_related("child")
            .order_by("-started_on", "-pk")
        ),
    )
