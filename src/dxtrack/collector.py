"""The cyclic garbage collector paused while a large, long-lived result is built.

Building a province's consolidation or dashboard makes some 10⁵ objects that all survive
(they are the result). Each of them triggers the collector's counters, and each full
collection walks every live object again: at ten times the shipped province that was a
third to a half of the time of a dashboard computed again (docs/decisions/0196). Paused,
the collector runs once the result is built; objects freed in between are still freed by
reference counting, only reference cycles wait until then.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pausing = 0  # how many threads are inside `collector_paused` (gc is process-wide)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (as it was when the last block ends)."""
    global _pausing
    with _lock:
        if _pausing == 0:
            collector_paused.was_enabled = gc.isenabled()  # type: ignore[attr-defined]
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and collector_paused.was_enabled:  # type: ignore[attr-defined]
                gc.enable()
