"""Calendar rules of reporting periods: due dates, bounds, active tasks."""

import datetime as dt

import pytest

from dxtrack.reporting.period_rules import (
    default_due_dates,
    period_bounds,
    task_active,
)

D = dt.date


@pytest.mark.parametrize(
    "kind, ends_on, expected",
    [
        # Plan 2026–2030: agencies by 30/11, the department by 15/12.
        ("yearly", D(2026, 12, 31), (D(2026, 11, 30), D(2026, 12, 15))),
        # Resolution 57 plan: by the 10th of the month after the period.
        ("monthly", D(2026, 1, 31), (D(2026, 2, 10), D(2026, 2, 15))),
        ("quarterly", D(2026, 3, 31), (D(2026, 4, 10), D(2026, 4, 15))),
        ("half_yearly", D(2026, 6, 30), (D(2026, 7, 10), D(2026, 7, 15))),
        ("monthly", D(2026, 12, 31), (D(2027, 1, 10), D(2027, 1, 15))),
        ("ad_hoc", D(2026, 8, 11), (D(2026, 8, 11), None)),
    ],
)
def test_default_due_dates(kind, ends_on, expected):
    assert default_due_dates(kind=kind, ends_on=ends_on) == expected


@pytest.mark.parametrize(
    "kind, year, number, expected",
    [
        ("yearly", 2026, 1, (D(2026, 1, 1), D(2026, 12, 31))),
        ("half_yearly", 2026, 1, (D(2026, 1, 1), D(2026, 6, 30))),
        ("half_yearly", 2026, 2, (D(2026, 7, 1), D(2026, 12, 31))),
        ("quarterly", 2026, 1, (D(2026, 1, 1), D(2026, 3, 31))),
        ("quarterly", 2026, 4, (D(2026, 10, 1), D(2026, 12, 31))),
        ("monthly", 2028, 2, (D(2028, 2, 1), D(2028, 2, 29))),  # a leap year
        ("monthly", 2026, 2, (D(2026, 2, 1), D(2026, 2, 28))),
        ("monthly", 2026, 12, (D(2026, 12, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds(kind, year, number, expected):
    assert period_bounds(kind=kind, year=year, number=number) == expected


@pytest.mark.parametrize(
    "starts_on, recurrence, expected",
    [
        (D(2026, 1, 1), "", True),  # begun within the period
        (D(2024, 1, 1), "", True),  # begun earlier, still owed until reported done
        (D(2027, 1, 1), "", False),  # begins after the period
        (D(2027, 1, 1), "yearly", True),  # recurring: asked every period
        (None, "", True),  # no start written: asked
    ],
)
def test_task_active(starts_on, recurrence, expected):
    assert (
        task_active(starts_on=starts_on, recurrence=recurrence, period_end=D(2026, 12, 31))
        is expected
    )
