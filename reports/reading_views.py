"""Pages for reading reports (the report, its PDF, its files, addenda) and the chair's reports page
with the non-attendance letters."""

from __future__ import annotations

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
from conferences.models import Conference, Invitation

from . import documents, selectors, services, uploads
from . import sections as spec
from .forms import AddendumForm
from .models import AgencyReport
from .views import _apply_errors

LETTER_ROLES = frozenset({Role.CHAIR, Role.BUSINESS_SUPPORT, Role.TEAM_MANAGER, Role.SERVICE_MANAGER})

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
