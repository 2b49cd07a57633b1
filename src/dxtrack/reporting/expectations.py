"""Who must report what in a period: assignments expanded to the agencies of the day.

An assignment to a group reaches every member; an assignment to an agency that no
longer exists reaches its successor (Sở Thông tin và Truyền thông → Sở Khoa học và
Công nghệ); a group that ended passes to its successor group (UBND cấp huyện → UBND
các xã, phường, đặc khu). Those rules are `agencies.roster`'s, the same the agency page
reads. A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max

from dxtrack.agencies.selectors import agency_roster
from dxtrack.plans.models import Assignment, Indicator, KeyProject, Target, Task
from dxtrack.reporting.period_rules import task_active


@dataclass
class Expectation:
    """What one agency reports in a period: task id → role, indicator id → role."""

    tasks: dict[int, str] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)
    # Key projects it leads (project id → "lead"), reported with their budgets.
    projects: dict[int, str] = field(default_factory=dict)


_TASK_ROLES: dict[str, str] = {
    Assignment.Role.LEAD: "lead",
    Assignment.Role.COORDINATING: "coordinating",
}
_INDICATOR_ROLES: dict[str, str] = {
    Assignment.Role.LEAD: "lead",
    Assignment.Role.IMPLEMENTER: "implementer",
}
_RANK = {"lead": 0, "implementer": 1, "coordinating": 1}


def _keep(roles: dict[int, str], item_id: int | None, role: str | None) -> None:
    if item_id is None or role is None:  # the callers' queries never give either
        return
    # An agency named both as lead and as coordinator of one item reports as lead.
    if item_id not in roles or _RANK[role] < _RANK[roles[item_id]]:
        roles[item_id] = role


def _within_span(
    start: dt.date | None, end: dt.date | None, *, starts_on: dt.date, ends_on: dt.date
) -> bool:
    # A recurring task with years ("Hằng năm, từ năm 2028", "Năm 2022 - 2025 (hằng năm)")
    # recurs only within them; unlike a one-off task, nothing is owed once they are over.
    return (start is None or start <= ends_on) and (end is None or end >= starts_on)


def active_task_ids(*, plan_ids: list[int], starts_on: dt.date, ends_on: dt.date) -> list[int]:
    rows = Task.objects.filter(plan_id__in=plan_ids).values_list(
        "pk", "starts_on", "ends_on", "recurrence"
    )
    return [
        pk
        for pk, start, end, recurrence in rows
        if task_active(starts_on=start, recurrence=recurrence, period_end=ends_on)
        and (not recurrence or _within_span(start, end, starts_on=starts_on, ends_on=ends_on))
    ]


def active_indicator_ids(*, plan_ids: list[int], starts_on: dt.date) -> list[int]:
    """Indicators with a target in or after the period's year, and those with no dated target
    (nothing says they are over)."""
    last_year = {
        row["indicator_id"]: row["last"]
        for row in Target.objects.filter(indicator__plan_id__in=plan_ids)
        .values("indicator_id")
        .annotate(last=Max("year_to"))
    }
    return [
        pk
        for pk in Indicator.objects.filter(plan_id__in=plan_ids).values_list("pk", flat=True)
        if last_year.get(pk) is None or last_year[pk] >= starts_on.year
    ]


def active_project_ids(*, plan_ids: list[int], starts_on: dt.date, ends_on: dt.date) -> list[int]:
    """Key projects running in one of the period's years (all of those without years)."""
    years = set(range(starts_on.year, ends_on.year + 1))
    return [
        pk
        for pk, run in KeyProject.objects.filter(plan_id__in=plan_ids).values_list("pk", "years")
        if not run or years & {int(y) for y in run if str(y).isdigit()}
    ]


def period_expectations(
    *, plan_ids: list[int], starts_on: dt.date, ends_on: dt.date, on: dt.date
) -> dict[int, Expectation]:
    """agency id → what it reports, for the plans' tasks and indicators active in the period."""
    task_ids = active_task_ids(plan_ids=plan_ids, starts_on=starts_on, ends_on=ends_on)
    indicator_ids = active_indicator_ids(plan_ids=plan_ids, starts_on=starts_on)
    roster = agency_roster(on=on)
    found: dict[int, Expectation] = defaultdict(Expectation)
    for assignment in Assignment.objects.filter(task_id__in=task_ids).only(
        "task_id", "agency_id", "group_id", "role"
    ):
        role = _TASK_ROLES.get(assignment.role)
        reached = roster.reached(agency_id=assignment.agency_id, group_id=assignment.group_id)
        for agency_id in reached if role else ():
            _keep(found[agency_id].tasks, assignment.task_id, role)
    for assignment in Assignment.objects.filter(indicator_id__in=indicator_ids).only(
        "indicator_id", "agency_id", "group_id", "role"
    ):
        role = _INDICATOR_ROLES.get(assignment.role)
        reached = roster.reached(agency_id=assignment.agency_id, group_id=assignment.group_id)
        for agency_id in reached if role else ():
            _keep(found[agency_id].indicators, assignment.indicator_id, role)
    project_ids = active_project_ids(plan_ids=plan_ids, starts_on=starts_on, ends_on=ends_on)
    for assignment in Assignment.objects.filter(
        project_id__in=project_ids, role=Assignment.Role.LEAD
    ).only("project_id", "agency_id", "group_id"):
        if assignment.project_id is None:
            continue
        for agency_id in roster.reached(
            agency_id=assignment.agency_id, group_id=assignment.group_id
        ):
            found[agency_id].projects[assignment.project_id] = "lead"
    return dict(found)
