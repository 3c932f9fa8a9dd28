"""Reads about reports shared by pages, the API, tasks and dashboards."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from authorities.models import Agency, Authority, Membership, Mode, RuleSet
from authorities.rules.ids import RuleId
from authorities.selectors import NoRuleSetInForce, rule_set_in_force

# REPORTING_KINDS lives with the invitations; the reports app's modules read it from here too.
from conferences.models import REPORTING_KINDS as REPORTING_KINDS
from conferences.models import Attendance, Conference, ConferenceStatus, Invitation, InviteeKind
from scheduling.calendars import NoDueDate, calendar_for, timescale_of
from scheduling.engine import WorkingCalendar, add_months, due_date, working_days_left
from scheduling.models import Deadline

from .models import AgencyReport, ReportSharing, ReportStatus

REPORT_RULE = RuleId.REPORT_2WD


class DueDates:
    """REPORT-2WD due dates for many invitations with few queries: the deadline row where the
    scheduling service opened one for the conference's current date, else the engine's answer."""

    def __init__(self, invitations: list[Invitation]) -> None:
        self._calendars: dict[int, WorkingCalendar] = {}
        self._rule_sets: dict[tuple[int, date], RuleSet | None] = {}
        self._deadlines: dict[int, Deadline] = {}
        by_authority: dict[int, list[int]] = defaultdict(list)
        for invitation in invitations:
            by_authority[invitation.authority_id].append(invitation.pk)
        if invitations:
            content_type = ContentType.objects.get_for_model(Invitation)
            for authority_id, ids in by_authority.items():
                rows = Deadline.objects.for_authority(authority_id).filter(
                    rule_id=REPORT_RULE,
                    subject_type=content_type,
                    subject_id__in=ids,
                    cancelled_at__isnull=True,
                )
                self._deadlines.update({row.subject_id: row for row in rows})

    def calendar(self, authority_id: int) -> WorkingCalendar:
        if authority_id not in self._calendars:
            self._calendars[authority_id] = calendar_for(authority_id)
        return self._calendars[authority_id]

    def rule_set(self, authority_id: int, on: date) -> RuleSet | None:
        key = (authority_id, on)
        if key not in self._rule_sets:
            try:
                self._rule_sets[key] = rule_set_in_force(authority_id, on=on)
            except NoRuleSetInForce:
                self._rule_sets[key] = None
        return self._rule_sets[key]

    def due_on(self, invitation: Invitation) -> date | None:
        day = invitation.conference.day
        deadline = self._deadlines.get(invitation.pk)
        if deadline is not None and deadline.event_on == day:
            return deadline.due_on
        rule_set = self.rule_set(invitation.authority_id, day)
        if rule_set is None:
            return None
        try:
            return due_date(timescale_of(rule_set, REPORT_RULE), day, self.calendar(invitation.authority_id))
        except (NoDueDate, KeyError):
            return None


def report_due_on(invitation: Invitation) -> date | None:
    return DueDates([invitation]).due_on(invitation)


def latest_submitted(invitation: Invitation) -> AgencyReport | None:
    return (
        AgencyReport.objects.for_authority(invitation.authority_id)
        .filter(invitation=invitation, status=ReportStatus.SUBMITTED)
        .order_by("-version")
        .first()
    )


def draft_of(invitation: Invitation) -> AgencyReport | None:
    return (
        AgencyReport.objects.for_authority(invitation.authority_id)
        .filter(invitation=invitation, status=ReportStatus.DRAFT)
        .first()
    )


@dataclass
class InvitationReportRow:
    """One invitation and where its report stands, as the practitioner and the chair see it."""

    invitation: Invitation
    conference_on: date
    due_on: date | None
    working_days_left: int | None
    latest: AgencyReport | None
    draft: AgencyReport | None
    sharing: ReportSharing | None
    versions: list[AgencyReport] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)

    @property
    def submitted(self) -> bool:
        return self.latest is not None

    @property
    def is_late(self) -> bool:
        return bool(self.first and self.first.is_late)

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.working_days_left or 0))

    @property
    def first(self) -> AgencyReport | None:
        """The first version: whether the report reached the chair on time is judged by it."""
        return self.versions[-1] if self.versions else None

    @property
    def overdue(self) -> bool:
        return self.latest is None and self.due_on is not None and self.today > self.due_on

    @property
    def status_key(self) -> str:
        """on_time | late | missing | draft | not_started."""
        if self.first is not None:
            return "late" if self.first.is_late else "on_time"
        if self.overdue:
            return "missing"
        return "draft" if self.draft is not None else "not_started"

    @property
    def status_label(self) -> str:
        return {
            "on_time": "Submitted on time",
            "late": "Submitted late",
            "missing": "Missing",
            "draft": "Drafted",
            "not_started": "Not started",
        }[self.status_key]

    @property
    def chair_label(self) -> str:
        return {
            "on_time": "On time",
            "late": "Late",
            "missing": "Missing",
            "draft": "Not received yet",
            "not_started": "Not received yet",
        }[self.status_key]

    @property
    def status_tag(self) -> str:
        return {
            "on_time": "govuk-tag--green",
            "late": "govuk-tag--orange",
            "missing": "govuk-tag--red",
            "draft": "govuk-tag--blue",
            "not_started": "govuk-tag--grey",
        }[self.status_key]

    @property
    def shared_late(self) -> bool:
        return bool(
            self.sharing and self.sharing.shared_on and self.due_on and self.sharing.shared_on > self.due_on
        )


def invitation_rows(invitations: list[Invitation], *, today: date | None = None) -> list[InvitationReportRow]:
    """Rows for these invitations (already scoped by the caller) with a fixed number of queries."""
    today = today or timezone.localdate()
    invitations = list(invitations)
    if not invitations:
        return []
    due_dates = DueDates(invitations)
    reports_by_invitation: dict[int, list[AgencyReport]] = defaultdict(list)
    sharing_by_invitation: dict[int, ReportSharing] = {}
    by_authority: dict[int, list[int]] = defaultdict(list)
    for invitation in invitations:
        by_authority[invitation.authority_id].append(invitation.pk)
    for authority_id, ids in by_authority.items():
        for report in (
            AgencyReport.objects.for_authority(authority_id)
            .filter(invitation_id__in=ids)
            .select_related("upload", "submitted_by__user")
            .order_by("-version")
        ):
            reports_by_invitation[report.invitation_id].append(report)
        for sharing in ReportSharing.objects.for_authority(authority_id).filter(invitation_id__in=ids):
            sharing_by_invitation[sharing.invitation_id] = sharing
    rows = []
    for invitation in invitations:
        reports = reports_by_invitation[invitation.pk]
        submitted = [r for r in reports if r.status == ReportStatus.SUBMITTED]
        drafts = [r for r in reports if r.status == ReportStatus.DRAFT]
        due = due_dates.due_on(invitation)
        calendar = due_dates.calendar(invitation.authority_id)
        rows.append(
            InvitationReportRow(
                invitation=invitation,
                conference_on=invitation.conference.day,
                due_on=due,
                working_days_left=working_days_left(due=due, today=today, calendar=calendar) if due else None,
                latest=submitted[0] if submitted else None,
                draft=drafts[0] if drafts else None,
                sharing=sharing_by_invitation.get(invitation.pk),
                versions=submitted,
                today=today,
            )
        )
    return rows


def my_invitation_rows(
    user, *, today: date | None = None
) -> list[tuple[Membership, list[InvitationReportRow]]]:
    """My conferences: each of the person's memberships with their own invitations in it. Each
    authority's rows are read only through its own scope, by that membership."""
    today = today or timezone.localdate()
    result = []
    for membership in Membership.objects.of_user(user):
        invitations = list(
            Invitation.objects.for_authority(membership.authority)
            .filter(membership=membership)
            .exclude(conference__status=ConferenceStatus.CANCELLED)
            .select_related("conference__family", "conference__venue", "agency")
            .order_by("conference__starts_at")
        )
        result.append((membership, invitation_rows(invitations, today=today)))
    return result


def conference_report_rows(conference: Conference, *, today: date | None = None) -> dict[str, list]:
    """The chair's view of one conference: agencies, advocates (the child's voice), and parents'
    written views sent on their behalf."""
    invitations = list(
        Invitation.objects.for_authority(conference.authority_id)
        .filter(conference=conference)
        .select_related("conference", "agency", "membership__user")
        .order_by("name")
    )
    rows = invitation_rows(invitations, today=today)
    return {
        "agencies": [r for r in rows if r.invitation.kind == InviteeKind.PROFESSIONAL],
        "advocates": [r for r in rows if r.invitation.kind == InviteeKind.ADVOCATE],
        "parents": [r for r in rows if r.invitation.kind == InviteeKind.PARENT],
    }


def sharing_exempt_agency_types(rule_set: RuleSet) -> list[str]:
    try:
        if rule_set.mode(RuleId.REPORT_SHARED) == Mode.OFF:
            return []
        return list(rule_set.values(RuleId.REPORT_SHARED).get("exempt_agency_types", []))
    except KeyError:
        return []


def is_exempt_by_agency_type(rule_set: RuleSet, invitation: Invitation) -> bool:
    return bool(invitation.agency_id and invitation.agency.type in sharing_exempt_agency_types(rule_set))


# --- NON-ATTEND-LETTER -------------------------------------------------------------------------


def absent_without_report(conference: Conference) -> list[Invitation]:
    """Invited professionals who neither attended (in person or by a briefed colleague) nor sent
    a report: NON-ATTEND-LETTER's "did not attend or send a report"."""
    from conferences.models import Attendance

    submitted = AgencyReport.objects.for_authority(conference.authority_id).filter(
        conference=conference, status=ReportStatus.SUBMITTED
    )
    return list(
        Invitation.objects.for_authority(conference.authority_id)
        .filter(conference=conference, kind=InviteeKind.PROFESSIONAL)
        .exclude(attendance=Attendance.PRESENT)
        .exclude(attended_by_proxy=True)
        .exclude(pk__in=submitted.values("invitation_id"))
        .select_related("agency", "membership__user", "conference__chair__user")
        .order_by("name")
    )


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


def report_states(conference: Conference) -> dict[int, str]:
    """Whose agency report came in for this conference: invitation id → "sent", or "late" where
    every submitted report of that invitation was late (one query). Answers the conferences hook
    that its live page asks."""
    submitted: dict[int, str] = {}
    for invitation_id, is_late in (
        AgencyReport.objects.for_authority(conference.authority_id)
        .filter(conference=conference)
        .submitted()
        .order_by()
        .values_list("invitation_id", "is_late")
    ):
        if submitted.get(invitation_id) != "sent":
            submitted[invitation_id] = "late" if is_late else "sent"
    return submitted


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
