"""Pages for what the core group puts to a review: the recommendation recorded on a held meeting
(CG-PRE-REVIEW) and the chair's conversation before the review (DELIST-CONVERSATION). Objects are
looked up inside the authority first (404), then the role is checked (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from authorities.access import tenant_object
from authorities.human_dates import long_date
from cases.forms import apply_service_error
from conferences.models import Conference

from . import review
from .models import CoreGroupMeeting
from .review_forms import ConversationForm, RecommendationForm
from .views import SERVICE_ERRORS, _convener, _group, _meeting, _render, group_url


def conference_url(conference: Conference) -> str:
    return reverse(
        "conferences:conference-detail",
        kwargs={"authority_slug": conference.authority.slug, "pk": conference.pk},
    )


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    _convener(request, group)
    plans = review.recommendable_plans(meeting)
    form = RecommendationForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            rec = review.record_recommendation(
                meeting_id=meeting.pk,
                by=request.membership,
                plan_id=data["plan"],
                recommendation=data["recommendation"],
                rationale=data["rationale"],
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"Recommendation for {rec.plan.child} recorded: {rec.get_recommendation_display()}."
            )
            return redirect(group_url(group))
    recorded = list(meeting.recommendations.select_related("plan__child"))
    context = {"form": form, "group": group, "meeting": meeting, "recorded": recorded}
    return _render(request, "coregroups/recommendation_form.html", context)


@tenant_object(Conference)
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Conference.objects.for_authority(request.authority).visible_to(request.membership)
    conference = get_object_or_404(queryset.select_related("social_worker__user", "family"), pk=pk)
    if not review.may_record_conversation(request.membership, conference):
        raise PermissionDenied("Only the conference's chair records this conversation.")
    form = ConversationForm(request.POST or None, partners=review.conversation_partners(conference))
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            done = review.record_conversation(
                conference_id=conference.pk,
                by=request.membership,
                spoke_with_id=data["spoke_with"],
                spoke_on=data["spoke_on"],
                outcome=data["outcome"],
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Conversation of {long_date(done.spoke_on)} recorded.")
            return redirect(conference_url(conference))
    context = {"form": form, "conference": conference, "briefing": review.review_briefing(conference)}
    return _render(request, "coregroups/conversation_form.html", context)
