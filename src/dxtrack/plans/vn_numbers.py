"""Numbers as Vietnamese documents write them: "1.000" is a thousand, "87,43" a decimal.

No Django imports: used by the target parser, importers and document writers alike.

Reading rules (`parse_vn_number`):
- A comma is the decimal mark and a dot groups thousands: "1.234,5" -> 1234.5.
- A dot counts as a thousands separator only where it can be one: the leading group has
  one to three digits and does not start with 0, and every later group has exactly three
  digits ("1.000", "12.345.678"). Any other single dot is a decimal point, because tables
  copied from spreadsheets sometimes carry English formatting: "0.6" -> 0.6,
  "87.43" -> 87.43, "0.600" -> 0.6. The one case that stays ambiguous, "1.500", reads
  the Vietnamese way (1500).
- When both marks occur, the last one is the decimal mark ("1,234.5" -> 1234.5).
- Several commas and no dot can only be grouping ("1,000,000" -> 1000000); a single
  comma is always decimal, so "1,000" -> 1.0 as a Vietnamese reader takes it.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

# A digit run with separators; which separator means what is decided by _to_float.
NUMBER_PATTERN = r"\d+(?:[.,]\d+)*"

_NUMBER = re.compile(rf"[-−]?{NUMBER_PATTERN}")
_DOT_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_COMMA_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")
# Decoration a number cell carries around its number: "≥3", "≥ 0,6", "87,43%".
_DECORATION = re.compile(r"^\s*(?:[≥≤<>=~≈]=?\s*)?(?P<number>.*?)\s*%?\s*$", re.DOTALL)


def parse_vn_number(text: str) -> float | None:
    """The number a cell holds, or None when the text is not a single number.

    A leading comparison sign ("≥3", "> 50") and a trailing "%" are skipped: this returns
    only the number; `parse_target` keeps the sign and the unit. See the module docstring
    for how dots and commas are read.
    """
    match = _DECORATION.match(text)
    candidate = match.group("number") if match else ""
    if not _NUMBER.fullmatch(candidate):
        return None
    negative = candidate[0] in "-−"
    value = _to_float(candidate.lstrip("-−"))
    if value is None:
        return None
    return -value if negative else value


def _to_float(digits: str) -> float | None:
    has_dot, has_comma = "." in digits, "," in digits
    if has_dot and has_comma:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _, fraction = digits.rpartition(decimal_mark)
        if decimal_mark in whole or not _is_grouped(whole, group_mark):
            return None
        return float(f"{whole.replace(group_mark, '')}.{fraction}")
    if has_dot:
        if _DOT_GROUPED.fullmatch(digits):
            return float(digits.replace(".", ""))
        return float(digits) if digits.count(".") == 1 else None
    if has_comma:
        if digits.count(",") == 1:
            return float(digits.replace(",", "."))
        return float(digits.replace(",", "")) if _COMMA_GROUPED.fullmatch(digits) else None
    return float(digits)


def _is_grouped(whole: str, group_mark: str) -> bool:
    if group_mark not in whole:
        return True
    pattern = _DOT_GROUPED if group_mark == "." else _COMMA_GROUPED
    return pattern.fullmatch(whole) is not None


def format_vn_number(value: float | int | Decimal, decimals: int | None = None) -> str:
    """Write a number the Vietnamese way: format_vn_number(1234.5) == "1.234,5".

    With `decimals` None the number keeps the decimals it needs and no more (100.0 ->
    "100", 0.1 -> "0,1"); otherwise it is rounded half up to that many places, as a
    person rounding by hand would (2.5 -> "3"), not to the even neighbour.
    """
    if decimals is not None and decimals < 0:
        raise ValueError(f"decimals must be zero or more, not {decimals}")
    # repr() gives the shortest text that round-trips, so 0.1 stays 0.1 and not
    # 0.1000000000000000055511151231257827.
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot write {value!r} as a number")
    if decimals is None:
        number = number.normalize()
    else:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number.is_zero():
        number = abs(number)
    english = format(number, ",f")
    return english.translate(str.maketrans(",.", ".,"))
