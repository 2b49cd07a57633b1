"""The evaluation's task rules in SQL, so that a whole province is judged in the database.

`task_deadline_expression` is `reporting.deadlines.task_deadline` and
`task_verdict_expression` is `evaluation.task_verdict`, each written as a `CASE`
(decision 0032); tests/consolidation/test_verdict_queries.py checks them on every case of
the Python rules. `task_verdict_counts` counts the lead agencies' updates of a period by
plan, section, agency, status and verdict in two queries, whatever the number of reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from dxtrack.consolidation import evaluation as ev
from dxtrack.reporting.models import ExtensionRequest, ReportingPeriod, TaskStatus, TaskUpdate


def _approved_extension():
    return ExtensionRequest.objects.filter(
        agency_id=OuterRef("report__agency_id"),
        task_id=OuterRef("task_id"),
        kind=ExtensionRequest.Kind.EXTEND,
        status=ExtensionRequest.Status.APPROVED,
    )


def task_deadline_expression(*, period: ReportingPeriod, extensions: bool = True) -> Case:
    """`reporting.deadlines.task_deadline` as SQL: the period's end for a recurring task,
    else the latest approved extension for the agency, else the task's own deadline.
    `extensions=False` leaves the extensions out, for rows known to have none.
    tests/consolidation/test_verdict_queries.py checks the two agree."""
    own: Any = F("task__ends_on")
    if extensions:
        latest = _approved_extension().order_by("-proposed_end").values("proposed_end")[:1]
        own = Coalesce(Subquery(latest), F("task__ends_on"))
    return Case(
        When(task__recurrence="", then=own),
        default=Value(period.ends_on),
        output_field=DateField(),
    )


def task_verdict_expression(*, as_of: dt.date, deadline: str = "deadline") -> Case:
    """`evaluation.task_verdict` as SQL, over rows annotated with `deadline`.

    The two must agree; tests/consolidation/test_verdict_queries.py checks them on every case
    of the evaluation table. A comparison with a missing date is NULL, which no WHEN
    takes: so a task with no deadline is never late, as in task_verdict.
    """
    recurring = ~Q(task__recurrence="")
    completed = Q(status__in=[TaskStatus.DONE, TaskStatus.DONE_LATE])
    past_deadline = Q(**{f"{deadline}__lt": as_of})
    return Case(
        When(status="", then=Value(ev.NO_REPORT)),
        When(status=TaskStatus.NOT_DONE, then=Value(ev.NOT_DONE)),
        When(status=TaskStatus.NOT_ASSIGNED, then=Value(ev.NOT_ASSIGNED)),
        When(completed & Q(completed_on__gt=F(deadline)), then=Value(ev.DONE_LATE)),
        When(status=TaskStatus.DONE_LATE, then=Value(ev.DONE_LATE)),
        When(status=TaskStatus.DONE, then=Value(ev.ON_TIME)),
        When(Q(status=TaskStatus.IN_PROGRESS) & recurring, then=Value(ev.IN_PROGRESS)),
        When(Q(status=TaskStatus.IN_PROGRESS) & past_deadline, then=Value(ev.OVERDUE)),
        When(status=TaskStatus.IN_PROGRESS, then=Value(ev.IN_PROGRESS)),
        When(past_deadline, then=Value(ev.OVERDUE)),
        default=Value(ev.NOT_STARTED),
        output_field=CharField(),
    )


def lead_task_updates(period: ReportingPeriod, as_of: dt.date) -> QuerySet[TaskUpdate]:
    """The lead agencies' updates of the period, annotated with `deadline` and `verdict`."""
    return (
        TaskUpdate.objects.filter(report__period=period, role=TaskUpdate.Role.LEAD)
        .annotate(deadline=task_deadline_expression(period=period))
        .annotate(verdict=task_verdict_expression(as_of=as_of))
    )


def _plain_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list query straight from the cursor, for grouped rows of ids,
    status words and counts, which need no conversion: there are about as many groups as
    agencies times headings, and the ORM's work per row would cost more than the query."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_GROUP_KEYS = ("task__plan_id", "task__section_id", "report__agency_id", "status", "verdict")


# (plan id, section id, agency id, status, verdict): plain tuples, there are thousands.
TaskGroup = tuple[int, int | None, int, str, str]


def task_verdict_counts(*, period: ReportingPeriod, as_of: dt.date) -> dict[TaskGroup, int]:
    """Lead task updates counted by plan, section, agency, status and verdict. Two queries.

    Every row is first judged in SQL against the task's own deadline, then the few rows of
    an agency whose deadline was extended are judged again (`evaluation.task_verdict`) and
    moved to their right verdict. Looking the extension up on every row instead makes the
    count several times slower than a plain GROUP BY (SQLite repeats the lookup wherever
    the verdict uses the deadline).
    """
    lead = TaskUpdate.objects.filter(report__period=period, role=TaskUpdate.Role.LEAD)
    grouped = (
        lead.annotate(deadline=task_deadline_expression(period=period, extensions=False))
        .annotate(verdict=task_verdict_expression(as_of=as_of))
        .values(*_GROUP_KEYS)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*_GROUP_KEYS, "n")
    )
    counts: dict[TaskGroup, int] = {row[:-1]: row[-1] for row in _plain_rows(grouped)}
    # The rows of an agency whose deadline was extended: few, judged again one by one.
    # A semi-join from the period's rows: joining the extensions through the task instead
    # walks every period's rows of each extended task (seconds in a province of years).
    extended = lead.filter(Exists(_approved_extension())).values("pk")
    moved = (
        TaskUpdate.objects.filter(pk__in=extended)
        .annotate(deadline=task_deadline_expression(period=period))
        .order_by()
        .values_list(
            "task__plan_id",
            "task__section_id",
            "report__agency_id",
            "status",
            "completed_on",
            "task__recurrence",
            "task__ends_on",
            "deadline",
        )
    )
    for plan_id, section_id, agency_id, status, completed_on, recurrence, own, deadline in moved:
        verdicts = [
            ev.task_verdict(
                status=status,
                deadline=day,
                completed_on=completed_on,
                as_of=as_of,
                recurring=bool(recurrence),
                period_end=period.ends_on,
            ).kind
            for day in (own, deadline)
        ]
        if verdicts[0] == verdicts[1]:
            continue
        before = (plan_id, section_id, agency_id, status, verdicts[0])
        after = (plan_id, section_id, agency_id, status, verdicts[1])
        counts[after] = counts.get(after, 0) + 1
        counts[before] -= 1
        if not counts[before]:
            del counts[before]
    return counts
