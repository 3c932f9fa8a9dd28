"""The outline plan and its items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Agency, Membership
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from cases.plans.item_checks import check_action, check_outcome, check_text
from conferences.models import (
    Conference,
    OutlineItemKind,
    OutlinePlan,
    OutlinePlanItem,
    PlanKind,
)

from . import plan_actions
from .common import StaleEdit, _conference


def _plan(conference: Conference) -> OutlinePlan:
    plan = (
        OutlinePlan.objects.for_authority(conference.authority)
        .select_for_update()
        .filter(conference=conference)
        .first()
    )
    if plan is None:
        plan = OutlinePlan.objects.create(authority=conference.authority, conference=conference, version=0)
    return plan


@transaction.atomic
def record_plan(
    *,
    conference_id: int,
    expected_version: int,
    by: Membership,
    contingency: str = "",
    bottom_lines: str = "",
    resource_plan_review: str = "",
    safety_plan_review: str = "",
) -> OutlinePlan:
    """OUTCOME: the contingency plan and non-negotiable bottom lines (and, where PLAN-KINDS is on,
    how often the resource and safety plans are reviewed). A stale save is refused (StaleEdit)."""
    conference = _conference(by, conference_id)
    plan = _plan(conference)
    if plan.version != expected_version:
        raise StaleEdit(
            what="The plan",
            current_text=f"Contingency plan: {plan.contingency}\n\nBottom lines: {plan.bottom_lines}",
            current_version=plan.version,
            by_name=plan.updated_by.user.display_name if plan.updated_by_id else "",
        )
    plan.contingency = contingency.strip()
    plan.bottom_lines = bottom_lines.strip()
    plan.resource_plan_review = resource_plan_review.strip()
    plan.safety_plan_review = safety_plan_review.strip()
    plan.version += 1
    plan.updated_by = by
    save_with_history(plan, by=by, reason="plan saved")
    return plan


@dataclass(frozen=True)
class _Line:
    """One plan line as asked for, before it is checked."""

    kind: str
    text: str
    plan_kind: str = ""
    indicators: str = ""
    collected_by: str = ""
    owner_agency_id: int | None = None
    owner_name: str = ""
    due_on: date | None = None
    answers_id: int | None = None
    frequency: str = ""


@transaction.atomic
def add_plan_item(*, conference_id: int, by: Membership, **line) -> OutlinePlanItem:
    """One line of the plan (OUTCOME): a danger statement, a safety goal, an outcome statement
    with its indicators and who collects them, an action with owner and due date answering a
    named danger, or (CG-SEE-CHILD) how often a member sees the child. Keyword arguments: the
    fields of `_Line` (kind and text required)."""
    asked = _Line(**line)
    conference = _conference(by, conference_id)
    rules = conference.rule_set_in_force()
    plan = _plan(conference)
    plan_kind = _check_kinds(asked, rules)
    owner_agency = _owner_agency(conference, asked.owner_agency_id)
    answers = _check_line(asked, rules, conference=conference, plan=plan, owner_agency=owner_agency)
    item = _new_item(asked, conference=conference, plan=plan, plan_kind=plan_kind)
    item.owner_agency, item.answers = (owner_agency if asked.kind in _OWNED else None), answers
    save_with_history(item, by=by, reason=f"plan: {asked.kind} added")
    plan_actions.track_action(item, conference=conference, rules=rules)
    return item


# The kinds of line that name an owner (person or agency).
_OWNED = (OutlineItemKind.ACTION, OutlineItemKind.CONTACT)


def _check_kinds(asked: _Line, rules) -> str:
    """The line's kind, and its plan kind where PLAN-KINDS is on (dropped where it is not)."""
    if asked.kind not in OutlineItemKind.values:
        raise refusal("kind", "Choose what kind of plan line this is", rule_id="OUTCOME")
    check_text(asked.text)
    if asked.plan_kind and asked.plan_kind not in PlanKind.values:
        raise refusal("plan_kind", "Choose the resource plan or the safety plan", rule_id="PLAN-KINDS")
    return asked.plan_kind if rules.is_on(RuleId.PLAN_KINDS) else ""


def _owner_agency(conference: Conference, owner_agency_id: int | None) -> Agency | None:
    if not owner_agency_id:
        return None
    return Agency.objects.for_authority(conference.authority).get(pk=owner_agency_id)


def _check_line(asked: _Line, rules, *, conference, plan, owner_agency) -> OutlinePlanItem | None:
    """What OUTCOME (and CG-SEE-CHILD) ask of this kind of line; returns the danger an action answers."""
    answers = None
    if asked.kind == OutlineItemKind.ACTION:
        if asked.answers_id:
            answers = plan.items.filter(pk=asked.answers_id, kind=OutlineItemKind.DANGER).first()
        has_owner = bool(owner_agency or asked.owner_name.strip())
        check_action(rules, has_owner=has_owner, due_on=asked.due_on, answers_a_danger=answers is not None)
        if asked.due_on and asked.due_on < conference.day:
            raise refusal(
                "due_on", "An action is due on or after the day of the conference", rule_id="OUTCOME"
            )
    if asked.kind == OutlineItemKind.OUTCOME:
        check_outcome(rules, indicators=asked.indicators, collected_by=asked.collected_by)
    if asked.kind == OutlineItemKind.CONTACT and not asked.frequency.strip():
        raise refusal("frequency", "Say how often this member sees the child", rule_id="CG-SEE-CHILD")
    return answers


def _new_item(asked: _Line, *, conference, plan, plan_kind: str) -> OutlinePlanItem:
    """The row for a checked line: each kind keeps only the fields it has."""
    kind = asked.kind
    return OutlinePlanItem(
        authority=conference.authority,
        plan=plan,
        kind=kind,
        text=asked.text.strip(),
        plan_kind=plan_kind,
        indicators=asked.indicators.strip() if kind == OutlineItemKind.OUTCOME else "",
        collected_by=asked.collected_by.strip() if kind == OutlineItemKind.OUTCOME else "",
        owner_name=asked.owner_name.strip() if kind in _OWNED else "",
        due_on=asked.due_on if kind == OutlineItemKind.ACTION else None,
        frequency=asked.frequency.strip() if kind == OutlineItemKind.CONTACT else "",
        position=plan.items.filter(kind=kind).count(),
    )


@transaction.atomic
def change_action_due_date(
    *, conference_id: int, item_id: int, due_on: date | None, by: Membership
) -> OutlinePlanItem:
    """Move an action's due date in the room; its OUTCOME deadline moves with it (or stops, where
    the rule set lets an action go without a date)."""
    conference = _conference(by, conference_id)
    rules = conference.rule_set_in_force()
    item = (
        OutlinePlanItem.objects.for_authority(conference.authority)
        .select_for_update(of=("self",))
        .filter(plan__conference=conference)
        .get(pk=item_id)
    )
    if item.kind != OutlineItemKind.ACTION:
        raise refusal(
            "item", f"item: only an action has a due date, not a {item.get_kind_display().lower()}."
        )
    if item.done_on is not None:
        raise refusal("due_on", f"due_on: this action was done on {long_date(item.done_on)}; its date stays.")
    if due_on is None:
        enforce(
            check_rule(rules, RuleId.OUTCOME, satisfied=False, message="an action needs a due date"),
            field="due_on",
        )
    elif due_on < conference.day:
        raise refusal(
            "due_on",
            f"due_on: an action is due on or after the day of the conference "
            f"({long_date(conference.day)}) (OUTCOME).",
        )
    if item.due_on != due_on:
        item.due_on = due_on
        save_with_history(item, by=by, reason="plan: action's due date changed", update_fields=["due_on"])
    plan_actions.track_action(item, conference=conference, rules=rules)
    return item


@transaction.atomic
def remove_plan_item(*, conference_id: int, item_id: int, by: Membership) -> None:
    conference = _conference(by, conference_id)
    plan = _plan(conference)
    item = plan.items.get(pk=item_id)
    if item.answered_by.exists():
        raise refusal("item", "Actions answer this danger statement; remove them first", rule_id="OUTCOME")
    if item.kind == OutlineItemKind.ACTION:
        plan_actions.untrack_action(item, conference=conference)
    item._history_user = by.user
    item._change_reason = "plan line removed"
    item.delete()


@transaction.atomic
def record_outcome_teller(
    *, conference_id: int, name: str, expected_version: int, by: Membership
) -> Conference:
    """CHILD-PARTICIPATION: the named person who tells the child the outcome and shares the safety plan."""
    conference = _conference(by, conference_id)
    if conference.version != expected_version:
        raise StaleEdit(
            what="Who tells the child",
            current_text=conference.outcome_told_by,
            current_version=conference.version,
            by_name="",
        )
    if not name.strip():
        raise refusal(
            "outcome_told_by", "Name who tells the child the outcome", rule_id="CHILD-PARTICIPATION"
        )
    conference.outcome_told_by = name.strip()
    conference.version += 1
    save_with_history(
        conference, by=by, reason="who tells the child", update_fields=["outcome_told_by", "version"]
    )
    return conference
