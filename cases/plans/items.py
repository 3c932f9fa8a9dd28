"""Changing a child protection plan's lines between conferences: the core group keeps the plan
current, so the case's social worker, their team manager or a chair (who may convene and record a
core group) adds a line, changes one (its wording, owner, dates, done) or removes one. Each change
keeps who, when and why in the line's history, version by version, which PLAN-CHANGES carries to
the review conference, and an action's deadline follows it (`item_deadlines`). The checks are
OUTCOME's, shared with the room (`item_checks`)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from authorities.history import save_with_history, stamp
from authorities.human_dates import long_date
from authorities.models import Agency, Membership, Role
from authorities.refusals import refusal
from authorities.selectors import rule_set_in_force

from ..models import ChildProtectionPlan, Family, PlanItem, PlanItemKind
from .item_checks import check_action, check_outcome, check_text
from .item_deadlines import track_plan_action, untrack_plan_action
from .selectors import CHANGED_BETWEEN_CONFERENCES

NOT_ALLOWED = "Only the case's social worker, their team manager or a chair changes the plan."


@dataclass(frozen=True)
class PlanLineIn:
    kind: str
    text: str
    indicators: str = ""
    collected_by: str = ""
    owner_name: str = ""
    owner_agency_id: int | None = None
    due_on: date | None = None
    done_on: date | None = None
    answers_id: int | None = None


CHANGEABLE = tuple(f.name for f in fields(PlanLineIn) if f.name != "kind")


def may_change_plan(membership: Membership, family: Family) -> bool:
    """As for convening a core group: a chair, the case's social worker or their team manager."""
    if membership.authority_id != family.authority_id:
        return False
    if membership.role == Role.CHAIR:
        return True
    worker = family.social_worker
    if worker is None:
        return False
    return membership.pk == worker.pk or (
        membership.role == Role.TEAM_MANAGER and membership.pk == worker.team_manager_id
    )


def _plan(by: Membership, plan_id: int) -> ChildProtectionPlan:
    plan = (
        ChildProtectionPlan.objects.for_authority(by.authority)
        .visible_to(by)
        .select_for_update(of=("self",))
        .select_related("child__family__social_worker")
        .get(pk=plan_id)
    )
    if not may_change_plan(by, plan.child.family):
        raise PermissionDenied(NOT_ALLOWED)
    if plan.ended_on is not None:
        raise refusal(None, f"This plan ended on {long_date(plan.ended_on)}: its lines stay as they were.")
    return plan


def _why(why: str) -> str:
    if not why.strip():
        raise refusal(
            "why", "Say why the plan changes: the review conference reads it", rule_id="PLAN-CHANGES"
        )
    return f"{CHANGED_BETWEEN_CONFERENCES}{why.strip()}"


def _check(line: PlanLineIn, plan: ChildProtectionPlan) -> tuple[Agency | None, PlanItem | None]:
    """OUTCOME's checks on the line as it will stand; returns its owner agency and the danger it answers."""
    if line.kind not in PlanItemKind.values:
        raise refusal("kind", "Choose what kind of plan line this is", rule_id="OUTCOME")
    check_text(line.text)
    rules = rule_set_in_force(plan.authority_id, on=timezone.localdate())
    agency = (
        Agency.objects.for_authority(plan.authority_id).filter(pk=line.owner_agency_id).first()
        if line.owner_agency_id
        else None
    )
    if line.owner_agency_id and agency is None:
        raise refusal("owner_agency", "Choose an agency of this authority.")
    answers = None
    if line.kind == PlanItemKind.ACTION:
        if line.answers_id:
            answers = plan.items.filter(pk=line.answers_id, kind=PlanItemKind.DANGER).first()
        has_owner = bool(agency or line.owner_name.strip())
        check_action(rules, has_owner=has_owner, due_on=line.due_on, answers_a_danger=answers is not None)
        _check_dates(line, plan)
    elif line.done_on is not None:
        raise refusal("done_on", "Only an action is marked done.")
    if line.kind == PlanItemKind.OUTCOME:
        check_outcome(rules, indicators=line.indicators, collected_by=line.collected_by)
    return agency, answers


def _check_dates(line: PlanLineIn, plan: ChildProtectionPlan) -> None:
    started = long_date(plan.started_on)
    if line.due_on and line.due_on < plan.started_on:
        raise refusal("due_on", f"The plan started on {started}: an action is due on or after that.")
    if line.done_on and line.done_on > timezone.localdate():
        raise refusal("done_on", f"{long_date(line.done_on)} has not come yet: give the day it was done.")
    if line.done_on and line.done_on < plan.started_on:
        raise refusal("done_on", f"The plan started on {started}: the action was done on that day or later.")


def _write(item: PlanItem, line: PlanLineIn, agency, answers) -> None:
    """Each kind keeps only the fields it has."""
    kind = line.kind
    item.text = line.text.strip()
    item.indicators = line.indicators.strip() if kind == PlanItemKind.OUTCOME else ""
    item.collected_by = line.collected_by.strip() if kind == PlanItemKind.OUTCOME else ""
    item.owner_name = line.owner_name.strip() if kind == PlanItemKind.ACTION else ""
    item.owner_agency = agency if kind == PlanItemKind.ACTION else None
    item.due_on = line.due_on if kind == PlanItemKind.ACTION else None
    item.done_on = line.done_on if kind == PlanItemKind.ACTION else None
    item.answers = answers


@transaction.atomic
def add_item(*, by: Membership, plan_id: int, line: PlanLineIn, why: str) -> PlanItem:
    """A new line on a running plan."""
    plan = _plan(by, plan_id)
    reason = _why(why)
    agency, answers = _check(line, plan)
    item = PlanItem(
        authority=plan.authority,
        plan=plan,
        kind=line.kind,
        position=plan.items.filter(kind=line.kind).count(),
    )
    _write(item, line, agency, answers)
    save_with_history(item, by=by, reason=reason)
    track_plan_action(item, plan=plan, by=by, why=why.strip())
    return item


def _item(by: Membership, item_id: int) -> tuple[PlanItem, ChildProtectionPlan]:
    item = PlanItem.objects.for_authority(by.authority).only("pk", "plan_id").get(pk=item_id)
    plan = _plan(by, item.plan_id)
    return PlanItem.objects.for_authority(by.authority).select_for_update().get(pk=item_id), plan


def _as_line(item: PlanItem) -> PlanLineIn:
    return PlanLineIn(**{f.name: getattr(item, f.name) for f in fields(PlanLineIn)})


@transaction.atomic
def change_item(*, by: Membership, item_id: int, changes: dict, why: str) -> PlanItem:
    """Change some of a line's fields (`CHANGEABLE`; its kind stays); unchanged, nothing is saved."""
    item, plan = _item(by, item_id)
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise refusal(sorted(unknown)[0], "This part of a plan line is not changed here.")
    reason = _why(why)
    before = _as_line(item)
    line = replace(before, **changes)
    if line == before:
        return item
    agency, answers = _check(line, plan)
    _write(item, line, agency, answers)
    save_with_history(item, by=by, reason=reason)
    track_plan_action(item, plan=plan, by=by, why=why.strip())
    return item


@transaction.atomic
def remove_item(*, by: Membership, item_id: int, why: str) -> None:
    """Take a line off the plan; its history keeps it. A danger an action answers, or a line a core
    group recorded progress on, stays."""
    item, plan = _item(by, item_id)
    reason = _why(why)
    if item.answered_by.exists():
        raise refusal(
            "item", "Actions answer this danger statement: remove or change them first", rule_id="OUTCOME"
        )
    untrack_plan_action(item, plan=plan, by=by, why=why.strip())
    stamp(item, by=by, reason=reason)  # after: linking a copy to its deadline saves a version of its own
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        raise refusal(
            "item", "A core group recorded progress on this line, so it stays on the plan."
        ) from None


def follow_conference_action(
    *, authority_id: int, action_id: int, done_on: date | None, by: Membership, why: str = ""
) -> int:
    """The action was marked done on the conference's outline plan: each child's copy of it on a
    plan still running is done that day too (its deadline, where one runs, is the conference's, met
    already). With None it was not done after all (`why`): no copy is done either, and the deadline
    runs again as when a copy is changed here. Returns how many copies follow it."""
    copies = list(
        PlanItem.objects.for_authority(authority_id)
        .select_for_update(of=("self",))
        .select_related("plan")
        .filter(copied_from_id=action_id, plan__ended_on__isnull=True)
    )
    for copy in copies:
        if (copy.done_on is None) == (done_on is None):
            continue
        copy.done_on = done_on
        # Undone, the reason column's 100 characters go to why (the conference's action keeps it whole).
        said = (
            f"not done after all: {why}"
            if done_on is None
            else "done, as marked on the conference's outline plan"
        )
        reason = f"{CHANGED_BETWEEN_CONFERENCES}{said}"
        save_with_history(copy, by=by, reason=reason, update_fields=["done_on"])
    if done_on is None:
        # Every copy is saved before the first is settled: the shared deadline reads them all.
        for copy in copies:
            track_plan_action(copy, plan=copy.plan, by=by, why=why)
    return len(copies)
