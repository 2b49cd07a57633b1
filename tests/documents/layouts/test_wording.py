import datetime as dt

import pytest

from documents.support import LETTERHEAD
from dxtrack.documents.content import Breakdown, Part
from dxtrack.documents.layouts.wording import appendix_note, breakdown_text, plan_name, roman


def test_a_breakdown_names_every_category_zeros_included():
    tasks = Breakdown(
        total=1250,
        parts=(
            Part(label="đúng hạn", count=1250),
            Part(label="quá hạn, chưa hoàn thành", count=0),
        ),
    )

    assert breakdown_text(tasks, separator="; ") == ("1.250 đúng hạn; 0 quá hạn, chưa hoàn thành")


@pytest.mark.parametrize(
    "number, expected", [(1, "I"), (2, "II"), (4, "IV"), (5, "V"), (9, "IX"), (14, "XIV")]
)
def test_headings_are_numbered_in_roman_numerals(number, expected):
    assert roman(number) == expected


def test_a_plan_is_named_by_its_number_then_its_title():
    assert plan_name("95/KH-UBND", "Kế hoạch chuyển đổi số") == "95/KH-UBND Kế hoạch chuyển đổi số"
    assert plan_name("", "Kế hoạch chuyển đổi số") == "Kế hoạch chuyển đổi số"


def test_the_appendix_note_leaves_the_number_and_day_to_the_clerk():
    note = appendix_note(LETTERHEAD, dt.date(2026, 12, 2))

    assert note == (
        "(Kèm theo Báo cáo số       /BC-SKHCN ngày       /12/2026 của "
        "Giám đốc Sở Khoa học và Công nghệ tỉnh Quảng Ngãi)"
    )
