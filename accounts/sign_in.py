"""Sign-in lockout (django-axes): which e-mail address an attempt was for, and the page someone
sees when that address is locked out from their IP. Settings: SIGN_IN_FAILURE_LIMIT and
SIGN_IN_LOCKOUT_MINUTES in cpc/settings/security.py."""

from __future__ import annotations

import math
from datetime import datetime

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def attempted_email(request: HttpRequest, credentials: dict | None) -> str:
    """The address an attempt was for, as the lockout counts it: the form's `username` field (or
    `email`, for code that authenticates by the model's field), trimmed and in lower case, since
    addresses are stored in lower case and "Dana@" and "dana@" are one person's failures."""
    source = credentials if credentials is not None else getattr(request, "data", request.POST)
    value = source.get("username") or source.get(get_user_model().USERNAME_FIELD) or ""
    return str(value).strip().lower()


def try_again_at(request: HttpRequest) -> datetime:
    """Failures expire the cool-off after the latest one, and the attempt that brought this page
    was recorded as the latest (a failure while locked out starts the wait again)."""
    attempted = getattr(request, "axes_attempt_time", None) or timezone.now()
    return attempted + get_cool_off(request)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page's answer once an address is locked out here."""
    until = try_again_at(request)
    seconds = max(0, math.ceil((until - timezone.now()).total_seconds()))
    context = {
        "email": attempted_email(request, credentials),
        "failure_limit": get_failure_limit(request, credentials),
        "try_again_at": until,
        "minutes": max(1, math.ceil(seconds / 60)),
    }
    response = render(
        request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    response["Retry-After"] = str(seconds)
    return response


def user_id_for(email: str) -> int | None:
    """The id of the user with this address, or None: logs and the audit name people by id."""
    if not email:
        return None
    return get_user_model().objects.filter(email=email).values_list("pk", flat=True).first()


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """AXES_CLIENT_STR_CALLABLE: how axes' log lines name a sign-in attempt. By user id (or "an
    unknown address"), never by the e-mail address typed, which is personal data and, mistyped,
    may be someone else's."""
    user_id = user_id_for(str(username or "").strip().lower())
    who = f"user {user_id}" if user_id is not None else "an unknown address"
    return f"{{{who}, ip_address: {ip_address}, path_info: {path_info}}}"
