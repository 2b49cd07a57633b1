"""The end of a drill-down: one task, or one indicator, with everything reported on it
across periods, as far as the user may read (a reporter: its own agency's rows).

A period's rows are judged as the dashboard judges them: the chosen period as of today,
every other one at the same distance from its end (`selectors.comparable_day`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from dxtrack.accounts.access import Action, Actor, agencies_filter, agency_id_of, own_agency_only
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.models import IndicatorFamilyMember
from dxtrack.consolidation.series import (
    Judged,
    SeriesValue,
    indicator_judge,
    indicator_series,
    targets_of,
)
from dxtrack.dashboard.selectors import comparable_day
from dxtrack.dashboard.tasks import extensions_of, task_judgement
from dxtrack.plans.models import Assignment, Indicator, Target, Task
from dxtrack.reporting.models import IndicatorValue, ReportingPeriod, TaskUpdate


def _chosen(periods: list[ReportingPeriod], period_id: int | None) -> ReportingPeriod | None:
    """The period the user came from, else the newest."""
    for period in periods:
        if period.pk == period_id:
            return period
    return max(periods, key=lambda p: (p.ends_on, p.pk), default=None)


# ----------------------------------------------------------------------- a task


@dataclass(frozen=True)
class TaskEntry:
    """What one agency reported on the task in one period."""

    update: TaskUpdate
    deadline: dt.date | None  # lead rows: the deadline judged against
    verdict: ev.TaskVerdict | None  # lead rows only: a contribution is not judged
    colour: str | None

    @property
    def period(self) -> ReportingPeriod:
        return self.update.report.period

    @property
    def lead(self) -> bool:
        return self.update.role == TaskUpdate.Role.LEAD


@dataclass
class TaskDetail:
    task: Task
    assignments: list[Assignment]
    chosen: ReportingPeriod | None
    entries: list[TaskEntry]  # newest period first, lead agencies before contributions


def task_detail(
    *, task_id: int, user: Actor, as_of: dt.date, period_id: int | None = None
) -> TaskDetail:
    """The task, who it is assigned to, and every update on it the user may read. Four
    queries. Raises Http404 for an unknown task, or one a reporter has nothing on."""
    task = Task.objects.select_related("plan", "section").filter(pk=task_id).first()
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    updates = list(
        TaskUpdate.objects.filter(task=task)
        .filter(agencies_filter(user, Action.REPORT_READ, field="report__agency_id"))
        .exclude(report__period__status=ReportingPeriod.Status.DRAFT)
        .select_related("report__period", "report__agency")
        .order_by("-report__period__ends_on", "-report__period_id", "role", "report__agency__name")
    )
    if not updates and own_agency_only(user, Action.REPORT_READ):
        raise Http404("Đơn vị không có báo cáo về nhiệm vụ này.")
    periods = list({u.report.period_id: u.report.period for u in updates}.values())
    chosen = _chosen(periods, period_id)
    extensions = extensions_of(
        agency_id=agency_id_of(user) if own_agency_only(user, Action.REPORT_READ) else None
    )
    entries = []
    for update in updates:
        verdict = colour = deadline = None
        # An update means a period, so `chosen` is set.
        if update.role == TaskUpdate.Role.LEAD and chosen is not None:
            period = update.report.period
            verdict, colour, deadline = task_judgement(
                status=update.status,
                completed_on=update.completed_on,
                ends_on=task.ends_on,
                recurring=bool(task.recurrence),
                period_end=period.ends_on,
                as_of=comparable_day(period=period, chosen=chosen, as_of=as_of),
                extension=extensions.get((update.report.agency_id, task.pk)),
            )
        entries.append(TaskEntry(update, deadline, verdict, colour))
    assignments = list(
        task.assignments.select_related("agency", "group").order_by("role", "position", "pk")
    )
    return TaskDetail(task=task, assignments=assignments, chosen=chosen, entries=entries)


# ----------------------------------------------------------------------- an indicator


@dataclass(frozen=True)
class IndicatorPoint:
    """The province's (or, for a reporter, its agency's) value in one period."""

    period: ReportingPeriod
    value: SeriesValue | None
    judged: Judged


@dataclass
class IndicatorDetail:
    indicator: Indicator
    targets: list[Target]
    chosen: ReportingPeriod | None
    own_agency: bool  # the values are the user's agency's, not the province's
    points: list[IndicatorPoint]  # oldest first
    values: list[IndicatorValue]  # each agency's row, newest period first

    @property
    def latest(self) -> IndicatorPoint | None:
        for point in reversed(self.points):
            if point.period == self.chosen:
                return point
        return self.points[-1] if self.points else None


def indicator_detail(
    *, indicator_id: int, user: Actor, period_id: int | None = None
) -> IndicatorDetail:
    """The indicator, its targets, its value in every period (the province's, or a
    reporter's own), and every agency's reported row the user may read. Five queries."""
    indicator = Indicator.objects.select_related("plan", "section").filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    own = own_agency_only(user, Action.REPORT_READ)
    values = list(
        IndicatorValue.objects.filter(indicator=indicator)
        .filter(agencies_filter(user, Action.REPORT_READ, field="report__agency_id"))
        .exclude(report__period__status=ReportingPeriod.Status.DRAFT)
        .select_related("report__period", "report__agency")
        .order_by("-report__period__ends_on", "-report__period_id", "report__agency__name")
    )
    if not values and own:
        raise Http404("Đơn vị không có số liệu về chỉ tiêu này.")
    periods = sorted(
        {v.report.period_id: v.report.period for v in values}.values(),
        key=lambda p: (p.ends_on, p.pk),
    )
    # A family's value may come from a linked indicator of another plan.
    family = IndicatorFamilyMember.objects.filter(indicator=indicator, confirmed=True).values(
        "family_id"
    )
    members = list(
        Indicator.objects.filter(
            Q(pk=indicator.pk)
            | Q(family_membership__family_id__in=family, family_membership__confirmed=True)
        )
        .distinct()
        .order_by("plan__issued_on", "plan_id", "position", "pk")
    )
    series = indicator_series(
        periods=periods,
        indicators=members,
        agency_id=agency_id_of(user) if own else None,
    )
    targets = targets_of(indicator_ids=[indicator.pk]).get(indicator.pk, [])
    points = []
    for period in periods:
        value = series.get((indicator.pk, period.pk))
        judged = indicator_judge(indicator=indicator, targets=targets, period=period, value=value)
        points.append(IndicatorPoint(period=period, value=value, judged=judged))
    return IndicatorDetail(
        indicator=indicator,
        targets=targets,
        chosen=_chosen(periods, period_id),
        own_agency=own,
        points=points,
        values=values,
    )
