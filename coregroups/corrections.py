"""Correcting minutes afterwards: the action points' deadlines and the next meeting follow. Each
part's correction is in `correction_parts.py`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from authorities.dates import local_day
from authorities.human_dates import long_date
from authorities.models import Membership
from authorities.refusals import refusal

from .correction_parts import (
    _attendance_given,
    _Fix,
    _fix_actions,
    _fix_attendance,
    _fix_meeting,
    _fix_next_meeting,
    _fix_plan_changes,
    _fix_progress,
    _fix_text,
)
from .deadlines import sync_booking
from .minutes import _tell_chair_of_changes
from .minutes_checks import _check_parts
from .minutes_data import MinutesIn, minutes_plan_items, minutes_plans
from .models import CoreGroup, CoreGroupAction, CoreGroupMeeting, CoreGroupMinutes, CoreGroupPlanNote
from .permissions import _meeting, _rules


class StaleMinutes(Exception):
    """Someone else corrected the minutes since this person opened them: refused, never overwritten."""

    def __init__(self, record: CoreGroupMinutes) -> None:
        self.current_version = record.version
        self.by_name = record.corrected_by.user.display_name if record.corrected_by_id else "someone else"
        when = (
            record.corrected_at
            and f" at {timezone.localtime(record.corrected_at):%H:%M} on {long_date(record.corrected_at)}"
        )
        super().__init__(
            f"{self.by_name} corrected these minutes{when or ''} while you were editing them. Your "
            "corrections have not been saved: open the minutes again to see theirs, then make yours again."
        )


@transaction.atomic
def correct_minutes(
    *, meeting_id: int, by: Membership, minutes: MinutesIn, reason: str, expected_version: int
) -> CoreGroupMinutes:
    """Correct a held meeting's minutes. Same people (`may_convene`) and the same checks as
    recording (CG-MINUTES, CG-CHAIR-NOT-MINUTER, ids inside this group), with a reason. Every row
    changed keeps its history (user, reason); the minutes record version, who, when, why and
    what. `expected_version` is the version the editor loaded: anything else is refused
    (`StaleMinutes`), so a stale edit never overwrites a newer one. Action points re-derive their
    OUTCOME deadlines and the next meeting is moved, booked or cancelled with the change.

    The date the meeting was held is not correctable here: the CG timescales it met and opened
    count from it. Its time and venue are."""
    data = minutes
    meeting, group = _meeting(by, meeting_id)
    record = _minutes_to_correct(meeting, group, expected_version)
    reason = _check_correction(meeting, data, reason)
    rules = _rules(group, meeting.held_on)
    attendance = _attendance_given(record, group, data)
    notes = list(CoreGroupPlanNote.objects.for_authority(group.authority).filter(minutes=record))
    progress_notes = {n.plan_item_id: n for n in notes if n.kind == CoreGroupPlanNote.Kind.PROGRESS}
    items = minutes_plan_items(group, record)
    actions_now = _actions_given(record, group, data)
    # Complete as the meeting was: the people the minutes list and the items they spoke of
    # (members who joined the group later were not there).
    checked = _check_parts(
        group,
        data,
        rules,
        items=items,
        plans=minutes_plans(group, record),
        members=[],
        statuses=attendance.statuses,
        required_items=[i for i in items if i.pk in progress_notes],
        plans_in_words="the children's plans at this meeting",
    )
    fix = _Fix(group=group, record=record, by=by, why=f"corrected: {reason}", rules=rules)
    _fix_meeting(fix, meeting, data)
    _fix_text(fix, data, no_plan_changes=data.no_plan_changes and not checked.changes)
    _fix_attendance(fix, attendance)
    _fix_progress(fix, progress_notes, data.progress, checked.items)
    added_changes = _fix_plan_changes(fix, notes, checked.changes, checked.plans)
    _fix_actions(fix, actions_now, checked)
    if _fix_next_meeting(fix, data, reason=reason):
        fix.parts.append("next meeting")
    if not fix.parts:
        raise refusal(None, "Nothing has changed: the minutes are as they were.")
    if added_changes:
        _tell_chair_of_changes(
            group,
            record,
            added_changes,
            checked.plans,
            rules,
            by=by,
            dedupe_key=f"cg-plan-change-{record.pk}-v{record.version + 1}",
            corrected=True,
        )
    _mark_corrected(fix, reason)
    sync_booking(group, by=by)
    return record


def _check_correction(meeting: CoreGroupMeeting, data: MinutesIn, reason: str) -> str:
    """A correction gives its reason (returned, stripped) and keeps the day the meeting was held."""
    reason = reason.strip()
    if not reason:
        raise refusal("correction_reason", "Say why the minutes are corrected.")
    if local_day(data.held_at) != meeting.held_on:
        raise refusal(
            "held_at",
            f"The meeting was held on {long_date(meeting.held_on)}: only its time can be corrected, as "
            "the core group timescales it met and opened count from that date.",
        )
    return reason


def _minutes_to_correct(
    meeting: CoreGroupMeeting, group: CoreGroup, expected_version: int
) -> CoreGroupMinutes:
    """The held meeting's minutes, locked, as the editor loaded them (else `StaleMinutes`)."""
    if meeting.held_on is None:
        raise refusal(None, "Only the minutes of a held meeting can be corrected: record them first.")
    record = (
        CoreGroupMinutes.objects.for_authority(group.authority)
        .select_for_update(of=("self",))
        .select_related("corrected_by__user")
        .filter(meeting=meeting)
        .first()
    )
    if record is None:
        raise refusal(None, "This meeting has no minutes to correct.")
    record.meeting = meeting
    if record.version != expected_version:
        raise StaleMinutes(record)
    return record


def _actions_given(record: CoreGroupMinutes, group: CoreGroup, data: MinutesIn) -> dict[int, CoreGroupAction]:
    """The minutes' action points by id; every id the correction names must be one of them."""
    actions = {a.pk: a for a in CoreGroupAction.objects.for_authority(group.authority).filter(minutes=record)}
    for action in data.actions:
        if action.id is not None and action.id not in actions:
            raise refusal("actions", f"No action {action.id} in these minutes.")
    return actions


def _mark_corrected(fix: _Fix, reason: str) -> None:
    """The minutes' own record of the correction: a new version, who, when, why and what changed."""
    record = fix.record
    record.version += 1
    record.corrected_at = timezone.now()
    record.corrected_by = fix.by
    record.correction_reason = reason
    record.corrected_parts = ", ".join(fix.parts)
    fix.save(record)
