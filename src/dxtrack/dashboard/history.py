"""The indicators' values and verdicts in the earlier periods of the dashboard's history,
kept per period.

A report saved in the period being reported moves the dashboard's fingerprint and the
dashboard is computed again, but the earlier periods' values have not moved. Each earlier
period's values and verdicts are kept under a key of its own: the period, the scope (the
agency, the indicators asked), the period's reports (count, versions, last change, as the
dashboard's own fingerprint reads them) and the period and plans' last change. Computing
the dashboard again then reads and judges the chosen period, and only those earlier
periods whose reports changed (in one query); the previous period, which the tiles
compare, is kept the same way with its counts of agencies. A province of thousands of
indicators and twelve quarters of history judges one period after a save, not twelve. Targets edited
in the admin carry no timestamp: the time limit of the dashboard's cache catches them, as
it does for the dashboard itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum

from dxtrack.consolidation.series import Judged, SeriesValue, indicator_judge, indicator_series
from dxtrack.plans.models import Indicator, Plan, Target
from dxtrack.reporting.models import AgencyReport, ReportingPeriod

# Bumped when what is kept changes shape.
HISTORY_FORMAT = 1

# What one indicator's line in one period keeps: its value's fields (or None) and its
# verdict as (target id, verdict, colour); plain tuples, cheap to keep and to read back.
_Kept = tuple[tuple | None, tuple[int | None, str, str]]
Point = tuple[SeriesValue | None, Judged]


def _fingerprints(
    periods: Sequence[ReportingPeriod], agency_id: int | None
) -> dict[int, tuple[int, int, str]]:
    """period id → (reports, sum of their versions, their last change). One query."""
    reports = AgencyReport.objects.filter(period__in=list(periods))
    if agency_id is not None:
        reports = reports.filter(agency_id=agency_id)
    return {
        period_id: (n, version_sum or 0, str(last))
        for period_id, n, version_sum, last in reports.values("period_id")
        .annotate(n=Count("pk"), version_sum=Sum("version"), last=Max("updated_at"))
        .order_by()
        .values_list("period_id", "n", "version_sum", "last")
    }


def earlier_history(
    *,
    periods: Sequence[ReportingPeriod],
    indicators: list[Indicator],
    plans: Sequence[Plan],
    agency_id: int | None,
    targets: dict[int, list[Target]],
    counted: Collection[int] = (),
) -> EarlierPoints:
    """The values and verdicts of the `indicators` in the earlier `periods`, as
    `indicator_series` and `indicator_judge` give them; from the cache for the periods
    whose reports did not change. `counted`: the ids of the periods kept with their counts
    of agencies asked and reporting (the previous period, which the tiles compare), not
    their values alone. Two queries at most."""
    if not periods or not indicators:
        return EarlierPoints()
    asked = hashlib.blake2s(
        ",".join(str(i.pk) for i in indicators).encode(), digest_size=8
    ).hexdigest()
    plans_changed = max((str(p.updated_at) for p in plans), default="")
    found = _fingerprints(periods, agency_id)
    keys = {
        p.pk: (
            f"dashboard-history:{HISTORY_FORMAT}:{p.pk}:{agency_id or 'all'}:{asked}:"
            + ("counted:" if p.pk in counted else "")
            + hashlib.blake2s(
                repr((found.get(p.pk), str(p.updated_at), plans_changed)).encode(),
                digest_size=12,
            ).hexdigest()
        )
        for p in periods
    }
    kept: dict[int, dict[int, _Kept]] = {}
    for period in periods:
        hit = cache.get(keys[period.pk])
        if hit is not None:
            kept[period.pk] = hit
    missing = [p for p in periods if p.pk not in kept]
    if missing:
        series = indicator_series(
            periods=missing,
            indicators=indicators,
            agency_id=agency_id,
            counted=[p.pk for p in missing if p.pk in counted],
        )
        for period in missing:
            entry: dict[int, _Kept] = {}
            for indicator in indicators:
                value = series.get((indicator.pk, period.pk))
                judged = indicator_judge(
                    indicator=indicator,
                    targets=targets.get(indicator.pk, []),
                    period=period,
                    value=value,
                )
                entry[indicator.pk] = (
                    None
                    if value is None
                    else (value.value, value.met, value.text, value.reported, value.expected),
                    (judged.target.pk if judged.target else None, judged.verdict, judged.colour),
                )
            cache.set(keys[period.pk], entry, settings.DXTRACK_DASHBOARD_CACHE_SECONDS)
            kept[period.pk] = entry
    return EarlierPoints(kept=kept, target_of={t.pk: t for own in targets.values() for t in own})


@dataclass(frozen=True)
class EarlierPoints:
    """The kept values and verdicts of the earlier periods, each made into its
    `SeriesValue` and `Judged` when asked for: a page shows a few indicators' history of
    the thousands computed."""

    kept: dict[int, dict[int, _Kept]] = field(default_factory=dict)
    target_of: dict[int, Target] = field(default_factory=dict)

    def asked(self, *, indicator_id: int, period_id: int) -> bool:
        """Was the indicator asked in the period (has it a value's row)?"""
        return self.kept[period_id][indicator_id][0] is not None

    def point(self, *, indicator_id: int, period_id: int) -> Point:
        fields, (target_id, verdict, colour) = self.kept[period_id][indicator_id]
        return (
            None if fields is None else SeriesValue(*fields),
            Judged(
                target=self.target_of.get(target_id) if target_id is not None else None,
                verdict=verdict,
                colour=colour,
            ),
        )
