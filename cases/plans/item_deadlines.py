"""The deadline that tracks an action of a child protection plan (OUTCOME: "actions with owner and
date"), kept in step when the line changes between conferences.

An action copied from the conference's outline plan keeps the deadline the conference opened for
it (`PlanItem.deadline`, set when the plan was copied); any other action has its own, about the
plan line. Either way, as in the room: advised whatever OUTCOME's own mode (flagged, never
escalated), due on the date agreed, off where OUTCOME is off; a date given or moved opens or moves
it, a date cleared cancels it, done meets it, and removing the line cancels it.

Deadlines go through `scheduling.services` (cases imports no conference code: the conference's
item is reached through the deadline's own subject)."""

from __future__ import annotations

from django.db import models

from authorities.models import Mode
from authorities.rules.ids import RuleId
from scheduling.engine import Timescale
from scheduling.models import Deadline
from scheduling.services import cancel_deadline, deadline_for, meet_deadline, open_deadline

from ..models import ChildProtectionPlan, PlanItem, PlanItemKind

ACTION_RULE = RuleId.OUTCOME  # as the conference's and the core group's actions
ON_THE_DATE_AGREED = Timescale(unit="working_days", amount=0)


def _tracking(item: PlanItem) -> tuple[models.Model, Deadline | None]:
    """The subject whose deadline tracks this action, and that deadline if there is one."""
    linked = item.deadline
    if linked is not None and linked.subject is not None:
        return linked.subject, linked
    return item, deadline_for(authority=item.authority_id, rule_id=ACTION_RULE, subject=item)


def track_plan_action(item: PlanItem, *, plan: ChildProtectionPlan, why: str) -> None:
    """Open, move, meet or cancel the deadline of this action as the line now stands."""
    if item.kind != PlanItemKind.ACTION:
        return
    subject, deadline = _tracking(item)
    if item.due_on is None:
        _cancel(item, subject, why)
        return
    if _needs_opening(deadline, item):
        deadline = _open(item, subject, deadline, plan)
    if deadline is None:  # OUTCOME is off here: nothing runs, not even a row opened earlier
        _cancel(item, subject, why)
    elif item.done_on is not None and deadline.met_on != item.done_on:
        meet_deadline(authority=plan.authority, rule_id=ACTION_RULE, subject=subject, met_on=item.done_on)


def _needs_opening(deadline: Deadline | None, item: PlanItem) -> bool:
    """None yet, stopped, agreed for another day, or met while the action is no longer done."""
    return (
        deadline is None
        or deadline.cancelled_at is not None
        or deadline.event_on != item.due_on
        or (deadline.met_on is not None and item.done_on is None)
    )


def _open(
    item: PlanItem, subject: models.Model, deadline: Deadline | None, plan: ChildProtectionPlan
) -> Deadline | None:
    family = plan.child.family
    return open_deadline(
        authority=plan.authority,
        rule_id=ACTION_RULE,
        subject=subject,
        event_on=item.due_on,
        label=deadline.label if deadline else f"Plan action for {family}: {item.text[:200]}",
        family_id=family.pk,
        responsible=deadline.responsible if deadline else family.social_worker,
        timescale=ON_THE_DATE_AGREED,
        mode=Mode.ADVISED,
    )


def untrack_plan_action(item: PlanItem, *, why: str) -> None:
    """The line is leaving the plan: its deadline stops, unless it was met (the record stays for
    the timeliness figures) or a sibling's copy of the same conference action still runs on it."""
    if item.kind != PlanItemKind.ACTION:
        return
    subject, deadline = _tracking(item)
    if deadline is None or deadline.met_on is not None:
        return
    _cancel(item, subject, why)


def _cancel(item: PlanItem, subject: models.Model, why: str) -> None:
    if item.deadline_id is not None and (
        PlanItem.objects.for_authority(item.authority_id)
        .filter(deadline_id=item.deadline_id)
        .exclude(pk=item.pk)
        .exists()
    ):
        return
    cancel_deadline(authority=item.authority, rule_id=ACTION_RULE, subject=subject, reason=why)
