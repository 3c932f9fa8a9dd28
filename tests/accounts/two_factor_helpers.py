"""Signing in as a person would: the password on the sign-in page, then a code computed from the
app's secret exactly as an authenticator app computes it (RFC 6238, django_otp.oath.totp)."""

from __future__ import annotations

import re
from base64 import b32decode

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def sign_in_with_password(client, email: str, password: str = PASSWORD):
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 302, "the password was refused"
    return response


def code_for_key(key: bytes, drift: int = 0) -> str:
    """The code an app holding `key` shows now (or `drift` periods of 30 seconds away)."""
    return f"{totp(key, drift=drift):06d}"


def code_for(device: TOTPDevice) -> str:
    return code_for_key(device.bin_key)


def wrong_code_for(device: TOTPDevice) -> str:
    """A six-digit code that no step the device accepts (now, one before, one after) produces."""
    accepted = {code_for_key(device.bin_key, offset) for offset in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in accepted)


def secret_from_enrol_page(html: str) -> bytes:
    """The key the page tells someone to type into their app, decoded as the app would."""
    match = re.search(r'id="secret">([A-Z2-7 ]+)</code>', html)
    assert match, "the set-up page shows no key"
    return b32decode(match.group(1).replace(" ", ""))


def app_with_key(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
