"""The indicators of a period: each with the province's value (`indicator_values`), the
target of the milestone judging the period's year and its verdict. A fixed number of
queries whatever the number of agencies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.catalogue import Catalogue, indicator_targets
from dxtrack.consolidation.indicator_values import (
    family_sources,
    milestone_target,
    plan_indicators,
    province_value,
    value_aggregates,
    value_verdict,
)
from dxtrack.consolidation.models import IndicatorFamilyMember
from dxtrack.plans.models import Indicator, Plan, Section, Target
from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod


@dataclass
class IndicatorRow:
    """An indicator of one plan, with the province's value and its verdict."""

    indicator: Indicator
    target: Target | None
    value: float | None
    met: bool | None
    value_text: str
    verdict: str
    reported: int  # agencies that gave a value (number or Đạt / Không đạt)
    expected: int  # agencies asked for one
    family_id: int | None = None
    from_indicator_id: int | None = None  # the family member whose values were used

    @property
    def verdict_label(self) -> str:
        return ev.INDICATOR_VERDICT_LABELS[self.verdict]

    @property
    def shared(self) -> bool:
        return self.from_indicator_id is not None and self.from_indicator_id != self.indicator.pk


def period_indicator_rows(
    *, period: ReportingPeriod, approved_only: bool = False
) -> list[IndicatorRow]:
    """The indicators of the period's plans with the province's value and verdict, as in
    `period_consolidation`; `approved_only` counts only the values of approved reports
    (what may be published). A fixed number of queries."""
    plans = list(period.plans.all())
    return indicator_rows(period=period, plans=plans, approved_only=approved_only)


def indicator_rows(
    *,
    period: ReportingPeriod,
    plans: Sequence[Plan],
    approved_only: bool = False,
    sections: Mapping[int, Section] | None = None,
    catalogue: Catalogue | None = None,
) -> list[IndicatorRow]:
    """The rows of `period_indicator_rows`, for plans already read (and their sections,
    id → section, when the caller has them; or their whole `catalogue`, its indicators and
    targets then not read again). Four queries, two with the catalogue."""
    plan_ids = [p.pk for p in plans]
    if catalogue is not None:
        indicators, targets_of = catalogue.indicators, catalogue.targets
    else:
        indicators = plan_indicators(plans=plans, sections=sections, join_sections=True)
        targets_of = indicator_targets(plan_ids=plan_ids)
    values = IndicatorValue.objects.filter(report__period=period)
    if approved_only:
        values = values.filter(report__status=AgencyReport.Status.APPROVED)
    stats: dict[int, Any] = {
        row["indicator_id"]: row
        for row in values.values("indicator_id").annotate(**value_aggregates(lead=Q(role="lead")))
    }
    # Only the indicators asked in the period: one whose targets all lie before the
    # period's year has no row and nothing to judge.
    indicators = [i for i in indicators if i.pk in stats]
    family_of = dict(
        IndicatorFamilyMember.objects.filter(
            confirmed=True, indicator__plan_id__in=plan_ids
        ).values_list("indicator_id", "family_id")
    )
    # Values exist only for the period's plans, so members in other plans have nothing to add.
    best_in_family = family_sources(
        indicators=indicators,
        family_of=family_of,
        reported={pk: row["reported"] for pk, row in stats.items()},
    )
    by_pk = {i.pk: i for i in indicators}

    year = period.ends_on.year
    rows = []
    for indicator in indicators:
        family = family_of.get(indicator.pk)
        source_pk = best_in_family.get(family, indicator.pk) if family else indicator.pk
        source = by_pk[source_pk]
        value, met, text = province_value(
            aggregation=source.aggregation, stats=stats.get(source_pk)
        )
        target = milestone_target(targets=targets_of.get(indicator.pk, []), year=year)
        own = stats.get(indicator.pk, {})
        rows.append(
            IndicatorRow(
                indicator=indicator,
                target=target,
                value=value,
                met=met,
                value_text=text,
                verdict=value_verdict(indicator=indicator, target=target, value=value, met=met),
                reported=stats.get(source_pk, {}).get("reported", 0),
                expected=own.get("expected", 0),
                family_id=family,
                from_indicator_id=source_pk,
            )
        )
    return rows
