"""The core group's combined report to a review (REPORT-REVIEW): the social worker drafts it
from the minutes, edits it and sends it; the authority's staff read it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from authorities.access import STAFF_READERS, get_scoped_or_404, tenant_object
from authorities.rules.checks import RuleViolation
from authorities.text_limits import notes_field, reason_field
from cases.forms import apply_service_error
from conferences.models import Conference

from . import combined


class CombinedReportForm(forms.Form):
    reason = reason_field(
        label="Why a heading is left empty",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only where this authority's rules ask for one (REPORT-REVIEW).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in combined.SECTIONS:
            self.fields[section.key] = notes_field(
                label=section.label, required=False, widget=forms.Textarea(attrs={"rows": 6})
            )
        self.order_fields([s.key for s in combined.SECTIONS] + ["reason"])


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def combined_report(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_scoped_or_404(
        request,
        Conference,
        pk,
        queryset=Conference.objects.for_authority(request.authority).select_related(
            "family", "social_worker"
        ),
    )
    if request.membership.role not in STAFF_READERS:
        raise PermissionDenied("The core group's combined report is for the authority's staff.")
    can_write = combined.may_write(request.membership, conference)
    report = combined.report_of(conference)
    form = CombinedReportForm(request.POST or None, initial=report.content if report else None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("The case's social worker writes the core group's combined report.")
        try:
            if "draft" in request.POST:
                combined.draft_combined_report(conference_id=conference.pk, by=request.membership)
                messages.success(request, "Drafted from the core group minutes since the last conference.")
                return redirect(request.path)
            if form.is_valid():
                data = form.cleaned_data
                send = "send" in request.POST
                combined.save_combined_report(
                    conference_id=conference.pk,
                    by=request.membership,
                    content={s.key: data[s.key] for s in combined.SECTIONS},
                    send=send,
                    reason=data["reason"],
                )
                messages.success(request, "Sent to the chair." if send else "Saved.")
                return redirect(request.path)
        except (ValidationError, RuleViolation) as error:
            apply_service_error(form, error)
    context = {"conference": conference, "report": report, "form": form, "can_write": can_write}
    return render(request, "reports/combined_report.html", context)
