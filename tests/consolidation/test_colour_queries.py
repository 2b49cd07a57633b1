"""The SQL colour of a task update agrees with `colours.task_colour` on every case, and the
verdict read from the status and the colour with `evaluation.task_verdict`."""

import datetime as dt
import itertools

import pytest

from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.colour_queries import task_colour_expression, verdict_of
from dxtrack.consolidation.verdict_queries import task_deadline_expression
from dxtrack.plans.models import Task
from dxtrack.reporting.models import AgencyReport, ReportingPeriod, TaskStatus, TaskUpdate
from factories import AgencyFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 9, 30)
# Around every boundary: overdue, due today, due soon (30 days), not yet near.
OFFSETS = [None, -40, -1, 0, 1, 29, 30, 31, 90]
STATUSES = ["", *TaskStatus.values]
COMPLETIONS = [None, -50, 0, 5]


def _day(offset):
    return None if offset is None else AS_OF + dt.timedelta(days=offset)


def test_the_sql_colour_is_the_python_colour_on_every_case():
    plan = PlanFactory()
    agency = AgencyFactory()
    # The period ends on the day of judgement: a recurring task is due today.
    period = ReportingPeriod.objects.create(
        name="Quý III/2026",
        kind=ReportingPeriod.Kind.QUARTERLY,
        starts_on=dt.date(2026, 7, 1),
        ends_on=AS_OF,
        due_on=dt.date(2026, 10, 10),
        status=ReportingPeriod.Status.OPEN,
    )
    period.plans.set([plan])
    report = AgencyReport.objects.create(period=period, agency=agency)
    cases = list(itertools.product(STATUSES, OFFSETS, COMPLETIONS, [False, True]))
    for status, offset, completed, recurring in cases:
        done = status in (TaskStatus.DONE, TaskStatus.DONE_LATE)
        if completed is not None and not done:
            continue
        deadline = _day(offset)
        task = TaskFactory(
            plan=plan,
            starts_on=None,
            ends_on=deadline,
            recurrence=Task.Recurrence.CONTINUOUS if recurring else "",
        )
        completed_on = None
        if completed is not None and deadline is not None:
            completed_on = deadline + dt.timedelta(days=completed)
        TaskUpdate.objects.create(
            report=report, task=task, role="lead", status=status, completed_on=completed_on
        )
    rows = (
        TaskUpdate.objects.filter(report=report)
        .annotate(deadline=task_deadline_expression(period=period, extensions=False))
        .annotate(colour=task_colour_expression(period_end=period.ends_on, as_of=AS_OF))
        .select_related("task")
    )
    checked = set()
    for row in rows:
        recurring = bool(row.task.recurrence)
        verdict = ev.task_verdict(
            status=row.status,
            deadline=row.task.ends_on,
            completed_on=row.completed_on,
            as_of=AS_OF,
            recurring=recurring,
            period_end=period.ends_on,
        )
        expected = colours.task_colour(
            verdict=verdict, deadline=row.deadline, as_of=AS_OF, recurring=recurring
        )
        assert row.colour == expected, (row.status, row.deadline, row.completed_on, recurring)
        assert verdict_of(status=row.status, colour=row.colour) == verdict.kind
        checked.add(expected)
    assert checked == set(colours.COLOURS)
