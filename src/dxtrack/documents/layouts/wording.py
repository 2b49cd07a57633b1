"""The words the documents share: counts with all their categories, plan names, the note
under an appendix's title, Roman numerals of headings. No Django imports."""

from __future__ import annotations

import datetime as dt

from dxtrack.documents.content import Breakdown
from dxtrack.documents.letterhead import Letterhead
from dxtrack.plans.vn_numbers import format_vn_number

NO_NOTE = "Không có ý kiến."


NO_INDICATORS = (
    "Trong kỳ báo cáo này không có chỉ tiêu nào còn mục tiêu phải đánh giá "
    "(các mốc mục tiêu đã qua trước kỳ)."
)


def breakdown_text(breakdown: Breakdown, *, separator: str = ", ") -> str:
    """Every category of a count, zeros included: "2 chỉ tiêu đạt, 0 chỉ tiêu chưa đạt".
    Task categories hold commas ("quá hạn, chưa hoàn thành"): they are separated by "; "."""
    return separator.join(f"{count_text(part.count)} {part.label}" for part in breakdown.parts)


def count_text(number: int) -> str:
    return format_vn_number(number)


def plan_name(number: str, title: str) -> str:
    return f"{number} {title}".strip() if number else title


def appendix_note(letterhead: Letterhead, day: dt.date) -> str:
    """ "(Kèm theo Báo cáo số …/BC-SKHCN ngày …/12/2026 của …)": the clerk fills the number
    and the day on registration."""
    return (
        f"(Kèm theo Báo cáo số {' ' * 6}/{letterhead.symbol} ngày {' ' * 6}/{day.month}/{day.year}"
        f" của {letterhead.head_title})"
    )


def roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out
