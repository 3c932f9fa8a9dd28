"""Actions in a conference's outline plan as deadlines (OUTCOME: "actions with owner and date").

Like a core group's action points (coregroups.services), each action with a due date is an
OUTCOME deadline for that outline plan item: opened in advised mode whatever OUTCOME's own mode
(flagged overdue by the sweep, never escalated), due on the date agreed, with the family's social
worker responsible, met when someone marks the action done, and running again when it is marked
not done after all (done by mistake).

When a deadline runs: from the moment the chair writes the action into the plan in the room (the
conference is in progress) until it is done, or the plan it belongs to is not in force:
- an action added, or its date changed, in the room opens or moves its deadline; removed, or its
  date cleared, cancels it;
- adjourning the conference cancels them (the plan was not agreed: the reconvened conference
  agrees its own);
- holding it keeps them where a child is on a plan, and cancels them where none is; a review
  that ends every child's plan also cancels what is still open from the family's earlier plans.

A conference only scheduled, not yet started, opens none: the chair may draft the plan ahead.

Deadlines go through `scheduling.services` (scheduling imports no domain app)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership, Mode, Role, RuleSet
from authorities.refusals import refusal
from authorities.rules.ids import RuleId
from cases.models import PlanItem
from cases.plans import items as plan_items
from conferences.models import Conference, ConferenceStatus, OutlineItemKind, OutlinePlanItem
from scheduling.engine import Timescale
from scheduling.models import Deadline
from scheduling.services import (
    cancel_deadline,
    cancel_family_deadlines,
    deadline_for,
    meet_deadline,
    open_deadline,
    reopen_deadline,
)

ACTION_RULE = RuleId.OUTCOME  # as coregroups.services.ACTION_RULE: flagged, never escalated
# Statuses in which an action's deadline may run (and an action may be marked done).
TRACKED_STATUSES = (ConferenceStatus.IN_PROGRESS, ConferenceStatus.HELD)
# How an action's history says it was taken back, before the reason given.
NOT_DONE_AFTER_ALL = "not done after all"


# --- who may do what -----------------------------------------------------------------------------


def may_mark_done(membership: Membership, conference: Conference) -> bool:
    """A chair, the case's social worker (the family's now, or the conference's), or their team
    manager, as for a core group's action points."""
    if membership.authority_id != conference.authority_id:
        return False
    if membership.role == Role.CHAIR:
        return True
    workers = [w for w in (conference.family.social_worker, conference.social_worker) if w is not None]
    return any(
        membership.pk == w.pk or (membership.role == Role.TEAM_MANAGER and membership.pk == w.team_manager_id)
        for w in workers
    )


# --- deadlines -----------------------------------------------------------------------------------


def action_deadlines(authority_id: int, items: Iterable[OutlinePlanItem]) -> dict[int, Deadline]:
    """The OUTCOME deadline of each of these action items that has one (cancelled ones left out),
    in one query: item id -> deadline."""
    ids = [i.pk for i in items if i.kind == OutlineItemKind.ACTION]
    if not ids:
        return {}
    rows = Deadline.objects.for_authority(authority_id).filter(
        rule_id=ACTION_RULE,
        subject_type=ContentType.objects.get_for_model(OutlinePlanItem),
        subject_id__in=ids,
        cancelled_at__isnull=True,
    )
    return {d.subject_id: d for d in rows}


def _responsible(conference: Conference) -> Membership | None:
    return conference.family.social_worker or conference.social_worker


def track_action(item: OutlinePlanItem, *, conference: Conference, rules: RuleSet | None = None) -> None:
    """Open or move the deadline of one action (due on its date), or cancel it where the action has
    no date any more. A done action keeps its met deadline as it is."""
    if item.kind != OutlineItemKind.ACTION or item.done_on is not None:
        return
    if item.due_on is None or conference.status not in TRACKED_STATUSES:
        untrack_action(item, conference=conference)
        return
    deadline = open_deadline(
        authority=conference.authority,
        rule_id=ACTION_RULE,
        subject=item,
        event_on=item.due_on,
        label=f"Outline plan action for {conference.family}: {item.text[:200]}",
        family_id=conference.family_id,
        responsible=_responsible(conference),
        rule_set=rules or conference.rule_set_in_force(),
        timescale=Timescale(unit="working_days", amount=0),  # due on the date agreed
        mode=Mode.ADVISED,
    )
    if deadline is None:  # OUTCOME is off here: nothing runs, not even a row opened earlier
        untrack_action(item, conference=conference)


def untrack_action(item: OutlinePlanItem, *, conference: Conference) -> None:
    cancel_deadline(authority=conference.authority, rule_id=ACTION_RULE, subject=item)


def sync_plan_actions(conference: Conference, *, plan_in_force: bool, rules: RuleSet | None = None) -> None:
    """Bring every action of this conference's plan in line: running while the plan is (or may
    become) in force, cancelled otherwise."""
    items = list(
        OutlinePlanItem.objects.for_authority(conference.authority)
        .actions()
        .filter(plan__conference=conference)
    )
    if not items:
        return
    rules = rules or conference.rule_set_in_force()
    for item in items:
        if plan_in_force:
            track_action(item, conference=conference, rules=rules)
        else:
            untrack_action(item, conference=conference)


def end_earlier_plan_actions(conference: Conference) -> None:
    """A review that ends every child's plan: actions still open from the family's earlier
    conferences and from its core groups no longer run (as `cancel_deadline` says: the plan ended)."""
    if not conference.is_review:
        return
    cancel_family_deadlines(
        authority=conference.authority,
        family_id=conference.family_id,
        rule_id=ACTION_RULE,
        reason="every child's plan ended at the review",
    )


# --- marking an action done ----------------------------------------------------------------------


def _action_of(by: Membership, item_id: int) -> tuple[OutlinePlanItem, Conference]:
    """The action, locked, and its conference, once `by` may mark it done (or not done)."""
    item = (
        OutlinePlanItem.objects.for_authority(by.authority)
        .visible_to(by)
        .select_for_update(of=("self",))
        .select_related("plan")
        .get(pk=item_id)
    )
    conference = (
        Conference.objects.for_authority(by.authority)
        .select_related("authority", "family__social_worker", "social_worker")
        .get(pk=item.plan.conference_id)
    )
    if not may_mark_done(by, conference):
        raise PermissionDenied("Only a chair, the case's social worker or their team manager can do this.")
    if item.kind != OutlineItemKind.ACTION:
        kind = item.get_kind_display().lower()
        raise refusal("item", f"item: plan line {item.pk} is a {kind}, not an action.")
    if conference.status not in TRACKED_STATUSES:
        raise refusal(
            None,
            f"This conference is {conference.get_status_display().lower()}: its plan was not agreed, "
            "so its actions are not marked done.",
        )
    return item, conference


@transaction.atomic
def mark_plan_action_done(*, item_id: int, by: Membership, done_on: date | None = None) -> OutlinePlanItem:
    """The action was done on `done_on` (today when not given): recorded on the item (history
    keeps who) and its OUTCOME deadline met. Marking it done again changes nothing."""
    item, conference = _action_of(by, item_id)
    today = timezone.localdate()
    done_on = done_on or today
    if done_on > today:
        raise refusal("done_on", f"done_on: {long_date(done_on)} has not come yet; give the day it was done.")
    if done_on < conference.day:
        raise refusal(
            "done_on",
            f"done_on: the action was agreed at the conference on {long_date(conference.day)}, "
            "so it was done on that day or later.",
        )
    if item.done_on is not None:
        return item
    item.done_on = done_on
    item._history_user = by.user
    item._change_reason = "action done"
    item.save(update_fields=["done_on"])
    deadline = deadline_for(authority=conference.authority, rule_id=ACTION_RULE, subject=item)
    if deadline is not None and deadline.cancelled_at is None:
        meet_deadline(authority=conference.authority, rule_id=ACTION_RULE, subject=item, met_on=done_on)
    # Each child's copy on their plan is the same action (`copied_actions`), deadline or none.
    plan_items.follow_conference_action(
        authority_id=conference.authority_id, action_id=item.pk, done_on=done_on, by=by
    )
    return item


@transaction.atomic
def mark_plan_action_not_done(*, item_id: int, by: Membership, reason: str) -> OutlinePlanItem:
    """The action was marked done by mistake: done is cleared, with who, when and `reason` in its
    history, and whoever may mark it done may take it back. Each child's copy on a plan still
    running is not done either, and the deadline runs again through the copies, as when a copy is
    changed on a child's plan; with no copy (the room not closed yet, or copies made before they
    kept their link), the conference's own deadline met by `mark_plan_action_done` re-opens. Once
    every child's plan has ended, nothing runs again. Not done already: nothing changes."""
    item, conference = _action_of(by, item_id)
    why = reason.strip()
    if not why:
        raise refusal("reason", "Enter the reason the action is not done after all: its history keeps it.")
    if item.done_on is None:
        return item
    item.done_on = None
    item.not_done_reason = why
    save_with_history(
        item, by=by, reason=f"{NOT_DONE_AFTER_ALL}: {why}", update_fields=["done_on", "not_done_reason"]
    )
    followed = plan_items.follow_conference_action(
        authority_id=conference.authority_id, action_id=item.pk, done_on=None, by=by, why=why
    )
    if (
        followed
        or PlanItem.objects.for_authority(conference.authority_id).filter(copied_from_id=item.pk).exists()
    ):
        return item
    deadline = deadline_for(authority=conference.authority, rule_id=ACTION_RULE, subject=item)
    if deadline is not None and deadline.cancelled_at is None:
        reopen_deadline(authority=conference.authority, rule_id=ACTION_RULE, subject=item)
    return item
