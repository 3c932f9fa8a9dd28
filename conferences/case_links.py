"""What the cases app, below this one, asks of the conferences app about its plans.

A child's plan keeps the ids of the conferences that started and ended it, and a plan item the id
of the conference's action it was copied from, since cases may not name this app's models. This app
answers for them: it gives cases its models (`cases.hooks.conference_model`,
`cases.hooks.outline_action_model`), owns the database's foreign keys (migration
`0010_plan_foreign_keys`), and keeps the deletion rules the foreign keys had (registered in
`ConferencesConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from django.db.models import ProtectedError, Q

from cases.models import ChildProtectionPlan, PlanItem

from .models import Conference, OutlinePlanItem


def conference_model() -> type[Conference]:
    return Conference


def outline_action_model() -> type[OutlinePlanItem]:
    return OutlinePlanItem


def protect_plans_conference(sender: type[Conference], instance: Conference, **kwargs: Any) -> None:
    """A conference that started or ended a child's plan stays: the plan's record names it.

    Raised as the deletion starts rather than while Django collects what to delete (as PROTECT
    did), so it also ends the transaction the deletion runs in; nothing in the product deletes a
    conference (one is cancelled), so only the admin and scripts meet it."""
    plans = ChildProtectionPlan.objects.for_authority(instance.authority_id).filter(
        Q(started_at_conference_id=instance.pk) | Q(ended_at_conference_id=instance.pk)
    )
    if plans.exists():
        raise ProtectedError(
            "This conference started or ended a child's plan, so it cannot be deleted.", set(plans)
        )


def unlink_copies(sender: type[OutlinePlanItem], instance: OutlinePlanItem, **kwargs: Any) -> None:
    """The children's copies of a deleted action stay, no longer linked to it (as SET_NULL did)."""
    PlanItem.objects.for_authority(instance.authority_id).filter(copied_from_id=instance.pk).update(
        copied_from_id=None
    )
