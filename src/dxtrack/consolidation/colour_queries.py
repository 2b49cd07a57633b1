"""The colour rule of `colours.task_colour` as SQL, for counting a whole period by colour.

The expression judges a lead task update of one period without the two facts that need
another table: an approved extension (which replaces the deadline) and a pending one (which
makes unfinished work yellow). Those rows are few; the callers judge them again in Python
with `colours.task_colour` (see `dashboard.tasks`).

It is written for speed over tens of thousands of rows: a recurring task's deadline is the
period's end, a constant, so its branch compares only the status (the comparisons of
dates are decided here, in Python); a one-off task's branch compares the task's own
deadline column, never a nested CASE. The verdict of `evaluation.task_verdict` follows from
the status and the colour (`verdict_of`), so it needs no expression of its own.
tests/consolidation/test_colour_queries.py checks both against the Python rules on every
case of their tables.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Q, Value, When

from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.reporting.models import TaskStatus

_DONE = [TaskStatus.DONE, TaskStatus.DONE_LATE]


def _colour(value: str) -> Value:
    return Value(value, output_field=CharField())


def task_colour_expression(*, period_end: dt.date, as_of: dt.date) -> Case:
    """`colours.task_colour` of `evaluation.task_verdict` for the lead task updates of a
    period ending `period_end`, judged as of `as_of`, as one CASE over `TaskUpdate` rows.

    A comparison with a missing deadline is NULL, which no WHEN takes: as in Python, a task
    with no deadline is never due.
    """
    soon = as_of + dt.timedelta(days=colours.DUE_SOON_DAYS)
    deadline = F("task__ends_on")
    one_off = Case(
        When(status=TaskStatus.NOT_ASSIGNED, then=_colour(colours.GREY)),
        When(Q(status__in=_DONE, completed_on__gt=deadline), then=_colour(colours.RED)),
        When(status=TaskStatus.DONE_LATE, then=_colour(colours.RED)),
        When(status=TaskStatus.DONE, then=_colour(colours.GREEN)),
        When(Q(status=TaskStatus.NOT_DONE, task__ends_on__lte=as_of), then=_colour(colours.RED)),
        When(status=TaskStatus.NOT_DONE, then=_colour(colours.YELLOW)),
        When(Q(status=TaskStatus.IN_PROGRESS, task__ends_on__lt=as_of), then=_colour(colours.RED)),
        When(
            Q(status=TaskStatus.IN_PROGRESS, task__ends_on__lte=soon),
            then=_colour(colours.YELLOW),
        ),
        When(status=TaskStatus.IN_PROGRESS, then=_colour(colours.GREEN)),
        # not reported once due
        When(Q(status="", task__ends_on__lte=as_of), then=_colour(colours.RED)),
        # not started after the deadline: overdue
        When(Q(status=TaskStatus.NOT_STARTED, task__ends_on__lt=as_of), then=_colour(colours.RED)),
        # not started or not reported before the deadline: yellow when it is near
        When(task__ends_on__lte=soon, then=_colour(colours.YELLOW)),
        default=_colour(colours.GREY),
        output_field=CharField(),
    )
    # A recurring task is judged against the period's end, a constant here. Carried out,
    # it is green; not reported, it is asked again next period (grey, never red).
    recurring = Case(
        When(status=TaskStatus.NOT_ASSIGNED, then=_colour(colours.GREY)),
        When(
            Q(status__in=_DONE, completed_on__gt=period_end),
            then=_colour(colours.RED),
        ),
        When(status=TaskStatus.DONE_LATE, then=_colour(colours.RED)),
        When(status=TaskStatus.DONE, then=_colour(colours.GREEN)),
        When(
            status=TaskStatus.NOT_DONE,
            then=_colour(colours.RED if period_end <= as_of else colours.YELLOW),
        ),
        When(status=TaskStatus.IN_PROGRESS, then=_colour(colours.GREEN)),
        When(
            status=TaskStatus.NOT_STARTED,
            then=_colour(colours.RED if period_end < as_of else colours.GREY),
        ),
        default=_colour(colours.GREY),
        output_field=CharField(),
    )
    return Case(When(task__recurrence="", then=one_off), default=recurring)


# (status, colour) → verdict kind: each status has at most one red and one other verdict.
_VERDICT_BY_STATUS: dict[str, tuple[str, str]] = {
    # status: (verdict when red, verdict otherwise)
    TaskStatus.DONE: (ev.DONE_LATE, ev.ON_TIME),
    TaskStatus.DONE_LATE: (ev.DONE_LATE, ev.DONE_LATE),
    TaskStatus.IN_PROGRESS: (ev.OVERDUE, ev.IN_PROGRESS),
    TaskStatus.NOT_STARTED: (ev.OVERDUE, ev.NOT_STARTED),
    TaskStatus.NOT_DONE: (ev.NOT_DONE, ev.NOT_DONE),
    TaskStatus.NOT_ASSIGNED: (ev.NOT_ASSIGNED, ev.NOT_ASSIGNED),
    "": (ev.NO_REPORT, ev.NO_REPORT),
}


def verdict_of(*, status: str, colour: str) -> str:
    """The kind of `evaluation.task_verdict` of a row with this status and colour: done
    late (not on time) and overdue (not in progress or not started) are the red ones."""
    red, other = _VERDICT_BY_STATUS[status]
    return red if colour == colours.RED else other
