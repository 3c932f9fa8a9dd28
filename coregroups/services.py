"""Core group services: booking, moving and cancelling meetings, recording a meeting as held
with its minutes, correcting those minutes afterwards, and marking action points done.

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
  met when the action is marked done;
- correcting minutes moves, reopens or cancels those OUTCOME rows with the action points, and
  moves, books or cancels the next meeting (then `sync_booking`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from authorities.dates import local_day
from authorities.history import save_with_history
from authorities.models import Membership, Mode, Role, RuleSet, Venue
from authorities.refusals import refusal
from authorities.rules.checks import check_deadline, check_rule, enforce
from authorities.selectors import rule_set_in_force
from cases.models import ChildProtectionPlan, PlanItem
from scheduling.calendars import calendar_for
from scheduling.engine import Timescale
from scheduling.models import Deadline, Notification
from scheduling.services import (
    cancel_deadline,
    deadline_for,
    meet_deadline,
    notify,
    open_deadline,
    record_booking,
)

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
    MeetingStatus,
)

REVIEW_RULES = ("RCPC1-3M", "RCPCN-6M")
ACTION_RULE = "OUTCOME"  # "actions with owner and date" (OUTCOME); flagged, never escalated


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
        raise refusal(None, f"This core group ended on {group.ended_on:%d %B %Y}.")
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
        raise refusal(field_name, f"{day:%d %B %Y} has passed: book a meeting for today or later.")
    if not calendar_for(group.authority).is_working_day(day):
        raise refusal(
            field_name, f"{day:%A %d %B %Y} is not a working day (weekend, bank holiday or closure day)."
        )
    return day


def _venue(group: CoreGroup, venue_id: int | None, venue_note: str, field_name: str) -> Venue | None:
    if not venue_id:
        return None
    venue = Venue.objects.for_authority(group.authority).filter(pk=venue_id, is_active=True).first()
    if venue is None:
        raise refusal(field_name, f"No venue with id {venue_id} here.")
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
    save_with_history(meeting, by=by, reason=reason or "core group meeting booked")
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
        raise refusal(None, f"This meeting is {meeting.status_label.lower()}: it can no longer be changed.")


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
        raise refusal("reason", "Say why the meeting is moved.")
    _check_when(group, scheduled_at, "scheduled_at")
    meeting.scheduled_at = scheduled_at
    if venue_id is not None or venue_note is not None:
        meeting.venue = _venue(group, venue_id, venue_note or "", "venue")
        meeting.venue_note = (venue_note or "").strip()
    meeting.change_reason = reason.strip()
    save_with_history(meeting, by=by, reason=f"moved: {reason.strip()}")
    sync_booking(group, by=by)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting_id: int, by: Membership, reason: str) -> CoreGroupMeeting:
    meeting, group = _meeting(by, meeting_id)
    _booked(meeting)
    if not reason.strip():
        raise refusal("reason", "Say why the meeting is cancelled.")
    meeting.cancelled_at = timezone.now()
    meeting.change_reason = reason.strip()
    save_with_history(
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


def _open_next_meeting_deadline(
    group: CoreGroup, meeting: CoreGroupMeeting, rule_id: str, label: str, rules: RuleSet
) -> None:
    """The timescale for the meeting after this one (CG-6WK, CG-2M), counted from the day it was held."""
    open_deadline(
        authority=group.authority,
        rule_id=rule_id,
        subject=meeting,
        event_on=meeting.held_on,
        label=label,
        family_id=group.family_id,
        responsible=group.family.social_worker,
        rule_set=rules,
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
        _open_next_meeting_deadline(group, meeting, "CG-6WK", f"Second core group for {group.family}", rules)
    else:
        previous = held[position - 1]
        for rule_id in ("CG-6WK", "CG-2M"):
            deadline = deadline_for(authority=authority, rule_id=rule_id, subject=previous)
            if _open(deadline):
                _meet(group, deadline, previous, rules, held_day, late_reason)
    if _had_review(group, held_day):
        _open_next_meeting_deadline(group, meeting, "CG-2M", f"Next core group for {group.family}", rules)
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
    """One person's attendance: a member of the group by id or, when correcting minutes, a row
    already in them by `attendance_id` (its member may have left the group since)."""

    member_id: int | None
    status: str
    attendance_id: int | None = None


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
    id: int | None = None  # correcting minutes: an action already in them (no text: remove it)


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


def _plans_on(group: CoreGroup, day: date):
    """The children's plans that ran on `day` (a plan ended since still counts for its meetings)."""
    return ChildProtectionPlan.objects.for_authority(group.authority).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        child__family_id=group.family_id,
        started_on__lte=day,
    )


def minutes_plans(group: CoreGroup, record: CoreGroupMinutes | None = None) -> list[ChildProtectionPlan]:
    """The plans the minutes can speak of: the current ones when recording; when correcting, the
    plans that ran on the day of the meeting and any plan the minutes already name."""
    scoped = ChildProtectionPlan.objects.for_authority(group.authority)
    if record is None:
        plans = scoped.filter(child__family_id=group.family_id, ended_on__isnull=True)
    else:
        named = CoreGroupPlanNote.objects.for_authority(group.authority).filter(minutes=record)
        plans = scoped.filter(
            Q(pk__in=_plans_on(group, record.meeting.held_on).values("pk"))
            | Q(pk__in=named.values("plan_id"))
        )
    return list(plans.select_related("child").order_by("child__first_name", "pk"))


def minutes_plan_items(group: CoreGroup, record: CoreGroupMinutes | None = None) -> list[PlanItem]:
    """The plan items progress can be recorded against (see `minutes_plans`)."""
    if record is None:
        return current_plan_items(group)
    noted = CoreGroupPlanNote.objects.for_authority(group.authority).filter(
        minutes=record, plan_item__isnull=False
    )
    return list(
        PlanItem.objects.for_authority(group.authority)
        .filter(
            Q(plan__in=_plans_on(group, record.meeting.held_on).values("pk"))
            | Q(pk__in=noted.values("plan_item_id"))
        )
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
                "CG-CHAIR-NOT-MINUTER",
                satisfied=False,
                message=f"{data.chaired_by.strip()} both chaired and took the notes",
            ),
            reason=data.chair_minuter_reason,
            field="chair_minuter_reason",
        )
    return _Checked(items_by_id, plans_by_id, owners, changes, actions)


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
    held_day = local_day(data.held_at)
    if held_day > timezone.localdate():
        raise refusal("held_at", "A meeting is recorded as held on or after the day it took place.")
    if group.set_up_at is not None and group.set_up_at.held_on and held_day <= group.set_up_at.held_on:
        raise refusal("held_at", "The core group meets after the conference that set it up.")
    rules = _rules(group, held_day)
    members = list(CoreGroupMember.objects.for_authority(group.authority).filter(core_group=group))
    by_member = {m.pk: m for m in members}
    for row in data.attendance:
        if row.member_id not in by_member:
            raise refusal("attendance", f"No member with id {row.member_id} in this core group.")
        if row.status not in AttendanceStatus.values:
            raise refusal("attendance", f"Attendance: choose one of {', '.join(AttendanceStatus.labels)}.")
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
            reason="PLAN-CHANGES: change recorded at core group",
        )
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
    if rules.mode("PLAN-CHANGES") == Mode.OFF:
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
        body=f"PLAN-CHANGES: the core group on {record.meeting.held_on:%d %B %Y} {how} ({count}).",
        url=reverse("coregroups:core-group", kwargs={"authority_slug": group.authority.slug, "pk": group.pk}),
        dedupe_key=dedupe_key,
    )


# --- correcting minutes --------------------------------------------------------------------------


class StaleMinutes(Exception):
    """Someone else corrected the minutes since this person opened them: refused, never overwritten."""

    def __init__(self, record: CoreGroupMinutes) -> None:
        self.current_version = record.version
        self.by_name = record.corrected_by.user.display_name if record.corrected_by_id else "someone else"
        when = record.corrected_at and f" at {timezone.localtime(record.corrected_at):%H:%M on %d %B %Y}"
        super().__init__(
            f"{self.by_name} corrected these minutes{when or ''} while you were editing them. Your "
            "corrections have not been saved: open the minutes again to see theirs, then make yours again."
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
    if meeting.held_on is None:
        raise refusal(None, "Only the minutes of a held meeting can be corrected: record them first.")
    authority = group.authority
    record = (
        CoreGroupMinutes.objects.for_authority(authority)
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
    reason = reason.strip()
    if not reason:
        raise refusal("correction_reason", "Say why the minutes are corrected.")
    if local_day(data.held_at) != meeting.held_on:
        raise refusal(
            "held_at",
            f"The meeting was held on {meeting.held_on:%d %B %Y}: only its time can be corrected, as "
            "the core group timescales it met and opened count from that date.",
        )
    rules = _rules(group, meeting.held_on)

    attendance = _attendance_given(record, group, data)
    notes = list(CoreGroupPlanNote.objects.for_authority(authority).filter(minutes=record))
    progress_notes = {n.plan_item_id: n for n in notes if n.kind == CoreGroupPlanNote.Kind.PROGRESS}
    items = minutes_plan_items(group, record)
    actions_now = {a.pk: a for a in CoreGroupAction.objects.for_authority(authority).filter(minutes=record)}
    for action in data.actions:
        if action.id is not None and action.id not in actions_now:
            raise refusal("actions", f"No action {action.id} in these minutes.")
    checked = _check_parts(
        group,
        data,
        rules,
        items=items,
        plans=minutes_plans(group, record),
        members=[],
        # Complete as the meeting was: the people the minutes list and the items they spoke of
        # (members who joined the group later were not there).
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
    record.version += 1
    record.corrected_at = timezone.now()
    record.corrected_by = by
    record.correction_reason = reason
    record.corrected_parts = ", ".join(fix.parts)
    fix.save(record)
    sync_booking(group, by=by)
    return record


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
            f"The next meeting ({timezone.localtime(old.scheduled_at):%d %B %Y}) is "
            f"{old.status_label.lower()}: it can no longer be changed from these minutes.",
        )
    old.change_reason = f"minutes corrected: {reason}"
    if when is None:
        old.cancelled_at = timezone.now()
        save_with_history(old, by=by, reason=f"cancelled: minutes corrected: {reason}")
        record.next_meeting = None
        return True
    if when != old.scheduled_at:
        _check_when(group, when, "next_meeting_at")
    old.scheduled_at = when
    old.venue = _venue(group, data.next_venue_id, venue_note, "next_venue")
    old.venue_note = venue_note
    save_with_history(old, by=by, reason=f"moved: minutes corrected: {reason}")
    return True


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
        raise refusal("done_on", "An action is marked done on or after the day it was done.")
    if action.done_on is None:
        action.done_on = done_on
        save_with_history(action, by=by, reason="action done", update_fields=["done_on"])
        meet_deadline(authority=group.authority, rule_id=ACTION_RULE, subject=action, met_on=done_on)
    return action
