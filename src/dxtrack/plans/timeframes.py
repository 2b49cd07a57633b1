"""Task timeframes as the plans and reports write them, read into dates and a recurrence.

No Django imports. Dates are day/month/year. Forms the seed documents use: "2022 - 2025",
"2022 – 2025", "2023-2030", "Năm 2026", "Năm 2026 - 2030", "Năm 2026-2027", "Tháng 12/2026",
"31/3/2025", "31/12/ 2025" (a date broken across lines), "Thường xuyên", "Hằng năm",
"Hàng năm", "Hoàn thành trong năm 2025", "2025 và những năm tiếp theo".
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from dxtrack.vn_text import fold


@dataclass(frozen=True)
class Timeframe:
    """When a task runs or is due.

    start/end: inclusive dates, None when the text does not give that bound.
    recurrence: None, "continuous", "yearly", "quarterly" or "monthly".
    """

    start: date | None
    end: date | None
    recurrence: str | None


# Read in this order on folded text; the first hit wins, so "Thường xuyên, hằng năm" is
# continuous: work reported every period is also done every year.
_RECURRENCES: tuple[tuple[str, str], ...] = (
    ("thuong xuyen", "continuous"),
    ("lien tuc", "continuous"),
    ("hang nam", "yearly"),  # hằng năm and hàng năm fold alike
    ("moi nam", "yearly"),
    ("nam tiep theo", "yearly"),  # "2025 và những năm tiếp theo"
    ("hang quy", "quarterly"),
    ("moi quy", "quarterly"),
    ("hang thang", "monthly"),
    ("moi thang", "monthly"),
)

# Words anywhere before the first period that make it a deadline: only its end is known.
_DEADLINE_CUES = ("truoc", "cham nhat", "han", "hoan thanh", "den")
# Words that leave the end open: "2025 và những năm tiếp theo", "từ năm 2025". "Từ" must
# stand right before the period, as folded "tu" is also "tư" in "đầu tư".
_OPEN_END_AFTER = ("nam tiep theo", "tro di", "tro ve sau")
_OPEN_END_BEFORE = re.compile(r"(?<!\w)tu (?:(?:nam|ngay|thang) )?$")

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_YEAR = r"(?:19|20)\d{2}"
# One alternative per way of naming a period; each is tried left to right in the text.
_PERIOD = re.compile(
    rf"""
    (?P<day>(?<![\d/])(?P<d>\d{{1,2}})/(?P<d_month>\d{{1,2}})/(?P<d_year>{_YEAR})(?![\d/]))
    | (?P<half>\b0?6\ thang\ (?P<half_which>dau|cuoi)\ (?:nam\ )?(?P<h_year>{_YEAR})\b)
    | (?P<quarter>\bquy\ (?P<q>iv|iii|ii|i|[1-4])(?:/|\ nam\ |\ )(?P<q_year>{_YEAR})\b)
    | (?P<month>(?:\bthang\ (?P<m>\d{{1,2}})(?:/|\ nam\ )|(?<![\w/])(?P<m_bare>\d{{1,2}})/)
        (?P<m_year>{_YEAR})(?![\d/]))
    | (?P<year>(?<![\d/])(?P<y>{_YEAR})(?![\d/]))
    """,
    re.VERBOSE,
)
# What may join two periods into one span: "2022 - 2025", "từ tháng 7 đến tháng 12/2025".
_RANGE_JOINER = re.compile(r"\s*(?:-|den het|den|toi)\s*(?:nam\s+)?")
_SLASH_SPACING = re.compile(r"\s*/\s*")
_PLACEHOLDER = re.compile(r"[-.…_ ]*")


@dataclass(frozen=True)
class _Period:
    first_day: date
    last_day: date
    is_day: bool
    begin: int
    stop: int


def parse_timeframe(text: str) -> Timeframe | None:
    """Read a timeframe cell ("Thời gian", "Thời gian thực hiện", "Thời hạn", …).

    Returns None for an empty cell or a dash, and Timeframe(None, None, None) for text
    that names no period or recurrence it knows, so a person can look at it.

    Decisions a caller relies on:
    - A named period gives both bounds: "Năm 2026" is 1 Jan–31 Dec 2026, "Tháng 4/2025"
      1–30 April, "Quý II/2025" 1 April–30 June, "6 tháng đầu năm 2025" January–June,
      "2022 - 2025" 1 Jan 2022–31 Dec 2025.
    - A bare date is a deadline: "31/3/2025" gives end 31 March 2025 and no start, since
      the work is not done on that one day.
    - Deadline words ("Trước", "Chậm nhất", "Hạn", "Hoàn thành", "Đến") keep only the
      end: "Hoàn thành trong năm 2025" ends 31 Dec 2025 and has no start; "Trước
      30/11/2025" ends on 30 November itself.
    - "2025 và những năm tiếp theo" starts 1 Jan 2025, has no end and recurs yearly.
    - A recurrence may come with dates: "Năm 2026-2030 (hằng năm)" is the span plus
      "yearly"; "Thường xuyên" alone has no dates.
    """
    folded = _SLASH_SPACING.sub("/", fold(text))
    if _PLACEHOLDER.fullmatch(folded):
        return None
    recurrence = _first_hit(folded, _RECURRENCES)
    periods = _periods(folded)
    if not periods:
        return Timeframe(start=None, end=None, recurrence=recurrence)

    first = periods[0]
    before = folded[: first.begin]
    after = folded[first.stop :]
    second = periods[1] if len(periods) > 1 else None
    if second is not None and _RANGE_JOINER.fullmatch(folded[first.stop : second.begin]):
        return Timeframe(start=first.first_day, end=second.last_day, recurrence=recurrence)

    start: date | None = None if first.is_day else first.first_day
    end: date | None = first.last_day
    if _contains_word(before, _DEADLINE_CUES):
        start = None
    if _OPEN_END_BEFORE.search(before) or _contains_word(after, _OPEN_END_AFTER):
        start, end = first.first_day, None
    return Timeframe(start=start, end=end, recurrence=recurrence)


def _periods(folded: str) -> list[_Period]:
    periods = []
    for match in _PERIOD.finditer(folded):
        try:
            first_day, last_day = _bounds(match)
        except ValueError:  # 31/2/2025, Tháng 13/2025: not a date, not a period
            continue
        periods.append(
            _Period(
                first_day=first_day,
                last_day=last_day,
                is_day=match.group("day") is not None,
                begin=match.start(),
                stop=match.end(),
            )
        )
    return periods


def _bounds(match: re.Match[str]) -> tuple[date, date]:
    if match.group("day"):
        day = date(int(match["d_year"]), int(match["d_month"]), int(match["d"]))
        return day, day
    if match.group("half"):
        year = int(match["h_year"])
        if match["half_which"] == "dau":
            return date(year, 1, 1), date(year, 6, 30)
        return date(year, 7, 1), date(year, 12, 31)
    if match.group("quarter"):
        quarter = _ROMAN_QUARTERS.get(match["q"]) or int(match["q"])
        return _month_span(int(match["q_year"]), 3 * quarter - 2, 3 * quarter)
    if match.group("month"):
        month = int(match["m"] or match["m_bare"])
        return _month_span(int(match["m_year"]), month, month)
    year = int(match["y"])
    return date(year, 1, 1), date(year, 12, 31)


def _month_span(year: int, first_month: int, last_month: int) -> tuple[date, date]:
    last_day = calendar.monthrange(year, last_month)[1]
    return date(year, first_month, 1), date(year, last_month, last_day)


def _first_hit(folded: str, table: tuple[tuple[str, str], ...]) -> str | None:
    for phrase, meaning in table:
        if _contains_word(folded, (phrase,)):
            return meaning
    return None


def _contains_word(folded: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded) for p in phrases)
