"""The deadline that tracks an action of a child protection plan (OUTCOME: "actions with owner and
date"), kept in step when the line changes between conferences.

An action copied from the conference's outline plan keeps a link to the action it came from
(`PlanItem.copied_from`, set when the plan was copied, whatever OUTCOME's mode) and runs on the
deadline the conference opened for it (`PlanItem.deadline`, found through that link for a copy not
on it yet); any other action has its own, about the plan line. Either way, as in the room: advised
whatever OUTCOME's own mode (flagged, never escalated), due on the date agreed, off where OUTCOME
is off; a date given or moved opens or moves it, a date cleared cancels it, done meets it, and
removing the line cancels it.

Brothers and sisters: the conference agreed one action for the family, and each child's plan has a
copy of it. The action is done when every child's copy (on a plan still running) is done: the
conference's action is marked done on the day the last was done, and not done again once a copy
is not (`hooks.copied_action_done`), deadline or none. Where the conference's deadline runs, it is
met that day too; until then it is due on the earliest date still to come among the copies not
done, so a child whose copy is late is flagged.

Deadlines go through `scheduling.services` (cases imports no conference code: the conference's
action is reached through the copy's link, the deadline's own subject and the cases hooks)."""

from __future__ import annotations

from django.db import models

from authorities.history import save_with_history
from authorities.models import Membership, Mode
from authorities.rules.ids import RuleId
from scheduling.engine import Timescale
from scheduling.models import Deadline
from scheduling.services import cancel_deadline, deadline_for, meet_deadline, open_deadline

from .. import hooks
from ..models import ChildProtectionPlan, PlanItem, PlanItemKind

ACTION_RULE = RuleId.OUTCOME  # as the conference's and the core group's actions
ON_THE_DATE_AGREED = Timescale(unit="working_days", amount=0)
# The reason a copied action's first version carries (`conferences.live.closing`).
COPIED_FROM_CONFERENCE = "from the conference's outline plan"


def _tracking(item: PlanItem, by: Membership | None) -> tuple[models.Model, Deadline | None]:
    """The subject whose deadline tracks this action, and that deadline if there is one."""
    linked = item.deadline or _link_copy(item, by)
    if linked is not None and linked.subject is not None:
        return linked.subject, linked
    return item, deadline_for(authority=item.authority_id, rule_id=ACTION_RULE, subject=item)


def _link_copy(item: PlanItem, by: Membership | None) -> Deadline | None:
    """A copy not yet on its conference's deadline (copied before copies kept it, or running a
    second deadline of its own) moves to the deadline of the action it came from, rather than
    keeping a second deadline for the same action."""
    if item.copied_from_id is None:
        return None
    deadline = hooks.copied_action_deadline(authority_id=item.authority_id, action_id=item.copied_from_id)
    if deadline is not None:
        item.deadline = deadline
        save_with_history(
            item, by=by, reason="linked to the conference's deadline", update_fields=["deadline"]
        )
        # A second deadline opened for the copy before it was linked stops: the caller settles the
        # conference's from the copies as they stand.
        cancel_deadline(
            authority=item.authority,
            rule_id=ACTION_RULE,
            subject=item,
            reason="the conference's deadline tracks it",
        )
    return deadline


def _copies(item: PlanItem) -> list[PlanItem]:
    """Every child's copy of the conference's action on a plan still running, this one as it stands."""
    if item.copied_from_id is None:
        return [item]
    others = (
        PlanItem.objects.for_authority(item.authority_id)
        .filter(copied_from_id=item.copied_from_id, plan__ended_on__isnull=True)
        .exclude(pk=item.pk)
    )
    return [item, *others]


def track_plan_action(item: PlanItem, *, plan: ChildProtectionPlan, by: Membership | None, why: str) -> None:
    """Open, move, meet or cancel the deadline of this action as the line (and its brothers' and
    sisters' copies) now stand, and keep the conference's action done or not done with them."""
    if item.kind != PlanItemKind.ACTION:
        return
    subject, deadline = _tracking(item, by)
    copies = _copies(item)
    # Copies share the conference's deadline; one tracked by a deadline of its own settles alone.
    _settle(item, subject, deadline, copies if subject is not item else [item], plan=plan, by=by, why=why)
    _conference_follows(item.authority_id, item.copied_from_id, copies, by)


def _settle(
    item: PlanItem,
    subject: models.Model,
    deadline: Deadline | None,
    copies: list[PlanItem],
    *,
    plan: ChildProtectionPlan,
    by: Membership | None,
    why: str,
) -> None:
    waiting = [c for c in copies if c.done_on is None]
    dates = [c.due_on for c in (waiting or copies) if c.due_on is not None]
    if not dates:
        _cancel(item, subject, deadline, why)
        return
    # Not done yet: due on the earliest date among the copies still to do; all done: the latest.
    due_on = min(dates) if waiting else max(dates)
    if _needs_opening(deadline, due_on, all_done=not waiting):
        deadline = _open(item, subject, deadline, due_on, plan)
    if deadline is None:  # OUTCOME is off here: nothing runs, not even a row opened earlier
        _cancel(item, subject, None, why)
        return
    if not waiting:
        done_on = max(c.done_on for c in copies)
        if deadline.met_on != done_on:
            meet_deadline(authority=plan.authority, rule_id=ACTION_RULE, subject=subject, met_on=done_on)


def _conference_follows(
    authority_id: int, action_id: int | None, copies: list[PlanItem], by: Membership | None
) -> None:
    """The conference's action is done on the day the last copy was done, and not done while one
    is still to do; through the link each copy keeps, so this holds where OUTCOME runs no deadline."""
    if action_id is None or not copies:
        return
    waiting = any(c.done_on is None for c in copies)
    done_on = None if waiting else max(c.done_on for c in copies)
    hooks.copied_action_done(authority_id=authority_id, action_id=action_id, done_on=done_on, by=by)


def _needs_opening(deadline: Deadline | None, due_on, *, all_done: bool) -> bool:
    """None yet, stopped, agreed for another day, or met while a copy is no longer done."""
    return (
        deadline is None
        or deadline.cancelled_at is not None
        or deadline.event_on != due_on
        or (deadline.met_on is not None and not all_done)
    )


def _open(
    item: PlanItem, subject: models.Model, deadline: Deadline | None, due_on, plan: ChildProtectionPlan
) -> Deadline | None:
    family = plan.child.family
    return open_deadline(
        authority=plan.authority,
        rule_id=ACTION_RULE,
        subject=subject,
        event_on=due_on,
        label=deadline.label if deadline else f"Plan action for {family}: {item.text[:200]}",
        family_id=family.pk,
        responsible=deadline.responsible if deadline else family.social_worker,
        timescale=ON_THE_DATE_AGREED,
        mode=Mode.ADVISED,
    )


def untrack_plan_action(
    item: PlanItem, *, plan: ChildProtectionPlan, by: Membership | None, why: str
) -> None:
    """The line is leaving the plan: its deadline stops, unless it was met (the record stays for
    the timeliness figures); a deadline brothers' and sisters' copies still share follows them."""
    if item.kind != PlanItemKind.ACTION:
        return
    subject, deadline = _tracking(item, by)
    others = _copies(item)[1:]
    if others and subject is not item:
        _settle(others[0], subject, deadline, others, plan=others[0].plan, by=by, why=why)
    elif deadline is not None and deadline.met_on is None:
        _cancel(item, subject, deadline, why)
    _conference_follows(item.authority_id, item.copied_from_id, others, by)


def _cancel(item: PlanItem, subject: models.Model, deadline: Deadline | None, why: str) -> None:
    if deadline is not None and deadline.cancelled_at is not None:
        return
    cancel_deadline(authority=item.authority, rule_id=ACTION_RULE, subject=subject, reason=why)
