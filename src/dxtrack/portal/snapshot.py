"""What publishing a period copies into the portal's tables: the province's values of the
key indicators and the task progress per plan, counted from approved reports only.

The values are judged by the same rules as the consolidation (`consolidation.aggregation`
with `approved_only`) and coloured by `consolidation.colours`; nothing is judged here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.indicator_rollup import IndicatorRow, period_indicator_rows
from dxtrack.consolidation.verdict_queries import lead_task_updates
from dxtrack.plans.models import Target
from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.portal.models import PublishedIndicatorValue, PublishedTaskSummary
from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod
from dxtrack.vn_text import fold

APPROVED = AgencyReport.Status.APPROVED
# More agencies than this behind a summed value are named by their number.
_AGENCIES_NAMED = 3


@dataclass
class Snapshot:
    """Unsaved rows: the publication they belong to is set when they are written."""

    indicators: list[PublishedIndicatorValue]
    tasks: list[PublishedTaskSummary]
    as_of: dt.date


def snapshot_as_of(period: ReportingPeriod, today: dt.date | None = None) -> dt.date:
    """The day a period's tasks are judged on when it is published: its last day, so that a
    published period keeps telling what its reports said (a task in progress in 2024 is not
    judged overdue by a deadline of 2025); before then, today."""
    return min(today or timezone.localdate(), period.ends_on)


def milestone_passed(target: Target | None, period: ReportingPeriod) -> bool:
    """Does the period reach the end of the milestone that judges it (a report on 2025 for a
    2025 target; not a report on the first quarter of 2025)?"""
    if target is None:
        return False
    last_year = target.year_to or target.year_from
    return last_year is not None and period.ends_on >= dt.date(last_year, 12, 31)


def period_snapshot(*, period: ReportingPeriod, as_of: dt.date | None = None) -> Snapshot:
    as_of = as_of or snapshot_as_of(period)
    return Snapshot(
        indicators=_indicator_values(period),
        tasks=_task_summaries(period, as_of),
        as_of=as_of,
    )


def _plan_name(plan) -> str:
    return str(plan)


def _indicator_values(period: ReportingPeriod) -> list[PublishedIndicatorValue]:
    rows = [
        row
        for row in period_indicator_rows(period=period, approved_only=True)
        if row.indicator.public and (row.value is not None or row.met is not None)
    ]
    sources = _agencies_behind(period, [r.from_indicator_id or r.indicator.pk for r in rows])
    published = []
    for position, row in enumerate(rows):
        indicator, target = row.indicator, row.target
        agency = sources.get(row.from_indicator_id or indicator.pk, "")
        name = indicator.name
        plan_name = _plan_name(indicator.plan)
        published.append(
            PublishedIndicatorValue(
                indicator=indicator,
                plan=indicator.plan,
                plan_name=plan_name,
                name=name,
                unit=indicator.unit or (target.unit if target else ""),
                milestone=target.milestone if target else "",
                target_text=target.text if target else "",
                target_value=target.value if target else None,
                value_text=_value_text(row),
                value_number=row.value,
                value_met=row.met,
                verdict=row.verdict,
                colour=colours.indicator_colour(
                    verdict=row.verdict, milestone_passed=milestone_passed(target, period)
                ),
                agency=agency,
                search_text=fold(f"{name} {agency} {plan_name}"),
                position=position,
            )
        )
    return published


def _value_text(row: IndicatorRow) -> str:
    """The value as the lead agency wrote it; a sum or an average written the Vietnamese way."""
    if row.value_text:
        return row.value_text
    if row.value is not None:
        return format_vn_number(round(row.value, 2))
    if row.met is not None:
        return "Đạt" if row.met else "Không đạt"
    return ""


def _agencies_behind(period: ReportingPeriod, indicator_ids: list[int]) -> dict[int, str]:
    """indicator id → the agencies whose approved values make the province's value: the
    lead agencies that reported, else the implementing agencies (named while few)."""
    reported = Q(value_number__isnull=False) | Q(value_met__isnull=False)
    rows = (
        IndicatorValue.objects.filter(
            reported,
            report__period=period,
            report__status=APPROVED,
            indicator_id__in=indicator_ids,
        )
        .order_by("indicator_id", "report__agency__name")
        .values_list("indicator_id", "role", "report__agency__name")
    )
    leads: dict[int, list[str]] = defaultdict(list)
    others: dict[int, list[str]] = defaultdict(list)
    for indicator_id, role, agency in rows:
        (leads if role == "lead" else others)[indicator_id].append(agency)
    named = {}
    for indicator_id in indicator_ids:
        names = leads.get(indicator_id) or others.get(indicator_id) or []
        if len(names) > _AGENCIES_NAMED:
            named[indicator_id] = f"Tổng hợp từ {len(names)} cơ quan, đơn vị"
        else:
            named[indicator_id] = "; ".join(names)
    return named


def _task_summaries(period: ReportingPeriod, as_of: dt.date) -> list[PublishedTaskSummary]:
    """Lead task updates of approved reports per plan, by status and by colour: one grouped
    query (a group per task and status at most, not per agency)."""
    grouped = (
        lead_task_updates(period, as_of)
        .filter(report__status=APPROVED)
        # `verdict` and `deadline` are lead_task_updates' annotations, unseen by the plugin.
        .values(  # type: ignore[misc]
            "task__plan_id", "status", "verdict", "deadline", "task__recurrence"
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_colour: dict[int, dict[str, int]] = defaultdict(lambda: {c: 0 for c in colours.COLOURS})
    for row in grouped:
        plan_id, n = row["task__plan_id"], row["n"]
        by_status[plan_id][row["status"]] += n
        colour = colours.task_colour(
            verdict=ev.TaskVerdict(row["verdict"]),
            deadline=row["deadline"],
            as_of=as_of,
            recurring=bool(row["task__recurrence"]),
        )
        by_colour[plan_id][colour] += n
    summaries = []
    for position, plan in enumerate(period.plans.order_by("issued_on", "pk")):
        if plan.pk not in by_status:
            continue
        statuses = dict(by_status[plan.pk])
        summaries.append(
            PublishedTaskSummary(
                plan=plan,
                plan_name=_plan_name(plan),
                total=sum(statuses.values()),
                by_status=statuses,
                by_colour=by_colour[plan.pk],
                position=position,
            )
        )
    return summaries
