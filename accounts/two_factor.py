"""Two-factor sign-in (django-otp): who must use it, and the changes a person makes to their own.

A person must use it when they are platform staff (they reach every authority through the admin),
an authority administrator anywhere, or hold a role that one of their authorities has ticked
(`Authority.two_factor_roles`). Anyone else may set it up; once they have, their sign-ins ask for a
code too. Codes come from an authenticator app (a TOTP device) or, once each, from the recovery
codes (a static device) shown when the app is set up.

Every function that changes state takes keyword-only arguments and runs in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from authorities.models import Membership, Role
from authorities.rls.scope import own_memberships_readable

from .models import User

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_PATTERN = re.compile(r"\d{6}")
RECOVERY_PATTERN = re.compile(r"[a-z2-7]{8}")


@dataclass(frozen=True)
class Requirement:
    """Why someone must use two-factor sign-in, in words for their account page."""

    reason: str


def requirement(user: User) -> Requirement | None:
    """Why `user` must use two-factor sign-in, or None if it is their choice."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser or user.is_staff:
        return Requirement("you can use the administration pages")
    # Asked before the request has its scope too (an API token, during authentication): the
    # database lets this read the person's own memberships, whichever authority.
    with own_memberships_readable(user.pk):
        memberships = list(Membership.objects.of_user(user).select_related(None).select_related("authority"))
    for membership in memberships:
        if membership.authority.requires_two_factor(membership.role):
            role = Role(membership.role).label.lower()
            return Requirement(f"{membership.authority.name} asks every {role} to use it")
    return None


def is_required(user: User) -> bool:
    return requirement(user) is not None


def has_app(user: User) -> bool:
    # Recovery codes exist only alongside an app, so the app alone answers (one query, not one
    # per device type as django_otp.user_has_device would make).
    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def must_verify(user: User) -> bool:
    """Whether this signed-in person needs a code before anything else: because they must use two
    factors, or because they chose to."""
    return is_required(user) or has_app(user)


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- setting the app up ------------------------------------------------------------------------


@transaction.atomic
def start_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed app device whose secret the enrolment page shows. Reused until confirmed,
    so reloading the page does not change the QR code under someone scanning it."""
    pending = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return pending


def pending_enrolment(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def confirm_enrolment(*, user: User, device_id: int, code: str) -> list[str] | None:
    """Confirm the pending app device with a code from the app. On success the new device replaces
    any earlier app and a fresh set of recovery codes replaces any earlier set; they are returned
    (to be shown once). None if the code is wrong."""
    device = (
        TOTPDevice.objects.devices_for_user(user, confirmed=False)
        .select_for_update()
        .filter(pk=device_id)
        .first()
    )
    if device is None or not device.verify_token(normalise_code(code)):
        return None
    TOTPDevice.objects.devices_for_user(user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.devices_for_user(user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def replace_recovery_codes(*, user: User) -> list[str]:
    """A new set of recovery codes; the old ones stop working."""
    if not has_app(user):
        raise PermissionError("set up an authenticator app first")
    return _new_recovery_codes(user)


@transaction.atomic
def turn_off(*, user: User) -> None:
    """Remove someone's app and recovery codes. The caller checks that they are allowed to (it is
    their choice, or an administrator resets it so that they set it up again)."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.devices_for_user(user).delete()


# --- signing in ---------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """People type codes with spaces or dashes ("123 456", "abcd-efgh"); recovery codes are lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


@dataclass(frozen=True)
class Verification:
    device: Device | None
    wait_seconds: int = 0  # set when too many wrong codes mean the next try must wait


@transaction.atomic
def verify_code(*, user: User, code: str) -> Verification:
    """Check a code from the app or a recovery code (each recovery code works once: django-otp
    deletes it). A six-digit code goes only to the app and an eight-letter one only to the
    recovery codes, so a mistyped app code does not also slow down the recovery codes."""
    code = normalise_code(code)
    if TOTP_PATTERN.fullmatch(code):
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    elif RECOVERY_PATTERN.fullmatch(code):
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    else:
        return Verification(None)
    wait = 0
    for device in devices.select_for_update():
        allowed, details = device.verify_is_allowed()
        if not allowed:
            locked_until = (details or {}).get("locked_until")
            if locked_until is not None:
                wait = max(wait, int((locked_until - timezone.now()).total_seconds()) + 1)
            continue
        if device.verify_token(code):
            return Verification(device)
    return Verification(None, wait_seconds=wait)


# --- the API token ------------------------------------------------------------------------------


@transaction.atomic
def issue_api_token(*, user: User, verified: bool) -> str:
    """A new API token for `user`, replacing any earlier one (which stops working). Someone who
    must use two factors gets one only from a session verified with a code, so the token is never
    a way round the second factor."""
    if must_verify(user) and not verified:
        raise PermissionError("verify with a code before creating an API token")
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


def has_api_token(user: User) -> bool:
    return Token.objects.filter(user=user).exists()


@transaction.atomic
def revoke_api_token(*, user: User) -> None:
    Token.objects.filter(user=user).delete()
