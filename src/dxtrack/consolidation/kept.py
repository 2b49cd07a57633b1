"""A period's consolidation kept in the process while nothing it is read from changes.

At ten times the shipped province a consolidation is some 10⁵ objects and half a second
of work; the page and the API ask for the same one again and again between two saves.
It is kept as the dashboard keeps its numbers (`dxtrack.kept.kept_in_process`): the key
names the period, the day it is judged on, the minutes past a deadline with a time of day
when that matters, and the fingerprint of every row it reads (`freshness`), so any write
gives a new key at once and a kept result is never stale (docs/decisions/0226-0228).

The kept `Consolidation` is shared by the requests of the process: read it, never change
it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone

from dxtrack.consolidation.aggregation import Consolidation, period_consolidation
from dxtrack.consolidation.catalogue import Catalogue, period_catalogue
from dxtrack.consolidation.freshness import consolidation_clock, consolidation_fingerprints
from dxtrack.kept import kept_in_process
from dxtrack.reporting.models import ReportingPeriod

T = TypeVar("T")

# Bumped when the kept object changes shape.
KEPT_FORMAT = 1
# The fingerprint moves with every change: the limit only frees what is no longer asked.
KEPT_SECONDS = 10 * 60


@dataclass(frozen=True)
class KeptConsolidation:
    """The key of one period's consolidation judged on one day, read once: the
    consolidation itself and what callers make of it (the API's encoded answer) are kept
    under it."""

    period: ReportingPeriod
    as_of: dt.date
    slot: str  # the key without what moves on
    moving: str  # the minutes past a timed deadline, the fingerprint
    catalogue_fingerprint: str

    def get(self) -> Consolidation:
        """The consolidation, from the process while the key holds, else built and kept
        (on the plans' catalogue kept while it holds: a report saved leaves it)."""
        return kept_in_process(
            slot=self.slot,
            key=f"{self.slot}:{self.moving}",
            build=lambda: period_consolidation(
                period=self.period, as_of=self.as_of, catalogue=self.catalogue()
            ),
            seconds=KEPT_SECONDS,
        )

    def catalogue(self) -> Catalogue:
        """The period's plans, sections, indicators and targets, kept while the rows they
        are read from hold."""
        slot = f"consolidation-catalogue:{KEPT_FORMAT}:{self.period.pk}"
        return kept_in_process(
            slot=slot,
            key=f"{slot}:{self.catalogue_fingerprint}",
            build=lambda: period_catalogue(period=self.period),
            seconds=KEPT_SECONDS,
        )

    def derived(self, *, part: str, build: Callable[[Consolidation], T]) -> T:
        """What `build` makes of the consolidation (the API's bytes), kept under the same
        key: only a change that moves the consolidation's key builds it again."""
        slot = f"{self.slot}:{part}"
        return kept_in_process(
            slot=slot,
            key=f"{slot}:{self.moving}",
            build=lambda: build(self.get()),
            seconds=KEPT_SECONDS,
        )


def consolidation_kept(
    *, period: ReportingPeriod, as_of: dt.date | None = None
) -> KeptConsolidation:
    """The kept consolidation of `period` judged on `as_of` (today by default), with the
    province's weights. Reads the fingerprint (one query) unless the period was read
    `freshness.with_fingerprint`."""
    as_of = as_of or timezone.localdate()
    clock = consolidation_clock(period=period, as_of=as_of)
    everything, catalogue = consolidation_fingerprints(period=period)
    return KeptConsolidation(
        period=period,
        as_of=as_of,
        slot=f"consolidation:{KEPT_FORMAT}:{period.pk}:{as_of.isoformat()}",
        moving=f"{clock}:{everything}",
        catalogue_fingerprint=catalogue,
    )


def period_consolidation_kept(
    *, period: ReportingPeriod, as_of: dt.date | None = None
) -> Consolidation:
    """`period_consolidation(period=period, as_of=as_of)` with the province's weights, from
    the process while its fingerprint holds (one query), else built and kept."""
    return consolidation_kept(period=period, as_of=as_of).get()
