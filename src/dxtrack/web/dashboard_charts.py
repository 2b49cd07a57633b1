"""The data of the dashboard's charts, as the page's JSON blocks carry it to dashboard.js.

Each chart is described by plain data (categories, series, a link per bar), never by code:
the script draws it with ECharts, and the table beside it shows the same numbers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from dxtrack.consolidation import colours
from dxtrack.dashboard.drilldown import IndicatorDetail
from dxtrack.dashboard.selectors import (
    INDICATOR_COLOUR_LABELS,
    REPORT_COLOUR_LABELS,
    TASK_COLOUR_LABELS,
    Dashboard,
    Scope,
)


def link(name: str, scope: Scope | None = None, *args: Any, **params: Any) -> str:
    """A dashboard URL carrying the scope's filters and `params`."""
    return _with_query(reverse(name, args=args), scope, **params)


def _with_query(path: str, scope: Scope | None, **params: Any) -> str:
    query = scope.query(**params) if scope else {k: v for k, v in params.items() if v}
    return f"{path}?{urlencode(query)}" if query else path


def _agency_task_links(path: str, scope: Scope, agency_ids: list[int]) -> list[Any]:
    """For each agency, its bars' links to the task list (`_with_query(path, scope,
    colour=…, agency=…)`): a province has thousands of them, so without an agency in the
    scope the scope's part of the query is encoded once, not once per link."""
    if scope.agency is not None:  # the agency replaces the scope's own, in its place
        return [
            (lambda c, pk=pk: _with_query(path, scope, colour=c, agency=pk)) for pk in agency_ids
        ]
    start = f"{path}?{urlencode(scope.query())}&"
    colour_of = {c: urlencode({"colour": c}) for c in colours.COLOURS}
    return [(lambda c, pk=pk: f"{start}{colour_of[c]}&agency={pk:d}") for pk in agency_ids]


def _stacked(
    *, title: str, categories: list[str], counts: list[dict[str, int]], urls: list[Any],
    labels: dict[str, str], horizontal: bool,
) -> dict[str, Any]:  # fmt: skip
    return {
        "kind": "stacked",
        "title": title,
        "horizontal": horizontal,
        "categories": categories,
        "series": [
            {
                "colour": colour,
                "name": labels[colour],
                "data": [
                    {"value": row[colour], "url": url(colour)}
                    for row, url in zip(counts, urls, strict=True)
                ],
            }
            for colour in colours.COLOURS
        ],
    }


def dashboard_charts(
    data: Dashboard, *, indicators_shown: int | None = None
) -> dict[str, dict[str, Any]]:
    """The four charts of the dashboard; the indicators' chart of the first
    `indicators_shown` indicators (all by default), as the table beside it."""
    scope = data.scope
    # Hundreds of links to the task list (a colour of each bar): its path is resolved once.
    tasks_path = reverse("dashboard-tasks")
    areas = _stacked(
        title="Nhiệm vụ theo lĩnh vực",
        categories=[f"{a.plan.number or a.plan.title[:30]} · {a.title}"[:90] for a in data.areas],
        counts=[a.by_colour for a in data.areas],
        urls=[
            (
                lambda c, a=a: _with_query(
                    tasks_path,
                    scope,
                    colour=c,
                    plan=a.plan.pk,
                    section=a.section.pk if a.section else "none",
                )
            )
            for a in data.areas
        ],
        labels=TASK_COLOUR_LABELS,
        horizontal=True,
    )
    agencies = _stacked(
        title="Nhiệm vụ theo đơn vị (xếp hạng)",
        categories=[f"{a.rank}. {a.name}" for a in data.agencies],
        counts=[a.by_colour for a in data.agencies],
        urls=_agency_task_links(tasks_path, scope, [a.agency_id for a in data.agencies]),
        labels=TASK_COLOUR_LABELS,
        horizontal=True,
    )
    shown = data.indicators[:indicators_shown] if indicators_shown else data.indicators
    measured = [line for line in shown if line.achievement is not None]
    indicators = {
        "kind": "achievement",
        "title": "Chỉ tiêu so với mục tiêu (% mục tiêu của mốc)",
        "categories": [
            f"{line.indicator.plan.number or ''} {line.indicator.number}. {line.indicator.name}"[
                :90
            ]
            for line in measured
        ],
        "data": [
            {
                "value": min(line.achievement or 0, 200),  # measured: never None
                "colour": line.colour,
                "url": link("dashboard-indicator", scope, line.indicator.pk),
            }
            for line in measured
        ],
        "labels": INDICATOR_COLOUR_LABELS,
    }
    timeliness = _stacked(
        title="Gửi báo cáo qua các kỳ",
        categories=[point.period.name for point in data.timeliness],
        counts=[point.by_colour for point in data.timeliness],
        urls=[
            (lambda c, p=point: link("dashboard-agencies", scope, colour=c, period=p.period.pk))
            for point in data.timeliness
        ],
        labels=REPORT_COLOUR_LABELS,
        horizontal=False,
    )
    return {
        "areas": areas,
        "agencies": agencies,
        "indicators": indicators,
        "timeliness": timeliness,
    }


def indicator_chart(detail: IndicatorDetail) -> dict[str, Any]:
    """The history of one indicator, with the target of each period's milestone."""
    return {
        "kind": "history",
        "title": "Giá trị qua các kỳ",
        "unit": detail.indicator.unit,
        "categories": [point.period.name for point in detail.points],
        "values": [
            {
                "value": point.value.value if point.value else None,
                "colour": point.judged.colour,
            }
            for point in detail.points
        ],
        "targets": [
            point.judged.target.value
            if point.judged.target is not None and point.judged.target.value is not None
            else None
            for point in detail.points
        ],
    }


def stacked_cells(chart: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The cells of a stacked chart's table: one row per category, one cell per colour."""
    series = chart["series"]
    return [[s["data"][i] for s in series] for i in range(len(chart["categories"]))]
