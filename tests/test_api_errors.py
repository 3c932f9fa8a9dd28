"""Bad input to the API is a 4xx naming what was wrong, in JSON, and the schema says so.

Each case here is one the schemathesis run (tests/test_api_fuzz.py) found or the trust review
named: out-of-range time-zone offsets in date-time filters, dates before any rule set is in
force, deeply nested JSON, a PATCH with half a relationship, errors answered as HTML, and a
schema that hid nullable fields, the binary upload and the error answers."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from authorities.api_inputs import MAX_JSON_DEPTH, json_depth
from authorities.models import Role
from cpc import urls as project_urls
from tests.factories import (
    ChildFactory,
    ConferenceFactory,
    FamilyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture
def social_worker_api(two_authorities):
    mine, _ = two_authorities
    membership = MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=membership.user).key}")
    return client, membership


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01T00:00:00+23:59",  # Python reads it; PostgreSQL stores no offset past ±15:59
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+14:00",  # a real offset, but the instant is before year 1 in UTC
        "9999-12-31T23:00:00-12:00",
    ],
)
def test_a_date_time_filter_out_of_range_is_refused_naming_the_filter(social_worker_api, value):
    client, membership = social_worker_api
    for name in ("starts_after", "starts_before"):
        response = client.get(f"/api/v1/{membership.authority.slug}/conferences/", {name: value})
        assert response.status_code == 400, (name, value, response.content)
        assert list(response.json()) == [name]


@pytest.mark.django_db
def test_a_date_time_filter_compares_the_instant_whatever_the_offset(social_worker_api):
    client, membership = social_worker_api
    family = FamilyFactory(authority=membership.authority, social_worker=membership)
    conference = ConferenceFactory(
        family=family, starts_at=datetime.datetime(2030, 3, 4, 10, tzinfo=datetime.UTC)
    )
    url = f"/api/v1/{membership.authority.slug}/conferences/"
    # 10:00 UTC is 23:00 at +13:00 and 22:00 the day before at -12:00.
    assert client.get(url, {"starts_after": "2030-03-04T23:00:00+13:00"}).json()["count"] == 1
    assert client.get(url, {"starts_after": "2030-03-03T22:00:01-12:00"}).json()["count"] == 0
    assert (
        client.get(url, {"starts_before": "2030-03-04T10:00:00Z"}).json()["results"][0]["id"] == conference.pk
    )


@pytest.mark.django_db
def test_a_strategy_discussion_before_any_rule_set_is_refused_naming_the_date(social_worker_api):
    client, membership = social_worker_api
    family = FamilyFactory(authority=membership.authority, social_worker=membership)
    child = ChildFactory(family=family)
    body = {
        "family": family.pk,
        "held_on": "1995-01-01",  # inside the dates anyone can enter, before any rule set
        "attendees": "Police, health",
        "outcome": "Section 47",
        "section47_started": True,
        "children": [child.pk],
    }
    response = client.post(f"/api/v1/{membership.authority.slug}/strategy-discussions/", body, format="json")
    assert response.status_code == 400
    assert "no rule set in force on 1 January 1995" in response.json()["held_on"][0]


@pytest.mark.django_db
def test_a_due_date_asked_for_before_any_rule_set_is_refused_naming_the_event(social_worker_api):
    client, membership = social_worker_api
    response = client.get(
        f"/api/v1/{membership.authority.slug}/rule-sets/due-date/",
        {"rule_id": "ICPC-15WD", "event": "1900-01-01"},
    )
    assert response.status_code == 400 and "no rule set in force" in response.json()["event"][0]


def _nested(depth: int, kind: str) -> str:
    return ("[" * depth + "]" * depth) if kind == "array" else ('{"a":' * depth + "1" + "}" * depth)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["array", "object"])
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5000, 100_000])
def test_deeply_nested_json_is_a_parse_error_not_a_crash(social_worker_api, kind, depth):
    client, membership = social_worker_api
    conference = ConferenceFactory(family__authority=membership.authority)
    slug = membership.authority.slug
    for url in (
        f"/api/v1/{slug}/families/",
        f"/api/v1/{slug}/strategy-discussions/",
        f"/api/v1/{slug}/escalations/",
        f"/api/v1/{slug}/live-conferences/{conference.pk}/opinions/",
    ):
        response = client.post(url, _nested(depth, kind), content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)
        assert f"nested deeper than {MAX_JSON_DEPTH} levels" in response.json()["detail"]


def test_json_depth_counts_levels_without_recursing():
    assert json_depth(1) == 0
    assert json_depth({"a": [1, {"b": []}]}) == 4
    deep = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth(deep) == 100_001


@pytest.mark.django_db
def test_json_within_the_depth_limit_still_reaches_the_serializer(social_worker_api):
    client, membership = social_worker_api
    body = json.dumps({"name": "Rivers", "address": {"a": [[[]]]}})
    response = client.post(
        f"/api/v1/{membership.authority.slug}/families/", body, content_type="application/json"
    )
    assert response.status_code == 400 and "address" in response.json()


@pytest.mark.django_db
def test_a_patch_with_half_a_relationship_names_the_missing_field(social_worker_api):
    client, membership = social_worker_api
    person = PersonFactory(family__authority=membership.authority, family__social_worker=membership)
    child = ChildFactory(family=person.family)
    response = client.patch(
        f"/api/v1/{membership.authority.slug}/people/{person.pk}/",
        {"relationships": [{"child": child.pk, "parental_responsibility": False}]},
        format="json",
    )
    assert response.status_code == 400
    # DRF keys a partial update's list errors by position.
    assert response.json()["relationships"]["0"]["kind"] == ["This field is required."]


@login_not_required
def _boom(request, **kwargs):
    raise RuntimeError("a bug")


# This module is the URLconf of the next test: a view that fails, under the project's own handlers.
urlpatterns = [path("api/v1/boom/", _boom), path("pages/boom/", _boom)]
handler400, handler500 = project_urls.handler400, project_urls.handler500


@pytest.mark.django_db
@pytest.mark.urls("tests.test_api_errors")
def test_a_server_error_under_the_api_is_json_and_a_page_stays_html():
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/boom/")
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert api.json() == {"detail": "A server error occurred."}
    page = client.get("/pages/boom/")
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_a_body_django_refuses_as_too_big_is_a_json_400_under_the_api(social_worker_api, settings):
    client, membership = social_worker_api
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = client.post(
        f"/api/v1/{membership.authority.slug}/families/", body, content_type="application/json"
    )
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404(social_worker_api):
    client, membership = social_worker_api
    for url in (f"/api/v1/{membership.authority.slug}/no-such-thing/", "/api/v2/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}, url


@pytest.fixture
def openapi(client):
    client.force_login(UserFactory())  # the schema is for signed-in people only
    return client.get("/api/schema/", {"format": "json"}).json()


@pytest.mark.django_db
def test_every_api_operation_declares_its_error_answers(openapi):
    operations = [
        (path_, method, operation)
        for path_, methods in openapi["paths"].items()
        if path_.startswith("/api/v1/")
        for method, operation in methods.items()
    ]
    assert len(operations) > 100
    for path_, method, operation in operations:
        declared = set(operation["responses"])
        assert {"401", "403", "404", "429"} <= declared, (method, path_)
        if "requestBody" in operation:
            assert {"400", "415"} <= declared, (method, path_)
    error = openapi["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]


@pytest.mark.django_db
def test_the_upload_is_declared_as_a_binary_file_in_a_multipart_body(openapi):
    body = openapi["paths"]["/api/v1/{authority_slug}/report-invitations/{id}/upload/"]["post"]["requestBody"]
    reference = body["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert openapi["components"]["schemas"][reference]["properties"]["file"] == {
        "type": "string",
        "format": "binary",
    }


@pytest.mark.django_db
def test_fields_that_can_be_null_or_empty_are_declared_so(openapi):
    schemas = openapi["components"]["schemas"]
    for component, field in (
        ("Family", "icpc_due_on"),
        ("StrategyDiscussion", "icpc_due_on"),
        ("Conference", "statutory_due_on"),
        ("Invitation", "report_due_on"),
        ("AgencyReport", "upload"),
    ):
        declared = schemas[component]["properties"][field]
        assert declared.get("nullable") or {"type": "null"} in declared.get("oneOf", []), (component, field)
    assert "format" not in schemas["Conference"]["properties"]["virtual_link"]
    views_route = schemas["Invitation"]["properties"]["views_route"]
    assert any(option.get("$ref", "").endswith("/BlankEnum") for option in views_route["oneOf"])
