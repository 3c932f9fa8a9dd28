"""Pages for CG-ATTENDANCE: the social worker flags a member's missed meetings as harming the
plan; a team manager answers in writing (resolved with the agency, or escalated)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from authorities.access import tenant_object
from authorities.text_limits import reason_field

from . import attendance_concerns as concerns
from .models import AttendanceConcern, CoreGroup, CoreGroupMeeting, CoreGroupMember
from .review_forms import ConcernForm, ConcernResponseForm
from .review_views import submitted
from .views import _group, _render, group_url


def _meetings_missed(group: CoreGroup):
    missed = concerns.NOT_THERE
    return (
        CoreGroupMeeting.objects.for_authority(group.authority_id)
        .filter(core_group=group, minutes__attendance__status__in=missed)
        .distinct()
        .order_by("held_on")
    )


@tenant_object(CoreGroup)
@require_http_methods(["GET", "POST"])
def raise_concern(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    if not concerns.may_raise(request.membership, group):
        raise PermissionDenied("Only the case's social worker flags core group attendance.")
    members = CoreGroupMember.objects.for_authority(group.authority_id).filter(core_group=group)
    form = ConcernForm(request.POST or None, members=members, meetings=_meetings_missed(group))

    def save(data: dict) -> str:
        concerns.raise_concern(
            core_group_id=group.pk,
            by=request.membership,
            member_id=data["member"].pk,
            meeting_ids=[m.pk for m in data["meetings"]],
            harm=data["harm"],
        )
        return "Attendance concern sent to the team manager."

    if done := submitted(request, form, save, then=group_url(group)):
        return done
    return _render(request, "coregroups/concern_form.html", {"form": form, "group": group})


@tenant_object(AttendanceConcern)
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_object_or_404(
        AttendanceConcern.objects.for_authority(request.authority).select_related("raised_by__user"), pk=pk
    )
    group = _group(request, concern.core_group_id)
    if not concerns.may_answer(request.membership, group):
        raise PermissionDenied("A team manager answers attendance concerns.")
    form = ConcernResponseForm(request.POST or None)
    is_their_manager = request.membership.pk == concern.raised_by.team_manager_id
    if not is_their_manager:
        form.fields["reason"] = reason_field(
            label="Why you answer instead of the social worker's team manager",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def save(data: dict) -> str:
        concerns.answer_concern(
            concern_id=concern.pk,
            by=request.membership,
            outcome=data["outcome"],
            response=data["response"],
            reason=data.get("reason", ""),
        )
        return "Your answer is recorded."

    if done := submitted(request, form, save, then=group_url(group)):
        return done
    meetings = CoreGroupMeeting.objects.for_authority(request.authority).filter(attendance_concerns=concern)
    context = {"form": form, "group": group, "concern": concern, "meetings": meetings}
    return _render(request, "coregroups/concern_answer.html", context)
