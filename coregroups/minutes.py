"""Recording a meeting as held, with its minutes."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from authorities.dates import local_day
from authorities.history import save_with_history
from authorities.human_dates import long_date
from authorities.models import Membership, Mode, RuleSet
from authorities.refusals import refusal
from authorities.rules.ids import RuleId
from scheduling.engine import Timescale
from scheduling.models import Notification
from scheduling.services import (
    cancel_deadline,
    meet_deadline,
    notify,
    open_deadline,
)

from .booking import _book, _booked, _venue
from .common import ACTION_RULE
from .deadlines import _cycle_conference, _deadlines_after_held, sync_booking
from .minutes_checks import _check_parts, _Checked
from .minutes_data import (
    MinutesIn,
    PlanChangeIn,
    current_plan_items,
    minutes_plans,
)
from .models import (
    AttendanceStatus,
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupMinutes,
    CoreGroupPlanNote,
)
from .permissions import _meeting, _rules


def _action_deadline(group: CoreGroup, action: CoreGroupAction, rules: RuleSet) -> None:
    """OUTCOME for an action point: due on the date agreed, flagged (advised) rather than
    escalated; opened, moved (new date, owner or wording) or cancelled (no date any more), and
    met again when the action was already done."""
    if action.due_on is None:
        cancel_deadline(authority=group.authority, rule_id=ACTION_RULE, subject=action)
        return
    open_deadline(
        authority=group.authority,
        rule_id=ACTION_RULE,
        subject=action,
        event_on=action.due_on,
        label=f"Core group action for {group.family}: {action.text[:200]}",
        family_id=group.family_id,
        responsible=action.owner,
        rule_set=rules,
        timescale=Timescale(unit="working_days", amount=0),  # due on the date agreed
        mode=Mode.ADVISED,
    )
    if action.done_on is not None:
        meet_deadline(authority=group.authority, rule_id=ACTION_RULE, subject=action, met_on=action.done_on)


@transaction.atomic
def record_meeting_held(*, meeting_id: int, by: Membership, minutes: MinutesIn) -> CoreGroupMinutes:
    """The meeting took place: its minutes (CG-MINUTES), the deadlines it meets and opens, plan
    changes to the chair (PLAN-CHANGES), action points as deadlines, and the next meeting booked."""
    data = minutes
    meeting, group = _meeting(by, meeting_id)
    _booked(meeting)
    held_day = _held_day(group, data)
    rules = _rules(group, held_day)
    members = list(CoreGroupMember.objects.for_authority(group.authority).filter(core_group=group))
    by_member = _attendance_members(members, data)
    items = current_plan_items(group)
    checked = _check_parts(
        group,
        data,
        rules,
        items=items,
        plans=minutes_plans(group),
        members=members,
        required_items=items,
    )

    venue = _venue(group, data.venue_id, data.venue_note, "venue")
    meeting.held_on = held_day
    meeting.scheduled_at = data.held_at
    meeting.venue = venue
    meeting.venue_note = data.venue_note.strip()
    save_with_history(meeting, by=by, reason="meeting held")

    record = _minutes_record(group, meeting, data, checked, by=by)
    _write_minutes_rows(group, record, data, checked, by_member, rules, by=by)

    _deadlines_after_held(group, meeting, rules=rules, late_reason=data.late_reason, by=by)
    if checked.changes:
        _tell_chair_of_changes(
            group,
            record,
            checked.changes,
            checked.plans,
            rules,
            by=by,
            dedupe_key=f"cg-plan-change-{record.pk}",
        )
    if data.next_meeting_at is not None:
        record.next_meeting = _book_next(group, data, by=by, reason="next meeting booked at core group")
        save_with_history(record, by=by, reason="next meeting booked", update_fields=["next_meeting"])
    sync_booking(group, by=by)
    return record


def _held_day(group: CoreGroup, data: MinutesIn) -> date:
    """The day the meeting was held: not in the future, and after the conference that set it up."""
    held_day = local_day(data.held_at)
    if held_day > timezone.localdate():
        raise refusal("held_at", "A meeting is recorded as held on or after the day it took place.")
    if group.set_up_at is not None and group.set_up_at.held_on and held_day <= group.set_up_at.held_on:
        raise refusal("held_at", "The core group meets after the conference that set it up.")
    return held_day


def _attendance_members(members: list[CoreGroupMember], data: MinutesIn) -> dict[int, CoreGroupMember]:
    """The group's members by id, once every attendance row names one of them with a known status."""
    by_member = {m.pk: m for m in members}
    for row in data.attendance:
        if row.member_id not in by_member:
            raise refusal("attendance", f"No member with id {row.member_id} in this core group.")
        if row.status not in AttendanceStatus.values:
            raise refusal("attendance", f"Attendance: choose one of {', '.join(AttendanceStatus.labels)}.")
    return by_member


def _minutes_record(
    group: CoreGroup, meeting: CoreGroupMeeting, data: MinutesIn, checked: _Checked, *, by: Membership
) -> CoreGroupMinutes:
    record = CoreGroupMinutes(
        authority=group.authority,
        meeting=meeting,
        purpose=data.purpose.strip(),
        chaired_by=data.chaired_by.strip(),
        minutes_by=data.minutes_by.strip(),
        chair_minuter_reason=data.chair_minuter_reason.strip(),
        reports_from_absent=data.reports_from_absent.strip(),
        child_voice=data.child_voice.strip(),
        summary=data.summary.strip(),
        no_plan_changes=data.no_plan_changes and not checked.changes,
        action_points_checked=data.action_points_checked,
        minutes_reason=data.minutes_reason.strip(),
        late_reason=data.late_reason.strip(),
        recorded_by=by,
    )
    save_with_history(record, by=by, reason="minutes recorded")
    return record


def _write_minutes_rows(
    group: CoreGroup,
    record: CoreGroupMinutes,
    data: MinutesIn,
    checked: _Checked,
    by_member: dict[int, CoreGroupMember],
    rules: RuleSet,
    *,
    by: Membership,
) -> None:
    """The rows the minutes hold: attendance, progress on each plan item, plan changes
    (PLAN-CHANGES) and action points (each with its OUTCOME deadline where it has a date)."""
    bulk_create_with_history(
        [
            CoreGroupAttendance(
                authority=group.authority,
                minutes=record,
                member=by_member[row.member_id],
                name=by_member[row.member_id].name,
                role_label=by_member[row.member_id].role_label,
                status=row.status,
            )
            for row in data.attendance
        ],
        CoreGroupAttendance,
        default_user=by.user,
        default_change_reason="minutes recorded",
    )
    _write_plan_notes(group, record, data, checked, by=by)
    for action in checked.actions:
        row = CoreGroupAction(
            authority=group.authority,
            minutes=record,
            text=action.text.strip(),
            owner=checked.owners.get(action.owner_id),
            owner_name=action.owner_name.strip(),
            due_on=action.due_on,
        )
        save_with_history(row, by=by, reason="action point agreed at core group")
        if row.due_on:
            _action_deadline(group, row, rules)


def _write_plan_notes(
    group: CoreGroup, record: CoreGroupMinutes, data: MinutesIn, checked: _Checked, *, by: Membership
) -> None:
    """Progress on each plan item the minutes speak of, then each change to a plan (PLAN-CHANGES)."""
    for row in data.progress:
        if not (row.text.strip() or row.agreement):
            continue
        item = checked.items[row.plan_item_id]
        save_with_history(
            CoreGroupPlanNote(
                authority=group.authority,
                minutes=record,
                kind=CoreGroupPlanNote.Kind.PROGRESS,
                plan_id=item.plan_id,
                plan_item=item,
                text=row.text.strip(),
                agreement=row.agreement,
                reason=row.reason.strip(),
            ),
            by=by,
            reason="progress recorded at core group",
        )
    for change in checked.changes:
        save_with_history(
            CoreGroupPlanNote(
                authority=group.authority,
                minutes=record,
                kind=CoreGroupPlanNote.Kind.CHANGE,
                plan=checked.plans[change.plan_id],
                text=change.text.strip(),
            ),
            by=by,
            reason="Change recorded at core group (PLAN-CHANGES)",
        )


def _book_next(group: CoreGroup, data: MinutesIn, *, by: Membership, reason: str) -> CoreGroupMeeting:
    return _book(
        group,
        by=by,
        scheduled_at=data.next_meeting_at,
        venue_id=data.next_venue_id,
        venue_note=data.next_venue_note,
        reason=reason,
        when_field="next_meeting_at",
        venue_field="next_venue",
        clash_reason=data.clash_reason,
    )


def _tell_chair_of_changes(
    group: CoreGroup,
    record: CoreGroupMinutes,
    changes: list[PlanChangeIn],
    plans: dict,
    rules: RuleSet,
    *,
    by: Membership,
    dedupe_key: str,
    corrected: bool = False,
) -> None:
    """PLAN-CHANGES: the changes reach the chair of the family's last conference before the review."""
    if rules.mode(RuleId.PLAN_CHANGES) == Mode.OFF:
        return
    conference = _cycle_conference(group, record.meeting.held_on)
    if conference is None:
        return
    chair = (
        Membership.objects.for_authority(group.authority).select_related("user").get(pk=conference.chair_id)
    )
    how = "changed the plan (added when its minutes were corrected)" if corrected else "changed the plan"
    count = f"{len(changes)} change{'s' if len(changes) != 1 else ''}"
    # Notifications are e-mailed: the case reference, the date and a link; the children's names
    # and what changed stay behind sign-in, on the core group's page.
    notify(
        authority=group.authority,
        recipient=chair.user,
        kind=Notification.Kind.PLAN_CHANGE,
        subject=f"Plan changed at a core group: case {group.family.case_reference}"[:300],
        body=f"The core group on {long_date(record.meeting.held_on)} {how}: {count} (PLAN-CHANGES).",
        url=reverse("coregroups:core-group", kwargs={"authority_slug": group.authority.slug, "pk": group.pk}),
        dedupe_key=dedupe_key,
    )
