"""The client's IP address, one answer for every limit keyed on it (sign-in lockout, join-link
guesses, the API's anonymous throttle).

Behind reverse proxies REMOTE_ADDR is the nearest proxy, so every visitor would share one address:
one person guessing would lock out a whole council. settings.TRUSTED_PROXY_COUNT says how many
proxies in front of the app append to X-Forwarded-For; the client is that many entries from the
right, the same rule as DRF's NUM_PROXIES. Entries further left are whatever the client sent, so
they are never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # no usable address: such requests share one bucket rather than escape the limits


def _valid(candidate: str) -> str | None:
    try:
        return str(ipaddress.ip_address(candidate.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        if hops:
            found = _valid(hops[-min(proxies, len(hops))])
            if found is not None:
                return found
    return remote or UNKNOWN
