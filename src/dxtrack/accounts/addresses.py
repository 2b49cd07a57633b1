"""The address a request comes from, as far as it can be believed.

REMOTE_ADDR is the peer of the TCP connection. X-Forwarded-For is whatever the client wants it
to be, except for the hops appended by reverse proxies we run: it is read only when the peer
is one of DXTRACK_TRUSTED_PROXIES, from the right, skipping our own proxies, and the first
address that is not one of them is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from django.conf import settings

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(entries: Iterable[str]) -> list[_Network]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return networks


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, proxies: list[_Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(*, request: Any) -> str | None:
    """The client's address: the peer, or behind trusted proxies the hop before them."""
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    proxies = _networks(getattr(settings, "DXTRACK_TRUSTED_PROXIES", []))
    if not _trusted(peer, proxies):
        return str(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Our proxy appended nothing readable: the peer is all we know.
            break
        if not _trusted(address, proxies):
            return str(address)
    return str(peer)
