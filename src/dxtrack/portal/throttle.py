"""A limit on requests per client address for the open data, counted in Django's cache.

A fixed window (a minute by default) per address: simple, and enough to keep one script
from monopolising the server. With the default per-process memory cache each worker counts
its own requests, so a client may get up to `limit` × workers per window: a shared cache
(CACHES in the settings) makes the limit exact.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR, not X-Forwarded-For: a header any client can write would let it pick a
    # fresh address for each request. Behind a proxy, the proxy limits per real address.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def throttle_hit(*, scope: str, client: str, limit: int, window: int = 60) -> int | None:
    """Count one request of `client`; None while within `limit` per `window` seconds,
    else the seconds to wait (for Retry-After)."""
    now = time.time()
    start = int(now // window) * window
    key = f"throttle:{scope}:{client}:{start}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
    if count > limit:
        return max(1, int(start + window - now + 0.999))
    return None
