"""NON-ATTEND-LETTER, the core group half: the family's core group meetings held before a
conference that a member from an agency missed (absent, or sent apologies), from the attendance
the minutes recorded. Answers `conferences.hooks.core_group_absences`; the reports app puts these
beside the conferences an agency missed, on the chair's page before the start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from authorities.models import Agency
from conferences.models import Conference

from .models import AttendanceStatus, CoreGroupAttendance, CoreGroupMember

NOT_THERE = (AttendanceStatus.ABSENT, AttendanceStatus.APOLOGIES)


@dataclass(frozen=True)
class MissedMeeting:
    agency_id: int
    agency_name: str
    meeting_id: int
    held_on: date
    member_name: str
    status: str  # AttendanceStatus: absent or apologies
    status_label: str


def missed_meetings_by_agency(conference: Conference) -> list[MissedMeeting]:
    """Earliest first. Only meetings held before the conference's day count: the chair reads them
    before the start, about what happened before."""
    authority = conference.authority_id
    rows = list(
        CoreGroupAttendance.objects.for_authority(authority)
        .filter(
            status__in=NOT_THERE,
            minutes__meeting__core_group__family_id=conference.family_id,
            minutes__meeting__held_on__lt=conference.day,
        )
        .order_by("minutes__meeting__held_on", "name", "pk")
        .values(
            "pk",
            "name",
            "status",
            "member_id",
            "member__agency_id",
            "minutes__meeting_id",
            "minutes__meeting__held_on",
        )
    )
    agency_of = {row["pk"]: row["member__agency_id"] for row in rows}
    agency_of.update(
        _agencies_of_replaced_members(authority, [r["pk"] for r in rows if r["member_id"] is None])
    )
    names = dict(
        Agency.objects.for_authority(authority)
        .filter(pk__in={pk for pk in agency_of.values() if pk})
        .values_list("pk", "name")
    )
    return [
        MissedMeeting(
            agency_id=agency_of[row["pk"]],
            agency_name=names[agency_of[row["pk"]]],
            meeting_id=row["minutes__meeting_id"],
            held_on=row["minutes__meeting__held_on"],
            member_name=row["name"],
            status=row["status"],
            status_label=AttendanceStatus(row["status"]).label,
        )
        for row in rows
        if agency_of.get(row["pk"]) in names
    ]


def _agencies_of_replaced_members(authority: int, attendance_ids: list[int]) -> dict[int, int | None]:
    """A conference that names the members again replaces their rows, and the attendance of earlier
    meetings loses its link to them; the histories still hold who it was and their agency."""
    if not attendance_ids:
        return {}
    member_of = dict(
        CoreGroupAttendance.history.filter(
            authority_id=authority, id__in=attendance_ids, member_id__isnull=False
        )
        .order_by("history_date")
        .values_list("id", "member_id")
    )
    agency_of_member = dict(
        CoreGroupMember.history.filter(
            authority_id=authority, id__in=set(member_of.values()), agency_id__isnull=False
        ).values_list("id", "agency_id")
    )
    return {attendance: agency_of_member.get(member) for attendance, member in member_of.items()}
