"""Agencies' attendance across conferences: the NON-ATTEND-LETTER letters sent per agency, and per
agency who was invited, absent, sent no report or neither (the pattern the rule describes). Read by
the reports pages, the managers' dashboard and the live page's earlier absences."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from authorities.models import Agency, Authority
from authorities.rules.ids import RuleId
from authorities.selectors import NoRuleSetInForce, rule_set_in_force
from conferences.models import Attendance, ConferenceStatus, Invitation, InviteeKind
from scheduling.engine import add_months

from .models import AgencyReport, ReportStatus


@dataclass(frozen=True)
class AgencyNonAttendance:
    agency_id: int | None
    agency_name: str
    in_window: int
    total: int
    pattern: bool
    by_month: dict[str, int]


def non_attendance_by_agency(
    authority: Authority | int, *, today: date | None = None
) -> list[AgencyNonAttendance]:
    """Letters sent per agency, in the rule's window (pattern_months) and in all, by month; an
    agency at or above pattern_count in the window is a pattern to raise (NON-ATTEND-LETTER)."""
    today = today or timezone.localdate()
    try:
        values = rule_set_in_force(authority, on=today).values(RuleId.NON_ATTEND_LETTER)
    except (NoRuleSetInForce, KeyError):
        values = {}
    pattern_count = int(values.get("pattern_count", 3))
    since = add_months(today, -int(values.get("pattern_months", 6)))
    letters = Invitation.objects.for_authority(authority).filter(non_attendance_letter_sent_on__isnull=False)
    totals = letters.values("agency_id").annotate(
        total=Count("id"), in_window=Count("id", filter=Q(non_attendance_letter_sent_on__gt=since))
    )
    months: dict[int | None, dict[str, int]] = defaultdict(dict)
    for row in (
        letters.annotate(month=TruncMonth("non_attendance_letter_sent_on"))
        .values("agency_id", "month")
        .annotate(n=Count("id"))
        .order_by("month")
    ):
        months[row["agency_id"]][row["month"].strftime("%Y-%m")] = row["n"]
    names = dict(
        Agency.objects.for_authority(authority)
        .filter(pk__in=[t["agency_id"] for t in totals if t["agency_id"]])
        .values_list("pk", "name")
    )
    rows = [
        AgencyNonAttendance(
            agency_id=t["agency_id"],
            agency_name=names.get(t["agency_id"], "No agency recorded"),
            in_window=t["in_window"],
            total=t["total"],
            pattern=t["in_window"] >= pattern_count,
            by_month=months[t["agency_id"]],
        )
        for t in totals
    ]
    return sorted(rows, key=lambda r: (-r.in_window, r.agency_name))


@dataclass(frozen=True)
class AgencyAttendance:
    """One agency's professionals invited to conferences held in a period: how many did not
    attend (in person or by a briefed colleague), sent no report, or neither (the NON-ATTEND-LETTER
    case), and the last of those within the rule's pattern window."""

    agency_id: int | None
    agency_name: str
    invited: int
    absent: int
    no_report: int
    absent_without_report: int
    letters_sent: int
    in_window: int
    pattern: bool


def attendance_by_agency(
    authority: Authority | int,
    *,
    since: date,
    until: date,
    window_since: date,
    pattern_count: int,
    family_filter: dict | None = None,
) -> list[AgencyAttendance]:
    """Per agency, the professionals invited to conferences held from `since` to `until`; an
    agency with `pattern_count` or more "did not attend or send a report" at conferences held
    after `window_since` (and up to `until`) shows the pattern NON-ATTEND-LETTER describes. One
    grouped query, whichever rule set is in force: the counts come from the attendance and reports
    recorded, not from the letters (which only authorities with the rule on send)."""
    # Uncorrelated, so PostgreSQL hashes the authority's submitted reports once per count rather
    # than probing the reports index for every invitation in every count.
    submitted = AgencyReport.objects.for_authority(authority).filter(status=ReportStatus.SUBMITTED)
    invitations = Invitation.objects.for_authority(authority).filter(
        kind=InviteeKind.PROFESSIONAL,
        conference__authority=authority,  # lets the planner use the conferences' (authority, status) index
        conference__status=ConferenceStatus.HELD,
        conference__held_on__lte=until,
        conference__held_on__gte=min(since, window_since),
    )
    if family_filter:
        invitations = invitations.filter(**{f"conference__family__{k}": v for k, v in family_filter.items()})
    absent = ~Q(attendance=Attendance.PRESENT) & Q(attended_by_proxy=False)
    no_report = ~Q(pk__in=submitted.values("invitation_id"))
    in_period = Q(conference__held_on__gte=since)
    rows = (
        invitations.order_by()
        .values("agency_id", "agency__name")
        .annotate(
            invited=Count("pk", filter=in_period),
            absent=Count("pk", filter=in_period & absent),
            no_report=Count("pk", filter=in_period & no_report),
            absent_without_report=Count("pk", filter=in_period & absent & no_report),
            letters_sent=Count("pk", filter=in_period & Q(non_attendance_letter_sent_on__isnull=False)),
            in_window=Count("pk", filter=Q(conference__held_on__gt=window_since) & absent & no_report),
        )
    )
    found = [
        AgencyAttendance(
            agency_id=row["agency_id"],
            agency_name=row["agency__name"] or "No agency recorded",
            invited=row["invited"],
            absent=row["absent"],
            no_report=row["no_report"],
            absent_without_report=row["absent_without_report"],
            letters_sent=row["letters_sent"],
            in_window=row["in_window"],
            pattern=row["in_window"] >= pattern_count,
        )
        for row in rows
        if row["invited"] or row["in_window"]
    ]
    return sorted(found, key=lambda r: (not r.pattern, -r.absent_without_report, r.agency_name))
