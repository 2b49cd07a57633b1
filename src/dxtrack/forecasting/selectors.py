"""Reads for the pages, the API and the dashboard: indicator forecasts and warnings.

Forecasts are stored (`IndicatorForecast`) with a fingerprint of the values and targets they
were computed from. Reading one computes its inputs (a few grouped queries for any number of
indicators), compares fingerprints, and fits again only what changed, so a page waits for a
model only right after new values arrive and before `dxtrack forecast` has run.

Which values: each agency's value from its report once it is submitted, approved or not yet
(the latter marked provisional); never drafts or reports returned for revision. An indicator
that several plans repeat (a confirmed `IndicatorFamily`) has one history: in each period the
member with the most agencies reporting gives the value, as in the consolidation, so one
value serving several plans counts once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.models import User
from django.db.models import Avg, Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from dxtrack.accounts.access import (
    ALL,
    RULES,
    Action,
    Actor,
    agencies_filter,
    agency_id_of,
    role_of,
)
from dxtrack.consolidation.models import IndicatorFamilyMember
from dxtrack.forecasting import fitting
from dxtrack.forecasting.fitting import ForecastResult, Goal, MilestoneForecast, Point
from dxtrack.forecasting.models import IndicatorForecast, Warning
from dxtrack.forecasting.store import forecasts_store
from dxtrack.plans.models import Assignment, Indicator, Target
from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod
from dxtrack.vn_text import fold

if TYPE_CHECKING:
    from dxtrack.agencies.models import Agency

COUNTED_STATUSES = (AgencyReport.Status.APPROVED, AgencyReport.Status.SUBMITTED)


@dataclass(frozen=True)
class Forecast:
    """An indicator's forecast as pages and the API show it."""

    indicator_id: int
    result: ForecastResult
    unit: str = ""

    @property
    def method(self) -> str | None:
        return self.result.method

    @property
    def method_label(self) -> str:
        return self.result.method_label

    @property
    def method_note(self) -> str:
        return self.result.method_note

    @property
    def history(self) -> tuple[Point, ...]:
        return self.result.history

    @property
    def forecasts(self) -> tuple[MilestoneForecast, ...]:
        return self.result.forecasts

    @property
    def reason(self) -> str:
        return self.result.reason

    @property
    def percent(self) -> bool:
        return self.result.percent

    def for_milestone(self, milestone: str) -> MilestoneForecast | None:
        """The forecast at one milestone ("2030", "2026-2027"), None when not forecast."""
        return next((f for f in self.forecasts if f.milestone == milestone), None)

    @property
    def next(self) -> MilestoneForecast | None:
        """The nearest coming milestone's forecast."""
        return self.forecasts[0] if self.forecasts else None

    def as_api(self) -> dict[str, Any]:
        """The shape of GET /api/v1/indicators/{id}/forecast (spec insight.md)."""
        return {
            "indicator_id": self.indicator_id,
            "method": self.method,
            "method_label": self.method_label,
            "unit": self.unit,
            "history": [
                {"period_id": p.period_id, "end": p.end, "value": p.value} for p in self.history
            ],
            "forecasts": [
                {
                    "milestone": f.milestone,
                    "date": f.date,
                    "value": f.value,
                    "low": f.low,
                    "high": f.high,
                    "probability_met": f.probability_met,
                    "target": f.target_text,
                }
                for f in self.forecasts
            ],
            "reason": self.reason,
        }


# ----------------------------------------------------------------------- inputs


@dataclass
class ForecastInputs:
    history: list[Point] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    percent: bool = False
    unit: str = ""
    problem: str = ""  # why the values cannot be forecast, whatever their number

    @property
    def fingerprint(self) -> str:
        base = fitting.inputs_fingerprint(
            history=self.history, goals=self.goals, percent=self.percent
        )
        if not self.problem:
            return base
        return hashlib.sha256(f"{base}:{self.problem}".encode()).hexdigest()


def _is_percent(unit: str) -> bool:
    return (unit or "").strip().startswith("%")


def _unit_key(unit: str) -> str:
    return " ".join(fold(unit or "").split())


def forecast_inputs(*, indicator_ids: list[int]) -> dict[int, ForecastInputs]:
    """The history and goals of each indicator, in four queries whatever their number."""
    ids = list(dict.fromkeys(indicator_ids))
    # The confirmed families of these indicators, with every confirmed member.
    members = list(
        IndicatorFamilyMember.objects.filter(
            confirmed=True,
            family__members__indicator_id__in=ids,
            family__members__confirmed=True,
        )
        .values_list("family_id", "indicator_id")
        .distinct()
    )
    family_of = {}
    members_of: dict[int, list[int]] = defaultdict(list)
    for family_id, indicator_id in members:
        family_of[indicator_id] = family_id
        if indicator_id not in members_of[family_id]:
            members_of[family_id].append(indicator_id)
    sources = {i: members_of[family_of[i]] if i in family_of else [i] for i in ids}
    all_ids = {s for group in sources.values() for s in group}

    indicators = {
        row["pk"]: row
        for row in Indicator.objects.filter(pk__in=all_ids).values(
            "pk", "unit", "aggregation", "plan__issued_on"
        )
    }
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(indicator_id__in=ids).order_by(
        "indicator_id", "position", "pk"
    ):
        targets[target.indicator_id].append(target)

    numeric = Q(value_number__isnull=False)
    stats: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in (
        IndicatorValue.objects.filter(indicator_id__in=all_ids, report__status__in=COUNTED_STATUSES)
        .filter(numeric | Q(value_met__isnull=False))
        .values("indicator_id", "report__period_id", "report__period__ends_on")
        .annotate(
            numbers=Count("pk", filter=numeric),
            answers=Count("pk"),
            total=Sum("value_number"),
            average=Avg("value_number"),
            lead=Avg("value_number", filter=Q(role="lead")),
            pending=Count("pk", filter=numeric & Q(report__status=AgencyReport.Status.SUBMITTED)),
        )
        .order_by()
    ):
        stats[row["indicator_id"]].append(row)

    result = {}
    for indicator_id in ids:
        own = indicators.get(indicator_id)
        if own is None:
            continue
        goals = _goals(targets.get(indicator_id, []))
        percent = _is_percent(own["unit"]) or any(
            _is_percent(t.unit) for t in targets.get(indicator_id, [])
        )
        inputs = ForecastInputs(goals=goals, percent=percent, unit=own["unit"])
        _history_fill(inputs, sources[indicator_id], indicators, stats)
        result[indicator_id] = inputs
    return result


def _goals(targets: list[Target]) -> list[Goal]:
    goals = []
    for target in targets:
        day = fitting.milestone_date(year_from=target.year_from, year_to=target.year_to)
        if day is None:
            continue
        goals.append(
            Goal(
                milestone=target.milestone,
                date=day,
                comparator=target.comparator or None,
                target=target.value,
                text=target.text,
            )
        )
    return goals


def _province_value(aggregation: str, row: dict) -> float | None:
    # The rule of consolidation.indicator_values.province_value, on numbers only.
    if aggregation == Indicator.Aggregation.SUM:
        return row["total"]
    if aggregation == Indicator.Aggregation.AVERAGE:
        return row["average"]
    return row["lead"]


def _history_fill(
    inputs: ForecastInputs,
    source_ids: list[int],
    indicators: Mapping[int, Mapping[str, Any]],
    stats: dict[int, list[Mapping[str, Any]]],
) -> None:
    # Per period, the member with the most agencies giving a number; ties to the newest plan.
    order = sorted(source_ids, key=lambda i: (indicators[i]["plan__issued_on"] or dt.date.min, i))
    best: dict[int, tuple[int, int, dict]] = {}
    answers_only = 0
    for rank, indicator_id in enumerate(order):
        for row in stats.get(indicator_id, []):
            if not row["numbers"]:
                answers_only += 1
                continue
            period_id = row["report__period_id"]
            key = (row["numbers"], rank)
            if period_id not in best or key >= best[period_id][:2]:
                best[period_id] = (*key, {**row, "source": indicator_id})
    units = {
        _unit_key(indicators[row["source"]]["unit"]): indicators[row["source"]]["unit"]
        for _, _, row in best.values()
    }
    if len(units) > 1:
        written = ", ".join(f"“{u or 'không ghi'}”" for u in sorted(units.values()))
        inputs.problem = (
            f"Số liệu không so sánh được: các kế hoạch dùng đơn vị tính khác nhau ({written})"
        )
        return
    # Two periods ending the same day (a year and its last quarter) give one point: the
    # one more agencies reported in.
    by_end: dict[dt.date, tuple[int, int, Point]] = {}
    for period_id, (numbers, _, row) in best.items():
        value = _province_value(indicators[row["source"]]["aggregation"], row)
        if value is None:
            continue
        end = row["report__period__ends_on"]
        point = Point(
            period_id=period_id, end=end, value=float(value), provisional=bool(row["pending"])
        )
        key = (numbers, period_id)
        if end not in by_end or key > by_end[end][:2]:
            by_end[end] = (*key, point)
    inputs.history = sorted((p for _, _, p in by_end.values()), key=lambda p: p.end)
    if not inputs.history and answers_only:
        inputs.problem = (
            "Chỉ tiêu được báo cáo bằng “Đạt” / “Không đạt”, không có số liệu để dự báo"
        )


# ----------------------------------------------------------------------- forecasts


def forecast_compute(inputs: ForecastInputs) -> ForecastResult:
    if inputs.problem:
        return fitting.no_forecast(
            reason=inputs.problem, history=inputs.history, percent=inputs.percent
        )
    return fitting.forecast_indicator(
        history=inputs.history, goals=inputs.goals, percent=inputs.percent
    )


def indicator_forecasts(*, indicator_ids: list[int]) -> dict[int, Forecast]:
    """The forecast of each indicator (ids that do not exist are left out). A fixed number
    of queries; indicators whose values or targets changed since their forecast was stored
    are fitted now and stored."""
    inputs = forecast_inputs(indicator_ids=indicator_ids)
    stored = {
        row.indicator_id: row
        for row in IndicatorForecast.objects.filter(indicator_id__in=list(inputs))
    }
    results: dict[int, ForecastResult] = {}
    stale: dict[int, tuple[str, ForecastResult]] = {}
    for indicator_id, item in inputs.items():
        fingerprint = item.fingerprint
        row = stored.get(indicator_id)
        if row is not None and row.fingerprint == fingerprint:
            results[indicator_id] = ForecastResult.from_dict(row.result)
            continue
        result = forecast_compute(item)
        results[indicator_id] = result
        stale[indicator_id] = (fingerprint, result)
    if stale:
        forecasts_store(results=stale)
    return {
        indicator_id: Forecast(
            indicator_id=indicator_id, result=results[indicator_id], unit=inputs[indicator_id].unit
        )
        for indicator_id in inputs
    }


def indicator_forecast(*, indicator_id: int) -> Forecast:
    """One indicator's forecast. Raises Indicator.DoesNotExist."""
    found = indicator_forecasts(indicator_ids=[indicator_id])
    if indicator_id not in found:
        raise Indicator.DoesNotExist
    return found[indicator_id]


def forecast_readable(*, user: Actor, indicator_id: int) -> bool:
    """May `user` read this indicator's forecast? Leaders and the coordinator read every
    one; a reporter those of the indicators its agency is assigned (itself or through a
    group it belongs to)."""
    role = role_of(user)
    scope = RULES[Action.FORECAST_READ].get(role) if role else None
    if scope == ALL:
        return True
    agency_id = agency_id_of(user)
    if scope is None or agency_id is None or not isinstance(user, User):
        return False
    assignments = Assignment.objects.filter(indicator_id=indicator_id).select_related("group")
    for assignment in assignments:
        if assignment.agency_id == agency_id:
            return True
        group = assignment.group
        if group is not None and (
            group.members.filter(pk=agency_id).exists()
            # agency_id_of found the profile's agency.
            or cast("Agency", user.profile.agency).kind in (group.member_kinds or [])
        ):
            return True
    return False


# ----------------------------------------------------------------------- warnings

_SEVERITY_ORDER = Case(
    When(severity=Warning.Severity.HIGH, then=Value(0)),
    When(severity=Warning.Severity.MEDIUM, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def warnings_visible(
    *,
    user: Actor,
    period: ReportingPeriod | int | None = None,
    agency_id: int | None = None,
    include_resolved: bool = False,
) -> QuerySet[Warning]:
    """The warnings `user` may read: every one for leaders and the coordinator, its own
    agency's for a reporter; of one period (or every period), of one agency if given; the
    ones still standing unless `include_resolved`. Most severe first."""
    warnings = Warning.objects.filter(agencies_filter(user, Action.WARNING_READ))
    if period is not None:
        warnings = warnings.filter(period_id=getattr(period, "pk", period))
    if agency_id is not None:
        warnings = warnings.filter(agency_id=agency_id)
    if not include_resolved:
        warnings = warnings.filter(resolved_at__isnull=True)
    return (
        warnings.select_related("agency", "period", "acknowledged_by")
        .annotate(severity_rank=_SEVERITY_ORDER)
        .order_by("severity_rank", "kind", "-period__ends_on", "title", "pk")
    )


def warning_counts(*, user: Actor, period: ReportingPeriod | int | None = None) -> dict[str, int]:
    """Standing warnings by severity, and how many wait for someone to handle them."""
    rows = (
        warnings_visible(user=user, period=period)
        .values("severity")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(acknowledged_at__isnull=True)))
    )
    counts = {s: 0 for s in Warning.Severity.values} | {"unhandled": 0}
    for row in rows.order_by():
        counts[row["severity"]] = row["n"]
        counts["unhandled"] += row["open"]
    return counts
