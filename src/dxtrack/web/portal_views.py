"""The public portal (/cong-khai/) and the open data (/du-lieu-mo/): no sign-in.

Pages are rendered without the request (no user, no CSRF token, no session: the same bytes
for every visitor) and cached under the portal's edition, which publishing moves on, so a
cached page is never older than the last publication in any worker. Absolute addresses for
sharing come from DXTRACK_BASE_URL, never from the request's Host header, which a visitor
could otherwise use to poison the cache.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dxtrack.consolidation import colours
from dxtrack.portal import charts, opendata, selectors
from dxtrack.portal.conditional import (
    TOO_MANY,
    not_modified,
    open_data_throttled,
    with_validators,
)
from dxtrack.portal.files import dataset_bytes

SEARCH_MAX = 200


def _absolute(path: str) -> str:
    return settings.DXTRACK_BASE_URL.rstrip("/") + path


def _cached_page(key: str, edition: selectors.Edition, build) -> HttpResponse:
    """The page under `key` for this edition, rendered by `build()` on a miss."""
    full_key = f"portal:{edition.etag}:{key}"
    html = cache.get(full_key)
    if html is None:
        html = build()
        cache.set(full_key, html, settings.DXTRACK_PORTAL_CACHE_SECONDS)
    response = HttpResponse(html)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _query_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _series_view(series: selectors.IndicatorSeries) -> dict:
    return {
        "series": series,
        "sparkline": charts.sparkline(series.numbers),
        "trend": charts.trend_words(series.numbers),
    }


def _progress_view(progress: selectors.PlanProgress) -> dict:
    latest = progress.latest
    return {
        "progress": progress,
        "segments": charts.stacked_bar([(c, latest.by_colour.get(c, 0)) for c in colours.COLOURS]),
    }


@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX]
    edition = selectors.portal_edition()

    def build() -> str:
        indicators = selectors.published_indicators(query=query)
        return render_to_string(
            "portal/home.html",
            {
                "nav": "home",
                "query": query,
                "indicators": [_series_view(s) for s in indicators],
                "plans": [_progress_view(p) for p in selectors.published_task_progress()],
                "publications": selectors.publications(),
                "method": colours.COLOUR_METHOD,
                "canonical_url": _absolute(reverse("portal-home")),
                "edition": edition,
            },
        )

    return _cached_page(f"home:{_query_key(query)}", edition, build)


@require_GET
def portal_indicator(request: HttpRequest, indicator_id: int) -> HttpResponse:
    edition = selectors.portal_edition()
    key = f"indicator:{indicator_id}"
    full_key = f"portal:{edition.etag}:{key}"
    if cache.get(full_key) is None:
        # Look before building, so that an unknown id is a 404, not a cached page.
        series = selectors.published_indicator(indicator_id=indicator_id)
        if series is None:
            raise Http404(_("Chỉ tiêu này chưa có số liệu được công khai."))

    def build() -> str:
        series = selectors.published_indicator(indicator_id=indicator_id)
        if series is None:  # withdrawn since the look above
            raise Http404(_("Chỉ tiêu này chưa có số liệu được công khai."))
        latest = series.latest
        chart = charts.bar_chart(
            [(row.publication.short_label, row.value_number, row.colour) for row in series.history],
            target=latest.target_value,
            target_label=latest.target_text,
        )
        return render_to_string(
            "portal/indicator.html",
            {
                **_series_view(series),
                "chart": chart,
                "method": colours.COLOUR_METHOD["indicator"],
                "canonical_url": _absolute(reverse("portal-indicator", args=[indicator_id])),
            },
        )

    return _cached_page(key, edition, build)


# ----------------------------------------------------------------------- open data


@require_GET
def opendata_index(request: HttpRequest) -> HttpResponse:
    edition = selectors.portal_edition()

    def build() -> str:
        return render_to_string(
            "portal/opendata.html",
            {
                "nav": "opendata",
                "datasets": [
                    {
                        "dataset": dataset,
                        "formats": [
                            (fmt, reverse("opendata-file", args=[dataset.slug, fmt]))
                            for fmt in ("csv", "xlsx", "json")
                        ],
                        "api": reverse(
                            "api-v1:open_indicators"
                            if dataset is opendata.INDICATORS
                            else "api-v1:open_tasks"
                        ),
                    }
                    for dataset in opendata.DATASETS.values()
                ],
                "licence": opendata.LICENCE,
                "licence_url": opendata.LICENCE_URL,
                "publisher": opendata.PUBLISHER,
                "edition": edition,
                "rate": settings.DXTRACK_OPEN_DATA_RATE,
                "canonical_url": _absolute(reverse("opendata-index")),
            },
        )

    return _cached_page("opendata", edition, build)


_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


@require_GET
def opendata_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = opendata.DATASETS.get(slug)
    if dataset is None or fmt not in _CONTENT_TYPES:
        raise Http404(_("Không có tập dữ liệu này."))
    wait = open_data_throttled(request)
    if wait is not None:
        response = HttpResponse(
            TOO_MANY.format(seconds=wait), status=429, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(wait)
        return response
    edition = selectors.portal_edition()
    unchanged = not_modified(request, edition)
    if unchanged is not None:
        return unchanged
    data = dataset_bytes(dataset=dataset, fmt=fmt, edition=edition)
    response = HttpResponse(data, content_type=_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    return with_validators(response, edition)
