"""What `task_risk` needs about each open task of a period, read in six queries whatever the
number of tasks: the lead agencies' updates, their earlier statuses, each agency's lateness
record, pending extensions, and the coordinating agencies that have not reported."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q

from dxtrack.consolidation.verdict_queries import task_deadline_expression
from dxtrack.forecasting.task_risk import TaskSituation
from dxtrack.reporting.models import (
    COMPLETED_STATUSES,
    ExtensionRequest,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)


@dataclass(frozen=True)
class OpenTask:
    update: TaskUpdate  # with task, task.plan and report.agency
    situation: TaskSituation


def open_tasks(*, period: ReportingPeriod, as_of: dt.date) -> list[OpenTask]:
    """Each lead agency's task of `period` not completed, with its situation as of `as_of`."""
    updates = list(
        TaskUpdate.objects.filter(report__period=period, role=TaskUpdate.Role.LEAD)
        .exclude(status__in=COMPLETED_STATUSES)
        .exclude(carried_over=True)
        .annotate(deadline=task_deadline_expression(period=period))
        .select_related("task__plan", "report__agency")
        .order_by("task__plan_id", "task__position", "report__agency__name", "pk")
    )
    if not updates:
        return []
    task_ids = sorted({u.task_id for u in updates})
    agency_ids = sorted({u.report.agency_id for u in updates})

    before: dict[tuple[int, int], list[str]] = defaultdict(list)
    for task_id, agency_id, status in (
        TaskUpdate.objects.filter(
            role=TaskUpdate.Role.LEAD,
            task_id__in=task_ids,
            report__agency_id__in=agency_ids,
            report__period__ends_on__lt=period.ends_on,
        )
        .order_by("report__period__ends_on", "report__period_id")
        .values_list("task_id", "report__agency_id", "status")
    ):
        before[(task_id, agency_id)].append(status)

    record = _lateness_record(period=period, agency_ids=agency_ids)

    pending = {
        (row["task_id"], row["agency_id"]): row["proposed_end"]
        for row in ExtensionRequest.objects.filter(
            task_id__in=task_ids,
            agency_id__in=agency_ids,
            kind=ExtensionRequest.Kind.EXTEND,
            status=ExtensionRequest.Status.PENDING,
        )
        .order_by("created_at")
        .values("task_id", "agency_id", "proposed_end")
    }

    silent: dict[int, list[str]] = defaultdict(list)
    for task_id, name in (
        TaskUpdate.objects.filter(
            report__period=period,
            role=TaskUpdate.Role.COORDINATING,
            task_id__in=task_ids,
            status="",
            description="",
        )
        .order_by("report__agency__name")
        .values_list("task_id", "report__agency__name")
    ):
        silent[task_id].append(name)

    rows = []
    for update in updates:
        agency_id = update.report.agency_id
        late, judged = record.get(agency_id, (0, 0))
        rows.append(
            OpenTask(
                update=update,
                situation=TaskSituation(
                    status=update.status,
                    as_of=as_of,
                    deadline=update.deadline,
                    progress_described=bool(update.description.strip()),
                    recurring=bool(update.task.recurrence),
                    statuses_before=tuple(before.get((update.task_id, agency_id), [])),
                    agency_late=late,
                    agency_judged=judged,
                    extension_pending_until=pending.get((update.task_id, agency_id)),
                    coordinators_silent=tuple(silent.get(update.task_id, [])),
                ),
            )
        )
    return rows


def _lateness_record(
    *, period: ReportingPeriod, agency_ids: list[int]
) -> dict[int, tuple[int, int]]:
    """agency id → (tasks late, tasks judged) over the periods before `period`: a task is
    judged once it is completed or its deadline passed within a period, and late when it was
    completed after its deadline or was still open past it. Each task counts once however
    many periods reported it. Approved extensions are left out: a record, not a verdict."""
    completed = Q(status__in=COMPLETED_STATUSES)
    one_off = Q(task__recurrence="")
    due = one_off & Q(task__ends_on__lt=F("report__period__ends_on"))
    late = one_off & (
        Q(status=TaskStatus.DONE_LATE)
        | (completed & Q(completed_on__gt=F("task__ends_on")))
        | (~completed & due)
    )
    rows = (
        TaskUpdate.objects.filter(
            role=TaskUpdate.Role.LEAD,
            report__agency_id__in=agency_ids,
            report__period__ends_on__lt=period.ends_on,
            carried_over=False,
        )
        .values("report__agency_id")
        .annotate(
            judged=Count("task_id", filter=one_off & (completed | due), distinct=True),
            late=Count("task_id", filter=late, distinct=True),
        )
        .order_by()
    )
    return {row["report__agency_id"]: (row["late"], row["judged"]) for row in rows}
