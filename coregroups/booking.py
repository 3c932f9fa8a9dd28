"""Booking, moving and cancelling core group meetings."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from authorities.dates import local_day
from authorities.history import save_with_history
from authorities.human_dates import long_date, long_date_with_weekday
from authorities.models import Membership, Venue
from authorities.refusals import refusal
from authorities.rules.checks import check_rule, enforce
from authorities.rules.ids import RuleId
from scheduling.calendars import calendar_for
from scheduling.clashes import check_clashes

from .clashes import meeting_slot
from .deadlines import _ensure_min2, sync_booking
from .invitations import tell_members_after_commit
from .models import (
    CoreGroup,
    CoreGroupMeeting,
)
from .permissions import _group, _meeting, _rules


def _check_when(group: CoreGroup, when: datetime, field_name: str) -> date:
    """A meeting is booked for a working day (RULES.md "Dates") that has not passed."""
    day = local_day(when)
    if day < timezone.localdate():
        raise refusal(field_name, f"{long_date(day)} has passed: book a meeting for today or later.")
    if not calendar_for(group.authority).is_working_day(day):
        raise refusal(
            field_name,
            f"{long_date_with_weekday(day)} is not a working day (weekend, bank holiday or closure day).",
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
    clash_reason: str = "",
) -> CoreGroupMeeting:
    """Book a meeting; a double booking needs `clash_reason` (booking here, or as the next meeting
    in the minutes: both forms ask for it under the same name)."""
    day = _check_when(group, scheduled_at, when_field)
    venue = _venue(group, venue_id, venue_note, venue_field)
    kept = check_clashes(meeting_slot(group, starts_at=scheduled_at, venue=venue), reason=clash_reason)
    rules = _rules(group, day)
    social_worker = group.family.social_worker
    enforce(
        check_rule(
            rules,
            RuleId.CG_CONVENOR,
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
        clash_reason=kept,
    )
    save_with_history(meeting, by=by, reason=reason or "core group meeting booked")
    tell_members_after_commit(meeting)
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
    clash_reason: str = "",
) -> CoreGroupMeeting:
    group = _group(by, core_group_id)
    meeting = _book(
        group,
        by=by,
        scheduled_at=scheduled_at,
        venue_id=venue_id,
        venue_note=venue_note,
        reason=reason,
        clash_reason=clash_reason,
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
    clash_reason: str = "",
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
    slot = meeting_slot(group, starts_at=scheduled_at, venue=meeting.venue, itself=meeting.pk)
    meeting.clash_reason = check_clashes(slot, reason=clash_reason)
    meeting.change_reason = reason.strip()
    meeting.ics_sequence += 1
    save_with_history(meeting, by=by, reason=f"moved: {reason.strip()}")
    sync_booking(group, by=by)
    tell_members_after_commit(meeting)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting_id: int, by: Membership, reason: str) -> CoreGroupMeeting:
    meeting, group = _meeting(by, meeting_id)
    _booked(meeting)
    if not reason.strip():
        raise refusal("reason", "Say why the meeting is cancelled.")
    meeting.cancelled_at = timezone.now()
    meeting.change_reason = reason.strip()
    meeting.ics_sequence += 1
    save_with_history(
        meeting,
        by=by,
        reason=f"cancelled: {reason.strip()}",
        update_fields=["cancelled_at", "change_reason", "ics_sequence"],
    )
    sync_booking(group, by=by)
    tell_members_after_commit(meeting)
    return meeting
