"""What recording and correcting core group minutes both check: the parts CG-MINUTES asks for,
ids inside this group and authority, and CG-CHAIR-NOT-MINUTER."""

from __future__ import annotations

from dataclasses import dataclass

from authorities.models import Membership, Mode, RuleSet
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from cases.models import ChildProtectionPlan, PlanItem

from .minutes_data import MINUTES_FIELDS, ActionIn, MinutesIn, PlanChangeIn
from .models import Agreement, AttendanceStatus, CoreGroup, CoreGroupMember


def missing_minutes_parts(
    data: MinutesIn,
    *,
    members: list[CoreGroupMember],
    items: list[PlanItem],
    statuses: list[str | None] | None = None,
) -> list[str]:
    """The CG-MINUTES parts (rule-set names) these minutes leave out. `statuses` replaces the
    per-member look-up when correcting (the people the minutes already list)."""
    if statuses is None:
        recorded = {a.member_id: a.status for a in data.attendance}
        statuses = [recorded.get(m.pk) for m in members]
    progress = {p.plan_item_id: p for p in data.progress}
    actions = [a for a in data.actions if a.text.strip()]
    present = {
        "date": data.held_at is not None,
        "time": data.held_at is not None,
        "venue": bool(data.venue_id or data.venue_note.strip()),
        "purpose": bool(data.purpose.strip()),
        "attendees": all(statuses),
        "apologies": all(statuses),
        "absentees": all(statuses),
        "chair": bool(data.chaired_by.strip()),
        "minute_taker": bool(data.minutes_by.strip()),
        "reports_from_absent": bool(data.reports_from_absent.strip())
        or not any(s in (AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT) for s in statuses),
        "plan_item_progress": all(progress.get(i.pk) and progress[i.pk].text.strip() for i in items),
        "plan_item_agreement": all(progress.get(i.pk) and progress[i.pk].agreement for i in items),
        "plan_item_reasons": all(
            p.reason.strip() for p in data.progress if p.agreement == Agreement.DISPUTED
        ),
        "plan_changes": bool(data.plan_changes) or data.no_plan_changes,
        "child_voice": bool(data.child_voice.strip()),
        "summary": bool(data.summary.strip()),
        "action_points": bool(actions),
        "action_owners": all(a.owner_id or a.owner_name.strip() for a in actions),
        "action_timescales": all(a.due_on for a in actions),
        "action_points_checked": data.action_points_checked,
        "next_meeting_date": data.next_meeting_at is not None,
        "next_meeting_time": data.next_meeting_at is not None,
        "next_meeting_venue": data.next_meeting_at is None
        or bool(data.next_venue_id or data.next_venue_note.strip()),
    }
    return [part for part, ok in present.items() if not ok]


def _check_minutes(rules: RuleSet, data: MinutesIn, missing: list[str]) -> None:
    """CG-MINUTES: required refuses naming the first missing part; advised asks for a reason."""
    values = rules.values(RuleId.CG_MINUTES)
    required = [p for p in values.get("required_fields", ()) if p in missing]
    if not required:
        return
    first = required[0]
    enforce(
        check_rule(
            rules,
            RuleId.CG_MINUTES,
            satisfied=False,
            message=f"the minutes leave out {', '.join(p.replace('_', ' ') for p in required)}",
        ),
        reason=data.minutes_reason,
        field=MINUTES_FIELDS.get(first, first)
        if rules.mode(RuleId.CG_MINUTES) == Mode.REQUIRED
        else "minutes_reason",
    )


def _same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


@dataclass
class _Checked:
    """What `_check_parts` found valid: look-ups by id, and the non-empty changes and actions."""

    items: dict[int, PlanItem]
    plans: dict[int, ChildProtectionPlan]
    owners: dict[int, Membership]
    changes: list[PlanChangeIn]
    actions: list[ActionIn]


def _check_parts(
    group: CoreGroup,
    data: MinutesIn,
    rules: RuleSet,
    *,
    items: list[PlanItem],
    plans: list[ChildProtectionPlan],
    members: list[CoreGroupMember],
    required_items: list[PlanItem],
    statuses: list[str | None] | None = None,
    plans_in_words: str = "the children's current plans",
) -> _Checked:
    """The checks recording and correcting share: ids inside this group and authority, then
    CG-MINUTES and CG-CHAIR-NOT-MINUTER by the rule set's modes (refusals name rule and field)."""
    items_by_id = {i.pk: i for i in items}
    for row in data.progress:
        if row.plan_item_id not in items_by_id:
            raise refusal("progress", f"No item {row.plan_item_id} in {plans_in_words}.")
        if row.agreement and row.agreement not in Agreement.values:
            raise refusal("progress", "Progress: agreed or disputed.")
    plans_by_id = {p.pk: p for p in plans}
    changes = [c for c in data.plan_changes if c.text.strip()]
    data.plan_changes = changes
    for change in changes:
        if change.plan_id not in plans_by_id:
            raise refusal("plan_changes", f"No plan {change.plan_id} in {plans_in_words}.")
    actions = [a for a in data.actions if a.text.strip()]
    owners = {
        m.pk: m
        for m in Membership.objects.for_authority(group.authority).filter(
            pk__in=[a.owner_id for a in actions if a.owner_id]
        )
    }
    for action in actions:
        if action.owner_id and action.owner_id not in owners:
            raise refusal("actions", f"No member of staff with id {action.owner_id} here.")

    missing = missing_minutes_parts(data, members=members, items=required_items, statuses=statuses)
    _check_minutes(rules, data, missing)
    if _same_person(data.chaired_by, data.minutes_by):
        enforce(
            check_rule(
                rules,
                RuleId.CG_CHAIR_NOT_MINUTER,
                satisfied=False,
                message=f"{data.chaired_by.strip()} both chaired and took the notes",
            ),
            reason=data.chair_minuter_reason,
            field="chair_minuter_reason",
        )
    return _Checked(items_by_id, plans_by_id, owners, changes, actions)
