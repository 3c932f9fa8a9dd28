"""NON-ATTEND-LETTER for the chair: before a family's next conference, the agencies that neither
attended nor sent a report to its earlier conferences, with each agency's pattern across the
authority (the figure managers see on the dashboard). Answers the conferences hook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q

from authorities.models import Mode, RuleSet
from authorities.rules.ids import RuleId
from conferences.models import Attendance, Conference, ConferenceStatus, Invitation, InviteeKind
from scheduling.engine import add_months

from .models import AgencyReport, ReportStatus
from .selectors import attendance_by_agency


@dataclass(frozen=True)
class EarlierAbsence:
    agency_id: int
    agency_name: str
    times: int  # this family's earlier conferences the agency neither attended nor reported to
    last_on: date
    invited_now: bool
    in_window: int  # across the authority, within the pattern window
    pattern: bool
    pattern_count: int
    pattern_months: int


def earlier_absences(conference: Conference, rules: RuleSet) -> list[EarlierAbsence]:
    if rules.mode(RuleId.NON_ATTEND_LETTER) == Mode.OFF:
        return []
    values = rules.values(RuleId.NON_ATTEND_LETTER)
    pattern_count, pattern_months = int(values.get("pattern_count", 3)), int(values.get("pattern_months", 6))
    authority = conference.authority_id
    submitted = AgencyReport.objects.for_authority(authority).filter(status=ReportStatus.SUBMITTED)
    rows = (
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
    rows = list(rows)
    if not rows:
        return []
    window_since = add_months(conference.day, -pattern_months)
    across = {
        a.agency_id: a
        for a in attendance_by_agency(
            authority,
            since=window_since,
            until=conference.day,
            window_since=window_since,
            pattern_count=pattern_count,
        )
    }
    invited = set(conference.invitations.filter(agency__isnull=False).values_list("agency_id", flat=True))
    found = []
    for row in rows:
        agency = across.get(row["agency_id"])
        found.append(
            EarlierAbsence(
                agency_id=row["agency_id"],
                agency_name=row["agency__name"],
                times=row["times"],
                last_on=row["last_on"],
                invited_now=row["agency_id"] in invited,
                in_window=agency.in_window if agency else 0,
                pattern=bool(agency and agency.pattern),
                pattern_count=pattern_count,
                pattern_months=pattern_months,
            )
        )
    return sorted(found, key=lambda a: (not a.pattern, -a.times, a.agency_name))
