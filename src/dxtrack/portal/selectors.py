"""Reads of what is public: only the portal's snapshot tables, never the reports.

The public pages, the open-data files and the open API all read here, so they show the same
figures, each in one query. At the end, the coordinator's reads for managing publication.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.plans.models import Indicator
from dxtrack.portal.models import (
    PortalEdition,
    Publication,
    PublishedIndicatorValue,
    PublishedTaskSummary,
)
from dxtrack.reporting.models import AgencyReport, ReportingPeriod, TaskStatus
from dxtrack.vn_text import fold

NOT_REPORTED = "Chưa báo cáo"
# (key in by_status, label): the status vocabulary of the result tables, then "not reported".
STATUSES: list[tuple[str, str]] = [*TaskStatus.choices, ("", NOT_REPORTED)]

OPEN_INDICATOR_FIELDS = (
    "indicator_id",
    "plan",
    "name",
    "unit",
    "milestone",
    "target",
    "period",
    "period_end",
    "value",
    "verdict",
    "colour",
    "agency",
    "published_at",
)
OPEN_TASK_FIELDS = ("plan", "period", "total", "by_status", "published_at")


# ----------------------------------------------------------------------- edition


@dataclass(frozen=True)
class Edition:
    """Which state of the public data a page, file or response shows."""

    number: int = 0
    changed_at: dt.datetime | None = None

    @property
    def etag(self) -> str:
        # The time tells apart two databases that reached the same number (a rebuilt demo).
        stamp = int(self.changed_at.timestamp()) if self.changed_at else 0
        return f'"{self.number}-{stamp}"'


def portal_edition() -> Edition:
    row = PortalEdition.objects.filter(pk=1).values_list("number", "changed_at").first()
    return Edition(*row) if row else Edition()


# ----------------------------------------------------------------------- indicators


@dataclass
class IndicatorSeries:
    """A key indicator's published values, oldest first; `latest` is the newest period's."""

    history: list[PublishedIndicatorValue]

    @property
    def latest(self) -> PublishedIndicatorValue:
        return self.history[-1]

    @property
    def indicator_id(self) -> int | None:
        return self.latest.indicator_id

    @property
    def numbers(self) -> list[float | None]:
        return [row.value_number for row in self.history]


def _series(rows: list[PublishedIndicatorValue]) -> list[IndicatorSeries]:
    by_indicator: dict[int | None, list[PublishedIndicatorValue]] = defaultdict(list)
    for row in rows:
        by_indicator[row.indicator_id].append(row)
    series = [IndicatorSeries(history=history) for history in by_indicator.values()]
    series.sort(key=lambda s: (s.latest.plan_name, s.latest.position, s.indicator_id))
    return series


def _published_values():
    return PublishedIndicatorValue.objects.select_related("publication").order_by(
        "indicator_id", "publication__period_ends_on", "publication__published_at"
    )


def published_indicators(*, query: str = "") -> list[IndicatorSeries]:
    """Every key indicator with a published value, its latest value and its history.
    `query` keeps those whose name, source agency or plan holds every word, with or
    without diacritics ("chu ky so" finds "chữ ký số")."""
    series = _series(list(_published_values().filter(indicator__isnull=False)))
    words = fold(query).split()
    if words:
        series = [s for s in series if all(w in s.latest.search_text for w in words)]
    return series


def published_indicator(*, indicator_id: int) -> IndicatorSeries | None:
    rows = list(_published_values().filter(indicator_id=indicator_id))
    return IndicatorSeries(history=rows) if rows else None


# ----------------------------------------------------------------------- tasks


@dataclass
class StatusCount:
    key: str
    label: str
    count: int
    share: float | None


@dataclass
class PlanProgress:
    """A plan's published task progress: the newest period's, and every period's."""

    history: list[PublishedTaskSummary] = field(default_factory=list)

    @property
    def latest(self) -> PublishedTaskSummary:
        return self.history[-1]

    @property
    def statuses(self) -> list[StatusCount]:
        return summary_statuses(self.latest)

    @property
    def colours(self) -> list[StatusCount]:
        latest = self.latest
        return [
            StatusCount(c, colours.COLOUR_LABELS[c], n, ev.share(n, latest.total))
            for c in colours.COLOURS
            if (n := latest.by_colour.get(c, 0))
        ]


def summary_statuses(summary: PublishedTaskSummary) -> list[StatusCount]:
    return [
        StatusCount(key, label, n, ev.share(n, summary.total))
        for key, label in STATUSES
        if (n := summary.by_status.get(key, 0))
    ]


def published_task_progress() -> list[PlanProgress]:
    """Each plan with published task progress, in the order of the newest publication."""
    rows = PublishedTaskSummary.objects.select_related("publication").order_by(
        "publication__period_ends_on", "publication__published_at", "position"
    )
    plans: dict[Any, PlanProgress] = {}
    for row in rows:
        key = row.plan_id or row.plan_name
        plans.setdefault(key, PlanProgress()).history.append(row)
    return sorted(plans.values(), key=lambda p: (p.latest.position, p.latest.plan_name))


def publications() -> list[Publication]:
    """The published periods, newest first."""
    return list(Publication.objects.order_by("-period_ends_on", "-published_at"))


# ----------------------------------------------------------------------- open data


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def open_indicator_records() -> list[dict[str, Any]]:
    """The dataset "chỉ tiêu": one record per key indicator and published period, with the
    fields of the spec (OPEN_INDICATOR_FIELDS), oldest period first."""
    rows = PublishedIndicatorValue.objects.select_related("publication").order_by(
        "publication__period_ends_on", "publication__published_at", "position", "pk"
    )
    return [
        {
            "indicator_id": row.indicator_id,
            "plan": row.plan_name,
            "name": row.name,
            "unit": row.unit,
            "milestone": row.milestone,
            "target": row.target_text,
            "period": row.publication.period_name,
            "period_end": row.publication.period_ends_on.isoformat(),
            "value": row.value_number if row.value_number is not None else (row.value_text or None),
            "verdict": row.verdict,
            "colour": row.colour,
            "agency": row.agency,
            "published_at": _local(row.publication.published_at),
        }
        for row in rows
    ]


def open_task_records() -> list[dict[str, Any]]:
    """The dataset "nhiệm vụ": task progress per plan and published period, every status of
    the vocabulary counted (0 included) by its Vietnamese label."""
    rows = PublishedTaskSummary.objects.select_related("publication").order_by(
        "publication__period_ends_on", "publication__published_at", "position", "pk"
    )
    return [
        {
            "plan": row.plan_name,
            "period": row.publication.period_name,
            "total": row.total,
            "by_status": {label: row.by_status.get(key, 0) for key, label in STATUSES},
            "published_at": _local(row.publication.published_at),
        }
        for row in rows
    ]


# ----------------------------------------------------------------------- the coordinator's


def publication_of(*, period_id: int) -> Publication | None:
    """The period's publication, with who published it (None when not published)."""
    return (
        Publication.objects.select_related("published_by")
        .annotate(indicator_count=Count("indicator_values"))
        .filter(period_id=period_id)
        .first()
    )


def publication_periods() -> list[ReportingPeriod]:
    """The opened periods, newest first, each with `approved` and `reports` counts and its
    `publication` (or None). Two queries."""
    periods: list[ReportingPeriod] = list(
        ReportingPeriod.objects.exclude(status=ReportingPeriod.Status.DRAFT)
        .annotate(
            reports_total=Count("reports"),
            reports_approved=Count(
                "reports", filter=Q(reports__status=AgencyReport.Status.APPROVED)
            ),
        )
        .order_by("-ends_on", "-pk")
    )
    published = {
        p.period_id: p
        for p in Publication.objects.select_related("published_by").annotate(
            indicator_count=Count("indicator_values")
        )
    }
    for period in periods:
        period.published = published.get(period.pk)  # type: ignore[attr-defined]  # for the page
    return periods


def indicator_choices(*, plan_id: int | None = None, query: str = "") -> QuerySet[Indicator]:
    """Indicators the coordinator may make public, public ones first, with `published`: how
    many of their values are published now."""
    indicators = (
        Indicator.objects.select_related("plan")
        .annotate(published=Count("published_values"))
        .order_by("-public", "plan__issued_on", "plan_id", "position", "pk")
    )
    if plan_id is not None:
        indicators = indicators.filter(plan_id=plan_id)
    for word in fold(query).split():
        indicators = indicators.filter(search_text__contains=word)
    return indicators
