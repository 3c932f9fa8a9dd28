"""Drafts, submission, addenda and uploads of agency reports (REPORT-2WD, SW-REPORT)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.models import Membership, Mode, RuleSet
from authorities.rules.checks import Outcome, RuleAnswer, RuleViolation, check_deadline, check_rule, enforce
from authorities.rules.ids import RuleId
from authorities.text_limits import NOTES_MAX_LENGTH
from conferences.models import Invitation, InviteeKind
from scheduling import services as scheduling_services

from . import sections as spec
from . import uploads
from .common import PARENT_VIEWS_ROLES, IncompleteReport, _next_version, _own_invitation, prefill_content
from .content import limited_text, normalise_content, report_sections
from .models import AgencyReport, ReportKind, ReportStatus, ReportUpload
from .selectors import (
    REPORT_RULE,
    latest_submitted,
    report_due_on,
)


@transaction.atomic
def save_draft(*, invitation_id: int, by: Membership, content: dict) -> AgencyReport:
    """Save the working draft (made on first save). Submitted versions are never touched. Content
    over its limits raises ContentRefused before anything is written: the saved draft stays as it was."""
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
        mode = rule_set.mode(RuleId.REPORT_OWN_FORM)
    except KeyError:
        mode = Mode.ON
    if mode == Mode.OFF:
        answer = RuleAnswer(
            Outcome.REFUSED,
            RuleId.REPORT_OWN_FORM,
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
    text = limited_text(text, limit=NOTES_MAX_LENGTH, field="text", name="The parent's views")
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
                content={"parent_views": {"text": text, "not_known": False}} if text else {},
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
    text = limited_text(text, limit=NOTES_MAX_LENGTH, field="text", name="The addendum")
    now = now or timezone.now()
    if timezone.localdate(now) > report.conference.day:
        raise ValidationError({"text": "The conference has taken place: an addendum is added by the day."})
    report.addendum = text
    report.addendum_added_at = now
    report.addendum_by = by
    report._history_user = by.user
    report._change_reason = "addendum added (late)"
    report.save(update_fields=["addendum", "addendum_added_at", "addendum_by", "updated_at"])
    return report
