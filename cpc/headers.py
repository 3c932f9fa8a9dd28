"""Response headers every page and API answer carries: Permissions-Policy, and no caching.

Pages and API answers hold personal data about children and families: `Cache-Control: no-store`
keeps them out of the browser's disk cache and any shared proxy, so the back button on a shared
computer after sign-out, or a proxy in between, cannot show them again. Static files (GOV.UK
Frontend, htmx, our CSS and JS) hold no personal data and stay cacheable: WhiteNoise sets their
headers."""

from __future__ import annotations

from collections.abc import Callable

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
