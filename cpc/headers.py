"""Response headers every page and API answer carries: Permissions-Policy, and no caching.

Pages and API answers hold personal data about children and families: `Cache-Control: no-store`
keeps them out of the browser's disk cache and any shared proxy, so the back button on a shared
computer after sign-out, or a proxy in between, cannot show them again. Static files (GOV.UK
Frontend, htmx, our CSS and JS) hold no personal data and stay cacheable: WhiteNoise sets their
headers."""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class ResponseHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path.startswith(self.static_prefix):
            # Replaces any weaker Cache-Control a view set: "no-store" must win for personal data.
            response.headers.pop("Cache-Control", None)
            add_never_cache_headers(response)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, leaving out PDFs sent as downloads (minutes, letters, reports).

    A policy on a PDF sent as an attachment protects nothing (no page runs from it), and Chromium
    stalls the download of the conference minutes when the response carries one (the browser tests
    time out on the click); every page and API answer still gets the policy."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.headers.get("Content-Type", "").startswith("application/pdf") and response.headers.get(
            "Content-Disposition", ""
        ).startswith("attachment"):
            return response
        return super().process_response(request, response)
