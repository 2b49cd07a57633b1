"""Rows whose cell boundaries were lost (a text extraction that put every cell on its own
line): which lines go to which column, judged by what each column should hold."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from dxtrack.ingest import columns as col
from dxtrack.plans.targets import parse_target
from dxtrack.plans.timeframes import parse_timeframe

_AGENCY_ROLES = (col.LEAD, col.COORDINATING, col.IMPLEMENTERS)


def loose_cells_fit(
    lines: list[str], layout: col.Layout, resolves: Callable[[str], bool]
) -> list[str]:
    """Assign the lines of a loose row to columns, preferring assignments where
    agency columns hold agency names and timeframe columns hold timeframes."""
    width = len(layout.columns)
    if len(lines) == width or len(lines) <= 2:
        return list(lines) + [""] * (width - len(lines))
    roles = [c.role for c in layout.columns]
    body = lines[1:]
    best: tuple[float, list[str]] = (float("-inf"), list(lines))
    # Choose where each of the columns after the number starts (columns may be empty).
    for cuts in itertools.combinations_with_replacement(range(len(body) + 1), width - 2):
        bounds = [0, *cuts, len(body)]
        groups = [body[bounds[i] : bounds[i + 1]] for i in range(width - 1)]
        score = sum(_fitness(roles[i + 1], group, resolves) for i, group in enumerate(groups))
        if score > best[0]:
            best = (score, [lines[0]] + ["\n".join(g) for g in groups])
    return best[1]


def _fitness(role: str | None, group: list[str], resolves: Callable[[str], bool]) -> float:
    if not group:
        return -1.0 if role in (col.NAME, col.LEAD, col.TIMEFRAME) else -0.5
    text = " ".join(group)
    if role == col.NAME:
        return 1.0 - 0.2 * (len(group) - 1)
    if role in _AGENCY_ROLES:
        return 2.0 if resolves("\n".join(group)) else -2.0 * len(group)
    if role == col.TIMEFRAME:
        parsed = parse_timeframe(text)
        ok = parsed is not None and (parsed.start or parsed.end or parsed.recurrence)
        return 3.0 if ok and len(group) == 1 else -3.0
    if role == col.TARGET:
        target = parse_target(text)
        return 2.0 if target is not None and target.comparator else -1.0
    return -0.5 * len(group)
