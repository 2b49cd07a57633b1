"""How the documents write a day: the decree's place and date line, and dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt


def date_line(place: str, day: dt.date) -> str:
    """ "Quảng Ngãi, ngày 05 tháng 02 năm 2026": the decree writes days below 10 and the
    months January and February with a leading zero."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"


def vn_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
