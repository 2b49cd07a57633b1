"""The deadline a task is held to: the plan's, an approved extension's, or the period's end."""

import datetime as dt

import pytest

from dxtrack.reporting.deadlines import deadline_extended, task_deadline

D = dt.date
PLAN_END, EXTENDED, PERIOD_END = D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)


@pytest.mark.parametrize(
    "ends_on, extended_to, recurring, period_end, deadline, extended",
    [
        (PLAN_END, None, False, PERIOD_END, PLAN_END, False),
        (PLAN_END, EXTENDED, False, PERIOD_END, EXTENDED, True),
        (None, None, False, PERIOD_END, None, False),  # the plan gives no date
        (None, EXTENDED, False, PERIOD_END, EXTENDED, True),
        (PLAN_END, PLAN_END, False, PERIOD_END, PLAN_END, False),  # "extended" to the same day
        # Recurring: held to each period's end, an extension changes nothing.
        (D(2030, 12, 31), None, True, PERIOD_END, PERIOD_END, False),
        (D(2030, 12, 31), EXTENDED, True, PERIOD_END, PERIOD_END, False),
        # Outside a period (the extension pages): the deadline in force.
        (D(2030, 12, 31), EXTENDED, True, None, EXTENDED, False),
        (PLAN_END, EXTENDED, False, None, EXTENDED, True),
    ],
)
def test_task_deadline(ends_on, extended_to, recurring, period_end, deadline, extended):
    found = task_deadline(
        ends_on=ends_on, extended_to=extended_to, recurring=recurring, period_end=period_end
    )
    assert found == deadline
    assert deadline_extended(ends_on=ends_on, deadline=found, recurring=recurring) is extended
