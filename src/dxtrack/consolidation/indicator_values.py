"""How the province's value of an indicator is made from the agencies' values, for one
period (`indicator_rollup`) and for many (`series`): the aggregates the values are grouped
into, the rule that picks the value from them, the family member whose value a linked
indicator shares, and the verdict against the target of the milestone judging the year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Avg, Case, Count, IntegerField, Max, Min, Q, Sum, Value, When

from dxtrack.consolidation import evaluation as ev
from dxtrack.plans.models import Indicator, Plan, Section, Target

# An agency gave a value: a number, or Đạt / Không đạt.
REPORTED = Q(value_number__isnull=False) | Q(value_met__isnull=False)


def plan_indicators(
    *,
    plans: Sequence[Plan],
    sections: Mapping[int, Section] | None = None,
    join_sections: bool = False,
) -> list[Indicator]:
    """The indicators of `plans` in plan order (issued, then id; position in the plan),
    each holding its plan from `plans` and, when `sections` (id → every section of the
    plans) is given, its section from it; `join_sections` reads the sections with the
    rows instead. One query.

    Thousands of rows each joined to their plan and section would make as many copies of
    the same few objects: they cost more to build than the query, and as much again to
    cache (pickle)."""
    by_pk = {p.pk: p for p in plans}
    rows = Indicator.objects.filter(plan_id__in=list(by_pk)).order_by(
        "plan__issued_on", "plan_id", "position", "pk"
    )
    if join_sections and sections is None:
        rows = rows.select_related("section")
    indicators = list(rows)
    remember_plan = Indicator.plan.field.set_cached_value
    remember_section = Indicator.section.field.set_cached_value
    for indicator in indicators:
        remember_plan(indicator, by_pk[indicator.plan_id])
        if sections is not None:
            section_id = indicator.section_id
            remember_section(indicator, sections[section_id] if section_id else None)
    return indicators


def value_aggregates(*, lead: Q) -> dict[str, Any]:
    """The aggregates of an indicator's values that `province_value` reads; `lead` picks
    the rows whose value is the province's under the lead rule."""
    met_as_number = Case(
        When(value_met=True, then=Value(1)),
        When(value_met=False, then=Value(0)),
        output_field=IntegerField(),
    )
    return {
        "expected": Count("pk"),
        "reported": Count("pk", filter=REPORTED),
        "total": Sum("value_number"),
        "average": Avg("value_number"),
        "lead_number": Avg("value_number", filter=lead),
        "lead_met_max": Max(met_as_number, filter=lead),
        "lead_met_min": Min(met_as_number, filter=lead),
        "lead_text": Max("value_text", filter=lead & REPORTED),
    }


def province_value(
    *, aggregation: str, stats: Mapping[str, Any] | None
) -> tuple[float | None, bool | None, str]:
    """The province's value from the grouped row of one indicator, by its aggregation rule:
    lead: the lead agency's value (several lead agencies: their average); sum / average:
    over every agency that reported a number."""
    if not stats:
        return None, None, ""
    if aggregation == Indicator.Aggregation.SUM:
        return stats["total"], None, ""
    if aggregation == Indicator.Aggregation.AVERAGE:
        average = stats["average"]
        return (round(average, 2) if average is not None else None), None, ""
    met = None
    if stats["lead_met_max"] is not None:
        # Several lead agencies: achieved only when every one says so.
        met = bool(stats["lead_met_min"])
    return stats["lead_number"], met, stats["lead_text"] or ""


def family_sources(
    *,
    indicators: Iterable[Indicator],
    family_of: Mapping[int, int],
    reported: Mapping[int, int],
) -> dict[int, int]:
    """family id → the member whose value the family shares: the one most agencies
    reported (`reported`: indicator id → that count), the later in `indicators` (plan
    order: the newer plan) on a tie."""
    best: dict[int, int] = {}
    for indicator in indicators:
        family = family_of.get(indicator.pk)
        if family is None:
            continue
        holder = best.get(family)
        if holder is None or reported.get(indicator.pk, 0) >= reported.get(holder, 0):
            best[family] = indicator.pk
    return best


def milestone_target(*, targets: list[Target], year: int) -> Target | None:
    """The target of the milestone judging `year` (`evaluation.milestone_for_year`)."""
    index = ev.milestone_for_year([(t.year_from, t.year_to) for t in targets], year=year)
    return targets[index] if index is not None else None


def value_verdict(
    *, indicator: Indicator, target: Target | None, value: float | None, met: bool | None
) -> str:
    """`evaluation.indicator_verdict` of a value against `target`."""
    return ev.indicator_verdict(
        comparator=(target.comparator or None) if target else None,
        target=target.value if target else None,
        value=value,
        met=met,
        percent=indicator_is_percent(indicator=indicator, target=target),
    )


def indicator_is_percent(*, indicator: Indicator, target: Target | None) -> bool:
    units = [indicator.unit, target.unit if target else ""]
    return any((unit or "").strip().startswith("%") for unit in units)
