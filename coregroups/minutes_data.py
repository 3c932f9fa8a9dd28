"""What a core group meeting's minutes are made of: the input a form or the API gives, and the
plans and plan items the minutes speak about."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q

from cases.models import ChildProtectionPlan, PlanItem

from .models import (
    CoreGroup,
    CoreGroupMinutes,
    CoreGroupPlanNote,
)


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
    # Booking the next meeting over another one of the social worker or the venue needs a reason.
    clash_reason: str = ""
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
