"""The client address every per-IP limit uses: REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies
append to X-Forwarded-For, when it is that many entries from the right (what the client itself
sent, further left, is never read)."""

import pytest
from django.test import RequestFactory

from cpc.client_ip import client_ip


def request(remote="10.0.0.2", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.99, 203.0.113.10", "10.0.0.2"),  # no proxies trusted: the header is the client's
        (1, None, "10.0.0.2"),
        (1, "203.0.113.10", "203.0.113.10"),
        (1, "192.0.2.99, 203.0.113.10", "203.0.113.10"),
        (2, "192.0.2.99, 203.0.113.10, 10.0.0.1", "203.0.113.10"),
        (3, "203.0.113.10, 10.0.0.1", "203.0.113.10"),  # fewer hops than proxies: the first
        (1, "192.0.2.99, not-an-address", "10.0.0.2"),  # garbage where the proxy writes: not used
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_nearest_trusted_proxy_wrote(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(forwarded=forwarded)) == expected


def test_with_no_usable_address_every_such_request_shares_one(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(remote="")) == "0.0.0.0"
