"""The API's throttles: DRF's per-user and anonymous rate throttles (REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES, from API_USER_RATE and API_ANON_RATE), with two changes.

- The rate is read when the throttle is made, once per request. DRF copies the rates into the class
  at import, so a changed setting (a test's `settings` override) would otherwise never reach it.
- Anonymous callers are counted by cpc.client_ip, the address every other limit uses.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings

from cpc.client_ip import client_ip


class _RateFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]  # None: no limit

    def get_ident(self, request) -> str:
        return client_ip(request)


class UserRateThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Per signed-in user (by id), whichever authority the call is for; anonymous calls per IP."""


class AnonRateThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    """Anonymous calls per IP. Every route today refuses them first (DRF checks permissions
    before throttles, and the schema wants a signed-in caller too): this guards any that will not."""
