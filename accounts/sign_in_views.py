"""Pages of signing in and of a person's own account: the sign-in page, the second factor (set up
an app, give a code, recovery codes), the account page and its API token.

Codes and tokens are shown once, in the answer to the POST that made them, and never kept where a
later page could show them again; every page here is marked never to be cached.
"""

from __future__ import annotations

import io
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from . import two_factor
from .forms import CodeForm
from .middleware import SIGNED_OUT_REASON, two_factor_exempt

SIGNED_OUT_MESSAGES = {
    "idle": "You were signed out because you had not used the service for {idle} minutes. Sign in again.",
    "lifetime": "You were signed out because you signed in more than {hours} hours ago. Sign in again.",
}


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    """Django's sign-in page, saying why someone was signed out when a session ran out."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.session.pop(SIGNED_OUT_REASON, None)
        if reason in SIGNED_OUT_MESSAGES:
            context["signed_out_message"] = SIGNED_OUT_MESSAGES[reason].format(
                idle=settings.SESSION_IDLE_MINUTES, hours=settings.SESSION_MAX_HOURS
            )
        return context


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account (Django's form sends only to
    active users with a usable password, and the page after says "if"); links use SITE_URL."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def get_extra_email_context(self):
        return {"site_url": settings.SITE_URL, "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _may_set_up(request: HttpRequest) -> bool:
    """Setting up an app replaces any earlier one, so someone who has one must first give a code:
    a password alone cannot swap in the attacker's app."""
    return request.user.is_verified() or not two_factor.has_app(request.user)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@two_factor_exempt
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if not _may_set_up(request):
        return redirect(_with_next("two-factor-verify", next_url))
    user = request.user
    device = two_factor.start_enrolment(user=user)
    form = CodeForm(request.POST or None, recovery_allowed=False)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(user=user, device_id=device.pk, code=form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, two_factor.app_device(user))
            request.session.cycle_key()
            context = {"codes": codes, "next": next_url, "first_time": True}
            return _no_store(render(request, "accounts/recovery_codes.html", context))
        form.add_error("code", "Code: that code is not right. Enter the newest code your app shows")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "otpauth_uri": device.config_url,
        "requirement": two_factor.requirement(user),
        "replacing": two_factor.has_app(user),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@never_cache
@two_factor_exempt
@require_http_methods(["GET"])
def enrol_qr_code(request: HttpRequest) -> HttpResponse:
    """The pending app's otpauth URI as an SVG QR code, served as an image (not inlined into the
    page, so nothing built from data is ever marked safe in a template)."""
    device = two_factor.pending_enrolment(request.user) if _may_set_up(request) else None
    if device is None:
        raise Http404("Nothing to set up")
    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2).save(out)
    return _no_store(HttpResponse(out.getvalue(), content_type="image/svg+xml"))


@never_cache
@two_factor_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    user = request.user
    if user.is_verified():
        return redirect(next_url)
    if not two_factor.has_app(user):
        return redirect(_with_next("two-factor-enrol", next_url))
    form = CodeForm(request.POST or None, recovery_allowed=True)
    if request.method == "POST" and form.is_valid():
        result = two_factor.verify_code(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            django_otp.login(request, result.device)
            request.session.cycle_key()
            if isinstance(result.device, StaticDevice):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code; it will not work again. You have {left} left: "
                    "make new ones on your account page.",
                )
            return redirect(next_url)
        if result.wait_seconds:
            form.add_error(
                "code", f"Code: too many wrong codes. Wait {result.wait_seconds} seconds and try again"
            )
        else:
            form.add_error(
                "code", "Code: that code is not right. Enter the newest code, or an unused recovery code"
            )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url}, status=200)


@never_cache
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "requirement": two_factor.requirement(user),
        "has_app": two_factor.has_app(user),
        "app": two_factor.app_device(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "has_api_token": two_factor.has_api_token(user),
        "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
        "session_max_hours": settings.SESSION_MAX_HOURS,
    }
    return render(request, "accounts/account.html", context)


@never_cache
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_app(request.user):
        messages.error(request, "Set up an authenticator app first.")
        return redirect("account")
    codes = two_factor.replace_recovery_codes(user=request.user)
    context = {"codes": codes, "next": reverse("account"), "first_time": False}
    return _no_store(render(request, "accounts/recovery_codes.html", context))


@never_cache
@require_POST
def turn_off_two_factor(request: HttpRequest) -> HttpResponse:
    if two_factor.is_required(request.user):
        messages.error(request, "You cannot turn off two-factor sign-in: your role needs it.")
        return redirect("account")
    two_factor.turn_off(user=request.user)
    messages.success(request, "Two-factor sign-in is off. Your sign-ins now ask only for your password.")
    return redirect("account")


@never_cache
@require_POST
def api_token(request: HttpRequest) -> HttpResponse:
    """Create (or replace) the person's API token and show it this once."""
    if request.POST.get("action") == "revoke":
        two_factor.revoke_api_token(user=request.user)
        messages.success(request, "Your API token is deleted. Programs that used it can no longer connect.")
        return redirect("account")
    key = two_factor.issue_api_token(user=request.user, verified=request.user.is_verified())
    return _no_store(render(request, "accounts/api_token.html", {"key": key}))
