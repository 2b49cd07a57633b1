"""Indicator values as agencies write them: "87,43%", "1.250", "Đạt", "Không đạt".

No Django imports: the web form, the Excel upload and the API all read values here.
"""

from __future__ import annotations

from dataclasses import dataclass

from dxtrack.plans.vn_numbers import parse_vn_number
from dxtrack.vn_text import fold

_MET = {"dat", "hoan thanh", "co", "x"}
_NOT_MET = {"khong dat", "chua dat", "chua hoan thanh", "khong"}


@dataclass(frozen=True)
class ParsedValue:
    text: str
    number: float | None = None
    met: bool | None = None


class ValueError_(ValueError):
    """The text is not a value; the message is for the user, in Vietnamese."""


def parse_value(text: str) -> ParsedValue:
    """Read a reported value; an empty text is no value. Raises ValueError_ when unreadable."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        return ParsedValue(text="")
    folded = fold(cleaned).rstrip(".")
    if folded in _MET:
        return ParsedValue(text=cleaned, met=True)
    if folded in _NOT_MET:
        return ParsedValue(text=cleaned, met=False)
    number = parse_vn_number(cleaned)
    if number is None:
        raise ValueError_(
            f"“{cleaned}” không phải là một số liệu. Ghi số theo kiểu Việt Nam "
            "(ví dụ 1.250 hoặc 87,43%) hoặc “Đạt” / “Không đạt”."
        )
    return ParsedValue(text=cleaned, number=number)
