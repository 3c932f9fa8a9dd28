"""Guessing passwords: after SIGN_IN_FAILURE_LIMIT failed attempts for one e-mail address from one IP,
that address is refused from that IP (429 and a page saying when to try again) until the cool-off
has passed since the latest attempt. Other people on the same IP, and the same person elsewhere,
can still sign in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from authorities.models import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "dana@police.example.test"
OFFICE_IP = "203.0.113.10"
HOME_IP = "198.51.100.7"


@pytest.fixture
def dana():
    return UserFactory(email=EMAIL, full_name="Dana Whitfield")


def sign_in(client: Client, email: str = EMAIL, password: str = PASSWORD, ip: str = OFFICE_IP):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def fail_until_one_short_of_the_limit(client: Client, email: str = EMAIL, ip: str = OFFICE_IP) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, email, "wrong password", ip)
        assert response.status_code == 200  # the form again, with its error
        assert "govuk-error-summary" in response.content.decode()


def locked_out(client: Client, email: str = EMAIL, ip: str = OFFICE_IP):
    fail_until_one_short_of_the_limit(client, email, ip)
    return sign_in(client, email, "wrong password", ip)


def test_the_last_failed_attempt_allowed_locks_the_address_out_with_a_page_saying_when_to_try_again(
    client, dana
):
    assert settings.AXES_FAILURE_LIMIT == settings.SIGN_IN_FAILURE_LIMIT == 5
    response = locked_out(client)

    assert response.status_code == 429
    body = response.content.decode()
    assert (
        "govuk-template" in body and '<h1 class="govuk-heading-l">Too many attempts to sign in</h1>' in body
    )
    assert f"5 or more failed attempts to sign in as <strong>{EMAIL}</strong>" in body
    assert "You can try again after" in body and "(in 15 minutes)" in body
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session


def test_while_locked_out_even_the_right_password_is_refused(client, dana):
    locked_out(client)
    response = sign_in(client)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_before_the_limit_signs_in_and_clears_the_failures(client, dana):
    fail_until_one_short_of_the_limit(client)
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == reverse("authority-picker")
    assert client.session["_auth_user_id"] == str(dana.pk)
    assert not AccessAttempt.objects.filter(username=EMAIL).exists()

    client.logout()
    fail_until_one_short_of_the_limit(client)  # counted from zero again: still not locked out
    assert sign_in(client).status_code == 302


def test_a_lockout_is_for_that_address_from_that_ip_only(dana):
    sam = UserFactory(email="sam@school.example.test")
    locked_out(Client())

    colleague = Client()  # same office, same IP
    assert sign_in(colleague, sam.email).status_code == 302
    assert colleague.session["_auth_user_id"] == str(sam.pk)

    elsewhere = Client()  # Dana from home
    assert sign_in(elsewhere, ip=HOME_IP).status_code == 302
    assert elsewhere.session["_auth_user_id"] == str(dana.pk)


def test_the_address_counts_whatever_its_case(client, dana):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "Dana@Police.Example.test ", "wrong password")
    assert sign_in(client, EMAIL, "wrong password").status_code == 429


def test_guessing_an_address_with_no_account_is_locked_out_the_same_way(client):
    response = locked_out(client, email="nobody@example.test")
    assert response.status_code == 429 and "nobody@example.test" in response.content.decode()


def test_the_lockout_ends_when_the_cool_off_has_passed_since_the_latest_attempt(client, dana):
    locked_out(client)
    assert sign_in(client).status_code == 429  # and this attempt starts the wait again
    cool_off = timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    attempt = AccessAttempt.objects.get(username=EMAIL)

    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - cool_off + timedelta(minutes=1)
    )
    assert sign_in(Client()).status_code == 429  # a minute to go

    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - cool_off)
    later = Client()
    assert sign_in(later).status_code == 302
    assert later.session["_auth_user_id"] == str(dana.pk)


def test_behind_a_proxy_each_forwarded_client_is_counted_apart(settings, dana):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def via_proxy(client, client_ip, password="wrong password"):
        return client.post(
            reverse("login"),
            {"username": EMAIL, "password": password},
            REMOTE_ADDR=proxy,
            # The left-hand entry is whatever the client sent; only the proxy's own entry counts.
            HTTP_X_FORWARDED_FOR=f"192.0.2.99, {client_ip}",
        )

    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = via_proxy(attacker, OFFICE_IP)
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username=EMAIL).ip_address == OFFICE_IP

    assert via_proxy(Client(), HOME_IP, password=PASSWORD).status_code == 302


def test_the_admin_sign_in_is_locked_out_too(client):
    UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            url, {"username": "root@example.test", "password": "guess"}, REMOTE_ADDR=OFFICE_IP
        )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_only_platform_superusers_see_and_lift_lockouts_in_the_admin(client, two_authorities, dana):
    locked_out(Client())
    attempt = AccessAttempt.objects.get(username=EMAIL)
    changelist = reverse("admin:axes_accessattempt_changelist")
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])

    mine, _ = two_authorities
    authority_admin = MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN, user__is_staff=True).user
    client.force_login(authority_admin)
    assert "Access attempts" not in client.get(reverse("admin:index")).content.decode()
    assert client.get(changelist).status_code == 403
    client.post(delete, {"post": "yes"})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()

    platform = UserFactory(email="platform@example.test", is_staff=True, is_superuser=True)
    client.force_login(platform)
    assert "Access attempts" in client.get(reverse("admin:index")).content.decode()
    page = client.get(changelist)
    assert page.status_code == 200 and EMAIL in page.content.decode()
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert sign_in(Client()).status_code == 302  # lifted
