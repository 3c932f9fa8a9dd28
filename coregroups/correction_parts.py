"""Each part of a minutes correction (the meeting's time and venue, the text, attendance, progress,
changes to the plan, action points, the next meeting): what changed is kept with its history and
named in the correction's `parts`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership, RuleSet
from authorities.refusals import refusal
from cases.models import PlanItem
from scheduling.clashes import check_clashes
from scheduling.services import (
    cancel_deadline,
)

from .booking import _check_when, _venue
from .clashes import meeting_slot
from .common import ACTION_RULE
from .invitations import tell_members_after_commit
from .minutes import _action_deadline, _book_next
from .minutes_checks import _Checked
from .minutes_data import MinutesIn, PlanChangeIn, ProgressIn
from .models import (
    AttendanceStatus,
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupMinutes,
    CoreGroupPlanNote,
    MeetingStatus,
)

# What a correction of each part is called in the history ("what changed").
TEXT_PARTS = {
    "purpose": "purpose",
    "chaired_by": "chair",
    "minutes_by": "notes taken by",
    "chair_minuter_reason": "why the chair took the notes",
    "reports_from_absent": "reports from those absent",
    "child_voice": "the child's voice",
    "summary": "summary",
    "minutes_reason": "why parts are missing",
}


@dataclass
class _Fix:
    """One correction under way: every row it touches keeps history with this user and reason,
    and `parts` collects what changed (shown with the correction)."""

    group: CoreGroup
    record: CoreGroupMinutes
    by: Membership
    why: str
    rules: RuleSet
    parts: list[str] = field(default_factory=list)

    def save(self, obj, **kwargs) -> None:
        save_with_history(obj, by=self.by, reason=self.why, **kwargs)

    def delete(self, obj) -> None:
        obj._history_user = self.by.user
        obj._change_reason = self.why[:100]
        obj.delete()

    def new(self, model, **values):
        return model(authority=self.group.authority, minutes=self.record, **values)


@dataclass
class _Attendance:
    """Attendance as given: rows already in the minutes (by row id) and members added to them."""

    rows: list[CoreGroupAttendance]
    kept: dict[int, str]  # row id -> status
    added: dict[int, CoreGroupMember]
    added_status: dict[int, str]
    anyone: bool  # the minutes list someone, or the group has members

    @property
    def statuses(self) -> list[str | None]:
        """For CG-MINUTES: nobody left in the minutes of a group with people is attendance missing."""
        given = [*self.kept.values(), *self.added_status.values()]
        return given or ([None] if self.anyone else [])


def _attendance_given(record: CoreGroupMinutes, group: CoreGroup, data: MinutesIn) -> _Attendance:
    authority = group.authority
    rows = list(CoreGroupAttendance.objects.for_authority(authority).filter(minutes=record))
    rows_by_id = {r.pk: r for r in rows}
    rows_by_member = {r.member_id: r for r in rows if r.member_id}
    members = {m.pk: m for m in CoreGroupMember.objects.for_authority(authority).filter(core_group=group)}
    given = _Attendance(rows=rows, kept={}, added={}, added_status={}, anyone=bool(rows or members))
    for row_in in data.attendance:
        if row_in.status not in AttendanceStatus.values:
            raise refusal("attendance", f"Attendance: choose one of {', '.join(AttendanceStatus.labels)}.")
        if row_in.attendance_id is not None:
            if row_in.attendance_id not in rows_by_id:
                raise refusal("attendance", f"No attendance row {row_in.attendance_id} in these minutes.")
            given.kept[row_in.attendance_id] = row_in.status
        elif row_in.member_id in rows_by_member:
            given.kept[rows_by_member[row_in.member_id].pk] = row_in.status
        elif row_in.member_id in members:
            given.added[row_in.member_id] = members[row_in.member_id]
            given.added_status[row_in.member_id] = row_in.status
        else:
            raise refusal("attendance", f"No member with id {row_in.member_id} in this core group.")
    return given


def _fix_meeting(fix: _Fix, meeting: CoreGroupMeeting, data: MinutesIn) -> None:
    venue = _venue(fix.group, data.venue_id, data.venue_note, "venue")
    venue_note = data.venue_note.strip()
    changed = []
    if meeting.scheduled_at != data.held_at:
        changed.append("time")
    if (meeting.venue_id, meeting.venue_note) != (venue.pk if venue else None, venue_note):
        changed.append("venue")
    if changed:
        meeting.scheduled_at, meeting.venue, meeting.venue_note = data.held_at, venue, venue_note
        fix.save(meeting)
        fix.parts.extend(changed)


def _fix_text(fix: _Fix, data: MinutesIn, *, no_plan_changes: bool) -> None:
    record = fix.record
    for name, label in TEXT_PARTS.items():
        new = getattr(data, name).strip()
        if getattr(record, name) != new:
            setattr(record, name, new)
            fix.parts.append(label)
    if record.no_plan_changes != no_plan_changes:
        record.no_plan_changes = no_plan_changes
        fix.parts.append("no changes to the plan")
    if record.action_points_checked != data.action_points_checked:
        record.action_points_checked = data.action_points_checked
        fix.parts.append("action points checked")


def _fix_attendance(fix: _Fix, given: _Attendance) -> None:
    changed = False
    for row in given.rows:
        if row.pk not in given.kept:
            fix.delete(row)
            changed = True
        elif row.status != given.kept[row.pk]:
            row.status = given.kept[row.pk]
            fix.save(row)
            changed = True
    for member_id, member in given.added.items():
        fix.save(
            fix.new(
                CoreGroupAttendance,
                member=member,
                name=member.name,
                role_label=member.role_label,
                status=given.added_status[member_id],
            )
        )
        changed = True
    if changed:
        fix.parts.append("attendance")


def _fix_progress(
    fix: _Fix, notes: dict[int, CoreGroupPlanNote], progress: list[ProgressIn], items: dict[int, PlanItem]
) -> None:
    given = {row.plan_item_id: row for row in progress if row.text.strip() or row.agreement}
    changed = False
    for item_id, note in notes.items():
        row = given.get(item_id)
        if row is None:
            fix.delete(note)
            changed = True
            continue
        values = (row.text.strip(), row.agreement, row.reason.strip())
        if (note.text, note.agreement, note.reason) != values:
            note.text, note.agreement, note.reason = values
            fix.save(note)
            changed = True
    for item_id, row in given.items():
        if item_id not in notes:
            item = items[item_id]
            fix.save(
                fix.new(
                    CoreGroupPlanNote,
                    kind=CoreGroupPlanNote.Kind.PROGRESS,
                    plan_id=item.plan_id,
                    plan_item=item,
                    text=row.text.strip(),
                    agreement=row.agreement,
                    reason=row.reason.strip(),
                )
            )
            changed = True
    if changed:
        fix.parts.append("progress on the plan")


def _fix_plan_changes(
    fix: _Fix, notes: list[CoreGroupPlanNote], changes: list[PlanChangeIn], plans: dict
) -> list[PlanChangeIn]:
    """Keeps the changes still there, removes the others, adds the new ones (returned: PLAN-CHANGES
    tells the chair of those)."""
    added = list(changes)
    removed = False
    for note in (n for n in notes if n.kind == CoreGroupPlanNote.Kind.CHANGE):
        same = next((c for c in added if (c.plan_id, c.text.strip()) == (note.plan_id, note.text)), None)
        if same is None:
            fix.delete(note)
            removed = True
        else:
            added.remove(same)
    for change in added:
        fix.save(
            fix.new(
                CoreGroupPlanNote,
                kind=CoreGroupPlanNote.Kind.CHANGE,
                plan=plans[change.plan_id],
                text=change.text.strip(),
            )
        )
    if removed or added:
        fix.parts.append("changes to the plan")
    return added


def _fix_actions(fix: _Fix, actions: dict[int, CoreGroupAction], checked: _Checked) -> None:
    """Action points in, changed or out; each one's OUTCOME deadline follows (see `_action_deadline`)."""
    kept = {a.id for a in checked.actions if a.id is not None}
    changed = False
    for pk, action in actions.items():
        if pk not in kept:
            cancel_deadline(authority=fix.group.authority, rule_id=ACTION_RULE, subject=action)
            fix.delete(action)
            changed = True
    for action_in in checked.actions:
        owner = checked.owners.get(action_in.owner_id)
        values = (action_in.text.strip(), owner.pk if owner else None, action_in.owner_name.strip())
        if action_in.id is None:
            row = fix.new(CoreGroupAction)
        else:
            row = actions[action_in.id]
            if (row.text, row.owner_id, row.owner_name, row.due_on) == (*values, action_in.due_on):
                continue
        row.text, row.owner, row.owner_name, row.due_on = values[0], owner, values[2], action_in.due_on
        fix.save(row)
        _action_deadline(fix.group, row, fix.rules)
        changed = True
    if changed:
        fix.parts.append("action points")


def _fix_next_meeting(fix: _Fix, data: MinutesIn, *, reason: str) -> bool:
    """The next meeting the minutes booked follows the correction: booked if there was none,
    moved, or cancelled when taken out. One already held or cancelled is left alone (changing it
    is refused). Returns whether anything changed; `sync_booking` then tells the deadline."""
    group, record, by = fix.group, fix.record, fix.by
    old = (
        CoreGroupMeeting.objects.for_authority(group.authority)
        .select_for_update(of=("self",))
        .filter(pk=record.next_meeting_id)
        .first()
        if record.next_meeting_id
        else None
    )
    when = data.next_meeting_at
    if old is None:
        if when is None:
            return False
        record.next_meeting = _book_next(group, data, by=by, reason=f"next meeting booked: {reason}")
        return True
    venue_note = data.next_venue_note.strip()
    if (old.scheduled_at, old.venue_id, old.venue_note) == (when, data.next_venue_id or None, venue_note):
        return False
    if old.status != MeetingStatus.BOOKED:
        raise refusal(
            "next_meeting_at",
            f"The next meeting ({long_date(timezone.localtime(old.scheduled_at))}) is "
            f"{old.status_label.lower()}: it can no longer be changed from these minutes.",
        )
    old.change_reason = f"minutes corrected: {reason}"
    # Members already sent the meeting get the change as a new version of the same event.
    old.ics_sequence += 1
    if when is None:
        old.cancelled_at = timezone.now()
        save_with_history(old, by=by, reason=f"cancelled: minutes corrected: {reason}")
        tell_members_after_commit(old)
        record.next_meeting = None
        return True
    if when != old.scheduled_at:
        _check_when(group, when, "next_meeting_at")
    old.scheduled_at = when
    old.venue = _venue(group, data.next_venue_id, venue_note, "next_venue")
    old.venue_note = venue_note
    slot = meeting_slot(group, starts_at=when, venue=old.venue, itself=old.pk)
    old.clash_reason = check_clashes(slot, reason=data.clash_reason)
    save_with_history(old, by=by, reason=f"moved: minutes corrected: {reason}")
    tell_members_after_commit(old)
    return True
