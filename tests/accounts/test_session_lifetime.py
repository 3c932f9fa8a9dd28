"""A session ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after signing
in. Time passes by moving the session's own clock readings back, not by waiting."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from authorities.models import Role
from tests.accounts.two_factor_helpers import sign_in_with_password
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, two_authorities):
    mine, _ = two_authorities
    membership = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    sign_in_with_password(client, membership.user.email)
    home = f"/{mine.slug}/"
    assert client.get(home).status_code == 200
    return home


def _move_clock(client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN}[key]] = now - ago
    session.save()


def test_the_defaults_are_thirty_idle_minutes_and_a_ten_hour_day_not_two_weeks():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_MAX_HOURS == 10
    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_signing_in_starts_both_clocks(client, signed_in):
    session = client.session
    assert abs(session[SIGNED_IN_AT] - time.time()) < 60
    assert abs(session[LAST_SEEN] - time.time()) < 60


def test_after_thirty_idle_minutes_the_next_request_signs_out_and_says_why(client, signed_in):
    _move_clock(client, last_seen=31 * 60, signed_in=31 * 60)
    response = client.get(signed_in)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login_page = client.get(response["Location"]).content.decode()
    assert "had not used the service for 30 minutes" in login_page
    assert client.get(signed_in).status_code == 302  # still signed out: it was not a one-off
    assert "had not used" not in client.get(reverse("login")).content.decode()  # said once


def test_a_request_within_the_idle_time_keeps_the_session_and_restarts_the_idle_clock(client, signed_in):
    _move_clock(client, last_seen=29 * 60, signed_in=29 * 60)
    assert client.get(signed_in).status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 60
    _move_clock(client, last_seen=29 * 60)
    assert client.get(signed_in).status_code == 200


def test_a_working_day_after_signing_in_the_session_ends_however_busy(client, signed_in):
    _move_clock(client, signed_in=10 * 3600 + 60, last_seen=10)
    response = client.get(signed_in)
    assert response["Location"].startswith(reverse("login"))
    assert "signed in more than 10 hours ago" in client.get(response["Location"]).content.decode()


def test_the_idle_time_is_a_setting(client, signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 5
    _move_clock(client, last_seen=6 * 60)
    assert client.get(signed_in)["Location"].startswith(reverse("login"))


def test_an_expired_session_no_longer_reaches_the_api(client, two_authorities):
    mine, _ = two_authorities
    membership = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    sign_in_with_password(client, membership.user.email)
    url = f"/api/v1/{mine.slug}/agencies/"
    assert client.get(url).status_code == 200
    _move_clock(client, last_seen=31 * 60)
    response = client.get(url)
    assert response.status_code in {401, 403}
    assert response["Content-Type"].startswith("application/json")
