"""The judged task rows of a period: each lead agency's update with the deadline it is
judged against and its verdict, for the result appendix, a report's tasks and the chasing
letter. Two queries, plain values rather than model instances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.verdict_queries import lead_task_updates
from dxtrack.plans.models import Plan
from dxtrack.reporting.deadlines import deadline_extended
from dxtrack.reporting.models import ReportingPeriod, TaskUpdate


@dataclass(slots=True)
class RowTask:
    """A task as the period's rows show it: plain values, one object per task (thousands
    of model instances with their related objects would cost far more than the query)."""

    pk: int
    plan: Plan
    section_id: int | None
    number: str
    name: str
    lead_text: str
    timeframe_text: str
    recurrence: str
    ends_on: dt.date | None

    @property
    def plan_id(self) -> int:
        return self.plan.pk


@dataclass(slots=True)
class RowUpdate:
    """A lead agency's update of the period, as the rows show it."""

    pk: int
    report_id: int
    agency_id: int
    agency_name: str
    task: RowTask
    status: str
    completed_on: dt.date | None
    description: str
    evidence: str
    difficulties: str
    proposals: str
    evaluation: str  # the standing body's own words ("Đánh giá của Cơ quan Thường trực")
    verdict: str  # the SQL verdict (`task_verdict_expression`), checked against the Python one

    @property
    def task_id(self) -> int:
        return self.task.pk


@dataclass(frozen=True)
class TaskRow:
    """One task update with the deadline it is judged against and its verdict."""

    update: RowUpdate
    deadline: dt.date | None
    verdict: ev.TaskVerdict

    @property
    def task(self) -> RowTask:
        return self.update.task

    @property
    def extended(self) -> bool:
        task = self.update.task
        return deadline_extended(
            ends_on=task.ends_on, deadline=self.deadline, recurring=bool(task.recurrence)
        )


_ROW_FIELDS = (
    "pk",
    "report_id",
    "report__agency_id",
    "report__agency__name",
    "task_id",
    "task__plan_id",
    "task__section_id",
    "task__number",
    "task__name",
    "task__lead_text",
    "task__timeframe_text",
    "task__recurrence",
    "task__ends_on",
    "status",
    "completed_on",
    "description",
    "evidence",
    "difficulties",
    "proposals",
    "evaluation",
    "verdict",
    "deadline",
)


def period_task_rows(
    *,
    period: ReportingPeriod,
    as_of: dt.date | None = None,
    agency_id: int | None = None,
    plan_id: int | None = None,
) -> list[TaskRow]:
    """The lead agencies' task updates of the period's plans, in plan order, each judged by
    `evaluation.task_verdict` (days late included): the rows of the result appendix, of
    the report's tasks and of the chasing letter. Two queries."""
    as_of = as_of or timezone.localdate()
    plans = {p.pk: p for p in period.plans.all()}
    updates: QuerySet[TaskUpdate, Any] = lead_task_updates(period, as_of).filter(
        task__plan_id__in=list(plans)
    )
    if agency_id is not None:
        updates = updates.filter(report__agency_id=agency_id)
    if plan_id is not None:
        updates = updates.filter(task__plan_id=plan_id)
    updates = updates.order_by(
        "task__plan__issued_on",
        "task__plan_id",
        "task__position",
        "task_id",
        "report__agency__name",
    ).values_list(*_ROW_FIELDS)
    tasks: dict[int, RowTask] = {}
    rows = []
    for (
        pk,
        report_id,
        row_agency_id,
        agency_name,
        task_id,
        row_plan_id,
        section_id,
        number,
        name,
        lead_text,
        timeframe_text,
        recurrence,
        ends_on,
        status,
        completed_on,
        description,
        evidence,
        difficulties,
        proposals,
        evaluation,
        sql_verdict,
        deadline,
    ) in updates:
        task = tasks.get(task_id)
        if task is None:
            task = tasks[task_id] = RowTask(
                task_id,
                plans[row_plan_id],
                section_id,
                number,
                name,
                lead_text,
                timeframe_text,
                recurrence,
                ends_on,
            )
        update = RowUpdate(
            pk,
            report_id,
            row_agency_id,
            agency_name,
            task,
            status,
            completed_on,
            description,
            evidence,
            difficulties,
            proposals,
            evaluation,
            sql_verdict,
        )
        verdict = ev.task_verdict(
            status=status,
            deadline=deadline,
            completed_on=completed_on,
            as_of=as_of,
            recurring=bool(recurrence),
            period_end=period.ends_on,
        )
        rows.append(TaskRow(update=update, deadline=deadline, verdict=verdict))
    return rows
