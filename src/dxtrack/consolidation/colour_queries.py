"""The colour rule of `colours.task_colour` as SQL, for counting a whole period by colour.

The expression judges a lead task update (over `TaskUpdate` rows annotated with the
deadline they are judged against) without the two facts that need another table: an
approved extension (which replaces the deadline) and a pending one (which makes unfinished
work yellow). Those rows are few; the callers judge them again in Python with
`colours.task_colour` (see `dashboard.tasks`). tests/consolidation/test_colour_queries.py
checks the expression against the Python rule on every case of its table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, CharField, F, Q, Value, When

from dxtrack.consolidation import colours
from dxtrack.reporting.models import TaskStatus

# A date, or an expression giving one per row (a CASE over the period when several periods
# are counted at once, each judged as of its own day).
DateLike = dt.date | Any


def task_colour_expression(
    *, as_of: DateLike, due_soon_until: DateLike, deadline: str = "deadline"
) -> Case:
    """`colours.task_colour` of `evaluation.task_verdict` as one CASE.

    as_of: the day of judgement; due_soon_until: as_of + colours.DUE_SOON_DAYS (given, not
    computed, because date arithmetic is written differently by each database);
    deadline: the annotation holding the deadline (the period's end for a recurring task).
    A comparison with a missing deadline is NULL, which no WHEN takes, as in Python a task
    with no deadline is never due.
    """
    recurring = ~Q(task__recurrence="")
    completed = Q(status__in=[TaskStatus.DONE, TaskStatus.DONE_LATE])
    due = Q(**{f"{deadline}__lte": as_of})
    past = Q(**{f"{deadline}__lt": as_of})
    soon = Q(**{f"{deadline}__lte": due_soon_until})
    in_progress = Q(status=TaskStatus.IN_PROGRESS)
    return Case(
        # done: on time green, late red
        When(completed & Q(completed_on__gt=F(deadline)), then=Value(colours.RED)),
        When(status=TaskStatus.DONE_LATE, then=Value(colours.RED)),
        When(status=TaskStatus.DONE, then=Value(colours.GREEN)),
        # "Không thực hiện": red once due, yellow before
        When(Q(status=TaskStatus.NOT_DONE) & due, then=Value(colours.RED)),
        When(status=TaskStatus.NOT_DONE, then=Value(colours.YELLOW)),
        # carried out: a recurring task is green; else overdue red, due soon yellow
        When(in_progress & recurring, then=Value(colours.GREEN)),
        When(in_progress & past, then=Value(colours.RED)),
        When(in_progress & soon, then=Value(colours.YELLOW)),
        When(in_progress, then=Value(colours.GREEN)),
        # not reported once due (a recurring task is asked again each period: not red)
        When(Q(status="") & ~recurring & due, then=Value(colours.RED)),
        # not started after the deadline: overdue
        When(Q(status=TaskStatus.NOT_STARTED) & past, then=Value(colours.RED)),
        # not started or not reported before the deadline: yellow when it is near
        When(~recurring & soon, then=Value(colours.YELLOW)),
        default=Value(colours.GREY),
        output_field=CharField(),
    )
