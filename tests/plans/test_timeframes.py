from datetime import date

import pytest

from dxtrack.plans.timeframes import Timeframe, parse_timeframe


def _span(start, end, recurrence=None):
    return Timeframe(start=start, end=end, recurrence=recurrence)


def _years(first, last, recurrence=None):
    return _span(date(first, 1, 1), date(last, 12, 31), recurrence)


@pytest.mark.parametrize(
    "text, expected",
    [
        # 000 "Thời gian".
        ("2022 - 2025", _years(2022, 2025)),
        ("2022 – 2025", _years(2022, 2025)),
        ("2022 - 2023", _years(2022, 2023)),
        ("2022 - 2024", _years(2022, 2024)),
        # 001 "Thời gian thực hiện".
        ("2023-2030", _years(2023, 2030)),
        ("2024-2025", _years(2024, 2025)),
        ("2024 - 2025", _years(2024, 2025)),
        ("2024-2030", _years(2024, 2030)),
        ("2025-2026", _years(2025, 2026)),
        ("2025-2027", _years(2025, 2027)),
        ("2025-2030", _years(2025, 2030)),
        ("2026-2030", _years(2026, 2030)),
        # 002 "Thời gian thực hiện".
        ("Năm 2026", _years(2026, 2026)),
        ("Năm 2026 - 2030", _years(2026, 2030)),
        ("Năm 2026-2027", _years(2026, 2027)),
        ("Năm 2026-2028", _years(2026, 2028)),
        ("Năm 2026-2030", _years(2026, 2030)),
        ("Năm 2028 - 2030", _years(2028, 2030)),
        ("2026", _years(2026, 2026)),
    ],
)
def test_parse_timeframe_reads_years_as_whole_years(text, expected):
    assert parse_timeframe(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 002 and 003 ("Thời gian hoàn thành").
        ("Tháng 12/2026", _span(date(2026, 12, 1), date(2026, 12, 31))),
        ("Tháng 12/2025", _span(date(2025, 12, 1), date(2025, 12, 31))),
        ("Tháng 4/2025", _span(date(2025, 4, 1), date(2025, 4, 30))),
        ("Tháng 5/2025", _span(date(2025, 5, 1), date(2025, 5, 31))),
        ("Tháng 6/2026", _span(date(2026, 6, 1), date(2026, 6, 30))),
        ("Tháng 6/2028", _span(date(2028, 6, 1), date(2028, 6, 30))),
        ("Tháng 9/2025", _span(date(2025, 9, 1), date(2025, 9, 30))),
        ("Tháng 9/2026", _span(date(2026, 9, 1), date(2026, 9, 30))),
        ("Tháng 2/2028", _span(date(2028, 2, 1), date(2028, 2, 29))),
        # Spacing, case and diacritics as people type them.
        ("Tháng 12 /2026", _span(date(2026, 12, 1), date(2026, 12, 31))),
        ("tháng 12 / 2026", _span(date(2026, 12, 1), date(2026, 12, 31))),
        ("tháng 12 năm 2026", _span(date(2026, 12, 1), date(2026, 12, 31))),
        ("THÁNG 12/2026", _span(date(2026, 12, 1), date(2026, 12, 31))),
        ("thang 12/2026", _span(date(2026, 12, 1), date(2026, 12, 31))),
        ("12/2026", _span(date(2026, 12, 1), date(2026, 12, 31))),
    ],
)
def test_parse_timeframe_reads_a_month_from_its_first_to_its_last_day(text, expected):
    assert parse_timeframe(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Quý II/2025", _span(date(2025, 4, 1), date(2025, 6, 30))),
        ("Quý 3/2025", _span(date(2025, 7, 1), date(2025, 9, 30))),
        ("quý I/2025", _span(date(2025, 1, 1), date(2025, 3, 31))),
        ("Quý IV năm 2025", _span(date(2025, 10, 1), date(2025, 12, 31))),
        ("6 tháng đầu năm 2025", _span(date(2025, 1, 1), date(2025, 6, 30))),
        ("06 tháng cuối năm 2025", _span(date(2025, 7, 1), date(2025, 12, 31))),
    ],
)
def test_parse_timeframe_reads_quarters_and_half_years(text, expected):
    assert parse_timeframe(text) == expected


@pytest.mark.parametrize(
    "text, deadline",
    [
        # 004 "Thời hạn", including dates the PDF broke across lines.
        ("31/3/2025", date(2025, 3, 31)),
        ("30/6/2025", date(2025, 6, 30)),
        ("30/9/2025", date(2025, 9, 30)),
        ("30/6/2028", date(2028, 6, 30)),
        ("31/12/ 2025", date(2025, 12, 31)),
        ("31/12/ \n2025", date(2025, 12, 31)),
        ("31/7/ 2025", date(2025, 7, 31)),
        ("31/12 /2025", date(2025, 12, 31)),
        ("01/10/2025", date(2025, 10, 1)),
        # Deadline words keep only the end of the period they name.
        ("Trước 30/11/2025", date(2025, 11, 30)),
        ("trước ngày 15/7/2025", date(2025, 7, 15)),
        ("Chậm nhất ngày 31/12/2025", date(2025, 12, 31)),
        ("Hoàn thành trong năm 2025", date(2025, 12, 31)),
        ("Đến hết năm 2025", date(2025, 12, 31)),
        ("Trước tháng 6/2026", date(2026, 6, 30)),
    ],
)
def test_parse_timeframe_reads_a_date_or_deadline_as_an_end_without_a_start(text, deadline):
    assert parse_timeframe(text) == _span(None, deadline)


@pytest.mark.parametrize(
    "text, recurrence",
    [
        ("Thường xuyên", "continuous"),
        ("thường xuyên", "continuous"),
        ("Thuong xuyen", "continuous"),
        ("Hằng năm", "yearly"),
        ("Hàng năm", "yearly"),
        ("hằng năm", "yearly"),
        ("Hằng quý", "quarterly"),
        ("Hàng quý", "quarterly"),
        ("Hằng tháng", "monthly"),
        ("Thường xuyên, hằng năm", "continuous"),
    ],
)
def test_parse_timeframe_reads_recurrences_without_dates(text, recurrence):
    assert parse_timeframe(text) == _span(None, None, recurrence)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Năm 2026-2030 (hằng năm)", _years(2026, 2030, "yearly")),
        ("2025 và những năm tiếp theo", _span(date(2025, 1, 1), None, "yearly")),
        ("Từ năm 2025", _span(date(2025, 1, 1), None)),
        (
            "từ tháng 7/2025 đến hết tháng 12/2025",
            _span(date(2025, 7, 1), date(2025, 12, 31)),
        ),
        ("01/7/2025 - 31/12/2025", _span(date(2025, 7, 1), date(2025, 12, 31))),
    ],
)
def test_parse_timeframe_combines_spans_open_ends_and_recurrences(text, expected):
    assert parse_timeframe(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "-", "–", "…"])
def test_parse_timeframe_returns_none_for_an_empty_cell(text):
    assert parse_timeframe(text) is None


@pytest.mark.parametrize(
    "text",
    ["Theo tiến độ dự án", "Khi có yêu cầu", "Tháng 13/2025", "31/2/2025", "Trước ngày 15/12"],
)
def test_parse_timeframe_returns_an_empty_timeframe_for_text_it_cannot_read(text):
    assert parse_timeframe(text) == _span(None, None)
