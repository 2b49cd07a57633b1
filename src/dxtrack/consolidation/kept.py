"""A period's consolidation kept in the process while nothing it is read from changes.

At ten times the shipped province a consolidation is some 10⁵ objects and half a second
of work; the page and the API ask for the same one again and again between two saves.
It is kept as the dashboard keeps its numbers (`dxtrack.kept.kept_in_process`): the key
names the period, the day it is judged on, the minutes past a deadline with a time of day
when that matters, and the fingerprint of every row it reads (`freshness`), so any write
gives a new key at once and a kept result is never stale (docs/decisions/0226-0227).

The kept `Consolidation` is shared by the requests of the process: read it, never change
it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dxtrack.consolidation.aggregation import Consolidation, period_consolidation
from dxtrack.consolidation.freshness import consolidation_clock, consolidation_fingerprint
from dxtrack.kept import kept_in_process
from dxtrack.reporting.models import ReportingPeriod

# Bumped when the kept object changes shape.
KEPT_FORMAT = 1
# The fingerprint moves with every change: the limit only frees what is no longer asked.
KEPT_SECONDS = 10 * 60


def period_consolidation_kept(
    *, period: ReportingPeriod, as_of: dt.date | None = None
) -> Consolidation:
    """`period_consolidation(period=period, as_of=as_of)` with the province's weights, from
    the process while its fingerprint holds (one query), else built and kept."""
    as_of = as_of or timezone.localdate()
    slot = f"consolidation:{KEPT_FORMAT}:{period.pk}:{as_of.isoformat()}"
    clock = consolidation_clock(period=period, as_of=as_of)
    key = f"{slot}:{clock}:{consolidation_fingerprint(period=period)}"
    return kept_in_process(
        slot=slot,
        key=key,
        build=lambda: period_consolidation(period=period, as_of=as_of),
        seconds=KEPT_SECONDS,
    )
