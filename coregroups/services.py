"""Core group services: booking, moving and cancelling meetings, recording a meeting as held
with its minutes, correcting those minutes afterwards, and marking action points done.

Each service takes keyword-only arguments, runs in one transaction, locks the core group row (two
people booking at once serialise), reads only inside the caller's authority (another authority's
group, or one a practitioner is not a member of, is "does not exist"), checks the rules against the
rule set in force on the meeting's date and keeps history with the user and the reason.

Deadlines all go through `scheduling.services`:
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

from django.core.exceptions import PermissionDenied, ValidationError

from .action_points import (
    mark_action_done,
)
from .booking import (
    book_meeting,
    cancel_meeting,
    move_meeting,
)
from .common import (
    ACTION_RULE,
    REVIEW_RULES,
)
from .correction_parts import (
    TEXT_PARTS,
)
from .corrections import (
    StaleMinutes,
    correct_minutes,
)
from .deadlines import (
    booking_target,
    held_meetings,
    min2_timescale,
    sync_booking,
)
from .minutes import record_meeting_held
from .minutes_checks import missing_minutes_parts
from .minutes_data import (
    MINUTES_FIELDS,
    ActionIn,
    AttendanceIn,
    MinutesIn,
    PlanChangeIn,
    ProgressIn,
    current_plan_items,
    minutes_plan_items,
    minutes_plans,
)
from .permissions import (
    may_convene,
)

__all__ = [
    "ACTION_RULE",
    "MINUTES_FIELDS",
    "REVIEW_RULES",
    "TEXT_PARTS",
    "ActionIn",
    "AttendanceIn",
    "MinutesIn",
    "PermissionDenied",
    "PlanChangeIn",
    "ProgressIn",
    "StaleMinutes",
    "ValidationError",
    "book_meeting",
    "booking_target",
    "cancel_meeting",
    "correct_minutes",
    "current_plan_items",
    "held_meetings",
    "mark_action_done",
    "may_convene",
    "min2_timescale",
    "minutes_plan_items",
    "minutes_plans",
    "missing_minutes_parts",
    "move_meeting",
    "record_meeting_held",
    "sync_booking",
]
