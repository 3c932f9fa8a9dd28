"""NON-ATTEND-LETTER, the core group half: the family's core group meetings held before a
conference that a member from an agency missed (absent, or sent apologies), from the attendance
the minutes recorded. Answers `conferences.hooks.core_group_absences`; the reports app puts these
beside the conferences an agency missed, on the chair's page before the start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

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


@dataclass(frozen=True)
class AgencyMeetingsMissed:
    agency_id: int
    agency_name: str
    missed: int  # held meetings from `since` to `until` a member missed
    in_window: int  # of those held after `window_since`


def meetings_missed_by_agency(
    authority: int,
    *,
    since: date,
    until: date,
    window_since: date,
    family_filter: dict | None = None,
) -> dict[int, AgencyMeetingsMissed]:
    """Per agency, across the authority: the held core group meetings its member missed (absent or
    sent apologies), for the managers' dashboard. One grouped query; members named again since
    (their rows gone) cost a fixed few more, through the histories."""
    rows = CoreGroupAttendance.objects.for_authority(authority).filter(
        status__in=NOT_THERE,
        minutes__meeting__held_on__lte=until,
        minutes__meeting__held_on__gte=min(since, window_since),
    )
    if family_filter:
        rows = rows.filter(
            **{f"minutes__meeting__core_group__family__{k}": v for k, v in family_filter.items()}
        )
    in_period = Q(minutes__meeting__held_on__gte=since)
    in_window = Q(minutes__meeting__held_on__gt=window_since)
    counts: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    replaced = 0
    for row in (
        rows.order_by()
        .values("member__agency_id", "member__agency__name")
        .annotate(
            missed=Count("pk", filter=in_period),
            in_window=Count("pk", filter=in_window),
            replaced=Count("pk", filter=Q(member__isnull=True)),
        )
    ):
        if row["member__agency_id"] is None:
            replaced = row["replaced"]
            continue
        counts[row["member__agency_id"]] = [row["missed"], row["in_window"]]
        names[row["member__agency_id"]] = row["member__agency__name"]
    if replaced:
        _add_replaced_members(authority, rows.filter(member__isnull=True), counts, since, window_since)
        unnamed = Agency.objects.for_authority(authority).filter(pk__in=counts.keys() - names.keys())
        names.update(unnamed.values_list("pk", "name"))
    return {
        pk: AgencyMeetingsMissed(pk, names[pk], missed, window)
        for pk, (missed, window) in counts.items()
        if pk in names and (missed or window)
    }


def _add_replaced_members(authority: int, orphans, counts: dict, since: date, window_since: date) -> None:
    found = list(orphans.values_list("pk", "minutes__meeting__held_on"))
    agency_of = _agencies_of_replaced_members(authority, [pk for pk, _ in found])
    for pk, held_on in found:
        agency = agency_of.get(pk)
        if agency:
            figures = counts.setdefault(agency, [0, 0])
            figures[0] += held_on >= since
            figures[1] += held_on > window_since
