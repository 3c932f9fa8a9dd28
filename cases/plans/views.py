"""Plan pages: end a child protection plan between conferences, a child in need plan's reviews and
its end, and the head of service's step-down oversight. Look the plan up first (404 for another
authority's or an invisible one), then check the role (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from authorities.access import MANAGERS, get_scoped_or_404, tenant_object
from authorities.human_dates import long_date, long_date_with_weekday
from authorities.models import Role
from authorities.rules.checks import RuleViolation

from ..forms import apply_service_error
from ..models import ChildInNeedPlan, ChildProtectionPlan
from ..views import case_url
from . import reviews, selectors, services
from .forms import EndInNeedPlanForm, EndPlanForm, InNeedReviewForm, OversightForm

SERVICE_ERRORS = (ValidationError, RuleViolation)


def _require(request: HttpRequest, roles, what: str) -> None:
    if request.membership.role not in roles:
        raise PermissionDenied(what)


def _plan(request: HttpRequest, model, pk: int):
    return get_scoped_or_404(
        request,
        model,
        pk,
        queryset=model.objects.for_authority(request.authority).select_related("child__family"),
    )


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, context)


@tenant_object(ChildProtectionPlan)
@require_http_methods(["GET", "POST"])
def end_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, ChildProtectionPlan, pk)
    _require(request, MANAGERS, "Only a team manager, service manager or head of service ends a plan.")
    form = EndPlanForm(request.POST or None)
    if request.method == "POST" and plan.ended_on is None and form.is_valid():
        try:
            services.end_plan(by=request.membership, plan_id=plan.pk, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, f"{plan.child.full_name}'s plan ended on {long_date(form.cleaned_data['ended_on'])}."
            )
            return redirect(case_url(request, plan.child.family_id))
    return _render(
        request,
        "cases/plans/end_plan.html",
        {"plan": plan, "form": form, "effects": selectors.ending_effects(plan)},
    )


@tenant_object(ChildInNeedPlan)
@require_http_methods(["GET", "POST"])
def end_in_need_plan(request: HttpRequest, pk: int) -> HttpResponse:
    cin = _plan(request, ChildInNeedPlan, pk)
    _require(request, services.CIN_ENDERS, "Only the social worker or a manager ends a child in need plan.")
    form = EndInNeedPlanForm(request.POST or None)
    if request.method == "POST" and cin.ended_on is None and form.is_valid():
        try:
            services.end_in_need_plan(by=request.membership, plan_id=cin.pk, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"{cin.child.full_name}'s child in need plan ended.")
            return redirect(case_url(request, cin.child.family_id))
    return _render(
        request,
        "cases/plans/end_in_need_plan.html",
        {"cin": cin, "form": form, "earliest": services.minimum_end(cin)},
    )


@tenant_object(ChildInNeedPlan)
@require_http_methods(["GET", "POST"])
def in_need_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's reviews so far and, for the social worker or a manager while it runs, the form
    to record the next one."""
    cin = _plan(request, ChildInNeedPlan, pk)
    may_record = request.membership.role in services.CIN_ENDERS
    if request.method == "POST" and not may_record:
        raise PermissionDenied("Only the social worker or a manager records a child in need review.")
    form = InNeedReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and cin.ended_on is None and form.is_valid():
        try:
            review = reviews.record_in_need_review(
                by=request.membership, plan_id=cin.pk, review=reviews.InNeedReviewIn(**form.cleaned_data)
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _review_recorded(review))
            return redirect(case_url(request, cin.child.family_id))
    held = reviews.reviews_of(cin)
    earliest = services.minimum_end(cin)
    context = {
        "cin": cin,
        "form": form,
        "reviews": held,
        "may_record": may_record and cin.ended_on is None,
        "earliest": earliest,
        "earliest_words": long_date(earliest) if earliest else "",
        "next_review_on": reviews.next_review_on(cin, held),
        "three_month_review": selectors.three_month_review(cin),
    }
    return _render(request, "cases/plans/in_need_reviews.html", context)


def _review_recorded(review) -> str:
    if review.next_review_on is None:
        return f"Review recorded: the child in need plan ended on {long_date(review.held_on)}."
    return f"Review recorded. The next review is on {long_date_with_weekday(review.next_review_on)}."


@tenant_object(ChildProtectionPlan)
@require_http_methods(["GET", "POST"])
def plan_oversight(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, ChildProtectionPlan, pk)
    _require(request, {Role.HEAD_OF_SERVICE}, "Only a head of service records step-down oversight.")
    initial = {
        "team_manager": plan.oversight_team_manager_id,
        "on": plan.oversight_recorded_on,
        "follow_up": plan.oversight_follow_up,
    }
    form = OversightForm(request.POST or None, authority=request.authority, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_oversight(
                by=request.membership,
                plan_id=plan.pk,
                team_manager_id=data["team_manager"],
                follow_up=data["follow_up"],
                on=data["on"],
            )
        except SERVICE_ERRORS as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Your follow-up with the team manager is recorded.")
            return redirect(case_url(request, plan.child.family_id))
    return _render(request, "cases/plans/oversight.html", {"plan": plan, "form": form})
