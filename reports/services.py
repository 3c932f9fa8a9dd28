"""Everything that changes reports: drafts, submission, uploads, sharing, proxies, addenda,
reminders, the conference-moved note and non-attendance letters.

Callers check the person's role; these functions still scope every read by the acting
membership's authority and check that a report is the actor's own.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from authorities.access import CASE_WRITERS
from authorities.models import Authority, Membership, Mode, Role, RuleSet
from authorities.rules.checks import Outcome, RuleAnswer, RuleViolation, check_deadline, check_rule, enforce
from authorities.selectors import rule_set_in_force
from conferences.models import Conference, ConferenceStatus, Invitation, InviteeKind
from scheduling import services as scheduling_services
from scheduling.calendars import calendar_for
from scheduling.engine import working_days_left
from scheduling.models import Notification

from . import sections as spec
from . import uploads
from .models import AgencyReport, ReportKind, ReportSharing, ReportStatus, ReportUpload
from .selectors import (
    REPORT_RULE,
    REPORTING_KINDS,
    DueDates,
    absent_without_report,
    is_exempt_by_agency_type,
    latest_submitted,
    report_due_on,
)

logger = logging.getLogger(__name__)

PARENT_VIEWS_ROLES = CASE_WRITERS | {Role.BUSINESS_SUPPORT}
DEFAULT_REMINDER_WORKING_DAYS = (5, 2)


class IncompleteReport(RuleViolation):
    """Submission refused (or waiting for a reason) because sections are missing; names each one."""

    def __init__(self, answer: RuleAnswer, missing: list[spec.Missing] | list[spec.Unmarked]) -> None:
        super().__init__(answer, field=missing[0].field if missing else None)
        self.missing = missing


# --- reading helpers -----------------------------------------------------------------------------


def _own_invitation(*, by: Membership, invitation_id: int, lock: bool = False) -> Invitation:
    queryset = Invitation.objects.for_authority(by.authority).select_related("conference", "agency")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.get(pk=invitation_id)
    if invitation.membership_id != by.pk:
        raise PermissionDenied("Only the invited person can write this report.")
    if invitation.kind not in REPORTING_KINDS:
        raise PermissionDenied("This invitation does not send a report.")
    return invitation


def _next_version(invitation: Invitation) -> int:
    top = (
        AgencyReport.objects.for_authority(invitation.authority_id)
        .filter(invitation=invitation)
        .aggregate(top=Max("version"))["top"]
    )
    return (top or 0) + 1


def prefill_content(invitation: Invitation, by: Membership) -> dict:
    """A new report starts from what the case already knows: the author, the conference date,
    and the children and adults on the case (editable where the agency knows better)."""
    from cases.models import Person, Relationship

    conference = invitation.conference
    user = by.user
    children = [
        {
            "child_id": child.pk,
            "first_name": child.first_name,
            "last_name": child.last_name,
            "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else "",
            "ethnicity": child.ethnicity,
            "disability": child.disability,
        }
        for child in conference.children.all().order_by("last_name", "first_name")
    ]
    relationships: dict[int, list[Relationship]] = {}
    for rel in (
        Relationship.objects.for_authority(conference.authority_id)
        .filter(child__in=conference.children.all())
        .select_related("child")
    ):
        relationships.setdefault(rel.person_id, []).append(rel)
    adults = []
    for person in Person.objects.for_authority(conference.authority_id).filter(family=conference.family_id):
        rels = relationships.get(person.pk, [])
        pr = [r.parental_responsibility for r in rels]
        adults.append(
            {
                "person_id": person.pk,
                "name": f"{person.first_name} {person.last_name}",
                "other_names": person.other_names,
                "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
                "relationship": "; ".join(f"{r.get_kind_display()} of {r.child.first_name}" for r in rels),
                "address": person.address,
                "parental_responsibility": ("yes" if any(pr) else "no") if pr else "",
            }
        )
    contact = ", ".join(part for part in (user.phone, user.email) if part)
    return {
        "organisation": invitation.agency.name if invitation.agency_id else "",
        "practitioner_name": user.display_name,
        "designation": user.job_title or invitation.role_label,
        "business_address": "",
        "contact_details": contact,
        "conference_date": conference.day.isoformat(),
        "children": children,
        "parents_carers": adults,
    }


# --- content -------------------------------------------------------------------------------------


def _text(value, limit: int = 20000) -> str:
    return str(value or "").strip()[:limit]


def normalise_content(sections: list[spec.Section], raw: dict, *, foao: bool) -> dict:
    """Keep only the sections this report has, in the shapes the module docstring describes:
    whatever a form or an API body sends, nothing else is stored."""
    raw = raw if isinstance(raw, dict) else {}
    content: dict = {}
    for section in sections:
        value = raw.get(section.key)
        if section.kind == spec.LINE:
            content[section.key] = _text(value, 500)
            if section.not_known_allowed and raw.get(f"{section.key}__not_known"):
                content[f"{section.key}__not_known"] = True
        elif section.kind == spec.CHILDREN:
            keys = ("first_name", "last_name", "date_of_birth", "ethnicity", "disability")
            rows = []
            for row in value if isinstance(value, list) else []:
                if not isinstance(row, dict):
                    continue
                clean = {k: _text(row.get(k), 500) for k in keys}
                if isinstance(row.get("child_id"), int):
                    clean["child_id"] = row["child_id"]
                if any(clean.get(k) for k in keys):
                    rows.append(clean)
            content[section.key] = rows[:30]
        elif section.kind == spec.ADULTS:
            keys = ("name", "other_names", "date_of_birth", "relationship", "address")
            rows = []
            for row in value if isinstance(value, list) else []:
                if not isinstance(row, dict):
                    continue
                clean = {k: _text(row.get(k), 1000) for k in keys}
                pr = row.get("parental_responsibility")
                clean["parental_responsibility"] = pr if pr in ("yes", "no", spec.NOT_KNOWN) else ""
                if isinstance(row.get("person_id"), int):
                    clean["person_id"] = row["person_id"]
                if any(clean.get(k) for k in keys):
                    rows.append(clean)
            content[section.key] = rows[:30]
            if raw.get("parents_carers__not_known"):
                content["parents_carers__not_known"] = True
        elif section.kind == spec.RECOMMENDATION:
            value = value if isinstance(value, dict) else {}
            scaling = value.get("scaling")
            try:
                scaling = int(scaling) if scaling not in (None, "") else None
            except (TypeError, ValueError):
                scaling = None
            if scaling is not None and not 0 <= scaling <= 10:
                scaling = None
            plan = value.get("plan_needed")
            content[section.key] = {
                "plan_needed": plan if plan in ("yes", "no", spec.NOT_KNOWN) else "",
                "reasons": _text(value.get("reasons")),
                "scaling": scaling,
                "category": _text(value.get("category"), 20),
                "agency_contribution": _text(value.get("agency_contribution")),
                "not_known": bool(value.get("not_known")),
            }
        elif section.kind == spec.STATEMENTS and foao:
            value = value if isinstance(value, dict) else {}
            statements = []
            for item in value.get("statements", []) if isinstance(value.get("statements"), list) else []:
                if isinstance(item, dict) and _text(item.get("text")):
                    marker = item.get("marker")
                    statements.append(
                        {
                            "text": _text(item.get("text")),
                            "marker": marker if marker in spec.MARKER_LABELS else "",
                        }
                    )
            # A text answer written before REPORT-FOAO applied becomes one unmarked statement.
            if not statements and _text(value.get("text")):
                statements.append({"text": _text(value.get("text")), "marker": ""})
            content[section.key] = {"statements": statements[:100], "not_known": bool(value.get("not_known"))}
        else:
            value = value if isinstance(value, dict) else {"text": value or ""}
            text = _text(value.get("text"))
            if not text and value.get("statements"):
                text = "\n".join(_text(s.get("text")) for s in value["statements"] if isinstance(s, dict))
            entry = {"text": text, "not_known": bool(value.get("not_known"))}
            if section.key == "involvement":
                entry["no_direct_contact"] = bool(value.get("no_direct_contact"))
            content[section.key] = entry
    if raw.get("conference_date"):
        content["conference_date"] = _text(raw["conference_date"], 10)
    return content


def report_sections(invitation: Invitation) -> tuple[list[spec.Section], bool, RuleSet]:
    rule_set = invitation.conference.rule_set_in_force()
    return spec.sections_for(rule_set, invitation.conference.kind), spec.foao_applies(rule_set), rule_set


# --- drafts and submission -----------------------------------------------------------------------


@transaction.atomic
def save_draft(*, invitation_id: int, by: Membership, content: dict) -> AgencyReport:
    """Save the working draft (made on first save). Submitted versions are never touched."""
    invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
    sections, foao, _ = report_sections(invitation)
    clean = normalise_content(sections, content, foao=foao)
    clean["conference_date"] = invitation.conference.day.isoformat()
    draft = (
        AgencyReport.objects.for_authority(by.authority)
        .select_for_update()
        .filter(invitation=invitation, status=ReportStatus.DRAFT)
        .first()
    )
    if draft is None:
        draft = AgencyReport(
            authority=by.authority,
            invitation=invitation,
            conference=invitation.conference,
            kind=ReportKind.STRUCTURED,
            created_by=by,
        )
        draft._change_reason = "draft started"
    else:
        draft._change_reason = "draft saved"
    draft.content = clean
    draft._history_user = by.user
    draft.save()
    return draft


def _judge_lateness(invitation: Invitation, rule_set: RuleSet, acted_on: date, late_reason: str):
    due = report_due_on(invitation)
    if due is not None:
        enforce(
            check_deadline(rule_set, REPORT_RULE, due=due, acted_on=acted_on),
            reason=late_reason,
            field="late_reason",
        )
    return due, bool(due is not None and acted_on > due)


def _meet_deadline(invitation: Invitation, acted_on: date, late_reason: str) -> None:
    # Only the first version meets the deadline: a later revision does not make an on-time report late.
    deadline = scheduling_services.deadline_for(
        authority=invitation.authority_id, rule_id=REPORT_RULE, subject=invitation
    )
    if deadline is None or deadline.met_on is None:
        scheduling_services.meet_deadline(
            authority=invitation.authority,
            rule_id=REPORT_RULE,
            subject=invitation,
            met_on=acted_on,
            reason=late_reason,
        )


def check_complete(invitation: Invitation, content: dict, *, incomplete_reason: str = "") -> None:
    """REPORT-FIELDS and REPORT-REVIEW: name every missing section; REPORT-FOAO: every statement
    marked. Required refuses; advised lets the author go on with a reason."""
    sections, foao, rule_set = report_sections(invitation)
    missing = spec.missing_sections(sections, content, invitation.conference.kind)
    for rule_id in (spec.FIELDS, spec.REVIEW):
        gaps = [m for m in missing if m.rule_id == rule_id]
        if not gaps:
            continue
        answer = check_rule(
            rule_set,
            rule_id,
            satisfied=False,
            message="the report is missing: "
            + "; ".join(m.label for m in gaps)
            + '. Answer each, or tick "Not known".',
        )
        if answer.refused or (answer.advised and not incomplete_reason.strip()):
            raise IncompleteReport(answer, gaps)
    if foao:
        unmarked = spec.unmarked_statements(sections, content)
        if unmarked:
            answer = check_rule(
                rule_set,
                spec.FOAO,
                satisfied=False,
                message="mark each statement as fact, observation, allegation or opinion: "
                + "; ".join(u.label for u in unmarked),
            )
            if answer.refused or (answer.advised and not incomplete_reason.strip()):
                raise IncompleteReport(answer, unmarked)


@transaction.atomic
def submit_report(
    *,
    invitation_id: int,
    by: Membership,
    signed: bool,
    content: dict | None = None,
    late_reason: str = "",
    incomplete_reason: str = "",
    now: datetime | None = None,
) -> AgencyReport:
    """Submit the draft as the next version. Refuses an unsigned or incomplete report; a late one
    needs a reason where REPORT-2WD is required."""
    if content is not None:
        save_draft(invitation_id=invitation_id, by=by, content=content)
    invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
    draft = (
        AgencyReport.objects.for_authority(by.authority)
        .select_for_update()
        .filter(invitation=invitation, status=ReportStatus.DRAFT)
        .first()
    )
    if draft is None:
        raise ValidationError({"content": "There is no draft to submit. Write the report first."})
    check_complete(invitation, draft.content, incomplete_reason=incomplete_reason)
    if not signed:
        raise ValidationError({"signed": 'Confirm that this is your report ("signed") to submit it.'})
    now = now or timezone.now()
    acted_on = timezone.localdate(now)
    rule_set = invitation.conference.rule_set_in_force()
    due, is_late = _judge_lateness(invitation, rule_set, acted_on, late_reason)
    draft.version = _next_version(invitation)
    draft.status = ReportStatus.SUBMITTED
    draft.signed = True
    draft.submitted_at = now
    draft.submitted_by = by
    draft.due_on = due
    draft.is_late = is_late
    draft.late_reason = late_reason.strip()
    draft.incomplete_reason = incomplete_reason.strip()
    draft._history_user = by.user
    draft._change_reason = f"submitted as version {draft.version}" + (" (late)" if is_late else "")
    draft.save()
    _meet_deadline(invitation, acted_on, late_reason.strip())
    return draft


@transaction.atomic
def start_revision(*, invitation_id: int, by: Membership) -> AgencyReport:
    """A new draft from the latest submitted version; that version stays as it was."""
    invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
    existing = (
        AgencyReport.objects.for_authority(by.authority)
        .filter(invitation=invitation, status=ReportStatus.DRAFT)
        .first()
    )
    if existing is not None:
        return existing
    latest = latest_submitted(invitation)
    content = dict(latest.content) if latest and latest.kind == ReportKind.STRUCTURED else {}
    draft = AgencyReport(
        authority=by.authority,
        invitation=invitation,
        conference=invitation.conference,
        kind=ReportKind.STRUCTURED,
        content=content or prefill_content(invitation, by),
        created_by=by,
    )
    draft._history_user = by.user
    draft._change_reason = f"revision started from version {latest.version}" if latest else "draft started"
    draft.save()
    return draft


def _store_upload(*, by: Membership, file) -> tuple[ReportUpload, str]:
    try:
        checked = uploads.check_upload(file)
    except uploads.UploadRefused as refused:
        raise ValidationError({"file": str(refused)}) from None
    stored_name = uploads.store(checked)
    upload = ReportUpload(
        authority=by.authority,
        stored_name=stored_name,
        original_name=checked.original_name,
        detected_type=checked.detected_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    upload._history_user = by.user
    upload._change_reason = "uploaded"
    upload.save()
    return upload, stored_name


def _own_form_allowed(rule_set: RuleSet) -> None:
    try:
        mode = rule_set.mode("REPORT-OWN-FORM")
    except KeyError:
        mode = Mode.ON
    if mode == Mode.OFF:
        answer = RuleAnswer(
            Outcome.REFUSED,
            "REPORT-OWN-FORM",
            "this authority takes reports on its structured form only; uploads are switched off",
        )
        raise RuleViolation(answer, field="file")


def upload_report(
    *,
    invitation_id: int,
    by: Membership,
    file,
    signed: bool,
    late_reason: str = "",
    now: datetime | None = None,
) -> AgencyReport:
    """The agency's own form, uploaded (REPORT-OWN-FORM), as the next submitted version. The file
    is judged by its content; a refused file leaves nothing behind."""
    stored_name = None
    try:
        with transaction.atomic():
            invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
            rule_set = invitation.conference.rule_set_in_force()
            _own_form_allowed(rule_set)
            if not signed:
                raise ValidationError({"signed": 'Confirm that this is your report ("signed") to submit it.'})
            now = now or timezone.now()
            acted_on = timezone.localdate(now)
            due, is_late = _judge_lateness(invitation, rule_set, acted_on, late_reason)
            upload, stored_name = _store_upload(by=by, file=file)
            report = AgencyReport(
                authority=by.authority,
                invitation=invitation,
                conference=invitation.conference,
                kind=ReportKind.UPLOAD,
                status=ReportStatus.SUBMITTED,
                version=_next_version(invitation),
                upload=upload,
                signed=True,
                submitted_at=now,
                submitted_by=by,
                due_on=due,
                is_late=is_late,
                late_reason=late_reason.strip(),
                created_by=by,
            )
            report._history_user = by.user
            report._change_reason = f"uploaded as version {report.version}" + (" (late)" if is_late else "")
            report.save()
            _meet_deadline(invitation, acted_on, late_reason.strip())
            return report
    except BaseException:
        if stored_name:
            uploads.discard(stored_name)
        raise


def upload_parent_views(
    *, invitation_id: int, by: Membership, file=None, text: str = "", now: datetime | None = None
) -> AgencyReport:
    """PARENT-VIEWS: the social worker sends a parent's written views (a document, or typed as the
    parent gave them) on the parent's behalf. Parents may give views up to and at the conference,
    so REPORT-2WD does not judge them."""
    if by.role not in PARENT_VIEWS_ROLES:
        raise PermissionDenied("Only the social work team can send a parent's views.")
    if file is None and not text.strip():
        raise ValidationError({"file": "Upload the parent's written views, or type them in."})
    stored_name = None
    try:
        with transaction.atomic():
            invitation = (
                Invitation.objects.for_authority(by.authority)
                .select_for_update(of=("self",))
                .select_related("conference")
                .get(pk=invitation_id, kind=InviteeKind.PARENT)
            )
            upload = None
            if file is not None:
                upload, stored_name = _store_upload(by=by, file=file)
            now = now or timezone.now()
            report = AgencyReport(
                authority=by.authority,
                invitation=invitation,
                conference=invitation.conference,
                kind=ReportKind.UPLOAD if upload else ReportKind.STRUCTURED,
                status=ReportStatus.SUBMITTED,
                version=_next_version(invitation),
                upload=upload,
                content={"parent_views": {"text": _text(text), "not_known": False}} if text.strip() else {},
                on_behalf_of=invitation.name,
                signed=True,
                submitted_at=now,
                submitted_by=by,
                created_by=by,
            )
            report._history_user = by.user
            report._change_reason = f"parent's views sent on their behalf by {by.user.display_name}"
            report.save()
            return report
    except BaseException:
        if stored_name:
            uploads.discard(stored_name)
        raise


@transaction.atomic
def add_addendum(*, report_id: int, by: Membership, text: str, now: datetime | None = None) -> AgencyReport:
    """On the day: what came to light since submission, added to the submitted version and shown
    as late (REPORT-2WD). The report itself is not changed."""
    report = (
        AgencyReport.objects.for_authority(by.authority)
        .select_for_update(of=("self",))
        .select_related("invitation", "conference")
        .get(pk=report_id)
    )
    if report.invitation.membership_id != by.pk:
        raise PermissionDenied("Only the report's author can add an addendum.")
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"text": "Submit the report first; an addendum follows a submitted report."})
    if report.addendum:
        raise ValidationError({"text": "This version already has an addendum. Send a new version instead."})
    if not text.strip():
        raise ValidationError({"text": "Enter what has come to light since you submitted the report."})
    now = now or timezone.now()
    if timezone.localdate(now) > report.conference.day:
        raise ValidationError({"text": "The conference has taken place: an addendum is added by the day."})
    report.addendum = _text(text)
    report.addendum_added_at = now
    report.addendum_by = by
    report._history_user = by.user
    report._change_reason = "addendum added (late)"
    report.save(update_fields=["addendum", "addendum_added_at", "addendum_by", "updated_at"])
    return report


# --- sharing, proxy ------------------------------------------------------------------------------


@transaction.atomic
def record_sharing(
    *,
    invitation_id: int,
    by: Membership,
    shared_on: date | None = None,
    exempt: bool = False,
    reason: str = "",
    today: date | None = None,
) -> ReportSharing:
    """REPORT-SHARED: shared with the family on a date, or exempt. The agency types the rule set
    exempts need no reason; any other exemption does (required refuses without one)."""
    invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
    rule_set = invitation.conference.rule_set_in_force()
    today = today or timezone.localdate()
    if not exempt and shared_on is None:
        raise ValidationError({"shared_on": "Enter the date the report was shared with the family."})
    if shared_on is not None and shared_on > today:
        raise ValidationError({"shared_on": "The date it was shared must be today or in the past."})
    exemption = ""
    if exempt:
        if is_exempt_by_agency_type(rule_set, invitation):
            exemption = ReportSharing.Exemption.AGENCY_TYPE
        else:
            enforce(
                check_rule(
                    rule_set,
                    "REPORT-SHARED",
                    satisfied=bool(reason.strip()),
                    message="a report not shared with the family needs the reason for the exemption "
                    "(exceptional circumstances only)",
                ),
                reason=reason,
                field="reason",
            )
            exemption = ReportSharing.Exemption.REASON
    sharing = ReportSharing.objects.for_authority(by.authority).filter(invitation=invitation).first()
    if sharing is None:
        sharing = ReportSharing(authority=by.authority, invitation=invitation)
    sharing.shared_on = None if exempt else shared_on
    sharing.exemption = exemption
    sharing.exemption_reason = reason.strip() if exempt else ""
    sharing.recorded_by = by
    sharing._history_user = by.user
    sharing._change_reason = (
        f"shared with the family on {shared_on:%d %b %Y}" if not exempt else f"exempt: {exemption}"
    )
    sharing.save()
    return sharing


@transaction.atomic
def record_cannot_attend(
    *, invitation_id: int, by: Membership, cannot_attend: bool, proxy_name: str = "", reason: str = ""
) -> Invitation:
    """REPORT-PROXY: say you cannot attend and name the briefed colleague going instead; the chair
    is told. Without a colleague, required refuses and advised asks why."""
    invitation = _own_invitation(by=by, invitation_id=invitation_id, lock=True)
    proxy_name = _text(proxy_name, 200)
    if cannot_attend and not proxy_name:
        enforce(
            check_rule(
                invitation.conference.rule_set_in_force(),
                "REPORT-PROXY",
                satisfied=False,
                message="name the briefed colleague who will attend in your place",
            ),
            reason=reason,
            field="proxy_name",
        )
    invitation.cannot_attend = cannot_attend
    invitation.proxy_name = proxy_name if cannot_attend else ""
    invitation._history_user = by.user
    if cannot_attend:
        invitation._change_reason = (
            f"cannot attend; {proxy_name} attends instead"
            if proxy_name
            else f"cannot attend; no colleague: {reason}"
        )
    else:
        invitation._change_reason = "can attend after all"
    invitation.save(update_fields=["cannot_attend", "proxy_name"])
    conference = invitation.conference
    chair = Membership.objects.for_authority(by.authority).select_related("user").get(pk=conference.chair_id)
    if cannot_attend:
        instead = f"{proxy_name} will attend instead." if proxy_name else "No colleague can attend instead."
        scheduling_services.notify(
            authority=by.authority,
            recipient=chair.user,
            kind=Notification.Kind.OTHER,
            subject=(
                f"{invitation.name} cannot attend on {conference.day:%d %b %Y} "
                f"(case {conference.family.case_reference})"
            ),
            body=f"{invitation.name} ({invitation.role_label or 'professional'}) cannot attend. {instead}",
            url=f"/{by.authority.slug}/conferences/{conference.pk}/reports/",
            dedupe_key=f"proxy:{invitation.pk}:{proxy_name or 'none'}",
        )
    return invitation


# --- reminders and the conference-moved note -----------------------------------------------------


def _reminder_days(rule_set: RuleSet) -> list[int]:
    try:
        days = rule_set.values(REPORT_RULE).get("reminder_working_days", list(DEFAULT_REMINDER_WORKING_DAYS))
    except KeyError:
        days = list(DEFAULT_REMINDER_WORKING_DAYS)
    return sorted({int(d) for d in days if isinstance(d, int) and d >= 0})


def _reminder_horizon(authority: Authority, today: date) -> date | None:
    """The latest conference date that can need a reminder today: the earliest step counted back
    from the report deadline, itself counted back from the conference. A week of calendar slack
    covers a later rule-set version with slightly larger numbers."""
    try:
        rule_set = rule_set_in_force(authority, on=today)
    except LookupError:
        return None
    if rule_set.mode(REPORT_RULE) == Mode.OFF:
        return None
    steps = _reminder_days(rule_set)
    if not steps:
        return None
    amount = int(rule_set.values(REPORT_RULE).get("amount", 2))
    return calendar_for(authority).add_working_days(today, max(steps) + amount) + timedelta(days=7)


def send_due_report_reminders(authority_id: int, today: date) -> int:
    """E-mail each invited person whose report is not in when its deadline is N working days away
    (N from the rule set: REPORT-2WD reminder_working_days, default 5 and 2). The dedupe key makes a
    rerun, or tomorrow's run at the same step, send nothing twice. Returns how many were sent."""
    authority = Authority.objects.get(pk=authority_id)
    horizon = _reminder_horizon(authority, today)
    if horizon is None:
        return 0
    invitations = list(
        Invitation.objects.for_authority(authority_id)
        .filter(
            kind__in=REPORTING_KINDS,
            membership__isnull=False,
            conference__status=ConferenceStatus.SCHEDULED,
            conference__starts_at__date__gte=today,
            # Only conferences near enough for a reminder step: a sweep with nothing to send stays cheap.
            conference__starts_at__date__lte=horizon,
        )
        .exclude(reports__status=ReportStatus.SUBMITTED)
        .select_related("conference__family", "membership__user")
    )
    due_dates = DueDates(invitations)
    sent = 0
    for invitation in invitations:
        due = due_dates.due_on(invitation)
        if due is None or due < today:
            continue
        rule_set = due_dates.rule_set(authority_id, invitation.conference.day)
        if rule_set is None or rule_set.mode(REPORT_RULE) == Mode.OFF:
            continue
        left = working_days_left(due=due, today=today, calendar=due_dates.calendar(authority_id))
        # The tightest step already reached: a sweep that missed a day still sends one reminder.
        steps = [n for n in _reminder_days(rule_set) if left <= n]
        if not steps:
            continue
        step = min(steps)
        conference = invitation.conference
        notification = scheduling_services.notify(
            authority=authority,
            recipient=invitation.membership.user,
            kind=Notification.Kind.REPORT_REMINDER,
            subject=f"Your report is due {due:%A %d %B %Y} (REPORT-2WD)",
            body=(
                f"Your report for the {conference.get_kind_display().lower()} for case "
                f"{conference.family.case_reference} on "
                f"{conference.day:%A %d %B %Y} is due by {due:%A %d %B %Y}: "
                f"{left} working day{'s' if left != 1 else ''} left."
            ),
            url=f"/{authority.slug}/invitations/{invitation.pk}/report/",
            dedupe_key=f"report-reminder:{invitation.pk}:{due.isoformat()}:{step}",
        )
        sent += notification is not None
    return sent


def notify_conference_moved(conference_id: int, *, authority_id: int | None = None) -> int:
    """Tell everyone invited with an account that the conference moved, with the new report
    deadline. Once per person per new date. For the scheduling service to call after a move."""
    if authority_id is None:
        conference = Conference.objects.unscoped(
            reason="conference id handed over by the scheduling service"
        ).get(pk=conference_id)
    else:
        conference = Conference.objects.for_authority(authority_id).get(pk=conference_id)
    authority = Authority.objects.get(pk=conference.authority_id)
    invitations = list(
        Invitation.objects.for_authority(authority)
        .filter(conference=conference, membership__isnull=False)
        .select_related("conference__family", "membership__user")
    )
    due_dates = DueDates(invitations)
    day = conference.day
    local_start = timezone.localtime(conference.starts_at)
    sent = 0
    for invitation in invitations:
        body = (
            f"The {conference.get_kind_display().lower()} for case {conference.family.case_reference} "
            f"is now on {local_start:%A %d %B %Y at %H:%M}."
        )
        due = due_dates.due_on(invitation) if invitation.kind in REPORTING_KINDS else None
        if due is not None:
            body += f" Your report is now due by {due:%A %d %B %Y} (REPORT-2WD)."
        notification = scheduling_services.notify(
            authority=authority,
            recipient=invitation.membership.user,
            kind=Notification.Kind.CONFERENCE_CHANGED,
            subject=f"Conference moved to {day:%A %d %B %Y}",
            body=body,
            url="/my-conferences/",
            dedupe_key=f"conference-moved:{conference.pk}:{local_start.isoformat()}",
            # The updated calendar invitation already goes by e-mail; this is the in-app note.
            email=False,
        )
        sent += notification is not None
    return sent


# --- NON-ATTEND-LETTER ---------------------------------------------------------------------------


def non_attendance_letters_apply(conference: Conference) -> bool:
    try:
        return conference.rule_set_in_force().mode("NON-ATTEND-LETTER") != Mode.OFF
    except KeyError:
        return False


def letter_context(invitation: Invitation, *, today: date) -> dict:
    conference = invitation.conference
    rule_set = conference.rule_set_in_force()
    return {
        "invitation": invitation,
        "conference": conference,
        "conference_on": conference.day,
        "chair": conference.chair,
        "chair_title": rule_set.chair_title,
        "authority": conference.authority,
        "today": today,
    }


@transaction.atomic
def request_non_attendance_letters(*, conference_id: int, by: Membership) -> int:
    """The chair asks for the letters once the conference is held; they go after commit."""
    conference = Conference.objects.for_authority(by.authority).get(pk=conference_id)
    if conference.status != ConferenceStatus.HELD:
        raise ValidationError({"conference": "Letters go after the conference has been held."})
    if not non_attendance_letters_apply(conference):
        raise ValidationError({"conference": "NON-ATTEND-LETTER is off in this authority's rules."})
    from .tasks import send_non_attendance_letters_task

    pending = [i for i in absent_without_report(conference) if i.non_attendance_letter_sent_on is None]
    transaction.on_commit(
        lambda: send_non_attendance_letters_task.delay(
            authority_id=conference.authority_id, conference_id=conference.pk
        )
    )
    return len(pending)


def send_non_attendance_letters(*, authority_id: int, conference_id: int, today: date | None = None) -> int:
    """Write (PDF) and e-mail the letter to each invited professional who neither attended nor sent
    a report, where the rule set has NON-ATTEND-LETTER. Each letter is claimed first (compare-and-set
    on non_attendance_letter_sent_on), so a rerun or a duplicate task sends nothing twice."""
    from .documents import non_attendance_letter_pdf

    today = today or timezone.localdate()
    conference = (
        Conference.objects.for_authority(authority_id)
        .select_related("authority", "chair__user")
        .get(pk=conference_id)
    )
    if conference.status != ConferenceStatus.HELD or not non_attendance_letters_apply(conference):
        return 0
    sent = 0
    for invitation in absent_without_report(conference):
        address = invitation.email or (invitation.membership.user.email if invitation.membership_id else "")
        if invitation.non_attendance_letter_sent_on is not None or not address:
            continue
        scoped = Invitation.objects.for_authority(authority_id)
        if not scoped.filter(pk=invitation.pk, non_attendance_letter_sent_on__isnull=True).update(
            non_attendance_letter_sent_on=today
        ):
            continue  # another run claimed it
        try:
            pdf = non_attendance_letter_pdf(letter_context(invitation, today=today))
            message = EmailMessage(
                subject=f"Child protection conference on {conference.day:%d %B %Y}: "
                "you did not attend or send a report",
                body=(
                    f"Dear {invitation.name},\n\nPlease find attached a letter from the "
                    f"{letter_context(invitation, today=today)['chair_title']} about the conference on "
                    f"{conference.day:%A %d %B %Y}.\n"
                ),
                to=[address],
            )
            message.attach(
                f"non-attendance-letter-{conference.pk}-{invitation.pk}.pdf", pdf, "application/pdf"
            )
            message.send()
        except Exception:
            scoped.filter(pk=invitation.pk).update(non_attendance_letter_sent_on=None)
            raise
        # update() writes no history: record the letter on the invitation's history as well.
        recorded = scoped.get(pk=invitation.pk)
        recorded._change_reason = "NON-ATTEND-LETTER sent"
        recorded.save(update_fields=["non_attendance_letter_sent_on"])
        sent += 1
    return sent


def send_due_non_attendance_letters(authority_id: int, today: date) -> int:
    """For the periodic sweep: letters for every held conference still owed some."""
    sent = 0
    held = Conference.objects.for_authority(authority_id).filter(
        Q(held_on__lte=today) | Q(held_on__isnull=True), status=ConferenceStatus.HELD
    )
    for conference_id in held.values_list("pk", flat=True):
        conference = Conference.objects.for_authority(authority_id).get(pk=conference_id)
        if not non_attendance_letters_apply(conference):
            continue
        sent += send_non_attendance_letters(
            authority_id=authority_id, conference_id=conference_id, today=today
        )
    return sent
