"""The core group page: members, meetings with their minutes, and the CG deadlines, in a fixed
number of queries however many members and meetings the group has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from authorities.models import Membership
from authorities.rules.ids import RuleId
from cases.selectors import DeadlineView, today_for
from scheduling.models import Deadline

from .models import (
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupMinutes,
    CoreGroupPlanNote,
)
from .services import may_convene

CG_RULES = (RuleId.CG1_10WD, RuleId.CG_6WK, RuleId.CG_2M, RuleId.CG_MIN2)

RULE_WORDS = {
    RuleId.CG1_10WD: "First core group within 10 working days of the initial conference",
    RuleId.CG_6WK: "Second core group within 6 weeks of the first",
    RuleId.CG_2M: "After the first review, core groups at least every 2 months",
    RuleId.CG_MIN2: "At least two core groups between conferences",
    RuleId.OUTCOME: "Action point agreed at a core group",
}


@dataclass(frozen=True)
class DeadlineRow:
    view: DeadlineView
    words: str


@dataclass(frozen=True)
class CoreGroupPage:
    group: CoreGroup
    members: list[CoreGroupMember]
    meetings: list[CoreGroupMeeting]
    deadlines: list[DeadlineRow]
    convenor: Membership | None
    can_convene: bool

    @property
    def booked(self) -> list[CoreGroupMeeting]:
        return [m for m in self.meetings if m.status == "booked"]


def core_group_page(membership: Membership, group: CoreGroup) -> CoreGroupPage:
    authority = membership.authority
    members = list(
        CoreGroupMember.objects.for_authority(authority)
        .filter(core_group=group)
        .select_related("agency", "membership__user")
        .order_by("name", "pk")
    )
    meetings = list(
        CoreGroupMeeting.objects.for_authority(authority)
        .filter(core_group=group)
        .select_related("venue", "minutes", "booked_by__user")
        .prefetch_related(
            Prefetch("minutes__attendance", queryset=CoreGroupAttendance.objects.for_authority(authority)),
            Prefetch(
                "minutes__plan_notes",
                queryset=CoreGroupPlanNote.objects.for_authority(authority).select_related(
                    "plan__child", "plan_item"
                ),
            ),
            Prefetch(
                "minutes__actions",
                queryset=CoreGroupAction.objects.for_authority(authority).select_related("owner__user"),
            ),
        )
        .order_by("scheduled_at", "pk")
    )
    action_type = ContentType.objects.get_for_model(CoreGroupAction)
    deadlines = (
        Deadline.objects.for_authority(authority)
        .filter(family_id=group.family_id, cancelled_at__isnull=True)
        .filter(Q(rule_id__in=CG_RULES) | Q(rule_id=RuleId.OUTCOME, subject_type=action_type))
        .order_by("due_on", "pk")
    )
    today = today_for(authority)
    family = group.family
    return CoreGroupPage(
        group=group,
        members=members,
        meetings=meetings,
        deadlines=[DeadlineRow(today.view(d), RULE_WORDS.get(d.rule_id, "")) for d in deadlines],
        convenor=family.social_worker,
        can_convene=may_convene(membership, group),
    )


@dataclass(frozen=True)
class Correction:
    """One correction of a meeting's minutes, from their history: who, when, why and what."""

    version: int
    at: datetime
    by_name: str
    reason: str
    parts: str


def minutes_corrections(minutes: CoreGroupMinutes) -> list[Correction]:
    """Every correction of these minutes, oldest first (one query: each correction saves the
    minutes once, with the version it made)."""
    rows = (
        minutes.history.filter(version__gt=1)
        .select_related("corrected_by__user")
        .order_by("version", "history_date")
    )
    found: dict[int, Correction] = {}
    for row in rows:
        found.setdefault(
            row.version,
            Correction(
                version=row.version,
                at=row.corrected_at,
                by_name=row.corrected_by.user.display_name if row.corrected_by_id else "",
                reason=row.correction_reason,
                parts=row.corrected_parts,
            ),
        )
    return list(found.values())
