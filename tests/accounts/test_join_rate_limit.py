"""Guessing join links: each IP may open JOIN_LINK_FAILURE_RATE links that are unknown, used or
expired; past that every join link from that IP, good or bad, answers 429 with a page saying when
to try again, until the window ends. Valid links are not counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import AccountInvitation
from tests.accounts.join_helpers import new_user_form, token_in

pytestmark = pytest.mark.django_db

LIMIT = 3
OFFICE_IP = "203.0.113.10"


@pytest.fixture(autouse=True)
def low_limit(settings):
    # tests/conftest.py gives each test a cache namespace of its own, so the counts below start
    # at zero and reach no other test.
    settings.JOIN_LINK_FAILURE_RATE = f"{LIMIT}/hour"


def join(client: Client, token: str, ip: str = OFFICE_IP, data: dict | None = None):
    url = f"/accounts/join/{token}/"
    return client.post(url, data, REMOTE_ADDR=ip) if data is not None else client.get(url, REMOTE_ADDR=ip)


def assert_too_many(response):
    assert response.status_code == 429
    body = response.content.decode()
    assert "govuk-template" in body
    assert '<h1 class="govuk-heading-l">Too many invitation links that do not work</h1>' in body
    assert "You can try again after" in body and "minute" in body
    assert 0 < int(response["Retry-After"]) <= 3600


def test_after_the_limit_of_bad_links_the_next_answers_429_with_a_page_saying_when_to_try_again(client):
    for n in range(LIMIT):
        assert join(client, f"guess-{n}").status_code == 404
    assert_too_many(join(client, "guess-next"))
    assert_too_many(join(client, "guess-post", data=new_user_form()))


def test_a_valid_link_works_after_bad_ones_below_the_limit_and_is_not_counted(invited, mailoutbox):
    token = token_in(mailoutbox[0])
    client = Client()
    for n in range(LIMIT - 1):
        assert join(client, f"mistyped-{n}").status_code == 404
    for _ in range(LIMIT + 2):
        assert join(client, token).status_code == 200
    created = join(client, token, data=new_user_form())
    assert created.status_code == 302 and created["Location"] == "/my-conferences/"


def test_used_and_expired_links_count_too(invited, mailoutbox):
    case, *_ = invited
    token = token_in(mailoutbox[0])
    assert join(Client(), token, data=new_user_form()).status_code == 302
    client = Client()
    assert join(client, token).status_code == 410  # used
    AccountInvitation.objects.for_authority(case.authority).update(
        accepted_at=None, membership=None, expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert join(client, token).status_code == 410  # expired
    assert join(client, "unknown").status_code == 404
    assert_too_many(join(client, token))


def test_once_over_the_limit_even_a_valid_link_waits_so_guesses_learn_nothing(invited, mailoutbox):
    token = token_in(mailoutbox[0])
    client = Client()
    for n in range(LIMIT):
        join(client, f"guess-{n}")
    assert_too_many(join(client, token))
    assert (
        not AccountInvitation.objects.for_authority(invited[0].authority)
        .filter(accepted_at__isnull=False)
        .exists()
    )


def test_the_limit_is_per_ip(invited, mailoutbox):
    token = token_in(mailoutbox[0])
    for n in range(LIMIT):
        join(Client(), f"guess-{n}", ip=OFFICE_IP)
    assert join(Client(), "guess-again", ip=OFFICE_IP).status_code == 429
    assert join(Client(), "a-typo", ip="198.51.100.7").status_code == 404
    assert join(Client(), token, ip="198.51.100.7").status_code == 200


def test_an_empty_rate_turns_the_limit_off(settings, client):
    settings.JOIN_LINK_FAILURE_RATE = None
    for n in range(LIMIT + 2):
        assert join(client, f"guess-{n}").status_code == 404
