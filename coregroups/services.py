"""Core group services: booking, moving and cancelling meetings, recording a meeting as held
with its minutes, and marking action points done.

Each service takes keyword-only arguments, runs in one transaction, locks the core group row (two
people booking at once serialise), reads only inside the caller's authority (another authority's
group, or one a practitioner is not a member of, is "does not exist"), checks the rules against the
rule set in force on the meeting's date and keeps history with the user and the reason.

Deadlines (issue 7) all go through `scheduling.services`:
- the first meeting held meets CG1-10WD (subject: the conference that set the group up) and opens
  CG-6WK (subject: that meeting), met by the next held meeting;
- after the family's first review conference each held meeting opens CG-2M, met by the next;
- CG-MIN2 opens for the family's last conference (subject: that conference, one row per cycle)
  at the first booking or held meeting after it, due `flag_working_days_before_review` working days
  before that conference's review deadline, met by the second meeting held since it;
- booking tells `record_booking` which open CG deadline the next booked meeting is for;
- each action point with a due date is an OUTCOME deadline, flagged (advised) rather than escalated,
  met when the action is marked done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from authorities.models import Membership, Mode, Role, RuleSet, Venue
from authorities.rules.checks import check_deadline, check_rule, enforce
from authorities.selectors import rule_set_in_force
from cases.models import ChildProtectionPlan, PlanItem
from scheduling.calendars import calendar_for
from scheduling.engine import Timescale
from scheduling.models import Deadline, Notification
from scheduling.services import deadline_for, meet_deadline, notify, open_deadline, record_booking

from .models import (
    Agreement,
    AttendanceStatus,
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupMinutes,
    CoreGroupPlanNote,
)

REVIEW_RULES = ("RCPC1-3M", "RCPCN-6M")
ACTION_RULE = "OUTCOME"  # "actions with owner and date" (OUTCOME); flagged, never escalated


def _fail(field_name: str | None, message: str) -> ValidationError:
    return ValidationError({field_name: [message]} if field_name else message)


def _save(obj, *, by: Membership, reason: str, **kwargs) -> None:
    obj._history_user = by.user
    obj._change_reason = reason[:100]
    obj.save(**kwargs)


def local_day(when: datetime) -> date:
    return timezone.localdate(when) if timezone.is_aware(when) else when.date()


# --- who may do what -----------------------------------------------------------------------------


def may_convene(membership: Membership, group: CoreGroup) -> bool:
    """The case's social worker, their team manager, or a chair may book and record meetings."""
    if membership.authority_id != group.authority_id:
        return False
    if membership.role == Role.CHAIR:
        return True
    social_worker = group.family.social_worker
    if social_worker is None:
        return False
    return membership.pk == social_worker.pk or (
        membership.role == Role.TEAM_MANAGER and membership.pk == social_worker.team_manager_id
    )


def _group(by: Membership, core_group_id: int) -> CoreGroup:
    """The core group, locked, in the caller's authority and visible to them; then the role check."""
    group = (
        CoreGroup.objects.for_authority(by.authority)
        .visible_to(by)
        .select_for_update(of=("self",))
        .select_related("authority", "family__social_worker__user", "set_up_at")
        .get(pk=core_group_id)
    )
    if not may_convene(by, group):
        raise PermissionDenied("Only the case's social worker, their team manager or a chair can do this.")
    if group.ended_on is not None:
        raise _fail(None, f"This core group ended on {group.ended_on:%d %B %Y}.")
    return group


def _meeting(by: Membership, meeting_id: int) -> tuple[CoreGroupMeeting, CoreGroup]:
    meeting = (
        CoreGroupMeeting.objects.for_authority(by.authority)
        .visible_to(by)
        .only("pk", "core_group_id")
        .get(pk=meeting_id)
    )
    group = _group(by, meeting.core_group_id)
    meeting = (
        CoreGroupMeeting.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("venue")
        .get(pk=meeting_id)
    )
    return meeting, group


def _rules(group: CoreGroup, on: date) -> RuleSet:
    return rule_set_in_force(group.authority, on=on)


# --- booking -------------------------------------------------------------------------------------


def _check_when(group: CoreGroup, when: datetime, field_name: str) -> date:
    """A meeting is booked for a working day (RULES.md "Dates") that has not passed."""
    day = local_day(when)
    if day < timezone.localdate():
        raise _fail(field_name, f"{day:%d %B %Y} has passed: book a meeting for today or later.")
    if not calendar_for(group.authority).is_working_day(day):
        raise _fail(
            field_name, f"{day:%A %d %B %Y} is not a working day (weekend, bank holiday or closure day)."
        )
    return day


def _venue(group: CoreGroup, venue_id: int | None, venue_note: str, field_name: str) -> Venue | None:
    if not venue_id:
        return None
    venue = Venue.objects.for_authority(group.authority).filter(pk=venue_id, is_active=True).first()
    if venue is None:
        raise _fail(field_name, f"No venue with id {venue_id} here.")
    return venue


def _book(
    group: CoreGroup,
    *,
    by: Membership,
    scheduled_at: datetime,
    venue_id: int | None,
    venue_note: str,
    reason: str,
    when_field: str = "scheduled_at",
    venue_field: str = "venue",
) -> CoreGroupMeeting:
    day = _check_when(group, scheduled_at, when_field)
    venue = _venue(group, venue_id, venue_note, venue_field)
    rules = _rules(group, day)
    social_worker = group.family.social_worker
    enforce(
        check_rule(
            rules,
            "CG-CONVENOR",
            satisfied=social_worker is not None and by.pk == social_worker.pk,
            message="core groups are convened by the case's social worker"
            + (f" ({social_worker.user.display_name})" if social_worker else ""),
        ),
        reason=reason,
        field="reason",
    )
    meeting = CoreGroupMeeting(
        authority=group.authority,
        core_group=group,
        scheduled_at=scheduled_at,
        venue=venue,
        venue_note=venue_note.strip(),
        booked_by=by,
    )
    _save(meeting, by=by, reason=reason or "core group meeting booked")
    return meeting


@transaction.atomic
def book_meeting(
    *,
    core_group_id: int,
    by: Membership,
    scheduled_at: datetime,
    venue_id: int | None = None,
    venue_note: str = "",
    reason: str = "",
) -> CoreGroupMeeting:
    group = _group(by, core_group_id)
    meeting = _book(
        group, by=by, scheduled_at=scheduled_at, venue_id=venue_id, venue_note=venue_note, reason=reason
    )
    _ensure_min2(group, by=by, on=local_day(scheduled_at))
    sync_booking(group, by=by)
    return meeting


def _booked(meeting: CoreGroupMeeting) -> None:
    if meeting.held_on is not None or meeting.cancelled_at is not None:
        raise _fail(None, f"This meeting is {meeting.status_label.lower()}: it can no longer be changed.")


@transaction.atomic
def move_meeting(
    *,
    meeting_id: int,
    by: Membership,
    scheduled_at: datetime,
    reason: str,
    venue_id: int | None = None,
    venue_note: str | None = None,
) -> CoreGroupMeeting:
    meeting, group = _meeting(by, meeting_id)
    _booked(meeting)
    if not reason.strip():
        raise _fail("reason", "Say why the meeting is moved.")
    _check_when(group, scheduled_at, "scheduled_at")
    meeting.scheduled_at = scheduled_at
    if venue_id is not None or venue_note is not None:
        meeting.venue = _venue(group, venue_id, venue_note or "", "venue")
        meeting.venue_note = (venue_note or "").strip()
    meeting.change_reason = reason.strip()
    _save(meeting, by=by, reason=f"moved: {reason.strip()}")
    sync_booking(group, by=by)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting_id: int, by: Membership, reason: str) -> CoreGroupMeeting:
    meeting, group = _meeting(by, meeting_id)
    _booked(meeting)
    if not reason.strip():
        raise _fail("reason", "Say why the meeting is cancelled.")
    meeting.cancelled_at = timezone.now()
    meeting.change_reason = reason.strip()
    _save(
        meeting, by=by, reason=f"cancelled: {reason.strip()}", update_fields=["cancelled_at", "change_reason"]
    )
    sync_booking(group, by=by)
    return meeting


# --- deadlines -----------------------------------------------------------------------------------


def held_meetings(group: CoreGroup) -> list[CoreGroupMeeting]:
    return list(
        CoreGroupMeeting.objects.for_authority(group.authority)
        .filter(core_group=group, held_on__isnull=False)
        .order_by("held_on", "scheduled_at", "pk")
    )


def _open(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.met_on is None and deadline.cancelled_at is None


def booking_target(group: CoreGroup) -> tuple[str, object] | None:
    """The open CG deadline the next booked meeting comes first for: CG1-10WD until the first
    meeting is held, then the earliest open CG-6WK / CG-2M of the last held meeting."""
    held = held_meetings(group)
    if not held:
        if group.set_up_at is None:
            return None
        return ("CG1-10WD", group.set_up_at)
    last = held[-1]
    candidates = [
        d
        for rule_id in ("CG-6WK", "CG-2M")
        if _open(d := deadline_for(authority=group.authority, rule_id=rule_id, subject=last))
    ]
    if not candidates:
        return None
    first = min(candidates, key=lambda d: d.due_on)
    return (first.rule_id, last)


def sync_booking(group: CoreGroup, *, by: Membership) -> None:
    """Tell the deadline the next meeting is for when (or that nothing is booked any more), so
    the sweep's "due soon, nothing booked" escalation stays quiet while a meeting is booked."""
    target = booking_target(group)
    if target is None:
        return
    today = timezone.localdate()
    upcoming = (
        CoreGroupMeeting.objects.for_authority(group.authority)
        .filter(core_group=group, held_on__isnull=True, cancelled_at__isnull=True)
        .order_by("scheduled_at", "pk")
    )
    # A booking whose day has passed without being recorded as held books nothing any more.
    next_meeting = next((m for m in upcoming if local_day(m.scheduled_at) >= today), None)
    rule_id, subject = target
    record_booking(
        authority=group.authority,
        rule_id=rule_id,
        subject=subject,
        booked_for=local_day(next_meeting.scheduled_at) if next_meeting else None,
        by=by,
    )


def _cycle_conference(group: CoreGroup, on: date):
    """The family's last held initial or review conference on or before `on` (a midway review
    does not reset the review cycle: MIDWAY-REVIEW)."""
    from conferences.models import Conference, ConferenceKind, ConferenceStatus

    return (
        Conference.objects.for_authority(group.authority)
        .filter(
            family_id=group.family_id,
            status=ConferenceStatus.HELD,
            kind__in=(ConferenceKind.INITIAL, ConferenceKind.REVIEW),
            held_on__lte=on,
        )
        .order_by("-held_on", "-pk")
        .first()
    )


def _had_review(group: CoreGroup, on: date) -> bool:
    from conferences.models import Conference, ConferenceKind, ConferenceStatus

    return (
        Conference.objects.for_authority(group.authority)
        .filter(
            family_id=group.family_id,
            status=ConferenceStatus.HELD,
            kind=ConferenceKind.REVIEW,
            held_on__lte=on,
        )
        .exists()
    )


def min2_timescale(rules: RuleSet) -> Timescale:
    """CG-MIN2 states its timescale as `flag_working_days_before_review` (product default 10)."""
    values = rules.values("CG-MIN2")
    return Timescale(
        unit="working_days", amount=int(values.get("flag_working_days_before_review", 10)), direction="before"
    )


def _ensure_min2(group: CoreGroup, *, by: Membership, on: date) -> Deadline | None:
    """Open CG-MIN2 for the cycle that `on` falls in, once: due N working days before that
    conference's review deadline. Returns the deadline (None when off or no review is due)."""
    conference = _cycle_conference(group, on)
    if conference is None:
        return None
    existing = deadline_for(authority=group.authority, rule_id="CG-MIN2", subject=conference)
    if existing is not None:
        return existing
    review = (
        Deadline.objects.for_authority(group.authority)
        .for_subject(conference)
        .filter(rule_id__in=REVIEW_RULES, cancelled_at__isnull=True)
        .first()
    )
    if review is None:
        return None
    rules = rule_set_in_force(group.authority, on=conference.held_on)
    return open_deadline(
        authority=group.authority,
        rule_id="CG-MIN2",
        subject=conference,
        event_on=review.due_on,
        label=f"Two core groups before the review for {group.family}",
        family_id=group.family_id,
        responsible=group.family.social_worker,
        rule_set=rules,
        timescale=min2_timescale(rules),
    )


def _meet(
    group: CoreGroup, deadline: Deadline, subject, rules: RuleSet, held_day: date, late_reason: str
) -> None:
    """Met by a meeting held on `held_day`; late under a required timescale needs a reason."""
    enforce(
        check_deadline(rules, deadline.rule_id, due=deadline.due_on, acted_on=held_day),
        reason=late_reason,
        field="late_reason",
    )
    meet_deadline(
        authority=group.authority,
        rule_id=deadline.rule_id,
        subject=subject,
        met_on=held_day,
        reason=late_reason.strip() if held_day > deadline.due_on else "",
    )


def _deadlines_after_held(
    group: CoreGroup, meeting: CoreGroupMeeting, *, rules: RuleSet, late_reason: str, by: Membership
) -> None:
    held_day = meeting.held_on
    held = held_meetings(group)
    position = next(i for i, m in enumerate(held) if m.pk == meeting.pk)
    authority = group.authority
    if position == 0:
        if group.set_up_at is not None:
            cg1 = deadline_for(authority=authority, rule_id="CG1-10WD", subject=group.set_up_at)
            if _open(cg1):
                _meet(group, cg1, group.set_up_at, rules, held_day, late_reason)
        open_deadline(
            authority=authority,
            rule_id="CG-6WK",
            subject=meeting,
            event_on=held_day,
            label=f"Second core group for {group.family}",
            family_id=group.family_id,
            responsible=group.family.social_worker,
            rule_set=rules,
        )
    else:
        previous = held[position - 1]
        for rule_id in ("CG-6WK", "CG-2M"):
            deadline = deadline_for(authority=authority, rule_id=rule_id, subject=previous)
            if _open(deadline):
                _meet(group, deadline, previous, rules, held_day, late_reason)
    if _had_review(group, held_day):
        open_deadline(
            authority=authority,
            rule_id="CG-2M",
            subject=meeting,
            event_on=held_day,
            label=f"Next core group for {group.family}",
            family_id=group.family_id,
            responsible=group.family.social_worker,
            rule_set=rules,
        )
    min2 = _ensure_min2(group, by=by, on=held_day)
    if _open(min2):
        conference = _cycle_conference(group, held_day)
        since = [m for m in held if m.held_on > conference.held_on]
        min_meetings = int(rules.values("CG-MIN2").get("min_meetings", 2))
        if len(since) >= min_meetings:
            _meet(group, min2, conference, rules, held_day, late_reason)


# --- minutes -------------------------------------------------------------------------------------


@dataclass
class AttendanceIn:
    member_id: int
    status: str


@dataclass
class ProgressIn:
    plan_item_id: int
    text: str = ""
    agreement: str = ""
    reason: str = ""


@dataclass
class PlanChangeIn:
    plan_id: int
    text: str


@dataclass
class ActionIn:
    text: str
    owner_id: int | None = None
    owner_name: str = ""
    due_on: date | None = None


@dataclass
class MinutesIn:
    held_at: datetime
    venue_id: int | None = None
    venue_note: str = ""
    purpose: str = ""
    attendance: list[AttendanceIn] = field(default_factory=list)
    chaired_by: str = ""
    minutes_by: str = ""
    chair_minuter_reason: str = ""
    reports_from_absent: str = ""
    progress: list[ProgressIn] = field(default_factory=list)
    plan_changes: list[PlanChangeIn] = field(default_factory=list)
    no_plan_changes: bool = False
    child_voice: str = ""
    summary: str = ""
    actions: list[ActionIn] = field(default_factory=list)
    action_points_checked: bool = False
    next_meeting_at: datetime | None = None
    next_venue_id: int | None = None
    next_venue_note: str = ""
    minutes_reason: str = ""
    late_reason: str = ""


def current_plan_items(group: CoreGroup) -> list[PlanItem]:
    """Items of the children's current child protection plans, in plan order."""
    return list(
        PlanItem.objects.for_authority(group.authority)
        .filter(plan__child__family_id=group.family_id, plan__ended_on__isnull=True)
        .select_related("plan__child")
        .order_by("plan__child__first_name", "plan_id", "kind", "position", "pk")
    )


# Where each CG-MINUTES part is entered (the form field or API key a refusal names).
MINUTES_FIELDS = {
    "date": "held_at",
    "time": "held_at",
    "venue": "venue",
    "purpose": "purpose",
    "attendees": "attendance",
    "apologies": "attendance",
    "absentees": "attendance",
    "chair": "chaired_by",
    "minute_taker": "minutes_by",
    "reports_from_absent": "reports_from_absent",
    "plan_item_progress": "progress",
    "plan_item_agreement": "progress",
    "plan_item_reasons": "progress",
    "plan_changes": "plan_changes",
    "child_voice": "child_voice",
    "summary": "summary",
    "action_points": "actions",
    "action_owners": "actions",
    "action_timescales": "actions",
    "action_points_checked": "action_points_checked",
    "next_meeting_date": "next_meeting_at",
    "next_meeting_time": "next_meeting_at",
    "next_meeting_venue": "next_venue",
}


def missing_minutes_parts(
    data: MinutesIn, *, members: list[CoreGroupMember], items: list[PlanItem]
) -> list[str]:
    """The CG-MINUTES parts (rule-set names) these minutes leave out."""
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
    values = rules.values("CG-MINUTES")
    required = [p for p in values.get("required_fields", ()) if p in missing]
    if not required:
        return
    first = required[0]
    enforce(
        check_rule(
            rules,
            "CG-MINUTES",
            satisfied=False,
            message=f"the minutes leave out {', '.join(p.replace('_', ' ') for p in required)}",
        ),
        reason=data.minutes_reason,
        field=MINUTES_FIELDS.get(first, first)
        if rules.mode("CG-MINUTES") == Mode.REQUIRED
        else "minutes_reason",
    )


def _same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


@transaction.atomic
def record_meeting_held(*, meeting_id: int, by: Membership, minutes: MinutesIn) -> CoreGroupMinutes:
    """The meeting took place: its minutes (CG-MINUTES), the deadlines it meets and opens, plan
    changes to the chair (PLAN-CHANGES), action points as deadlines, and the next meeting booked."""
    data = minutes
    meeting, group = _meeting(by, meeting_id)
    _booked(meeting)
    held_day = local_day(data.held_at)
    if held_day > timezone.localdate():
        raise _fail("held_at", "A meeting is recorded as held on or after the day it took place.")
    if group.set_up_at is not None and group.set_up_at.held_on and held_day <= group.set_up_at.held_on:
        raise _fail("held_at", "The core group meets after the conference that set it up.")
    rules = _rules(group, held_day)
    members = list(CoreGroupMember.objects.for_authority(group.authority).filter(core_group=group))
    by_member = {m.pk: m for m in members}
    items = current_plan_items(group)
    items_by_id = {i.pk: i for i in items}
    for row in data.attendance:
        if row.member_id not in by_member:
            raise _fail("attendance", f"No member with id {row.member_id} in this core group.")
        if row.status not in AttendanceStatus.values:
            raise _fail("attendance", f"Attendance: choose one of {', '.join(AttendanceStatus.labels)}.")
    for row in data.progress:
        if row.plan_item_id not in items_by_id:
            raise _fail("progress", f"No item {row.plan_item_id} in the children's current plans.")
        if row.agreement and row.agreement not in Agreement.values:
            raise _fail("progress", "Progress: agreed or disputed.")
    plans = {
        p.pk: p
        for p in ChildProtectionPlan.objects.for_authority(group.authority).filter(
            child__family_id=group.family_id, ended_on__isnull=True
        )
    }
    changes = [c for c in data.plan_changes if c.text.strip()]
    data.plan_changes = changes
    for change in changes:
        if change.plan_id not in plans:
            raise _fail("plan_changes", f"No current plan {change.plan_id} for this family's children.")
    actions = [a for a in data.actions if a.text.strip()]
    owners = {
        m.pk: m
        for m in Membership.objects.for_authority(group.authority).filter(
            pk__in=[a.owner_id for a in actions if a.owner_id]
        )
    }
    for action in actions:
        if action.owner_id and action.owner_id not in owners:
            raise _fail("actions", f"No member of staff with id {action.owner_id} here.")

    _check_minutes(rules, data, missing_minutes_parts(data, members=members, items=items))
    if _same_person(data.chaired_by, data.minutes_by):
        enforce(
            check_rule(
                rules,
                "CG-CHAIR-NOT-MINUTER",
                satisfied=False,
                message=f"{data.chaired_by.strip()} both chaired and took the notes",
            ),
            reason=data.chair_minuter_reason,
            field="chair_minuter_reason",
        )

    venue = _venue(group, data.venue_id, data.venue_note, "venue")
    meeting.held_on = held_day
    meeting.scheduled_at = data.held_at
    meeting.venue = venue
    meeting.venue_note = data.venue_note.strip()
    _save(meeting, by=by, reason="meeting held")

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
        no_plan_changes=data.no_plan_changes and not changes,
        action_points_checked=data.action_points_checked,
        minutes_reason=data.minutes_reason.strip(),
        late_reason=data.late_reason.strip(),
        recorded_by=by,
    )
    _save(record, by=by, reason="minutes recorded")
    CoreGroupAttendance.objects.bulk_create(
        CoreGroupAttendance(
            authority=group.authority,
            minutes=record,
            member=by_member[row.member_id],
            name=by_member[row.member_id].name,
            role_label=by_member[row.member_id].role_label,
            status=row.status,
        )
        for row in data.attendance
    )
    for row in data.progress:
        if not (row.text.strip() or row.agreement):
            continue
        item = items_by_id[row.plan_item_id]
        _save(
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
    for change in changes:
        _save(
            CoreGroupPlanNote(
                authority=group.authority,
                minutes=record,
                kind=CoreGroupPlanNote.Kind.CHANGE,
                plan=plans[change.plan_id],
                text=change.text.strip(),
            ),
            by=by,
            reason="PLAN-CHANGES: change recorded at core group",
        )
    for action in actions:
        row = CoreGroupAction(
            authority=group.authority,
            minutes=record,
            text=action.text.strip(),
            owner=owners.get(action.owner_id),
            owner_name=action.owner_name.strip(),
            due_on=action.due_on,
        )
        _save(row, by=by, reason="action point agreed at core group")
        if row.due_on:
            open_deadline(
                authority=group.authority,
                rule_id=ACTION_RULE,
                subject=row,
                event_on=row.due_on,
                label=f"Core group action for {group.family}: {row.text[:200]}",
                family_id=group.family_id,
                responsible=row.owner,
                rule_set=rules,
                timescale=Timescale(unit="working_days", amount=0),  # due on the date agreed
                mode=Mode.ADVISED,
            )

    _deadlines_after_held(group, meeting, rules=rules, late_reason=data.late_reason, by=by)
    if changes:
        _tell_chair_of_changes(group, record, changes, plans, rules, by=by)
    if data.next_meeting_at is not None:
        record.next_meeting = _book(
            group,
            by=by,
            scheduled_at=data.next_meeting_at,
            venue_id=data.next_venue_id,
            venue_note=data.next_venue_note,
            reason="next meeting booked at core group",
            when_field="next_meeting_at",
            venue_field="next_venue",
        )
        _save(record, by=by, reason="next meeting booked", update_fields=["next_meeting"])
    sync_booking(group, by=by)
    return record


def _tell_chair_of_changes(
    group: CoreGroup,
    record: CoreGroupMinutes,
    changes: list[PlanChangeIn],
    plans: dict,
    rules: RuleSet,
    *,
    by: Membership,
) -> None:
    """PLAN-CHANGES: the changes reach the chair of the family's last conference before the review."""
    if rules.mode("PLAN-CHANGES") == Mode.OFF:
        return
    conference = _cycle_conference(group, record.meeting.held_on)
    if conference is None:
        return
    chair = (
        Membership.objects.for_authority(group.authority).select_related("user").get(pk=conference.chair_id)
    )
    lines = "\n".join(f"- {plans[c.plan_id].child}: {c.text.strip()}" for c in changes)
    notify(
        authority=group.authority,
        recipient=chair.user,
        kind=Notification.Kind.PLAN_CHANGE,
        subject=f"Plan changed at a core group: {group.family}"[:300],
        body=f"PLAN-CHANGES: the core group on {record.meeting.held_on:%d %B %Y} changed the plan:\n{lines}",
        url=reverse("coregroups:core-group", kwargs={"authority_slug": group.authority.slug, "pk": group.pk}),
        dedupe_key=f"cg-plan-change-{record.pk}",
    )


# --- action points -------------------------------------------------------------------------------


@transaction.atomic
def mark_action_done(*, action_id: int, by: Membership, done_on: date | None = None) -> CoreGroupAction:
    action = (
        CoreGroupAction.objects.for_authority(by.authority)
        .visible_to(by)
        .select_related("minutes__meeting")
        .get(pk=action_id)
    )
    group = (
        CoreGroup.objects.for_authority(by.authority)
        .select_related("authority", "family__social_worker")
        .get(pk=action.minutes.meeting.core_group_id)
    )
    if not (may_convene(by, group) or action.owner_id == by.pk):
        raise PermissionDenied("Only the action's owner, the social worker, their team manager or a chair.")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise _fail("done_on", "An action is marked done on or after the day it was done.")
    if action.done_on is None:
        action.done_on = done_on
        _save(action, by=by, reason="action done", update_fields=["done_on"])
        meet_deadline(authority=group.authority, rule_id=ACTION_RULE, subject=action, met_on=done_on)
    return action
