"""PLAN-CHANGES for the review: what the core groups changed in the plan since the family's last
conference, version by version (recorded, then any correction that added or removed a change), with
who, when and why. Answers `conferences.hooks.plan_changes_for_review`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cases.models import ChildProtectionPlan
from conferences.models import Conference, ConferenceKind, ConferenceStatus

from .models import CoreGroupMinutes, CoreGroupPlanNote

ACTIONS = {"+": "Recorded", "~": "Changed", "-": "Removed"}


@dataclass(frozen=True)
class PlanChangeVersion:
    change_id: int
    version: int
    child: str
    meeting_on: datetime.date
    text: str
    action: str
    by: str
    at: datetime.datetime
    why: str


def _since(conference: Conference) -> datetime.date | None:
    """The day of the family's last held initial or review conference before this one."""
    last = (
        Conference.objects.for_authority(conference.authority_id)
        .filter(
            family_id=conference.family_id,
            status=ConferenceStatus.HELD,
            kind__in=(ConferenceKind.INITIAL, ConferenceKind.REVIEW),
            held_on__lt=conference.day,
        )
        .exclude(pk=conference.pk)
        .order_by("-held_on", "-pk")
        .first()
    )
    return last.held_on if last else None


def changes_for_review(conference: Conference) -> list[PlanChangeVersion]:
    """Every version of every plan change recorded at a core group held after the last conference
    and up to this one's day, oldest change first, each change's versions in order."""
    since = _since(conference)
    if since is None:
        return []
    authority = conference.authority_id
    minutes = {
        m.pk: m
        for m in CoreGroupMinutes.objects.for_authority(authority)
        .filter(
            meeting__core_group__family_id=conference.family_id,
            meeting__held_on__gt=since,
            meeting__held_on__lte=conference.day,
        )
        .select_related("meeting")
    }
    records = list(
        CoreGroupPlanNote.history.filter(
            authority_id=authority, kind=CoreGroupPlanNote.Kind.CHANGE, minutes_id__in=list(minutes)
        )
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    children = {
        p.pk: p.child.full_name
        for p in ChildProtectionPlan.objects.for_authority(authority)
        .filter(pk__in={r.plan_id for r in records})
        .select_related("child")
    }
    counts: dict[int, int] = {}
    versions = []
    for record in records:
        counts[record.id] = counts.get(record.id, 0) + 1
        user = record.history_user
        versions.append(
            PlanChangeVersion(
                change_id=record.id,
                version=counts[record.id],
                child=children.get(record.plan_id, ""),
                meeting_on=minutes[record.minutes_id].meeting.held_on,
                text=record.text,
                action=ACTIONS.get(record.history_type, record.history_type),
                by=user.display_name if user else "The system",
                at=record.history_date,
                why=record.history_change_reason or "",
            )
        )
    order = {change_id: n for n, change_id in enumerate(dict.fromkeys(v.change_id for v in versions))}
    return sorted(versions, key=lambda v: (order[v.change_id], v.version))
