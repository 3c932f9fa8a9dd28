"""Report pages: My conferences (across authorities), the structured form with autosave, upload,
sharing, cannot-attend, the report itself (HTML, PDF, file), and the chair's reports page.

Views are thin: find the object within the request's authority (404 otherwise), check the person
may do this (403), call a service, render."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.audit import Subject, audited
from accounts.models import AccessAction
from authorities.access import STAFF_READERS, get_scoped_or_404, tenant_object
from authorities.models import Role
from authorities.rules.checks import RuleViolation
from conferences.models import Conference, Invitation, InviteeKind

from . import documents, selectors, services, uploads
from . import sections as spec
from .forms import AddendumForm, ParentViewsForm, ProxyForm, SharingForm, StructuredReportForm, UploadForm
from .models import AgencyReport, ReportKind, ReportSharing

LETTER_ROLES = frozenset({Role.CHAIR, Role.BUSINESS_SUPPORT, Role.TEAM_MANAGER, Role.SERVICE_MANAGER})


# --- access --------------------------------------------------------------------------------------


def _own_invitation_or_404(request: HttpRequest, pk: int) -> Invitation:
    """The person's own invitation; someone who may see it but is not the invitee gets 403."""
    queryset = Invitation.objects.for_authority(request.authority).select_related(
        "conference__family", "agency", "membership__user"
    )
    invitation = get_scoped_or_404(request, Invitation, pk, queryset=queryset)
    if invitation.membership_id != request.membership.pk or invitation.kind not in selectors.REPORTING_KINDS:
        raise PermissionDenied("Only the invited person can do this.")
    return invitation


def _apply_errors(form, error: Exception) -> None:
    """Show a service's refusal on the form: each missing section on its own field, named."""
    if isinstance(error, services.IncompleteReport):
        form.add_error(None, str(error))
        for item in error.missing:
            name = item.field if item.field in form.fields else None
            if name is not None:
                noun = "is missing" if isinstance(item, spec.Missing) else "is not marked"
                form.add_error(name, f"{error.rule_id}: {item.label} {noun}")
        if error.answer.advised and "incomplete_reason" in form.fields:
            form.add_error("incomplete_reason", f"{error.rule_id}: give a reason to submit without it.")
    elif isinstance(error, RuleViolation):
        form.add_error(error.field if error.field in form.fields else None, str(error))
    elif isinstance(error, ValidationError):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)


def _vary(response: HttpResponse) -> HttpResponse:
    response["Vary"] = "HX-Request"
    return response


# --- My conferences ------------------------------------------------------------------------------


@require_GET
def my_conferences(request: HttpRequest) -> HttpResponse:
    """Every invitation of mine, in every authority where I am a member."""
    groups = [(membership, rows) for membership, rows in selectors.my_invitation_rows(request.user) if rows]
    return render(request, "reports/my_conferences.html", {"groups": groups, "today": timezone.localdate()})


# --- the structured report -----------------------------------------------------------------------


def _report_form(invitation: Invitation, data=None) -> tuple[StructuredReportForm, dict]:
    sections, foao, rule_set = services.report_sections(invitation)
    draft = selectors.draft_of(invitation)
    latest = selectors.latest_submitted(invitation)
    if draft is not None:
        content = draft.content
    elif latest is not None and latest.kind == ReportKind.STRUCTURED:
        content = latest.content  # a re-submission starts from the last version, which stays as it was
    else:
        content = services.prefill_content(invitation, invitation.membership)
    form = StructuredReportForm(
        data,
        sections=sections,
        foao=foao,
        content=content,
        conference_kind=invitation.conference.kind,
        scaling=rule_set.is_on("SCALING") if "SCALING" in rule_set.settings_by_id else False,
    )
    row = selectors.invitation_rows([invitation])[0]
    return form, {
        "invitation": invitation,
        "conference": invitation.conference,
        "row": row,
        "draft": draft,
        "latest": latest,
        "rule_set": rule_set,
        "foao": foao,
        "review": spec.is_review(invitation.conference.kind),
        "modes": {
            name: rule_set.setting(rule).get_mode_display()
            for name, rule in (("fields", spec.FIELDS), ("review", spec.REVIEW), ("foao", spec.FOAO))
        },
        "own_form_on": rule_set.mode("REPORT-OWN-FORM") != "off",
    }


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation_or_404(request, pk)
    form, context = _report_form(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        content = form.to_content()
        services.save_draft(invitation_id=invitation.pk, by=request.membership, content=content)
        if request.POST.get("action") != "submit":
            messages.success(request, "Draft saved.")
            return redirect(request.path)
        try:
            report = services.submit_report(
                invitation_id=invitation.pk,
                by=request.membership,
                signed=form.cleaned_data["signed"],
                late_reason=form.cleaned_data["late_reason"],
                incomplete_reason=form.cleaned_data["incomplete_reason"],
            )
        except (RuleViolation, ValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Report submitted (version {report.version}).")
            return redirect("reports:report-detail", authority_slug=request.authority.slug, pk=report.pk)
    context["form"] = form
    context["groups"] = form.bound_layout()
    context["rendered_at"] = timezone.now().isoformat()
    return render(request, "reports/report_form.html", context, status=400 if form.errors else 200)


def _submitted_since(invitation: Invitation, rendered_at: str) -> bool:
    try:
        since = datetime.fromisoformat(rendered_at)
    except ValueError:
        return False
    return (
        AgencyReport.objects.for_authority(invitation.authority_id)
        .filter(invitation=invitation, submitted_at__gt=since)
        .exists()
    )


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def report_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft as the person types. Without htmx, the Save draft button does this
    (a GET, or a POST without htmx, goes back to the form)."""
    invitation = _own_invitation_or_404(request, pk)
    if request.method == "GET":
        return redirect("reports:report-form", authority_slug=request.authority.slug, pk=pk)
    form, _ = _report_form(invitation, request.POST)
    saved_at = None
    if _submitted_since(invitation, request.POST.get("rendered_at", "")):
        # A save still in flight when the author pressed Submit must not start a new draft.
        return _vary(render(request, "reports/_autosave_status.html", {"submitted": True}))
    if form.is_valid():
        services.save_draft(invitation_id=invitation.pk, by=request.membership, content=form.to_content())
        saved_at = timezone.localtime()
    if not request.htmx:
        return redirect("reports:report-form", authority_slug=request.authority.slug, pk=pk)
    return _vary(render(request, "reports/_autosave_status.html", {"saved_at": saved_at, "form": form}))


# --- upload, sharing, attendance -----------------------------------------------------------------


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation_or_404(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    rule_set = invitation.conference.rule_set_in_force()
    if request.method == "POST" and form.is_valid():
        try:
            report = services.upload_report(
                invitation_id=invitation.pk,
                by=request.membership,
                file=form.cleaned_data["file"],
                signed=form.cleaned_data["signed"],
                late_reason=form.cleaned_data["late_reason"],
            )
        except (RuleViolation, ValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Report uploaded (version {report.version}).")
            return redirect("reports:report-detail", authority_slug=request.authority.slug, pk=report.pk)
    return render(
        request,
        "reports/upload.html",
        {
            "invitation": invitation,
            "form": form,
            "row": selectors.invitation_rows([invitation])[0],
            "own_form_on": rule_set.mode("REPORT-OWN-FORM") != "off",
        },
        status=400 if form.errors else 200,
    )


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def report_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation_or_404(request, pk)
    rule_set = invitation.conference.rule_set_in_force()
    existing = ReportSharing.objects.for_authority(request.authority).filter(invitation=invitation).first()
    initial = None
    if existing is not None and request.method == "GET":
        initial = {
            "outcome": "exempt" if existing.exemption else "shared",
            "shared_on": existing.shared_on,
            "reason": existing.exemption_reason,
        }
    form = SharingForm(request.POST or None, initial=initial)
    exempt_by_type = selectors.is_exempt_by_agency_type(rule_set, invitation)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_sharing(
                invitation_id=invitation.pk,
                by=request.membership,
                shared_on=form.cleaned_data["shared_on"]
                if form.cleaned_data["outcome"] == "shared"
                else None,
                exempt=form.cleaned_data["outcome"] == "exempt",
                reason=form.cleaned_data["reason"],
            )
        except (RuleViolation, ValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Sharing with the family recorded.")
            return redirect("my-conferences")
    return render(
        request,
        "reports/sharing.html",
        {
            "invitation": invitation,
            "form": form,
            "existing": existing,
            "exempt_by_type": exempt_by_type,
            "exempt_types": selectors.sharing_exempt_agency_types(rule_set),
            "mode": rule_set.setting("REPORT-SHARED").get_mode_display(),
            "row": selectors.invitation_rows([invitation])[0],
        },
        status=400 if form.errors else 200,
    )


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def report_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation_or_404(request, pk)
    initial = {
        "cannot_attend": "yes" if invitation.cannot_attend else "no",
        "proxy_name": invitation.proxy_name,
    }
    form = ProxyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_cannot_attend(
                invitation_id=invitation.pk,
                by=request.membership,
                cannot_attend=form.cleaned_data["cannot_attend"],
                proxy_name=form.cleaned_data["proxy_name"],
                reason=form.cleaned_data["reason"],
            )
        except (RuleViolation, ValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Your attendance has been recorded and the chair told.")
            return redirect("my-conferences")
    rule_set = invitation.conference.rule_set_in_force()
    return render(
        request,
        "reports/proxy.html",
        {"invitation": invitation, "form": form, "mode": rule_set.setting("REPORT-PROXY").get_mode_display()},
        status=400 if form.errors else 200,
    )


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def parent_views(request: HttpRequest, pk: int) -> HttpResponse:
    """PARENT-VIEWS: the social work team sends a parent's written views on their behalf."""
    invitation = get_scoped_or_404(
        request,
        Invitation,
        pk,
        queryset=Invitation.objects.for_authority(request.authority).filter(kind=InviteeKind.PARENT),
    )
    if request.membership.role not in services.PARENT_VIEWS_ROLES:
        raise PermissionDenied("Only the social work team can send a parent's views.")
    form = ParentViewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_parent_views(
                invitation_id=invitation.pk,
                by=request.membership,
                file=form.cleaned_data["file"],
                text=form.cleaned_data["text"],
            )
        except (RuleViolation, ValidationError) as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"{invitation.name}'s views have been added to the conference's reports."
            )
            return redirect(
                "reports:conference-reports",
                authority_slug=request.authority.slug,
                pk=invitation.conference_id,
            )
    return render(
        request,
        "reports/parent_views.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


# --- reading reports -----------------------------------------------------------------------------
# Reports, uploads and letters all belong to a conference, and so to its family's case.
REPORT_SUBJECT = Subject(case="conference__family_id")


def _report_or_404(request: HttpRequest, pk: int) -> AgencyReport:
    queryset = AgencyReport.objects.for_authority(request.authority).select_related(
        "invitation__agency", "conference__family", "conference__authority", "upload", "submitted_by__user"
    )
    return get_scoped_or_404(request, AgencyReport, pk, queryset=queryset)


def report_context(report: AgencyReport) -> dict:
    rule_set = report.conference.rule_set_in_force()
    sections = spec.sections_for(rule_set, report.conference.kind)
    if report.on_behalf_of:
        sections = [spec.Section("parent_views", "The parent's views", group="Parent's written views")]
    content = report.content or {}
    rendered = []
    for section in sections:
        if section.kind == spec.LINE:
            continue
        value = content.get(section.key)
        if isinstance(value, dict) and value.get("statements"):
            value = {
                **value,
                "statements": [
                    {**st, "marker_label": spec.MARKER_LABELS.get(st.get("marker"), "Not marked")}
                    for st in value["statements"]
                ],
            }
        rendered.append({"section": section, "value": value})
    identity = [
        (s.label, content.get(s.key) or ("Not known" if content.get(f"{s.key}__not_known") else ""))
        for s in sections
        if s.kind == spec.LINE
    ]
    return {
        "report": report,
        "conference": report.conference,
        "invitation": report.invitation,
        "rendered": rendered,
        "identity": identity,
        "conference_on": report.conference.day,
        "chair_title": rule_set.chair_title,
        "parents_not_known": content.get("parents_carers__not_known"),
    }


@tenant_object(AgencyReport)
@audited(AccessAction.REPORT_VIEW, subject=REPORT_SUBJECT)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    context = report_context(report)
    context["versions"] = list(
        AgencyReport.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .filter(invitation=report.invitation_id)
        .order_by("-version")
    )
    context["history"] = list(report.history.select_related("history_user").order_by("-history_date")[:50])
    context["is_author"] = report.invitation.membership_id == request.membership.pk
    context["addendum_form"] = AddendumForm() if context["is_author"] and report.is_submitted else None
    return render(request, "reports/report_detail.html", context)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    return uploads.as_download(response, filename)


@tenant_object(AgencyReport)
@audited(AccessAction.REPORT_DOWNLOAD, subject=REPORT_SUBJECT)
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    pdf = documents.report_pdf(report_context(report))
    name = f"report-{report.conference_id}-{report.invitation_id}-v{report.version or 'draft'}.pdf"
    return _attachment(HttpResponse(pdf, content_type="application/pdf"), name)


@tenant_object(AgencyReport)
@audited(AccessAction.UPLOAD_DOWNLOAD, subject=REPORT_SUBJECT)
@require_GET
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded report: only through this permission-checked view, never as a static file."""
    report = _report_or_404(request, pk)
    if report.upload is None:
        raise Http404("This report has no uploaded file.")
    try:
        handle = open(uploads.path_of(report.upload.stored_name), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        raise Http404("The file is not available.") from None
    response = FileResponse(handle, content_type=report.upload.mime_type)
    return _attachment(response, report.upload.original_name)


@tenant_object(AgencyReport)
@require_http_methods(["GET", "POST"])
def report_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    if request.method == "GET":  # the form lives on the report's page
        return redirect("reports:report-detail", authority_slug=request.authority.slug, pk=pk)
    if report.invitation.membership_id != request.membership.pk:
        raise PermissionDenied("Only the report's author can add an addendum.")
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.add_addendum(report_id=report.pk, by=request.membership, text=form.cleaned_data["text"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Addendum added. It is shown as late.")
            return redirect("reports:report-detail", authority_slug=request.authority.slug, pk=pk)
    context = report_context(report)
    context.update({"versions": [report], "history": [], "is_author": True, "addendum_form": form})
    return render(request, "reports/report_detail.html", context, status=400)


# --- the chair's page ----------------------------------------------------------------------------


@tenant_object(Conference)
@require_GET
def conference_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """Every invited agency's report status for one conference. Staff of the authority and the
    professionals invited to it may look; anyone else is told it does not exist."""
    conference = get_scoped_or_404(
        request,
        Conference,
        pk,
        queryset=Conference.objects.for_authority(request.authority).select_related("family"),
    )
    rows = selectors.conference_report_rows(conference)
    letters_apply = services.non_attendance_letters_apply(conference)
    is_staff = request.membership.role in STAFF_READERS
    absent = (
        selectors.absent_without_report(conference) if (letters_apply and conference.status == "held") else []
    )
    return render(
        request,
        "reports/conference_reports.html",
        {
            "conference": conference,
            "conference_on": conference.day,
            "rows": rows,
            "letters_apply": letters_apply,
            "absent": absent,
            "can_send_letters": request.membership.role in LETTER_ROLES,
            "can_add_parent_views": request.membership.role in services.PARENT_VIEWS_ROLES,
            "is_staff": is_staff,
        },
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def non_attendance_letters(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_scoped_or_404(request, Conference, pk)
    if request.method == "GET":  # the button lives on the reports page
        return redirect("reports:conference-reports", authority_slug=request.authority.slug, pk=pk)
    if request.membership.role not in LETTER_ROLES:
        raise PermissionDenied("Only the chair or business support send these letters.")
    try:
        count = services.request_non_attendance_letters(conference_id=conference.pk, by=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Non-attendance letters are being sent ({count}).")
    return redirect("reports:conference-reports", authority_slug=request.authority.slug, pk=conference.pk)


@tenant_object(Invitation)
@audited(AccessAction.LETTER_DOWNLOAD, subject=REPORT_SUBJECT)
@require_GET
def non_attendance_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_scoped_or_404(
        request,
        Invitation,
        pk,
        queryset=Invitation.objects.for_authority(request.authority).select_related(
            "conference__chair__user", "conference__authority", "agency"
        ),
    )
    if request.membership.role not in LETTER_ROLES:
        raise PermissionDenied("Only the chair or business support see these letters.")
    conference = invitation.conference
    if conference.status != "held" or invitation not in selectors.absent_without_report(conference):
        raise Http404("No letter is due to this person.")
    pdf = documents.non_attendance_letter_pdf(services.letter_context(invitation, today=timezone.localdate()))
    return _attachment(
        HttpResponse(pdf, content_type="application/pdf"), f"non-attendance-letter-{invitation.pk}.pdf"
    )
