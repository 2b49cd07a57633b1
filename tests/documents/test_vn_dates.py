import datetime as dt

import pytest

from dxtrack.documents.vn_dates import date_line, vn_date


@pytest.mark.parametrize(
    "day, expected",
    [
        (dt.date(2025, 8, 11), "Quảng Ngãi, ngày 11 tháng 8 năm 2025"),
        (dt.date(2026, 2, 5), "Quảng Ngãi, ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 12, 2), "Quảng Ngãi, ngày 02 tháng 12 năm 2026"),
        (dt.date(2026, 1, 31), "Quảng Ngãi, ngày 31 tháng 01 năm 2026"),
    ],
)
def test_date_line_writes_leading_zeros_as_the_decree_does(day, expected):
    assert date_line("Quảng Ngãi", day) == expected


def test_vn_date_is_day_month_year_and_nothing_for_no_day():
    assert vn_date(dt.date(2026, 2, 5)) == "05/02/2026"
    assert vn_date(None) == ""
