"""Pages for scheduling and preparing conferences: thin (parse, authorise, call a service, render).

Every page with an id looks the object up first inside the authority and the member's
visibility (404 otherwise), then checks the role (403)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.audit import Subject, audited
from accounts.models import AccessAction
from authorities.access import CASE_WRITERS, get_scoped_or_404, tenant_object
from authorities.human_dates import long_date_with_weekday
from authorities.models import Role
from authorities.rules.checks import RuleViolation
from authorities.rules.ids import RuleId
from cases.forms import apply_service_error
from cases.models import Child, Family
from cases.selectors import today_for
from conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Invitation,
)
from scheduling.calendars import calendar_for
from scheduling.models import Deadline

from .. import hooks
from . import forms, letters, services
from .common import REQUESTERS

SERVICE_ERRORS = (ValidationError, RuleViolation)
LETTER_KINDS = letters.LETTER_KINDS


def _require(request: HttpRequest, roles) -> None:
    if request.membership.role not in roles:
        raise PermissionDenied("Your role here does not allow this.")


def conference_url(request: HttpRequest, pk: int) -> str:
    return reverse(
        "conferences:conference-detail", kwargs={"authority_slug": request.authority.slug, "pk": pk}
    )


def _render(request, template, context, status=200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


def _get_conference(request: HttpRequest, pk: int, *, for_page: bool = False) -> Conference:
    queryset = Conference.objects.for_authority(request.authority).select_related(
        "family", "venue", "chair__user", "social_worker__user", "strategy_discussion", "previous"
    )
    if for_page:
        # The page and its checklist read the children (list and counts) and the family's needs
        # several times: load each once.
        queryset = queryset.select_related("family_needs").prefetch_related(
            Prefetch("children", queryset=Child.framework_objects.order_by("date_of_birth", "pk"))
        )
    return get_scoped_or_404(request, Conference, pk, queryset=queryset)


def _offered_days(authority, statutory) -> list:
    calendar = calendar_for(authority)
    today = timezone.localdate()
    if statutory is None:
        return services.working_days_within(
            calendar=calendar, today=today, due_on=calendar.add_working_days(today, 15)
        )
    return services.working_days_within(calendar=calendar, today=today, due_on=statutory.due_on)


# --- the conference page -----------------------------------------------------------------------


@tenant_object(Conference)
@require_http_methods(["GET"])
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _get_conference(request, pk, for_page=True)
    authority = request.authority
    invitations = list(
        Invitation.objects.for_authority(authority)
        .filter(conference=conference)
        .select_related("agency", "membership__user")
        .order_by("kind", "name")
    )
    today = today_for(authority)
    deadlines = {
        (d.rule_id, d.subject_id): d
        for d in Deadline.objects.for_authority(authority).filter(
            family_id=conference.family_id,
            rule_id__in=[RuleId.REPORT_2WD, RuleId.SW_REPORT],
            cancelled_at__isnull=True,
        )
    }
    rows = [
        {"invitation": i, "report": today.view(deadlines.get((RuleId.REPORT_2WD, i.pk)))} for i in invitations
    ]
    statutory = services.statutory_date_of(conference)
    is_writer = request.membership.role in CASE_WRITERS
    context = {
        "conference": conference,
        "children": list(conference.children.all()),
        "rows": rows,
        "slot_requests": list(
            conference.slot_requests.select_related("requested_by__user", "decided_by__user")
        ),
        "observer_requests": list(
            conference.observer_requests.select_related("requested_by__user", "decided_by__user")
        ),
        "needs": getattr(conference, "family_needs", None),
        "checklist": services.preparation_checklist(conference, invitations) if is_writer else [],
        "statutory": statutory,
        "late": statutory is not None and conference.day > statutory.due_on,
        "sw_report": today.view(deadlines.get((RuleId.SW_REPORT, conference.pk))),
        "can_write": is_writer and conference.status == ConferenceStatus.SCHEDULED,
        "can_request": request.membership.role in REQUESTERS
        and conference.status == ConferenceStatus.SCHEDULED,
        "is_chair": request.membership.role == Role.CHAIR,
        # What the core group put to a review is for the authority's staff, not every invitee.
        "before_review": hooks.core_group_before_review(conference)
        if conference.is_review and request.membership.role != Role.PRACTITIONER
        else None,
    }
    if is_writer:
        context["letters_needed"] = letters.letters_needed(conference)
        context["family_letters"] = letters.letters_sent(conference)
    return _render(request, "conferences/conference_detail.html", context)


@require_http_methods(["GET"])
def conference_list(request: HttpRequest) -> HttpResponse:
    """Upcoming conferences this person can see (for a practitioner: the ones they are invited to)."""
    conferences = list(
        Conference.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .upcoming(timezone.localdate())
        .select_related("family", "venue", "chair__user")
        .order_by("starts_at")[:200]
    )
    return _render(request, "conferences/scheduling/conference_list.html", {"conferences": conferences})


# --- scheduling --------------------------------------------------------------------------------


@tenant_object(Family)
@require_http_methods(["GET", "POST"])
def conference_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_scoped_or_404(request, Family, pk)
    _require(request, CASE_WRITERS)
    kind = request.POST.get("kind") or request.GET.get("kind") or ConferenceKind.INITIAL
    if kind not in ConferenceKind.values:
        kind = ConferenceKind.INITIAL
    statutory = services.statutory_date_for(family=family, kind=kind)
    offered = _offered_days(request.authority, statutory)
    form = forms.ScheduleConferenceForm(
        request.POST or None,
        family=family,
        offered_days=offered,
        initial={
            "kind": kind,
            "children": list(
                Child.objects.for_authority(request.authority)
                .filter(family=family)
                .values_list("pk", flat=True)
            ),
            "day": offered[0].isoformat() if offered else forms.OTHER_DAY,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.schedule_conference(
                by=request.membership, family_id=family.pk, **form.service_kwargs()
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"{conference.get_kind_display()} booked. Now invite the professionals and family."
            )
            return redirect(conference_url(request, conference.pk))
    previous = services.last_real_conference(family) if kind != ConferenceKind.INITIAL else None
    return _render(
        request,
        "conferences/scheduling/schedule_form.html",
        {
            "form": form,
            "family": family,
            "kind": kind,
            "kind_label": ConferenceKind(kind).label,
            "statutory": statutory,
            "previous": previous,
            "offered": offered,
        },
    )


def _conference_form(
    request: HttpRequest,
    pk: int,
    *,
    form_class,
    service: Callable,
    heading: str,
    success: str,
    roles=CASE_WRITERS,
    initial: Callable[[Conference], dict] | None = None,
    form_kwargs: Callable[[Conference], dict] | None = None,
    intro: str = "",
    button: str = "Save",
) -> HttpResponse:
    conference = _get_conference(request, pk)
    _require(request, roles)
    extra = form_kwargs(conference) if form_kwargs else {"conference": conference}
    form = form_class(request.POST or None, initial=initial(conference) if initial else None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            service(by=request.membership, conference_id=conference.pk, **form.service_kwargs())
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(conference_url(request, conference.pk))
    return _render(
        request,
        "conferences/scheduling/conference_form.html",
        {"form": form, "conference": conference, "heading": heading, "intro": intro, "button": button},
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def conference_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _get_conference(request, pk)
    _require(request, CASE_WRITERS)
    statutory = services.statutory_date_of(conference)
    offered = _offered_days(request.authority, statutory)
    local = timezone.localtime(conference.starts_at)
    return _conference_form(
        request,
        pk,
        form_class=forms.RescheduleForm,
        service=services.reschedule_conference,
        heading="Move the conference",
        success="Conference moved. Everyone invited by e-mail has been sent the new date; anyone invited "
        "by letter is listed on the conference page for a new letter.",
        form_kwargs=lambda c: {"conference": c, "offered_days": offered},
        initial=lambda c: {
            "day": forms.OTHER_DAY,
            "other_day": local.date(),
            "start_time": local.time(),
            "venue": c.venue_id,
            "virtual_link": c.virtual_link,
        },
        intro=(
            f"Due by {long_date_with_weekday(statutory.due_on)} ({statutory.rule_id})." if statutory else ""
        ),
        button="Move the conference",
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def conference_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.CancelForm,
        service=services.cancel_conference,
        heading="Cancel the conference",
        success="Conference cancelled. Everyone invited by e-mail has been told.",
        form_kwargs=lambda c: {},
        button="Cancel the conference",
    )


# --- invitations -------------------------------------------------------------------------------


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def invite_professional(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.InviteProfessionalForm,
        service=services.invite_professional,
        heading="Invite a professional",
        intro="Choose someone who already works with this authority, or enter the details of someone new. "
        "They are e-mailed the invitation with a calendar attachment and their report deadline.",
        success="Professional invited. The invitation e-mail is on its way.",
        button="Send the invitation",
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def invite_family(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.InviteFamilyForm,
        service=services.invite_family_member,
        heading="Invite a parent or carer",
        intro="Family members have no accounts: invite them by letter (you can print one from the conference "
        "page) or in person, and record how and when (FAMILY-INVITE).",
        success="Invitation recorded.",
        button="Record the invitation",
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def invite_child(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.InviteChildForm,
        service=services.invite_child,
        heading="Record a child's participation",
        intro="Record whether the child wishes to attend and how their views will reach the conference "
        "(CHILD-PARTICIPATION).",
        success="The child's participation is recorded.",
    )


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def invite_other(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_form(
        request,
        pk,
        form_class=forms.InviteOtherForm,
        service=services.invite_advocate_or_interpreter,
        heading="Invite an advocate or interpreter",
        success="Invitation recorded.",
        button="Invite",
    )


def _letter_invitation(request: HttpRequest, pk: int) -> Invitation:
    queryset = Invitation.objects.for_authority(request.authority).select_related(
        "conference__authority",
        "conference__family",
        "conference__venue",
        "conference__chair__user",
        "conference__social_worker__user",
        "person",
    )
    invitation = get_scoped_or_404(request, Invitation, pk, queryset=queryset)
    _require(request, CASE_WRITERS)
    return invitation


@tenant_object(Invitation)
@audited(AccessAction.LETTER_VIEW, subject=Subject(case="conference__family_id"))
@require_http_methods(["GET"])
def invitation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable letter inviting a family member (or child) to the conference."""
    invitation = _letter_invitation(request, pk)
    if invitation.kind not in LETTER_KINDS:
        return _render(
            request,
            "conferences/scheduling/letter_unavailable.html",
            {"invitation": invitation, "conference": invitation.conference},
        )
    context = letters.invitation_letter_context(invitation)
    return render(request, "conferences/scheduling/invitation_letter.html", context)


@tenant_object(Invitation)
@audited(AccessAction.LETTER_DOWNLOAD, subject=Subject(case="conference__family_id"))
@require_http_methods(["GET"])
def invitation_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same letter as a PDF (FAMILY-INVITE), marked "Official – Sensitive" on every page."""
    invitation = _letter_invitation(request, pk)
    if invitation.kind not in LETTER_KINDS:
        raise Http404("Letters are for family members and children.")
    pdf = letters.render_invitation_letter_pdf(invitation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.letter_filename(invitation)}"'
    return response
