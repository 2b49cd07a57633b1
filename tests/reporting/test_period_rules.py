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


# ----------------------------------------------------------------------- series and due rules


@pytest.mark.parametrize(
    ("kind", "rule", "ends_on", "due"),
    [
        ("monthly", "", dt.date(2026, 3, 31), (dt.date(2026, 4, 10), None, dt.date(2026, 4, 15))),
        ("daily", "", dt.date(2026, 12, 7), (dt.date(2026, 12, 7), dt.time(16, 0), None)),
        ("yearly", "", dt.date(2026, 12, 31), (dt.date(2026, 11, 30), None, dt.date(2026, 12, 15))),
        (
            "nine_months",
            "",
            dt.date(2026, 9, 30),
            (dt.date(2026, 10, 10), None, dt.date(2026, 10, 15)),
        ),
        ("weekly", "days_after:2", dt.date(2026, 12, 13), (dt.date(2026, 12, 15), None, None)),
    ],
)
def test_the_due_rules_of_the_seeds(kind, rule, ends_on, due):
    from dxtrack.reporting.period_rules import due_from_rule

    got = due_from_rule(rule=rule, kind=kind, ends_on=ends_on)

    assert (got.on, got.time, got.consolidated_on) == due


def test_an_unreadable_due_rule_says_which_rules_exist():
    from dxtrack.reporting.period_rules import DueRuleError, due_from_rule

    with pytest.raises(DueRuleError, match="next_month:10, same_day:16:00"):
        due_from_rule(rule="mùng 10", kind="monthly", ends_on=dt.date(2026, 1, 31))


def test_series_of_every_calendar_kind():
    from dxtrack.reporting.period_rules import period_name, series_bounds

    quarters = series_bounds(kind="quarterly", first_start=dt.date(2026, 1, 1), count=4)
    halves = series_bounds(kind="half_yearly", first_start=dt.date(2026, 1, 1), count=2)
    nine = series_bounds(kind="nine_months", first_start=dt.date(2026, 1, 1), count=2)
    weeks = series_bounds(kind="weekly", first_start=dt.date(2026, 12, 7), count=2)

    assert quarters[-1] == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert halves[1] == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert nine == [
        (dt.date(2026, 1, 1), dt.date(2026, 9, 30)),
        (dt.date(2027, 1, 1), dt.date(2027, 9, 30)),
    ]
    assert weeks[1] == (dt.date(2026, 12, 14), dt.date(2026, 12, 20))
    assert period_name(kind="quarterly", starts_on=quarters[1][0], ends_on=quarters[1][1]) == (
        "Báo cáo quý II/2026"
    )
