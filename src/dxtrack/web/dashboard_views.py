"""Bảng điều khiển: the leaders' dashboard and its drill-down pages.

Each view reads its filters from the URL (so a link can be sent), resolves them with
`dashboard_scope` (which checks access: a reporter sees its own agency), calls one selector
and renders. The numbers come from `dashboard.selectors.dashboard_data`, as the API's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from dxtrack.accounts.access import Action, own_agency_only, require
from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.selectors import score_weights_current
from dxtrack.dashboard.cache import DashboardCache, dashboard_cache
from dxtrack.dashboard.drilldown import indicator_detail, task_detail
from dxtrack.dashboard.selectors import (
    INDICATOR_COLOUR_LABELS,
    REPORT_COLOUR_LABELS,
    TASK_COLOUR_LABELS,
    TASK_STATUS_LABELS,
    Count,
    Scope,
    dashboard_periods,
    dashboard_scope,
    period_agencies,
)
from dxtrack.dashboard.tasks import section_roots, task_lines
from dxtrack.forecasting.models import Warning
from dxtrack.forecasting.selectors import forecast_readable, indicator_forecast, warnings_visible
from dxtrack.web.dashboard_charts import dashboard_charts, indicator_chart, link, stacked_cells

TASKS_PER_PAGE = 100
# Rows of the agencies' table on the dashboard; the agencies' page has them all.
AGENCY_ROWS_SHOWN = 20
# Indicators in the dashboard's chart and table (a province of several plans has
# thousands); the indicators' page lists them all, LIST_ROWS_PER_PAGE a page, as the
# agencies' page does.
INDICATOR_ROWS_SHOWN = 30
LIST_ROWS_PER_PAGE = 100


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404(f"Tham số “{name}” không hợp lệ.") from None


def _choice(request: HttpRequest, name: str, choices: Any) -> str | None:
    raw = request.GET.get(name, "")
    if not raw:
        return None
    if raw not in choices:
        raise Http404(f"Tham số “{name}” không hợp lệ.")
    return raw


def _scope(request: HttpRequest) -> Scope:
    return dashboard_scope(
        user=request.user,
        period_id=_int(request, "period"),
        plan_id=_int(request, "plan"),
        agency_id=_int(request, "agency"),
    )


def _common(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    """What every dashboard page shows: the filters and the "Cách tính" note."""
    return {
        "scope": scope,
        "periods": dashboard_periods(),
        "own_agency_only": own_agency_only(request.user, Action.DASHBOARD_READ),
        "colour_method": colours.COLOUR_METHOD,
        "score_method": ev.score_method(score_weights_current()),
        "colour_labels": colours.COLOUR_LABELS,
        "dashboard_url": link("dashboard", scope),
        "agencies": []
        if own_agency_only(request.user, Action.DASHBOARD_READ)
        else period_agencies(period=scope.period),
    }


@dataclass(frozen=True)
class Tile:
    """A headline number that links to the list behind it."""

    key: str
    label: str
    count: Count
    url: str


def _tiles(scope: Scope, name: str, labels: dict[str, str], counts: dict[str, Count]) -> list:
    return [
        Tile(key=c, label=labels[c], count=counts[c], url=link(name, scope, colour=c))
        for c in colours.COLOURS
    ]


def _body(request: HttpRequest, cached: DashboardCache) -> str:
    """The dashboard's content (filters, tiles, charts, their tables, the method) rendered
    once per cache key: it depends on the scope's numbers, the day and whether the user
    may choose the agency, never on anything else of the user's."""
    scope, data = cached.scope, cached.data()
    tiles = {
        "tasks": _tiles(scope, "dashboard-tasks", TASK_COLOUR_LABELS, data.tasks_by_colour),
        "statuses": [
            Tile(
                key=status or "none",
                label=label,
                count=data.tasks_by_status[status],
                url=link("dashboard-tasks", scope, status=status or "none"),
            )
            for status, label in TASK_STATUS_LABELS.items()
        ],
        "indicators": _tiles(
            scope, "dashboard-indicators", INDICATOR_COLOUR_LABELS, data.indicators_by_colour
        ),
        "reports": _tiles(
            scope, "dashboard-agencies", REPORT_COLOUR_LABELS, data.reports_by_colour
        ),
    }
    charts = dashboard_charts(data, indicators_shown=INDICATOR_ROWS_SHOWN)
    context = {
        **_common(request, scope),
        "data": data,
        "tiles": tiles,
        "charts": charts,
        "area_rows": list(zip(data.areas, stacked_cells(charts["areas"]), strict=True)),
        # The chart shows every agency; its table here the first ones, the agencies' page
        # all of them: a page light enough to print and to load on a slow connection.
        "agency_rows": list(zip(data.agencies, stacked_cells(charts["agencies"]), strict=True))[
            :AGENCY_ROWS_SHOWN
        ],
        "agencies_more": len(data.agencies) > AGENCY_ROWS_SHOWN,
        "agencies_url": link("dashboard-agencies", scope),
        "timeliness_rows": list(
            zip(data.timeliness, stacked_cells(charts["timeliness"]), strict=True)
        ),
        "indicator_lines": data.indicators[:INDICATOR_ROWS_SHOWN],
        "indicators_more": len(data.indicators) > INDICATOR_ROWS_SHOWN,
        "indicators_url": link("dashboard-indicators", scope),
    }
    return render_to_string("dashboard/_body.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    cached = dashboard_cache(scope=scope)
    # A reporter's page shows its agency where a leader's has the agency filter.
    own = own_agency_only(request.user, Action.DASHBOARD_READ)
    body = cached.get(f"page-{'own' if own else 'all'}", lambda: _body(request, cached))
    return render(
        request,
        "dashboard/dashboard.html",
        {"scope": scope, "body": mark_safe(body)},  # noqa: S308 - rendered by our templates
    )


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    colour = _choice(request, "colour", colours.COLOURS)
    # "none": not yet reported (the empty status cannot travel in a URL unnoticed).
    status = _choice(request, "status", [s for s in TASK_STATUS_LABELS if s] + ["none"])
    reported = None if status is None else ("" if status == "none" else status)
    verdict = _choice(request, "verdict", ev.TASK_VERDICTS)
    section_ids: list[int | None] | None = None
    section = request.GET.get("section", "")
    heading = None
    if section:
        roots, tops = section_roots(plan_ids=scope.plan_ids)
        if section == "none":
            section_ids = [None]
        else:
            top = _int(request, "section")
            if top not in tops:
                raise Http404("Không tìm thấy lĩnh vực.")
            heading = tops[top]
            section_ids = [pk for pk, root in roots.items() if root == top]
    as_of = timezone.localdate()
    lines = task_lines(
        period=scope.period,
        as_of=as_of,
        plan_id=scope.plan.pk if scope.plan else None,
        agency_id=scope.agency.pk if scope.agency else None,
        section_ids=section_ids,
        colour=colour,
        status=reported,
        verdict=verdict,
    )
    page = Paginator(lines, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/task_list.html",
        {
            **_common(request, scope),
            "page": page,
            "count": len(lines),
            "as_of": as_of,
            "colour": colour,
            "colour_label": TASK_COLOUR_LABELS.get(colour or ""),
            "status_label": None if reported is None else TASK_STATUS_LABELS[reported],
            "verdict_label": ev.TASK_VERDICT_LABELS.get(verdict or ""),
            "heading": heading,
            "no_heading": section == "none",
            "page_query": scope.query(
                colour=colour, status=status, verdict=verdict, section=section
            ),
        },
    )


def _cached_list(request: HttpRequest, name: str, context: Any) -> HttpResponse:
    """A drill-down list whose content is rendered once per cache key and filter (it holds
    nothing of the user's), inside the page of the user who asks."""
    scope = _scope(request)
    colour = _choice(request, "colour", colours.COLOURS)
    cached = dashboard_cache(scope=scope)
    number = _int(request, "page") or 1

    def rendered() -> str:
        found = context(scope, cached.data(), colour)
        # A page of the rows (a province has thousands of indicators), their count of all.
        page = Paginator(found.get("rows", found["lines"]), LIST_ROWS_PER_PAGE).get_page(number)
        query = scope.query(colour=colour)
        return render_to_string(
            f"dashboard/_{name}_body.html",
            {**_common(request, scope), **found, "page": page, "page_query": query},
        )

    body = cached.get(f"{name}-{colour or 'all'}-{number}", rendered)
    return render(
        request,
        f"dashboard/{name}.html",
        {"scope": scope, "body": mark_safe(body)},  # noqa: S308 - rendered by our templates
    )


def _indicator_lines(scope: Scope, data: Any, colour: str | None) -> dict[str, Any]:
    lines = [line for line in data.indicators if colour is None or line.colour == colour]
    return {
        "data": data,
        "lines": lines,
        "colour": colour,
        "colour_label": INDICATOR_COLOUR_LABELS.get(colour or ""),
    }


def _agency_lines(scope: Scope, data: Any, colour: str | None) -> dict[str, Any]:
    lines = [line for line in data.agencies if colour is None or line.report_colour == colour]
    tasks_path, query = reverse("dashboard-tasks"), scope.query()
    rows = [
        (
            line,
            [
                {
                    "value": line.by_colour[c],
                    "url": f"{tasks_path}?"
                    + urlencode({**query, "agency": line.agency_id, "colour": c}),
                }
                for c in colours.COLOURS
            ],
        )
        for line in lines
    ]
    return {
        "data": data,
        "lines": lines,
        "rows": rows,
        "task_colours": list(TASK_COLOUR_LABELS.items()),
        "colour": colour,
        "colour_label": REPORT_COLOUR_LABELS.get(colour or ""),
    }


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    return _cached_list(request, "indicator_list", _indicator_lines)


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    return _cached_list(request, "agency_list", _agency_lines)


@login_required
def task_page(request: HttpRequest, task_id: int) -> HttpResponse:
    require(request.user, Action.DASHBOARD_READ)
    detail = task_detail(
        task_id=task_id,
        user=request.user,
        as_of=timezone.localdate(),
        period_id=_int(request, "period"),
    )
    return render(
        request,
        "dashboard/task_detail.html",
        {
            "detail": detail,
            "task": detail.task,
            "colour_method": colours.COLOUR_METHOD,
            "colour_labels": colours.COLOUR_LABELS,
            "back": link("dashboard", None, period=detail.chosen.pk if detail.chosen else None),
        },
    )


@login_required
def indicator_page(request: HttpRequest, indicator_id: int) -> HttpResponse:
    require(request.user, Action.DASHBOARD_READ)
    detail = indicator_detail(
        indicator_id=indicator_id, user=request.user, period_id=_int(request, "period")
    )
    return render(
        request,
        "dashboard/indicator_detail.html",
        {
            "detail": detail,
            "indicator": detail.indicator,
            "chart": indicator_chart(detail),
            "colour_method": colours.COLOUR_METHOD,
            "colour_labels": colours.COLOUR_LABELS,
            # The forecasting app's block: the forecast and the standing warnings.
            "forecast": (
                indicator_forecast(indicator_id=indicator_id)
                if forecast_readable(user=request.user, indicator_id=indicator_id)
                else None
            ),
            "warnings": list(
                warnings_visible(user=request.user).filter(
                    kind=Warning.Kind.INDICATOR_OFF_TRACK, object_id=indicator_id
                )
            ),
            "back": link("dashboard", None, period=detail.chosen.pk if detail.chosen else None),
        },
    )
