"""Sign-in middleware: how long a session lasts, and the second factor before anything else.

`SessionLifetimeMiddleware` signs someone out after SESSION_IDLE_MINUTES without a request, and
SESSION_MAX_HOURS after they signed in whatever they do (a working day, not Django's 14 days).
`TwoFactorMiddleware` sends a signed-in person who must give a code, and has not in this session,
to the verify page (or, with no app yet, to set one up) before any other page.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from . import two_factor

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
SIGNED_OUT_REASON = "signed_out_reason"
# Until when (epoch seconds) this session's person is known not to need a code: asking costs two
# queries, too many for every page of the people who never need one. A role an authority ticks
# reaches sessions already signed in within TWO_FACTOR_RECHECK_MINUTES.
NO_CODE_NEEDED_UNTIL = "no_code_needed_until"
# Writing the session on every request would be a database write per page; a minute's precision on
# a 30-minute timeout is plenty.
LAST_SEEN_RESOLUTION_SECONDS = 60


def mark_signed_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the start of the working-day lifetime (the session key has just
    been cycled, so nothing from before the sign-in carries over)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now
        if not two_factor.must_verify(user):
            request.session[NO_CODE_NEEDED_UNTIL] = now + settings.TWO_FACTOR_RECHECK_MINUTES * 60


def needs_code(request: HttpRequest) -> bool:
    """Whether the signed-in person of this request must give a code before going on: they must
    use two factors (or chose to), and this session has not given one."""
    user = request.user
    if user.is_verified():
        return False
    session, now = request.session, time.time()
    if session.get(NO_CODE_NEEDED_UNTIL, 0) > now:
        return False
    if two_factor.must_verify(user):
        session.pop(NO_CODE_NEEDED_UNTIL, None)
        return True
    session[NO_CODE_NEEDED_UNTIL] = now + settings.TWO_FACTOR_RECHECK_MINUTES * 60
    return False


def expiry_reason(session, now: float) -> str | None:
    """'idle' or 'lifetime' if this signed-in session has run out, else None."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    if signed_in_at is not None and now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
        return "lifetime"
    return None


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware: an expired session is signed out before any view sees it,
    so the login-required middleware sends the person to sign in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.user.is_authenticated:
            now = time.time()
            reason = expiry_reason(request.session, now)
            if reason is not None:
                logout(request)
                request.session[SIGNED_OUT_REASON] = reason
            else:
                if SIGNED_IN_AT not in request.session:  # a session from before these limits
                    request.session[SIGNED_IN_AT] = now
                last_seen = request.session.get(LAST_SEEN)
                if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                    request.session[LAST_SEEN] = now
        return self.get_response(request)


def two_factor_exempt(view):
    """For the pages someone reaches before giving a code: verify, set up, sign out."""
    view.two_factor_exempt = True
    return view


class TwoFactorMiddleware:
    """After LoginRequiredMiddleware and django-otp's OTPMiddleware. Public views (login, password
    reset, join links) and the API are not pages of a signed-in person: the API checks the second
    factor in its own authentication classes (accounts.api_auth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if getattr(view_func, "two_factor_exempt", False) or not getattr(view_func, "login_required", True):
            return None
        return second_factor_redirect(request)


def second_factor_redirect(request: HttpRequest):
    """A redirect to give a code (or to set up an app first) if this signed-in person must and has
    not in this session; None if they may go on."""
    user = request.user
    if not needs_code(request):
        return None
    target = "two-factor-verify" if two_factor.has_app(user) else "two-factor-enrol"
    url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
