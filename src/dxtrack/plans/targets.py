"""Indicator targets as the plans write them, read into comparator, value and unit.

No Django imports. The text as written is stored next to the parsed form; this module only
reads it. Forms the seed plans use: "100%", "≥ 10%", "> 50%", "≤ 15", "≥ 1.000", "≥ 0,6",
"1,0", "30-40", "Tối thiểu 50%", "Trên 80%", "khoảng 20%", "Phấn đấu 20%", "Đạt",
"Hoàn thành", "X", "01 dự án", "-", "…..", and whole sentences from a plan's body such as
"Tỷ trọng kinh tế số đạt tối thiểu 30% GRDP."
"""

import re
import unicodedata
from dataclasses import dataclass

from dxtrack.plans.vn_numbers import NUMBER_PATTERN, parse_vn_number
from dxtrack.vn_text import collapse_spaces, fold


@dataclass(frozen=True)
class Target:
    """A parsed target.

    comparator: ">=", ">", "<=", "<", "=", "approx", "done" or None (written but not
    understood). value: the number, None for "done" and when not understood. unit: "%",
    a unit word as written ("dự án", "doanh nghiệp") or None.
    """

    comparator: str | None
    value: float | None
    unit: str | None
    # The upper bound of a range ("30-40%", "từ 30% đến 40%"): `value` is the lower one.
    high: float | None = None


NOT_UNDERSTOOD = Target(comparator=None, value=None, unit=None)

# Cells that say "no target at this milestone": a dash, dots or an ellipsis.
_NO_TARGET = re.compile(r"[-–—.…_]*")

# Cues read on folded text immediately before the number, longest first so "không quá"
# is not read as "quá" and "không dưới" not as "dưới".
_COMPARATOR_CUES: tuple[tuple[str, str], ...] = (
    ("≥", ">="),
    (">=", ">="),
    ("=>", ">="),
    ("≤", "<="),
    ("<=", "<="),
    ("=<", "<="),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
    ("~", "approx"),
    ("≈", "approx"),
    ("toi thieu", ">="),
    ("it nhat", ">="),
    ("khong duoi", ">="),
    ("khong it hon", ">="),
    ("tren", ">"),
    ("hon", ">"),
    ("vuot", ">"),
    ("duoi", "<"),
    ("it hon", "<"),
    ("toi da", "<="),
    ("khong qua", "<="),
    ("khong vuot qua", "<="),
    ("khong vuot", "<="),
    ("khoang", "approx"),
    ("xap xi", "approx"),
    ("gan", "approx"),
    # Phấn đấu ("strive for") marks a target as aspirational but sets no direction of its
    # own: 002 writes "Phấn đấu 20% doanh nghiệp…" in its body and plain "20%" for the
    # same indicator in Phụ lục I, so both must read the same. ("Phần đầu" is the typo
    # the plans use; it folds to the same text.)
    ("phan dau", ">="),
)
_CUE_AT_END = re.compile(
    r"(?P<cue>"
    + "|".join(
        # Word cues must start a word ("hon" is not the end of "chon"); signs need not.
        (r"(?<!\w)" if cue[0].isalpha() else "") + re.escape(cue)
        for cue, _ in sorted(_COMPARATOR_CUES, key=lambda c: -len(c[0]))
    )
    + r")\s*$"
)
_COMPARATOR_BY_CUE = dict(_COMPARATOR_CUES)

# Words that may stand between a cue and its number: "phấn đấu đạt 20%", "tối thiểu
# đạt 50%", "tăng tối thiểu 7%" (the cue is then already next to the number).
_FILLER_AT_END = re.compile(r"(?:^|\s)(?:dat|la|o muc|muc|co|tang)\s*$")

# Answers meaning "achieved" rather than a quantity; X marks a milestone column. Read
# with diacritics, because folded "dat" would also be "Đặt" (to place) and "Đất" (land).
_DONE = re.compile(r"(?:đã )?(?:đạt|hoàn thành)\b|x$")
# Without diacritics only a whole cell is trusted: "Dat", "Hoan thanh".
_DONE_FOLDED = frozenset({"dat", "da dat", "hoan thanh", "da hoan thanh", "x"})

# A number standing on its own: not part of "IPv6", "4G", "33/2025", "57-NQ" or a date.
_QUANTITY = re.compile(rf"(?<![\w/]){NUMBER_PATTERN}(?![\w/]|[-–—][^\W\d_])")
# Numbers that name a year, month, document and so on rather than a quantity. Read with
# diacritics: folded "so" would also catch "hồ sơ 100%".
_NOT_A_QUANTITY_AFTER = re.compile(r"(?<!\w)(?:năm|giai đoạn|tháng|quý|ngày|số)\s*$")
_PERCENT = re.compile(r"\s*%")
# A range, whichever dash or word joins its ends: "30-40%", "30 – 40%", "30% - 40%",
# "từ 30% đến 40%", "15 đến 20 doanh nghiệp".
_RANGE_JOIN = r"\s*%?\s*(?:[-–—‐‑−]|đến|tới)\s*"
_RANGE_AFTER = re.compile(rf"{_RANGE_JOIN}(?P<high>{NUMBER_PATTERN})(?![\w/])", re.IGNORECASE)
_RANGE_BEFORE = re.compile(
    rf"(?<![\w/.,])(?P<low>{NUMBER_PATTERN}){_RANGE_JOIN}$", re.IGNORECASE
)

# Count nouns a plan puts after a number; the unit of a long sentence is read from this
# list, while a short remainder ("05 doanh nghiệp") is taken whole.
_COUNT_UNITS: tuple[str, ...] = (
    "bai bao",
    "benh vien",
    "chuong trinh",
    "co so du lieu",
    "doanh nghiep",
    "du an",
    "he thong",
    "ke hoach",
    "khu cong nghiep",
    "nen tang",
    "nguoi",
    "nhiem vu",
    "san pham",
    "sang kien",
    "to chuc",
    "trung tam",
    "ung dung",
    "xa",
)
_MAX_UNIT_WORDS = 3
_UNIT_TRIM = " .,;:()"


def parse_target(text: str, *, unit: str | None = None) -> Target | None:
    """Read a target cell (or a target sentence) into comparator, value and unit.

    Returns None when the text says there is no target ("", "-", "…..", "....."), and
    `NOT_UNDERSTOOD` (all fields None) when something is written but holds neither a
    number nor an "achieved" answer ("Báo cáo thực hiện"), so that callers can tell a
    blank cell from one that needs a person to read it.

    `unit` is the unit the table gives in a column of its own (003's "Đơn vị": "%",
    "Doanh nghiệp"); it applies when the cell names none, and one that starts with "%"
    ("% GRDP", "% dân số") is "%".

    Decisions a caller relies on:
    - A bare number is ">=" ("100%", "80"): a plan's target is a level to reach, as the
      plan JSON specification writes it; only an explicit "=" sign gives "=".
    - "Phấn đấu" is ">=" too, see _COMPARATOR_CUES.
    - A range ("30-40%", "30 – 40%", "từ 30% đến 40%") is ">=" its lower end, reaching the
      floor meets the target, with the upper end in `high`; a year after "đến" ("50% đến
      2025") is no upper end.
    - "Đạt", "Hoàn thành" (also "Hoàn thành kết nối") and "X" are "done" with no value.
    - In a sentence the first percentage is the target, else the first standalone number
      that is not a year, month or document number; the cue must stand right before it,
      so "trên" in "trên địa bàn tỉnh đạt 60%" does not make it "> 60".
    """
    cleaned = collapse_spaces(text)
    if _NO_TARGET.fullmatch(cleaned):
        return None
    number = _target_number(cleaned)
    if number is None:
        if _DONE.match(_lower(cleaned)) or fold(cleaned) in _DONE_FOLDED:
            return Target(comparator="done", value=None, unit=None)
        return NOT_UNDERSTOOD
    value = parse_vn_number(number.group())
    start, end, high = number.start(), number.end(), None
    after = _RANGE_AFTER.match(cleaned, end)
    before = _RANGE_BEFORE.search(cleaned, 0, start)
    if after and _is_range(value, parse_vn_number(after.group("high"))):
        high, end = parse_vn_number(after.group("high")), after.end()
    elif before and _is_range(parse_vn_number(before.group("low")), value):
        value, high, start = parse_vn_number(before.group("low")), value, before.start()
    rest = cleaned[end:]
    comparator = _comparator_before(cleaned[:start])
    if comparator is None:
        comparator = ">="
    return Target(
        comparator=comparator,
        value=value,
        unit=_unit_after(rest) or _column_unit(unit),
        high=high,
    )


def _is_range(low: float | None, high: float | None) -> bool:
    if low is None or high is None or high <= low:
        return False
    # "50% đến 2025": a year is a milestone, not the upper end of a share.
    return not (1900 <= high <= 2100 and low < 1900)


def _target_number(cleaned: str) -> re.Match[str] | None:
    quantities = [
        match
        for match in _QUANTITY.finditer(cleaned)
        if not _NOT_A_QUANTITY_AFTER.search(_lower(cleaned[: match.start()]))
        and parse_vn_number(match.group()) is not None
    ]
    for match in quantities:
        if _PERCENT.match(cleaned, match.end()):
            return match
    return quantities[0] if quantities else None


def _comparator_before(prefix: str) -> str | None:
    folded = fold(prefix)
    cue = _CUE_AT_END.search(folded)
    while cue is None:
        filler = _FILLER_AT_END.search(folded)
        if filler is None:
            return None
        folded = folded[: filler.start()]
        cue = _CUE_AT_END.search(folded)
    return _COMPARATOR_BY_CUE[cue.group("cue")]


def _unit_after(rest: str) -> str | None:
    if _PERCENT.match(rest):
        return "%"
    words = rest.strip(_UNIT_TRIM).split()
    if not words:
        return None
    if len(words) <= _MAX_UNIT_WORDS and not any(c.isdigit() for c in rest):
        return " ".join(words).strip(_UNIT_TRIM)
    folded_words = [fold(word) for word in words]
    for count_unit in sorted(_COUNT_UNITS, key=lambda u: -len(u.split())):
        size = len(count_unit.split())
        if " ".join(folded_words[:size]).strip(_UNIT_TRIM) == count_unit:
            return " ".join(words[:size]).strip(_UNIT_TRIM)
    return None


def _lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _column_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    cleaned = collapse_spaces(unit)
    # "% GRDP", "% dân số": the qualifier belongs to the indicator, the unit is a percentage.
    if cleaned.startswith("%"):
        return "%"
    return cleaned or None
