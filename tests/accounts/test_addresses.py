"""The client's address: X-Forwarded-For believed only from trusted proxies."""

import pytest
from django.test import RequestFactory

from dxtrack.accounts.addresses import client_address


@pytest.mark.parametrize(
    "trusted, peer, forwarded, expected",
    [
        ([], "203.0.113.9", "192.0.2.1", "203.0.113.9"),
        (["10.0.0.5"], "203.0.113.9", "192.0.2.1", "203.0.113.9"),
        (["10.0.0.5"], "10.0.0.5", "192.0.2.1, 203.0.113.9", "203.0.113.9"),
        (["10.0.0.0/24"], "10.0.0.5", "203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (["10.0.0.5"], "10.0.0.5", "", "10.0.0.5"),
        (["10.0.0.5"], "10.0.0.5", "not-an-address", "10.0.0.5"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        (["10.0.0.5", "bad entry"], "10.0.0.5", "198.51.100.7", "198.51.100.7"),
    ],
)
def test_client_address(settings, trusted, peer, forwarded, expected):
    settings.DXTRACK_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request=request) == expected
