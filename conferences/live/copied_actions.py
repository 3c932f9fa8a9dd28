"""A conference's plan actions and each child's copy of them on their child protection plan: each
copy links to the action it came from (`PlanItem.copied_from`), and done is kept in step both ways,
whether or not OUTCOME runs a deadline for the action.

- every child's copy done between conferences marks the conference's action done (the day the
  last was done), and a copy no longer done clears it (`cases.plans.item_deadlines`, through the
  cases hook answered here);
- the action marked done on the conference's plan marks each copy on a running plan done, and
  marked not done after all, no copy is done either and their deadline runs again
  (`cases.plans.items.follow_conference_action`).

Where the conference opened an OUTCOME deadline for the action, its copies run on it: a copy not on
it yet finds it here, through its link."""

from __future__ import annotations

from datetime import date

from authorities.history import save_with_history
from authorities.models import Membership
from conferences.models import OutlinePlanItem
from scheduling.models import Deadline

from .plan_actions import action_deadlines


def deadline_of_copied_action(*, authority_id: int, action_id: int) -> Deadline | None:
    """The running OUTCOME deadline of the conference's action a child's copy came from."""
    action = OutlinePlanItem.objects.for_authority(authority_id).actions().filter(pk=action_id).first()
    if action is None:
        return None
    return action_deadlines(authority_id, [action]).get(action.pk)


def follow_copies(*, authority_id: int, action_id: int, done_on: date | None, by: Membership | None) -> None:
    """Every child's copy is done (or one no longer is): the conference's action says so too."""
    action = (
        OutlinePlanItem.objects.for_authority(authority_id)
        .actions()
        .select_for_update()
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.done_on == done_on:
        return
    action.done_on = done_on
    reason = "done on every child's plan" if done_on else "a child's copy of this action is not done any more"
    save_with_history(action, by=by, reason=reason, update_fields=["done_on"])
