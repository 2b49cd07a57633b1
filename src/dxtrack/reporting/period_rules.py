"""Calendar rules of reporting periods. No Django imports.

The documents set the defaults: the yearly report is due from agencies by 30/11 and
from the department by 15/12 (plan 2026–2030); monthly, quarterly, half-yearly and
nine-month reports by the 10th of the month after the period (plan for Resolution 57);
daily reports before 16:00 of the day (the standing body's daily reporting, 004).

A due rule is written as text so a plan can keep its own and the API can take one:
  "next_month:10"    the 10th of the month after the period ends;
  "same_day:16:00"   the period's last day at 16:00 (before that time);
  "date:11-30"       30/11 of the year the period ends;
  "days_after:5"     five days after the period ends;
  "end"              the period's last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

YEARLY, HALF_YEARLY, QUARTERLY, MONTHLY, AD_HOC = (
    "yearly",
    "half_yearly",
    "quarterly",
    "monthly",
    "ad_hoc",
)
DAILY, WEEKLY, NINE_MONTHS = "daily", "weekly", "nine_months"

KINDS = (DAILY, WEEKLY, MONTHLY, QUARTERLY, HALF_YEARLY, NINE_MONTHS, YEARLY, AD_HOC)

# Months a period of each calendar kind spans.
_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, NINE_MONTHS: 9, YEARLY: 12}

# The province's defaults (see the module's docstring).
DEFAULT_DUE_RULES: dict[str, str] = {
    DAILY: "same_day:16:00",
    WEEKLY: "end",
    MONTHLY: "next_month:10",
    QUARTERLY: "next_month:10",
    HALF_YEARLY: "next_month:10",
    NINE_MONTHS: "next_month:10",
    YEARLY: "date:11-30",
    AD_HOC: "end",
}
# Days between the agencies' deadline and the consolidated report's (30/11 → 15/12).
CONSOLIDATED_AFTER_DAYS: dict[str, int] = {
    MONTHLY: 5,
    QUARTERLY: 5,
    HALF_YEARLY: 5,
    NINE_MONTHS: 5,
    YEARLY: 15,
}

KIND_LABELS: dict[str, str] = {
    DAILY: "ngày",
    WEEKLY: "tuần",
    MONTHLY: "tháng",
    QUARTERLY: "quý",
    HALF_YEARLY: "6 tháng",
    NINE_MONTHS: "9 tháng",
    YEARLY: "năm",
    AD_HOC: "đột xuất",
}


class DueRuleError(ValueError):
    """A due rule that cannot be read; the message is Vietnamese."""


@dataclass(frozen=True)
class Due:
    on: dt.date
    time: dt.time | None = None
    consolidated_on: dt.date | None = None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def due_from_rule(*, rule: str, kind: str, ends_on: dt.date) -> Due:
    """The deadline of a period of `kind` ending `ends_on` under `rule` (see the module)."""
    rule = (rule or DEFAULT_DUE_RULES.get(kind, "end")).strip()
    name, _, arg = rule.partition(":")
    try:
        if name == "next_month":
            first = _add_months(ends_on, 1)
            on, time = first.replace(day=min(int(arg), 28)), None
        elif name == "same_day":
            hours, _, minutes = arg.partition(":")
            on, time = ends_on, dt.time(int(hours), int(minutes or 0))
        elif name == "date":
            month, _, day = arg.partition("-")
            on, time = dt.date(ends_on.year, int(month), int(day)), None
        elif name == "days_after":
            on, time = ends_on + dt.timedelta(days=int(arg)), None
        elif name == "end" and not arg:
            on, time = ends_on, None
        else:
            raise ValueError(rule)
    except ValueError:
        raise DueRuleError(
            f"Quy tắc hạn gửi “{rule}” không hợp lệ; dùng next_month:10, same_day:16:00, "
            "date:11-30, days_after:5 hoặc end."
        ) from None
    after = CONSOLIDATED_AFTER_DAYS.get(kind)
    return Due(on, time, on + dt.timedelta(days=after) if after else None)


def series_bounds(*, kind: str, first_start: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The first and last days of `count` consecutive periods of `kind` from `first_start`
    (a nine-month period repeats yearly: January–September of each year)."""
    bounds = []
    for n in range(count):
        if kind == DAILY:
            start = first_start + dt.timedelta(days=n)
            end = start
        elif kind == WEEKLY:
            start = first_start + dt.timedelta(weeks=n)
            end = start + dt.timedelta(days=6)
        elif kind in _MONTHS:
            step = 12 if kind == NINE_MONTHS else _MONTHS[kind]
            start = _add_months(first_start, step * n).replace(day=first_start.day)
            end = _add_months(start, _MONTHS[kind]) - dt.timedelta(days=1)
        else:
            raise DueRuleError(f"Kỳ “{KIND_LABELS.get(kind, kind)}” không lập theo chuỗi được.")
        bounds.append((start, end))
    return bounds


def period_name(*, kind: str, starts_on: dt.date, ends_on: dt.date) -> str:
    """The name a series gives each period: "Báo cáo tháng 3/2026", "Báo cáo quý II/2026"."""
    if kind == DAILY:
        return f"Báo cáo ngày {starts_on:%d/%m/%Y}"
    if kind == WEEKLY:
        return f"Báo cáo tuần {starts_on:%d/%m} – {ends_on:%d/%m/%Y}"
    if kind == MONTHLY:
        return f"Báo cáo tháng {starts_on.month}/{starts_on.year}"
    if kind == QUARTERLY:
        quarter = ("I", "II", "III", "IV")[(starts_on.month - 1) // 3]
        return f"Báo cáo quý {quarter}/{starts_on.year}"
    if kind == HALF_YEARLY:
        return f"Báo cáo 6 tháng {'đầu' if starts_on.month <= 6 else 'cuối'} năm {starts_on.year}"
    if kind == NINE_MONTHS:
        return f"Báo cáo 9 tháng năm {starts_on.year}"
    if kind == YEARLY:
        return f"Báo cáo năm {starts_on.year}"
    return f"Báo cáo đột xuất {starts_on:%d/%m/%Y}"


def _tenth_of_next_month(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, 10)


def default_due_dates(*, kind: str, ends_on: dt.date) -> tuple[dt.date, dt.date | None]:
    """(agencies' due date, consolidated report's due date) for a period ending `ends_on`."""
    if kind == YEARLY:
        return dt.date(ends_on.year, 11, 30), dt.date(ends_on.year, 12, 15)
    if kind == DAILY:
        return ends_on, None
    if kind in (MONTHLY, QUARTERLY, HALF_YEARLY, NINE_MONTHS):
        due = _tenth_of_next_month(ends_on)
        return due, due + dt.timedelta(days=5)
    return ends_on, None


def period_bounds(*, kind: str, year: int, number: int = 1) -> tuple[dt.date, dt.date]:
    """The first and last day of the `number`-th period of `kind` in `year`."""
    if kind == YEARLY:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == NINE_MONTHS:
        return dt.date(year, 1, 1), dt.date(year, 9, 30)
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
