"""The province's value of each indicator over several periods, in one grouped query.

The same rules as the consolidation of one period (`indicator_values`): the lead
agency's value, or the sum / average of the implementing agencies' numbers by the
indicator's aggregation rule; indicators confirmed as one family share the value of the
member most agencies reported, the newer plan on a tie. For one agency, its own value.
tests/consolidation/test_series.py checks the values equal the consolidation's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.indicator_values import (
    family_sources,
    milestone_target,
    province_value,
    value_aggregates,
    value_verdict,
)
from dxtrack.consolidation.models import IndicatorFamilyMember
from dxtrack.plans.models import Indicator, Target
from dxtrack.reporting.models import IndicatorValue, ReportingPeriod


@dataclass(frozen=True)
class SeriesValue:
    """An indicator's value in one period."""

    value: float | None
    met: bool | None
    text: str
    # Agencies that gave a value (number or Đạt / Không đạt), and agencies asked for one;
    # None in a period read for its value only (see `indicator_series`).
    reported: int | None
    expected: int | None


def indicator_series(
    *,
    periods: Iterable[ReportingPeriod],
    indicators: list[Indicator],
    agency_id: int | None = None,
    counted: Iterable[int] | None = None,
) -> dict[tuple[int, int], SeriesValue]:
    """(indicator id, period id) → its value, for the indicators asked in each period.

    indicators: in plan order (a family's tie goes to the later one); counted: the periods
    whose counts of agencies asked and reporting are wanted (all by default). The others
    are read for their value alone, from only the rows that make it: the lead agency's,
    or every agency's for a summed, averaged or linked indicator. Over a long history
    that is a small part of the rows. Three queries.
    """
    period_ids = [p.pk for p in periods]
    ids = [i.pk for i in indicators]
    family_of: dict[int, int] = {}
    if agency_id is None:
        family_of = dict(
            IndicatorFamilyMember.objects.filter(confirmed=True, indicator_id__in=ids).values_list(
                "indicator_id", "family_id"
            )
        )
    counted_ids = set(period_ids if counted is None else counted)
    # For one agency its own rows are its value, whatever its role.
    lead = Q(role="lead") if agency_id is None else Q()
    # The indicators are kept in Python, not by `indicator_id IN (…)`: with that list SQLite
    # probes its (report, indicator) index once per report and indicator, several times
    # slower than reading each report's rows; the other plans' rows are few and dropped.
    wanted = set(ids)
    values = IndicatorValue.objects.filter(report__period_id__in=period_ids)
    if agency_id is not None:
        values = values.filter(report__agency_id=agency_id)
    elif counted_ids != set(period_ids):
        every_row = [
            i.pk
            for i in indicators
            if i.aggregation != Indicator.Aggregation.LEAD or i.pk in family_of
        ]
        values = values.filter(
            Q(report__period_id__in=counted_ids) | Q(role="lead") | Q(indicator_id__in=every_row)
        )
    stats: dict[tuple[int, int], Any] = {
        (row["indicator_id"], row["report__period_id"]): row
        for row in values.values("indicator_id", "report__period_id")
        .annotate(**value_aggregates(lead=lead))
        .order_by()
        if row["indicator_id"] in wanted
    }
    by_pk = {i.pk: i for i in indicators}
    result: dict[tuple[int, int], SeriesValue] = {}
    for period_id in period_ids:
        asked = [i for i in indicators if (i.pk, period_id) in stats]
        best = family_sources(
            indicators=asked,
            family_of=family_of,
            reported={i.pk: stats[(i.pk, period_id)]["reported"] for i in asked},
        )
        for indicator in asked:
            family = family_of.get(indicator.pk)
            source = best.get(family, indicator.pk) if family else indicator.pk
            row = stats[(source, period_id)]
            rule = by_pk[source].aggregation if agency_id is None else Indicator.Aggregation.LEAD
            value, met, text = province_value(aggregation=rule, stats=row)
            whole = period_id in counted_ids
            result[(indicator.pk, period_id)] = SeriesValue(
                value=value,
                met=met,
                text=text,
                reported=row["reported"] if whole else None,
                expected=stats[(indicator.pk, period_id)]["expected"] if whole else None,
            )
    return result


def targets_of(*, indicator_ids: Iterable[int]) -> dict[int, list[Target]]:
    """indicator id → its targets in milestone order. One query."""
    found: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(indicator_id__in=list(indicator_ids)).order_by(
        "indicator_id", "position", "pk"
    ):
        found[target.indicator_id].append(target)
    return found


@dataclass(frozen=True)
class Judged:
    """An indicator's value in a period against the target of the milestone judging it."""

    target: Target | None
    verdict: str
    colour: str

    @property
    def verdict_label(self) -> str:
        return ev.INDICATOR_VERDICT_LABELS[self.verdict]


def indicator_judge(
    *,
    indicator: Indicator,
    targets: list[Target],
    period: ReportingPeriod,
    value: SeriesValue | None,
    probability_met: float | None = None,
) -> Judged:
    """Verdict (`evaluation.indicator_verdict`) and colour (`colours.indicator_colour`) of
    a value in `period`. The milestone has passed when the period reaches the end of its
    last year (a report on 2025, or its fourth quarter, for a 2025 target):
    `milestone_passed`."""
    target = milestone_target(targets=targets, year=period.ends_on.year)
    verdict = value_verdict(
        indicator=indicator,
        target=target,
        value=value.value if value else None,
        met=value.met if value else None,
    )
    colour = colours.indicator_colour(
        verdict=verdict,
        milestone_passed=milestone_passed(target=target, period_end=period.ends_on),
        probability_met=probability_met,
    )
    return Judged(target=target, verdict=verdict, colour=colour)


def milestone_passed(*, target: Target | None, period_end: dt.date) -> bool:
    """Has a period ending `period_end` reached the end of the target's milestone (the
    last day of its last year)?"""
    last_year = (target.year_to or target.year_from) if target else None
    return last_year is not None and period_end >= dt.date(last_year, 12, 31)
