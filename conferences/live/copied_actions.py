"""A conference's plan actions and each child's copy of them on their child protection plan, which
runs on the action's OUTCOME deadline (`PlanItem.deadline`): done is kept in step both ways.

- every child's copy done between conferences marks the conference's action done (the day the
  last was done), and a copy no longer done clears it (`cases.plans.item_deadlines`, through the
  cases hook answered here);
- the action marked done on the conference's plan marks each copy on a running plan done.

A copy made before copies kept their link finds the conference's deadline here: the one action of
the family's held conferences with the same wording, owner and date as the copy was first made,
agreed on or before that day; two or more such actions, and the copy keeps its own deadline."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from authorities.history import save_with_history
from authorities.models import Membership
from conferences.models import ConferenceStatus, OutlinePlanItem
from scheduling.models import Deadline

from .plan_actions import action_deadlines


def deadline_of_copied_action(*, authority_id: int, family_id: int, as_copied) -> Deadline | None:
    """The conference's OUTCOME deadline for the action `as_copied` (the copy's first version) was
    copied from, where exactly one action matches and its deadline runs."""
    copied_on = timezone.localdate(as_copied.history_date)
    matches = list(
        OutlinePlanItem.objects.for_authority(authority_id)
        .actions()
        .filter(
            plan__conference__family_id=family_id,
            plan__conference__status=ConferenceStatus.HELD,
            plan__conference__held_on__lte=copied_on,
            text=as_copied.text,
            owner_name=as_copied.owner_name,
            owner_agency_id=as_copied.owner_agency_id,
            due_on=as_copied.due_on,
        )[:2]
    )
    if len(matches) != 1:
        return None
    return action_deadlines(authority_id, matches).get(matches[0].pk)


def follow_copies(*, deadline: Deadline, done_on: date | None, by: Membership | None) -> None:
    """Every child's copy is done (or one no longer is): the conference's action says so too."""
    action = deadline.subject
    if not isinstance(action, OutlinePlanItem) or action.done_on == done_on:
        return
    action.done_on = done_on
    reason = "done on every child's plan" if done_on else "a child's copy of this action is not done any more"
    save_with_history(action, by=by, reason=reason, update_fields=["done_on"])
