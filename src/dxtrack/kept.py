"""Large results kept in this process, named by a token in Django's cache.

The dashboard's numbers, the catalogue they are judged against and a period's
consolidation are tens of thousands of objects: pickling them into the cache and out again
for each page cost about as much as building them (docs/decisions/0197, 0226). Here the
object stays in the process and the cache holds only a random token under the key. Found
with the same token: served from the process. No token (expired, cleared, a key that moved
on): built again. A token another worker set and this process lacks: built here under that
token. So the cache's rules (the key, its time limit, `cache.clear()`) hold as for anything
cached. Only the newest object of each slot is kept (a key whose fingerprint moved on is
never asked again, and every object kept is one more for the collector to walk), at most
`SLOTS_KEPT` slots.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from dxtrack.collector import collector_paused

T = TypeVar("T")

SLOTS_KEPT = 16
_kept: OrderedDict[str, tuple[str, str, Any]] = OrderedDict()
_lock = threading.Lock()  # a worker's threads share it


def kept_in_process(
    *, slot: str, key: str, build: Callable[[], T], seconds: int | None = None
) -> T:
    """The object `build` made for `key`, kept in `slot` (the key without what moves on);
    built again, with the collector paused, when the cache no longer names it. The token
    lives `seconds` in the cache (by default the dashboard's time limit)."""
    token = cache.get(key)
    if token is not None:
        with _lock:
            found = _kept.get(slot)
            if found is not None and found[:2] == (key, token):
                _kept.move_to_end(slot)
                return found[2]
    with collector_paused():
        built = build()
    if token is None:
        token = secrets.token_hex(8)
        if seconds is None:
            seconds = settings.DXTRACK_DASHBOARD_CACHE_SECONDS
        cache.set(key, token, seconds)
    with _lock:
        _kept[slot] = (key, token, built)
        _kept.move_to_end(slot)
        while len(_kept) > SLOTS_KEPT:
            _kept.popitem(last=False)
    return built
