"""Report pages: My conferences (across authorities), the structured form with autosave, upload,
sharing, cannot-attend, the report itself (HTML, PDF, file), and the chair's reports page.

Views are thin: find the object within the request's authority (404 otherwise), check the person
may do this (403), call a service, render."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from authorities.access import get_scoped_or_404, tenant_object
from authorities.rules.checks import RuleViolation, in_words
from authorities.rules.ids import RuleId
from conferences.models import Invitation, InviteeKind

from . import sections as spec
from . import selectors, services
from .forms import ParentViewsForm, ProxyForm, SharingForm, UploadForm
from .models import AgencyReport, ReportKind, ReportSharing
from .structured_form import StructuredReportForm

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
                # The summary above carries the rule id once; each field says what it lacks.
                form.add_error(name, f"{item.label[:1].upper()}{item.label[1:]} {noun}")
        if error.answer.advised and "incomplete_reason" in form.fields:
            form.add_error("incomplete_reason", in_words("give a reason to submit without it", error.rule_id))
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
        scaling=rule_set.is_on(RuleId.SCALING) if RuleId.SCALING in rule_set.settings_by_id else False,
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
        "own_form_on": rule_set.mode(RuleId.REPORT_OWN_FORM) != "off",
    }


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _own_invitation_or_404(request, pk)
    form, context = _report_form(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _save_or_submit(request, invitation, form)
        if done is not None:
            return done
    context["form"] = form
    context["groups"] = form.bound_layout()
    context["rendered_at"] = timezone.now().isoformat()
    return render(request, "reports/report_form.html", context, status=400 if form.errors else 200)


def _save_or_submit(
    request: HttpRequest, invitation: Invitation, form: StructuredReportForm
) -> HttpResponse | None:
    """Save the draft, then submit it if asked; None when a refusal is to be shown on the form
    (content over its limits leaves the saved draft as it was)."""
    try:
        services.save_draft(invitation_id=invitation.pk, by=request.membership, content=form.to_content())
    except services.ContentRefused as refused:
        form.show_refusal(refused)
        return None
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
        return None
    messages.success(request, f"Report submitted (version {report.version}).")
    return redirect("reports:report-detail", authority_slug=request.authority.slug, pk=report.pk)


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
        try:
            services.save_draft(invitation_id=invitation.pk, by=request.membership, content=form.to_content())
        except services.ContentRefused as refused:
            form.show_refusal(refused)  # "Draft not saved": the saved draft stays as it was
        else:
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
            "own_form_on": rule_set.mode(RuleId.REPORT_OWN_FORM) != "off",
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
            "mode": rule_set.setting(RuleId.REPORT_SHARED).get_mode_display(),
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
        {
            "invitation": invitation,
            "form": form,
            "mode": rule_set.setting(RuleId.REPORT_PROXY).get_mode_display(),
        },
        status=400 if form.errors else 200,
    )


@tenant_object(Invitation)
@require_http_methods(["GET", "POST"])
def parent_views(request: HttpRequest, pk: int) -> HttpResponse:
    """The social work team sends a parent's written views on their behalf (PARENT-VIEWS)."""
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
