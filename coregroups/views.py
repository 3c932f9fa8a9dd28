"""Core group pages: look the object up first (404 for another authority's, or a group a
practitioner is not a member of), then check who may act (403), then call a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.audit import Subject, audited
from accounts.models import AccessAction
from authorities.access import tenant_object
from authorities.human_dates import long_date
from authorities.models import Role
from authorities.rules.checks import RuleViolation
from cases.forms import apply_service_error

from . import documents, invitations, review, selectors, services
from .attendance_concerns import concerns_of as attendance_concerns_of
from .attendance_concerns import may_answer as may_answer_concern
from .attendance_concerns import may_raise as may_raise_concern
from .correction_forms import CorrectMinutesForm, correction_initial
from .forms import (
    ActionDoneForm,
    BookForm,
    CancelForm,
    MinutesForm,
    MoveForm,
)
from .models import (
    CoreGroup,
    CoreGroupAction,
    CoreGroupAttendance,
    CoreGroupMeeting,
    CoreGroupMember,
    CoreGroupMinutes,
    CoreGroupPlanNote,
)

SERVICE_ERRORS = (ValidationError, RuleViolation)


def _group(request: HttpRequest, pk: int) -> CoreGroup:
    queryset = (
        CoreGroup.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .select_related("authority", "family__social_worker__user", "set_up_at")
    )
    return get_object_or_404(queryset, pk=pk)


def _meeting(request: HttpRequest, pk: int) -> CoreGroupMeeting:
    queryset = CoreGroupMeeting.objects.for_authority(request.authority).visible_to(request.membership)
    return get_object_or_404(queryset.select_related("venue"), pk=pk)


def _convener(request: HttpRequest, group: CoreGroup) -> None:
    if not services.may_convene(request.membership, group):
        raise PermissionDenied("Only the case's social worker, their team manager or a chair can do this.")


def group_url(group_or_slug, pk: int | None = None) -> str:
    if isinstance(group_or_slug, CoreGroup):
        return reverse(
            "coregroups:core-group",
            kwargs={"authority_slug": group_or_slug.authority.slug, "pk": group_or_slug.pk},
        )
    return reverse("coregroups:core-group", kwargs={"authority_slug": group_or_slug, "pk": pk})


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Vary"] = "HX-Request"
    return response


@tenant_object(CoreGroup)
@require_http_methods(["GET"])
def core_group(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    page = selectors.core_group_page(request.membership, group)
    before_review = None
    if request.membership.role != Role.PRACTITIONER:
        before_review = review.next_review_briefing(group)
    context = {
        "page": page,
        "group": group,
        "before_review": before_review,
        "concerns": attendance_concerns_of(request.membership, group),
        "may_raise_concern": may_raise_concern(request.membership, group),
        "may_answer_concern": may_answer_concern(request.membership, group),
    }
    if page.can_convene:
        context["notices"] = invitations.group_notices(group, page.meetings)
    return _render(request, "coregroups/core_group.html", context)


@tenant_object(CoreGroup)
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    _convener(request, group)
    form = BookForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.book_meeting(
                core_group_id=group.pk, by=request.membership, **form.service_kwargs()
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Core group meeting booked for {long_date(meeting.scheduled_at)}.")
            return redirect(group_url(group))
    return _render(request, "coregroups/meeting_form.html", {"form": form, "group": group, "action": "book"})


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    _convener(request, group)
    initial = {
        "scheduled_at": meeting.scheduled_at,
        "venue": meeting.venue_id,
        "venue_note": meeting.venue_note,
    }
    form = MoveForm(request.POST or None, authority=request.authority, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_meeting(meeting_id=meeting.pk, by=request.membership, **form.service_kwargs())
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Meeting moved.")
            return redirect(group_url(group))
    context = {"form": form, "group": group, "meeting": meeting, "action": "move"}
    return _render(request, "coregroups/meeting_form.html", context)


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    _convener(request, group)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting_id=meeting.pk, by=request.membership, reason=form.cleaned_data["reason"]
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Meeting cancelled.")
            return redirect(group_url(group))
    context = {"form": form, "group": group, "meeting": meeting, "action": "cancel"}
    return _render(request, "coregroups/meeting_form.html", context)


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def record_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    _convener(request, group)
    members = list(
        CoreGroupMember.objects.for_authority(request.authority)
        .filter(core_group=group)
        .order_by("name", "pk")
    )
    items = services.current_plan_items(group)
    plans = services.minutes_plans(group)
    initial = {
        "held_at": meeting.scheduled_at,
        "venue": meeting.venue_id,
        "venue_note": meeting.venue_note,
        "chaired_by": group.family.social_worker.user.display_name if group.family.social_worker else "",
    }
    form = MinutesForm(
        request.POST or None, initial=initial, group=group, members=members, items=items, plans=plans
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_meeting_held(
                meeting_id=meeting.pk, by=request.membership, minutes=form.to_minutes()
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Minutes recorded: the meeting is held.")
            return redirect(group_url(group))
    context = {"form": form, "group": group, "meeting": meeting}
    return _render(request, "coregroups/minutes_form.html", context, status=400 if form.errors else 200)


def _held_minutes(request: HttpRequest, meeting: CoreGroupMeeting) -> CoreGroupMinutes:
    """The minutes of a held meeting; a booked or cancelled one has none to show or correct."""
    record = (
        CoreGroupMinutes.objects.for_authority(request.authority)
        .select_related("next_meeting", "corrected_by__user", "recorded_by__user")
        .filter(meeting=meeting)
        .first()
        if meeting.held_on
        else None
    )
    if record is None:
        raise Http404("No minutes: this meeting has not been held.")
    record.meeting = meeting
    return record


@tenant_object(CoreGroupMeeting)
@audited(AccessAction.MINUTES_DOWNLOAD, subject=Subject(case="core_group__family_id"))
@require_http_methods(["GET"])
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes of a held meeting as a PDF, for anyone who may see the meeting."""
    meeting = _meeting(request, pk)
    _held_minutes(request, meeting)
    response = HttpResponse(documents.render_minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.minutes_filename(meeting)}"'
    return response


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def correct_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a held meeting's minutes: the people who may record them, with a reason; a save
    made over someone else's newer correction is refused (409) and shows theirs is there."""
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    _convener(request, group)
    record = _held_minutes(request, meeting)
    authority = request.authority
    attendance = list(
        CoreGroupAttendance.objects.for_authority(authority).filter(minutes=record).order_by("name", "pk")
    )
    notes = list(CoreGroupPlanNote.objects.for_authority(authority).filter(minutes=record))
    actions = list(CoreGroupAction.objects.for_authority(authority).filter(minutes=record).order_by("pk"))
    members = list(
        CoreGroupMember.objects.for_authority(authority).filter(core_group=group).order_by("name", "pk")
    )
    form = CorrectMinutesForm(
        request.POST or None,
        initial=correction_initial(record, notes=notes, actions=actions, attendance=attendance),
        group=group,
        members=members,
        items=services.minutes_plan_items(group, record),
        plans=services.minutes_plans(group, record),
        attendance=attendance,
        actions=actions,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_minutes(
                meeting_id=meeting.pk,
                by=request.membership,
                minutes=form.to_minutes(),
                reason=form.cleaned_data["correction_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleMinutes as stale:
            form.add_error(None, str(stale))
            status = 409
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Minutes corrected. The change is kept in their history.")
            return redirect(group_url(group) + f"#minutes-{meeting.pk}")
    if form.errors and status == 200:
        status = 400
    context = {
        "form": form,
        "group": group,
        "meeting": meeting,
        "record": record,
        "correcting": True,
        "corrections": selectors.minutes_corrections(record),
    }
    return _render(request, "coregroups/minutes_form.html", context, status=status)


@tenant_object(CoreGroupAction)
@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """POST marks the action done; GET (after the lookup, so a foreign id is not found) goes back."""
    action = get_object_or_404(
        CoreGroupAction.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .select_related("minutes__meeting"),
        pk=pk,
    )
    group = _group(request, action.minutes.meeting.core_group_id)
    if request.method == "GET":
        return redirect(group_url(group) + "#actions")
    if not (services.may_convene(request.membership, group) or action.owner_id == request.membership.pk):
        raise PermissionDenied("Only the action's owner, the social worker, their team manager or a chair.")
    form = ActionDoneForm(request.POST)
    done_on = form.cleaned_data.get("done_on") if form.is_valid() else None
    try:
        services.mark_action_done(action_id=action.pk, by=request.membership, done_on=done_on)
    except SERVICE_ERRORS as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "Action marked done.")
    return redirect(group_url(group) + "#actions")
