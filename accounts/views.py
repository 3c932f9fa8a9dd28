"""The public join page: someone invited by e-mail creates their account (or, with one already,
signs in) and joins the inviting authority. The token in the URL is the only credential; an
unknown token's page says nothing about any authority."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from authorities.rls.scope import database_scope

from . import services
from .forms import JoinForm
from .middleware import second_factor_redirect
from .services import JoinRefused, Refusal

REFUSAL_STATUS = {Refusal.UNKNOWN: 404, Refusal.USED: 410, Refusal.EXPIRED: 410, Refusal.HAS_ACCOUNT: 409}
# Links that someone guessing would hit. HAS_ACCOUNT comes from a real, open link: not counted.
COUNTED_REFUSALS = {Refusal.UNKNOWN, Refusal.USED, Refusal.EXPIRED}
BAD_LINK_GROUP = "accounts.join.bad-link"


def _bad_links(request: HttpRequest, *, count: bool) -> dict | None:
    """django-ratelimit's usage of this IP's bad-link allowance (JOIN_LINK_FAILURE_RATE), adding
    this request to it when `count`; None when the limit is off."""
    return get_usage(
        request, group=BAD_LINK_GROUP, key="ip", rate=settings.JOIN_LINK_FAILURE_RATE, increment=count
    )


def _too_many_bad_links(request: HttpRequest, usage: dict) -> HttpResponse:
    seconds = max(1, usage["time_left"])
    context = {
        "try_again_at": timezone.now() + timedelta(seconds=seconds),
        "minutes": math.ceil(seconds / 60),
    }
    response = render(request, "accounts/join_too_many.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _refused(request: HttpRequest, refused: JoinRefused) -> HttpResponse:
    if refused.reason in COUNTED_REFUSALS:
        _bad_links(request, count=True)
    context = {"reason": refused.reason.value}
    if refused.reason != Refusal.UNKNOWN:
        # Whoever holds a real link was invited by this authority; an unknown link learns nothing.
        context["invitation"] = refused.invitation
    return render(request, "accounts/join_refused.html", context, status=REFUSAL_STATUS[refused.reason])


def _welcome(request: HttpRequest, membership) -> HttpResponse:
    messages.success(request, f"You have joined {membership.authority.name}.")
    return redirect("my-conferences")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    # Over the limit, no link is looked up, good or bad: an answer would tell a guesser which is which.
    usage = _bad_links(request, count=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        return _too_many_bad_links(request, usage)
    # The link names no authority: the database lets the page see the inviting authority only.
    with database_scope(services.join_link_database_scope(token)):
        return _join_page(request, token)


def _join_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except JoinRefused as refused:
        return _refused(request, refused)
    context = {"invitation": invitation}

    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        if not request.user.is_authenticated:
            messages.info(
                request,
                f"Sign in as {invitation.email} to accept the invitation from {invitation.authority.name}.",
            )
            return redirect_to_login(request.get_full_path())
        if request.user.pk != existing.pk:
            return render(request, "accounts/join_other_user.html", context, status=403)
        # The join page is public, so the second-factor middleware does not guard it: a password
        # alone must not be enough to accept on someone's behalf.
        if (needs_code := second_factor_redirect(request)) is not None:
            return needs_code
        if request.method == "POST":
            try:
                return _welcome(request, services.accept_as_existing_user(token=token, user=request.user))
            except JoinRefused as refused:
                return _refused(request, refused)
        return render(request, "accounts/join_existing.html", context)

    form = JoinForm(request.POST or None, email=invitation.email, initial={"full_name": invitation.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.accept_as_new_user(
                token=token,
                full_name=data["full_name"],
                job_title=data["job_title"],
                phone=data["phone"],
                password=data["password1"],
            )
        except JoinRefused as refused:
            return _refused(request, refused)
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        return _welcome(request, membership)
    context["form"] = form
    return render(request, "accounts/join.html", context)
