"""Calendar rules of reporting periods. No Django imports.

The documents set the defaults: the yearly report is due from agencies by 30/11 and
from the department by 15/12 (plan 2026–2030); monthly, quarterly and half-yearly
reports by the 10th of the month after the period (plan for Resolution 57).
"""

from __future__ import annotations

import datetime as dt

YEARLY, HALF_YEARLY, QUARTERLY, MONTHLY, AD_HOC = (
    "yearly",
    "half_yearly",
    "quarterly",
    "monthly",
    "ad_hoc",
)


def _tenth_of_next_month(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, 10)


def default_due_dates(*, kind: str, ends_on: dt.date) -> tuple[dt.date, dt.date | None]:
    """(agencies' due date, consolidated report's due date) for a period ending `ends_on`."""
    if kind == YEARLY:
        return dt.date(ends_on.year, 11, 30), dt.date(ends_on.year, 12, 15)
    if kind in (MONTHLY, QUARTERLY, HALF_YEARLY):
        due = _tenth_of_next_month(ends_on)
        return due, due + dt.timedelta(days=5)
    return ends_on, None


def period_bounds(*, kind: str, year: int, number: int = 1) -> tuple[dt.date, dt.date]:
    """The first and last day of the `number`-th period of `kind` in `year`."""
    if kind == YEARLY:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = {HALF_YEARLY: 6, QUARTERLY: 3, MONTHLY: 1}[kind]
    first_month = (number - 1) * months + 1
    start = dt.date(year, first_month, 1)
    next_start = _tenth_of_next_month(dt.date(year, first_month + months - 1, 1)).replace(day=1)
    return start, next_start - dt.timedelta(days=1)


def task_active(*, starts_on: dt.date | None, recurrence: str, period_end: dt.date) -> bool:
    """Is a task asked for in the period? Recurring tasks every time; others once they have
    begun, including those past their deadline: a late task is owed until reported done
    (the caller leaves out tasks completed and approved earlier)."""
    return bool(recurrence) or starts_on is None or starts_on <= period_end
