"""NON-ATTEND-LETTER for the chair: before a family's next conference, the agencies that neither
attended nor sent a report to its earlier conferences, or whose member missed its earlier core group
meetings (absent or sent apologies: which meeting, and when), with each agency's pattern across the
authority (the figure managers see on the dashboard). Answers the conferences hook; the core group
meetings come from the core groups app through `conferences.hooks.core_group_absences`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q

from authorities.models import Mode, RuleSet
from authorities.rules.ids import RuleId
from conferences import hooks
from conferences.models import Attendance, Conference, ConferenceStatus, Invitation, InviteeKind
from scheduling.engine import add_months

from .agency_attendance import attendance_by_agency
from .models import AgencyReport, ReportStatus


@dataclass(frozen=True)
class EarlierAbsence:
    agency_id: int
    agency_name: str
    times: int  # this family's earlier conferences the agency neither attended nor reported to
    last_on: date | None  # the last of those conferences (None: only core group meetings missed)
    invited_now: bool
    in_window: int  # across the authority, within the pattern window
    pattern: bool
    pattern_count: int
    pattern_months: int
    # The family's earlier core group meetings the agency's member missed, earliest first: each has
    # `meeting_id`, `held_on`, `member_name` and `status_label` ("Absent", "Sent apologies").
    core_group_meetings: tuple[Any, ...] = field(default=())


def earlier_absences(conference: Conference, rules: RuleSet) -> list[EarlierAbsence]:
    if rules.mode(RuleId.NON_ATTEND_LETTER) == Mode.OFF:
        return []
    values = rules.values(RuleId.NON_ATTEND_LETTER)
    pattern_count, pattern_months = int(values.get("pattern_count", 3)), int(values.get("pattern_months", 6))
    conferences = {row["agency_id"]: row for row in _conferences_missed(conference)}
    meetings: dict[int, list] = defaultdict(list)
    for missed in hooks.core_group_absences(conference):
        meetings[missed.agency_id].append(missed)
    if not conferences and not meetings:
        return []
    window_since = add_months(conference.day, -pattern_months)
    across = {
        a.agency_id: a
        for a in attendance_by_agency(
            conference.authority_id,
            since=window_since,
            until=conference.day,
            window_since=window_since,
            pattern_count=pattern_count,
        )
    }
    invited = set(conference.invitations.filter(agency__isnull=False).values_list("agency_id", flat=True))
    found = []
    for agency_id in conferences.keys() | meetings.keys():
        row, missed, agency = conferences.get(agency_id), meetings.get(agency_id, []), across.get(agency_id)
        found.append(
            EarlierAbsence(
                agency_id=agency_id,
                agency_name=row["agency__name"] if row else missed[0].agency_name,
                times=row["times"] if row else 0,
                last_on=row["last_on"] if row else None,
                invited_now=agency_id in invited,
                in_window=agency.in_window if agency else 0,
                pattern=bool(agency and agency.pattern),
                pattern_count=pattern_count,
                pattern_months=pattern_months,
                core_group_meetings=tuple(missed),
            )
        )
    return sorted(found, key=lambda a: (not a.pattern, -a.times - len(a.core_group_meetings), a.agency_name))


def _conferences_missed(conference: Conference) -> list[dict]:
    """Per agency, the family's earlier held conferences it neither attended nor reported to."""
    authority = conference.authority_id
    submitted = AgencyReport.objects.for_authority(authority).filter(status=ReportStatus.SUBMITTED)
    return list(
        Invitation.objects.for_authority(authority)
        .filter(
            kind=InviteeKind.PROFESSIONAL,
            agency__isnull=False,
            conference__family_id=conference.family_id,
            conference__status=ConferenceStatus.HELD,
            conference__held_on__lt=conference.day,
        )
        .exclude(conference=conference)
        .filter(~Q(attendance=Attendance.PRESENT), attended_by_proxy=False)
        .exclude(pk__in=submitted.values("invitation_id"))
        .order_by()
        .values("agency_id", "agency__name")
        .annotate(times=Count("conference", distinct=True), last_on=Max("conference__held_on"))
    )
