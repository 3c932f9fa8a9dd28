"""Pages about the conference's record after the room: marking an outline plan action done, and
the minutes as PDF (professional and family versions)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from accounts.audit import Subject, audited
from accounts.models import AccessAction
from authorities.access import tenant_object
from conferences.models import Conference, OutlinePlanItem

from . import forms as live_forms
from . import plan_actions
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
