"""Reads about reports shared by pages, the API, tasks and dashboards."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from authorities.models import Membership, Mode, RuleSet
from authorities.rules.ids import RuleId
from authorities.selectors import NoRuleSetInForce, rule_set_in_force

# REPORTING_KINDS lives with the invitations; the reports app's modules read it from here too.
from conferences.models import REPORTING_KINDS as REPORTING_KINDS
from conferences.models import Attendance, Conference, ConferenceStatus, Invitation, InviteeKind
from scheduling.calendars import NoDueDate, calendar_for, timescale_of
from scheduling.engine import WorkingCalendar, due_date, working_days_left
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
