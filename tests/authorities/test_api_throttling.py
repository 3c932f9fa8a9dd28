"""The API's throttles (DRF): per signed-in user, and per IP for anonymous calls, at
API_USER_RATE and API_ANON_RATE. Past the rate a call answers 429 with DRF's own body and a
Retry-After header."""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from authorities.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

IP = "203.0.113.10"


def token_client(membership) -> APIClient:
    client = APIClient(REMOTE_ADDR=IP)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=membership.user).key}")
    return client


@pytest.fixture
def low_rates(settings):
    """3 calls a minute per user, 2 for anonymous callers. The counts start from zero: every test
    has a cache namespace of its own (tests/conftest.py), so nothing before or after sees them."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "2/minute"},
    }


def test_a_user_past_their_rate_gets_429_with_drfs_body_and_others_are_unaffected(low_rates, two_authorities):
    mine, _ = two_authorities
    dana = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    sam = MembershipFactory(authority=mine, role=Role.CHAIR)
    url = f"/api/v1/{mine.slug}/agencies/"
    dana_api, sam_api = token_client(dana), token_client(sam)

    for _ in range(3):
        assert dana_api.get(url).status_code == 200
    throttled = dana_api.get(url)
    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith("Request was throttled.")
    assert 0 < int(throttled["Retry-After"]) <= 60

    assert sam_api.get(url).status_code == 200  # same IP, another user


class _PublicPing(APIView):
    """Every API route of the product wants a signed-in caller (the schema too), and DRF checks
    permissions before throttles; this stands for any route that one day lets anyone in."""

    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("public-ping/", login_not_required(_PublicPing.as_view()))]


@pytest.mark.urls(__name__)
def test_anonymous_callers_are_throttled_per_ip(low_rates):
    client = APIClient(REMOTE_ADDR=IP)
    for _ in range(2):
        assert client.get("/public-ping/").status_code == 200
    throttled = client.get("/public-ping/")
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert throttled.json()["detail"].startswith("Request was throttled.")

    other = APIClient(REMOTE_ADDR="198.51.100.7")
    assert other.get("/public-ping/").status_code == 200
