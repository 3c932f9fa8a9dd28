"""Pages about the conference's record after the room: marking an outline plan action done (or
not done after all) and its history, and the minutes as PDF (professional and family versions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.audit import Subject, audited
from accounts.models import AccessAction
from authorities.access import tenant_object
from cases.forms import apply_service_error
from conferences.models import Conference, OutlinePlanItem

from . import forms as live_forms
from . import plan_actions
from .action_history import action_history
from .minutes import render_minutes_pdf
from .views import _conference, _url

# --- outline plan actions after the room -------------------------------------------------------------


@tenant_object(OutlinePlanItem)
@require_http_methods(["GET", "POST"])
def plan_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """POST marks the action done (a chair, the case's social worker or their team manager; 403 for
    other staff); GET, after the lookup (so another authority's id is not found), goes back."""
    item = get_object_or_404(
        OutlinePlanItem.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .actions()
        .select_related("plan"),
        pk=pk,
    )
    conference = _conference(request, item.plan.conference_id, write=False)
    back = _url(conference, f"plan-item-{item.pk}")
    if request.method == "GET":
        return redirect(back)
    if not plan_actions.may_mark_done(request.membership, conference):
        raise PermissionDenied("Only a chair, the case's social worker or their team manager can do this.")
    form = live_forms.ActionDoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    try:
        plan_actions.mark_plan_action_done(
            item_id=item.pk, by=request.membership, done_on=form.cleaned_data["done_on"]
        )
    except ValidationError as invalid:
        for message in invalid.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Action marked done.")
    return redirect(back)


def _action_and_conference(request: HttpRequest, pk: int) -> tuple[OutlinePlanItem, Conference]:
    item = get_object_or_404(
        OutlinePlanItem.objects.for_authority(request.authority)
        .visible_to(request.membership)
        .actions()
        .select_related("plan", "owner_agency"),
        pk=pk,
    )
    return item, _conference(request, item.plan.conference_id, write=False)


def _history_page(request, item, conference, form=None, *, status: int = 200) -> HttpResponse:
    may_undo = (
        item.done_on is not None
        and conference.status in plan_actions.TRACKED_STATUSES
        and plan_actions.may_mark_done(request.membership, conference)
    )
    context = {
        "item": item,
        "conference": conference,
        "changes": action_history(item),
        # A refused post keeps its form, whose errors say why.
        "form": form if form is not None else (live_forms.ActionNotDoneForm() if may_undo else None),
        "back": _url(conference, f"plan-item-{item.pk}"),
    }
    return render(request, "conferences/live/action_history.html", context, status=status)


@tenant_object(OutlinePlanItem)
@require_GET
def plan_action_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The action's history (who, when, why) and, for whoever may mark it done, the form that
    takes "done" back."""
    item, conference = _action_and_conference(request, pk)
    return _history_page(request, item, conference)


@tenant_object(OutlinePlanItem)
@require_http_methods(["GET", "POST"])
def plan_action_not_done(request: HttpRequest, pk: int) -> HttpResponse:
    """POST takes back "done" on an action marked done by mistake, with the reason (whoever may
    mark it done; 403 for other staff); GET, after the lookup, goes to the action's history."""
    item, conference = _action_and_conference(request, pk)
    if request.method == "GET":
        return redirect("conferences:plan-action-history", authority_slug=request.authority.slug, pk=item.pk)
    if not plan_actions.may_mark_done(request.membership, conference):
        raise PermissionDenied("Only a chair, the case's social worker or their team manager can do this.")
    form = live_forms.ActionNotDoneForm(request.POST)
    if form.is_valid():
        try:
            plan_actions.mark_plan_action_not_done(
                item_id=item.pk, by=request.membership, reason=form.cleaned_data["reason"]
            )
        except ValidationError as refused:
            apply_service_error(form, refused)
        else:
            messages.success(request, "Action marked not done. Its deadline runs again where one was kept.")
            return redirect(_url(conference, f"plan-item-{item.pk}"))
    return _history_page(request, item, conference, form, status=400)


# --- documents -------------------------------------------------------------------------------------


def _minutes(request: HttpRequest, pk: int, *, family: bool) -> HttpResponse:
    conference = _conference(request, pk, write=False)
    pdf = render_minutes_pdf(conference, family=family)
    name = f"conference-{conference.pk}-{'family' if family else 'professional'}-minutes.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@audited(AccessAction.MINUTES_DOWNLOAD, subject=Subject(case="family_id"))
@tenant_object(Conference)
def minutes_professional(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes(request, pk, family=False)


@require_GET
@audited(AccessAction.MINUTES_DOWNLOAD, subject=Subject(case="family_id"))
@tenant_object(Conference)
def minutes_family(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes(request, pk, family=True)
