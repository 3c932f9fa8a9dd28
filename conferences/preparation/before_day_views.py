"""Pages for the requests to the chair (PROF-SLOT, OBSERVER) and the records kept before the day
(family needs, separate arrangements, the pre-meeting, the social worker's report)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from authorities.access import CASE_WRITERS, get_scoped_or_404, tenant_object
from authorities.models import Role
from cases.forms import apply_service_error
from conferences.models import (
    Conference,
    ObserverRequest,
    ProfessionalSlotRequest,
)

from . import before_day_forms as forms
from . import services
from .common import REQUESTERS
from .views import SERVICE_ERRORS, _conference_form, _render, _require, conference_url

# --- requests and decisions --------------------------------------------------------------------


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def slot_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.SlotRequestForm,
        service=services.request_professional_slot,
        roles=REQUESTERS,
        heading="Ask the chair for a professional slot",
        intro="A professional slot is time in the conference without the family, for information that "
        "cannot be shared with them. Ask before the day of the conference (PROF-SLOT).",
        success="Your request has gone to the chair.",
        button="Send the request",
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def observer_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.ObserverRequestForm,
        service=services.request_observer,
        roles=REQUESTERS,
        heading="Ask to bring an observer",
        intro="An observer must be agreed by the chair, who asks the family, before the day of the "
        "conference; an observer who was not agreed is refused entry (OBSERVER).",
        success="Your request has gone to the chair.",
        button="Send the request",
    )


def _visible_requests(request: HttpRequest, model):
    visible = Conference.objects.for_authority(request.authority).visible_to(request.membership)
    return (
        model.objects.for_authority(request.authority)
        .filter(conference__in=visible)
        .select_related("conference__family", "requested_by__user")
    )


def _decide_view(request, pk, *, model, form_class, service, heading, roles, template_name) -> HttpResponse:
    obj = get_scoped_or_404(request, model, pk, queryset=_visible_requests(request, model))
    _require(request, roles)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(by=request.membership, request_id=obj.pk, **form.service_kwargs())
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(conference_url(request, obj.conference_id))
    return _render(
        request,
        template_name,
        {"form": form, "conference": obj.conference, "request_obj": obj, "heading": heading},
    )


@tenant_object(ProfessionalSlotRequest)
@require_http_methods(["GET", "POST"])
def slot_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide_view(
        request,
        pk,
        model=ProfessionalSlotRequest,
        form_class=forms.DecisionForm,
        service=services.decide_professional_slot,
        heading="Decide on a professional slot",
        roles={Role.CHAIR},
        template_name="conferences/scheduling/decision_form.html",
    )


@tenant_object(ObserverRequest)
@require_http_methods(["GET", "POST"])
def observer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide_view(
        request,
        pk,
        model=ObserverRequest,
        form_class=forms.DecisionForm,
        service=services.decide_observer,
        heading="Decide on an observer",
        roles={Role.CHAIR},
        template_name="conferences/scheduling/decision_form.html",
    )


@tenant_object(ObserverRequest)
@require_http_methods(["GET", "POST"])
def observer_family(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide_view(
        request,
        pk,
        model=ObserverRequest,
        form_class=forms.FamilyAgreementForm,
        service=services.record_family_agreement,
        heading="Record the family's answer about the observer",
        roles=CASE_WRITERS,
        template_name="conferences/scheduling/decision_form.html",
    )


# --- before the conference ---------------------------------------------------------------------


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def family_needs(request: HttpRequest, pk: int) -> HttpResponse:
    def initial(conference):
        needs = getattr(conference, "family_needs", None)
        if needs is None:
            return {}
        return {f: getattr(needs, f) for f in forms.FamilyNeedsForm.base_fields}

    return _conference_form(
        request,
        pk,
        form_class=forms.FamilyNeedsForm,
        service=services.record_family_needs,
        heading="Family needs",
        intro="Advocacy, interpreter, transport, childcare and accessibility (FAMILY-NEEDS).",
        success="Family needs recorded.",
        initial=initial,
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def separate_arrangements(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.SeparateForm,
        service=services.record_separate_arrangements,
        heading="Separate attendance arrangements",
        intro="Where parents cannot attend together (SEPARATE).",
        success="Arrangements recorded.",
        initial=lambda c: {"arrangements": c.separate_attendance},
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def pre_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.PreMeetingForm,
        service=services.record_pre_meeting,
        heading="Chair's pre-meeting with the parents",
        intro="The chair meets the parents before the conference (PRE-MEET).",
        success="Pre-meeting recorded.",
        initial=lambda c: {"held_on": c.pre_meeting_on, "notes": c.pre_meeting_notes},
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def sw_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.SwReportForm,
        service=services.record_sw_report,
        heading="Social worker's report",
        intro="Share the report (and, for an initial conference, the draft plan prepared with the family) "
        "with professionals and the family by its deadline (SW-REPORT).",
        success="Report saved.",
        initial=lambda c: {
            "sw_report": c.sw_report,
            "draft_plan": c.draft_plan,
            "danger_statement_draft": c.danger_statement_draft,
            "shared_professionals_on": c.sw_report_shared_professionals_on,
            "shared_family_on": c.sw_report_shared_family_on,
        },
    )
