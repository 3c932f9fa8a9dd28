"""Every page and API answer carries the Content Security Policy (no inline script), the
Permissions-Policy and `Cache-Control: no-store`; static files stay cacheable.

The walk covers every tenant URL pattern and API route the project has (from the URL resolver, as
the cross-tenant harness does), aimed at objects of the signed-in person's own authority, so a
route added later is checked without anyone listing it. Whatever the route answers (a page, a
PDF, JSON, a refusal), the headers are there; every HTML page is also read for inline script."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from authorities.models import Role
from tests.factories import MembershipFactory
from tests.test_tenant_isolation import OBJECT_MAKERS, tenant_routes

pytestmark = pytest.mark.django_db

# A script element without src= runs inline; a JSON data block (DRF's browsable API keeps its CSRF
# settings in one) is never executed, so the policy has nothing to refuse there.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE)
# An event handler attribute inside a tag (onclick=, onerror=…): the policy refuses those too.
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
OUTSIDE_THE_AUTHORITY = (
    "/",
    "/login/",
    "/my-conferences/",
    "/accounts/join/not-a-real-token/",
    "/admin/",
    "/admin/login/",
    "/api/schema/",
    "/api/docs/",
    "/healthz",
    "/no-such-page/",
)


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        if words := part.split():
            directives[words[0]] = words[1:]
    return directives


def is_pdf_download(response) -> bool:
    return response.headers.get("Content-Type", "").startswith("application/pdf") and response.headers.get(
        "Content-Disposition", ""
    ).startswith("attachment")


def assert_protected(response, what: str) -> None:
    cache = {word.strip() for word in response.headers.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache, f"{what}: Cache-Control {response.headers.get('Cache-Control')}"
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), f"{what}: no Permissions-Policy"
    if is_pdf_download(response):
        return  # a download runs nothing: no policy (cpc.headers.ContentSecurityPolicyMiddleware)
    directives = csp_directives(response)
    assert directives, f"{what}: no Content-Security-Policy"
    for directive in ("script-src", "default-src"):
        assert directives[directive] == ["'self'"], f"{what}: {directive} {directives[directive]}"
    assert "'unsafe-inline'" not in directives.get("style-src", []), what
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"], what
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), f"{what}: no Permissions-Policy"
    cache = {word.strip() for word in response.headers.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache, f"{what}: Cache-Control {response.headers.get('Cache-Control')}"
    if response.headers.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), f"{what}: inline <script> {INLINE_SCRIPT.search(body)[0]}"
        assert not HANDLER_ATTRIBUTE.search(body), f"{what}: {HANDLER_ATTRIBUTE.search(body)[0]}"


def _url(route, slug: str, obj) -> str:
    from django.urls import reverse

    kwargs = {"authority_slug": slug}
    for param in route.params - {"authority_slug"}:
        kwargs[param] = obj.pk
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.CHAIR, Role.PRACTITIONER])
def test_every_page_and_api_route_sends_the_protective_headers(client, two_authorities, role):
    mine, _ = two_authorities
    client.force_login(MembershipFactory(authority=mine, role=role).user)
    routes = tenant_routes()
    objects: dict = {}
    checked = {"page": 0, "api": 0}
    for route in routes:
        needs_object = bool(route.params - {"authority_slug"})
        if needs_object and route.model not in objects:
            objects[route.model] = OBJECT_MAKERS[route.model](mine)
        url = _url(route, mine.slug, objects.get(route.model))
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} as {role}: {response.status_code}"
        assert_protected(response, f"GET {url} ({route.name}) as {role}")
        checked["api" if route.api else "page"] += 1
    print(f"headers checked on {checked['page']} page and {checked['api']} API routes as {role}")
    # Both kinds were walked (the figures are in the report of the change that added this test).
    assert checked["page"] > 50 and checked["api"] > 50, checked


def test_the_routes_outside_an_authority_send_them_too(client, two_authorities):
    mine, _ = two_authorities
    for signed_in in (False, True):
        if signed_in:
            client.force_login(MembershipFactory(authority=mine, role=Role.AUTHORITY_ADMIN).user)
        for url in OUTSIDE_THE_AUTHORITY:
            response = client.get(url)
            assert response.status_code < 500, url
            assert_protected(response, f"GET {url} (signed in: {signed_in})")


def test_a_refused_post_and_an_api_error_send_them_too(client, two_authorities):
    mine, _ = two_authorities
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    api_error = client.post(f"/api/v1/{mine.slug}/venues/", {}, content_type="application/json")
    assert api_error.status_code in (400, 403, 405)
    assert_protected(api_error, "API error")
    page = client.post(f"/{mine.slug}/cases/new/", {})
    assert page.status_code < 500
    assert_protected(page, "refused form post")


def test_the_browsable_api_page_runs_no_inline_script_either(client, two_authorities):
    mine, _ = two_authorities
    client.force_login(MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER).user)
    response = client.get(f"/api/v1/{mine.slug}/venues/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    assert_protected(response, "browsable API page")


def test_anonymous_api_calls_are_not_cached_either(client, two_authorities):
    mine, _ = two_authorities
    response = Client().get(f"/api/v1/{mine.slug}/agencies/")
    assert response.status_code in (401, 403)
    assert_protected(response, "anonymous API call")


def test_static_files_stay_cacheable(settings):
    # WhiteNoise serves from the finders here, as under runserver (no collectstatic in tests).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/js/app.js")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Permissions-Policy" in response.headers
