import datetime as dt

import pytest

from dxtrack.consolidation import colours as c
from dxtrack.consolidation import evaluation as ev

TODAY = dt.date(2026, 6, 30)


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.mark.parametrize(
    "verdict, passed, probability, expected",
    [
        (ev.NO_TARGET, True, None, c.GREY),
        (ev.NO_DATA, True, 0.9, c.GREY),
        (ev.MET, False, None, c.GREEN),
        (ev.MET, True, 0.0, c.GREEN),
        (ev.NOT_MET, True, 0.9, c.RED),
        (ev.NOT_MET, False, None, c.YELLOW),
        (ev.NOT_MET, False, 0.5, c.GREEN),
        (ev.NOT_MET, False, 0.49, c.YELLOW),
        (ev.NOT_MET, False, 0.2, c.YELLOW),
        (ev.NOT_MET, False, 0.19, c.RED),
    ],
)
def test_indicator_colour_on_each_boundary(verdict, passed, probability, expected):
    colour = c.indicator_colour(
        verdict=verdict, milestone_passed=passed, probability_met=probability
    )
    assert colour == expected


@pytest.mark.parametrize(
    "kind, deadline, recurring, pending, expected",
    [
        (ev.ON_TIME, _days(-5), False, False, c.GREEN),
        (ev.DONE_LATE, _days(-5), False, False, c.RED),
        (ev.OVERDUE, _days(-1), False, False, c.RED),
        (ev.IN_PROGRESS, _days(31), False, False, c.GREEN),
        (ev.IN_PROGRESS, _days(30), False, False, c.YELLOW),
        (ev.IN_PROGRESS, _days(0), False, False, c.YELLOW),
        (ev.IN_PROGRESS, _days(200), False, True, c.YELLOW),
        (ev.IN_PROGRESS, _days(10), True, False, c.GREEN),
        (ev.IN_PROGRESS, None, False, False, c.GREEN),
        (ev.NOT_STARTED, _days(31), False, False, c.GREY),
        (ev.NOT_STARTED, _days(30), False, False, c.YELLOW),
        (ev.NOT_STARTED, None, False, False, c.GREY),
        (ev.NOT_STARTED, _days(90), False, True, c.YELLOW),
        (ev.NO_REPORT, _days(90), False, False, c.GREY),
        (ev.NO_REPORT, _days(5), False, False, c.YELLOW),
        (ev.NO_REPORT, _days(-1), False, False, c.RED),
        (ev.NOT_DONE, _days(-1), False, False, c.RED),
        (ev.NOT_DONE, _days(60), False, False, c.YELLOW),
    ],
)
def test_task_colour_on_each_boundary(kind, deadline, recurring, pending, expected):
    colour = c.task_colour(
        verdict=kind,
        deadline=deadline,
        as_of=TODAY,
        recurring=recurring,
        extension_pending=pending,
    )
    assert colour == expected


def test_task_colour_reads_a_verdict_object():
    verdict = ev.task_verdict(
        status="in_progress", deadline=_days(-3), completed_on=None, as_of=TODAY, recurring=False
    )
    assert c.task_colour(verdict=verdict, deadline=_days(-3), as_of=TODAY) == c.RED


@pytest.mark.parametrize(
    "submitted, due, expected",
    [
        (_days(0), _days(0), c.GREEN),
        (_days(1), _days(0), c.YELLOW),
        (None, _days(0), c.GREY),
        (None, _days(1), c.GREY),
        (None, _days(-1), c.RED),
    ],
)
def test_report_colour_on_each_boundary(submitted, due, expected):
    verdict = ev.report_verdict(due_on=due, submitted_on=submitted, as_of=TODAY)
    assert c.report_colour(verdict=verdict, due_on=due, as_of=TODAY) == expected


def test_every_colour_has_a_label_and_every_object_a_method():
    assert set(c.COLOUR_LABELS) == set(c.COLOURS)
    assert set(c.COLOUR_METHOD) == {"indicator", "task", "report"}
