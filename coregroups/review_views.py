"""Pages for what the core group puts to a review: the recommendation recorded on a held meeting
(CG-PRE-REVIEW) and the chair's conversation before the review (DELIST-CONVERSATION). Objects are
looked up inside the authority first (404), then the role is checked (403)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
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


def submitted(
    request: HttpRequest, form: Form, save: Callable[[dict], str], *, then: str
) -> HttpResponse | None:
    """The shape every form page here shares: a valid POST goes to the service (`save` calls it and
    returns what to tell the person) and redirects to `then`; a refusal lands on the form, by field.
    None: show the form (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        message = save(form.cleaned_data)
    except SERVICE_ERRORS as error:
        apply_service_error(form, error)
        return None
    messages.success(request, message)
    return redirect(then)


@tenant_object(CoreGroupMeeting)
@require_http_methods(["GET", "POST"])
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    group = _group(request, meeting.core_group_id)
    _convener(request, group)
    form = RecommendationForm(request.POST or None, plans=review.recommendable_plans(meeting))

    def save(data: dict) -> str:
        rec = review.record_recommendation(
            meeting_id=meeting.pk,
            by=request.membership,
            plan_id=data["plan"],
            recommendation=data["recommendation"],
            rationale=data["rationale"],
        )
        return f"Recommendation for {rec.plan.child} recorded: {rec.get_recommendation_display()}."

    if done := submitted(request, form, save, then=group_url(group)):
        return done
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

    def save(data: dict) -> str:
        done = review.record_conversation(
            conference_id=conference.pk,
            by=request.membership,
            spoke_with_id=data["spoke_with"],
            spoke_on=data["spoke_on"],
            outcome=data["outcome"],
        )
        return f"Conversation of {long_date(done.spoke_on)} recorded."

    if done := submitted(request, form, save, then=conference_url(conference)):
        return done
    context = {"form": form, "conference": conference, "briefing": review.review_briefing(conference)}
    return _render(request, "coregroups/conversation_form.html", context)
