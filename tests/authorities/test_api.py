import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from authorities.models import Role
from tests.factories import MembershipFactory


@pytest.fixture
def api(two_authorities):
    mine, _ = two_authorities
    membership = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=membership.user).key}")
    return client, mine


@pytest.mark.django_db
def test_token_holders_list_their_authoritys_agencies_paginated(api):
    client, mine = api
    body = client.get(f"/api/v1/{mine.slug}/agencies/").json()
    assert body["count"] == 1 and body["results"][0]["name"] == "Alphashire Police"


@pytest.mark.django_db
def test_agencies_filter_by_type(api):
    client, mine = api
    assert client.get(f"/api/v1/{mine.slug}/agencies/", {"type": "police"}).json()["count"] == 1
    response = client.get(f"/api/v1/{mine.slug}/agencies/", {"type": "spaceship"})
    assert response.status_code == 400 and "type" in response.json()


@pytest.mark.django_db
def test_rule_sets_come_with_every_setting_and_its_source(api):
    client, mine = api
    rule_set = client.get(f"/api/v1/{mine.slug}/rule-sets/").json()["results"][0]
    settings = {setting["rule_id"]: setting for setting in rule_set["settings"]}
    assert settings["SCALING"]["mode"] == "on"
    assert settings["ICPC-15WD"]["source_kind"] in {"seed", "wt"}


@pytest.mark.django_db
def test_due_date_endpoint_matches_the_engine(api):
    client, mine = api
    body = client.get(
        f"/api/v1/{mine.slug}/rule-sets/due-date/", {"rule_id": "ICPC-15WD", "event": "2026-12-18"}
    ).json()
    assert body["due"] == "2027-01-13" and body["mode"] == "required"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rule_id": "QUORUM", "event": "2026-12-18"}, "rule_id"),
        ({"rule_id": "NOPE", "event": "2026-12-18"}, "rule_id"),
        ({"rule_id": "ICPC-15WD", "event": "18/12/2026"}, "event"),
        ({"rule_id": "ICPC-15WD", "event": "2001-01-01"}, "event"),
    ],
)
def test_due_date_endpoint_names_the_bad_field(api, params, field):
    client, mine = api
    response = client.get(f"/api/v1/{mine.slug}/rule-sets/due-date/", params)
    assert response.status_code == 400 and field in response.json()


def test_openapi_schema_lists_the_tenant_routes_to_a_token_holder(api):
    client, _ = api
    response = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert "/api/v1/{authority_slug}/agencies/" in response.content.decode()


@pytest.mark.django_db
def test_the_schema_is_not_shown_to_anyone_signed_out(client):
    response = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "Authentication credentials were not provided."
    assert "/api/v1/" not in response.content.decode()
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert bad_token.get("/api/schema/").status_code == 401


@pytest.mark.django_db
def test_the_api_docs_page_sends_someone_signed_out_to_sign_in(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/api/docs/"


@pytest.mark.django_db
def test_api_docs_page_serves_its_assets_locally_to_someone_signed_in(client, two_authorities):
    mine, _ = two_authorities
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger" in page.lower() and "cdn.jsdelivr" not in page
    assert client.get("/api/schema/", headers={"Accept": "application/json"}).status_code == 200


def test_the_schema_builds_without_a_warning(tmp_path):
    """A warning means two components share a name or a field's type is guessed: the published
    schema would then describe something other than what the API takes."""
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml"))
