"""The geometry of a forecast chart, drawn as SVG by `forecasting/_forecast_chart.html`.

No Django imports. History as a line with dots, the forecast as a dashed line from the last
value to each milestone, the 80% interval as a band around it, each target as a marker, on
axes in years. Rendered on the server: no script, nothing to download, and the same data is
printed beside it as a table (the chart's text alternative).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from dxtrack.forecasting.fitting import ForecastResult
from dxtrack.plans.vn_numbers import format_vn_number

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass
class ChartGeometry:
    width: int = WIDTH
    height: int = HEIGHT
    history_line: str = ""
    history_dots: list[Dot] = field(default_factory=list)
    forecast_line: str = ""
    forecast_dots: list[Dot] = field(default_factory=list)
    band: str = ""
    targets: list[Dot] = field(default_factory=list)
    y_ticks: list[Dot] = field(default_factory=list)
    x_ticks: list[Dot] = field(default_factory=list)
    plot_left: float = LEFT
    plot_right: float = WIDTH - RIGHT
    plot_top: float = TOP
    plot_bottom: float = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not self.history_dots


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def _label(value: float, percent: bool) -> str:
    text = format_vn_number(round(value, 2), None if abs(value) < 1000 else 0)
    return f"{text}%" if percent else text


def chart_geometry(result: ForecastResult) -> ChartGeometry:
    """Coordinates of everything the chart draws, in the SVG's own units."""
    chart = ChartGeometry()
    if not result.history:
        return chart
    percent = result.percent
    dates = [p.end for p in result.history] + [f.date for f in result.forecasts]
    values = [p.value for p in result.history]
    for item in result.forecasts:
        values += [item.value, item.low, item.high]
        if item.target is not None and item.comparator != "done":
            values.append(item.target)
    low, high = min(values), max(values)
    if percent:
        low, high = max(0.0, low), min(100.0, high)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    if percent:
        low, high = max(0.0, low), min(100.0, high) if high > low else high

    # Values are at period ends: a little room on either side, and each year's tick at its
    # last day, where a yearly report's value stands.
    margin = dt.timedelta(days=max(30, (max(dates) - min(dates)).days // 30))
    start, end = min(dates) - margin, max(dates) + margin
    span_days = max((end - start).days, 1)
    width = chart.plot_right - chart.plot_left
    height = chart.plot_bottom - chart.plot_top

    def x(day: dt.date) -> float:
        return round(chart.plot_left + width * (day - start).days / span_days, 1)

    def y(value: float) -> float:
        return round(chart.plot_bottom - height * (value - low) / (high - low), 1)

    chart.history_dots = [
        Dot(x(p.end), y(p.value), f"{p.end:%d/%m/%Y}: {_label(p.value, percent)}")
        for p in result.history
    ]
    chart.history_line = " ".join(f"{d.x},{d.y}" for d in chart.history_dots)
    if result.forecasts:
        last = chart.history_dots[-1]
        chart.forecast_dots = [
            Dot(x(f.date), y(f.value), f"{f.milestone}: {_label(f.value, percent)}")
            for f in result.forecasts
        ]
        chart.forecast_line = " ".join(f"{d.x},{d.y}" for d in [last, *chart.forecast_dots])
        upper = [f"{last.x},{last.y}"] + [f"{x(f.date)},{y(f.high)}" for f in result.forecasts]
        lower = [f"{x(f.date)},{y(f.low)}" for f in reversed(result.forecasts)]
        chart.band = " ".join(upper + lower)
        chart.targets = [
            Dot(x(f.date), y(f.target), f"Mục tiêu {f.milestone}: {f.target_text}")
            for f in result.forecasts
            if f.target is not None and f.comparator != "done" and low <= f.target <= high
        ]
    tick = low
    while tick <= high + step / 2:
        chart.y_ticks.append(Dot(chart.plot_left, y(tick), _label(tick, percent)))
        tick += step
    years = [y for y in range(start.year, end.year + 1) if start <= dt.date(y, 12, 31) <= end]
    every = max(1, math.ceil(len(years) / 8))
    chart.x_ticks = [
        Dot(x(dt.date(year, 12, 31)), chart.plot_bottom, str(year))
        for year in years
        if (years[-1] - year) % every == 0
    ]
    return chart
