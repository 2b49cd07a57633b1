"""The geometry of the public pages' small charts, drawn as SVG by the templates.

No Django imports and no JavaScript: a sparkline, a bar chart of an indicator's history with
its target, and a stacked bar of task progress are a few coordinates each, computed here and
written by the server, so a phone on a slow connection gets them with the page. Each chart on
a page has its data beside it as a table (its text alternative).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dxtrack.plans.vn_numbers import format_vn_number


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: list[Point]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def last(self) -> Point:
        return self.points[-1]


def sparkline(
    values: list[float | None], *, width: int = 120, height: int = 32
) -> Sparkline | None:
    """The trend of the known values, oldest first; None with fewer than two values."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    pad = 4
    low, high = min(known), max(known)
    span = high - low
    step = (width - 2 * pad) / (len(known) - 1)

    def y(value: float) -> float:
        if span == 0:
            return height / 2
        return height - pad - (value - low) / span * (height - 2 * pad)

    return Sparkline(
        width, height, [Point(pad + i * step, y(value)) for i, value in enumerate(known)]
    )


def trend_words(values: list[float | None]) -> str:
    """The sparkline in words, for its title: "tăng từ 45 lên 62,5"."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    first, last = known[0], known[-1]
    verb = "tăng" if last > first else ("giảm" if last < first else "không đổi")
    if verb == "không đổi":
        return f"không đổi, {format_vn_number(round(last, 2))}"
    to = "lên" if verb == "tăng" else "xuống"
    return f"{verb} từ {format_vn_number(round(first, 2))} {to} {format_vn_number(round(last, 2))}"


# ----------------------------------------------------------------------- history bars


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # under the bar
    value: str  # above the bar
    key: str = ""  # the bar's class (its status colour)

    @property
    def cx(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bottom: float  # y of the axis
    bars: list[Bar]
    ticks: list[Tick]
    target_y: float | None
    target_label: str


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power + 1e-9:
            return step * power
    return 10 * power


def bar_chart(
    points: list[tuple[str, float | None, str]],
    *,
    target: float | None = None,
    target_label: str = "",
    width: int = 360,
    height: int = 220,
) -> BarChart | None:
    """Bars of an indicator's values per period (label, value, key of the bar's colour), with
    the target as a line. None when no value is a number (answers "Đạt" / "Không đạt")."""
    numbers = [v for _, v, _ in points if v is not None]
    if not numbers:
        return None
    left, right, top, bottom_margin = 44, 8, 22, 30
    bottom = height - bottom_margin
    top_value = _nice_ceiling(max([*numbers, target or 0]) * 1.02)
    low = min(0.0, min(numbers))
    scale = (bottom - top) / (top_value - low)

    def y(value: float) -> float:
        return bottom - (value - low) * scale

    slot = (width - left - right) / len(points)
    bar_width = min(48.0, slot * 0.6)
    bars = []
    for index, (label, value, key) in enumerate(points):
        x = left + index * slot + (slot - bar_width) / 2
        if value is None:
            bars.append(Bar(x, bottom, bar_width, 0, label, "—", key))
            continue
        top_y = y(max(value, 0))
        bars.append(
            Bar(
                x,
                top_y,
                bar_width,
                abs(y(value) - y(0)) if low < 0 else bottom - top_y,
                label,
                format_vn_number(round(value, 2)),
                key,
            )
        )
    levels = [low + (top_value - low) * i / 4 for i in range(5)]
    ticks = [Tick(y(level), format_vn_number(round(level, 2))) for level in levels]
    return BarChart(
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        bars=bars,
        ticks=ticks,
        target_y=y(target) if target is not None else None,
        target_label=target_label,
    )


# ----------------------------------------------------------------------- stacked bar


@dataclass(frozen=True)
class Segment:
    key: str
    x: float
    width: float


def stacked_bar(counts: list[tuple[str, int]], *, width: float = 100.0) -> list[Segment]:
    """Segments of a bar `width` long, one per (key, count), in order; empty ones left out."""
    total = sum(n for _, n in counts)
    segments, x = [], 0.0
    for key, n in counts:
        if not n or not total:
            continue
        share = width * n / total
        segments.append(Segment(key, x, share))
        x += share
    return segments
