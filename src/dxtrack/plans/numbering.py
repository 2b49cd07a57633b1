"""Row numbers of plan tables: 1, 1., 09, 1.1, I, I., I.1, V.2, A, -, +.

The kind of a number says where a row sits: letters and Roman numerals head
sections, Arabic numbers count items, dotted numbers count sub-items.
"""

import re
from dataclasses import dataclass

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_PATTERNS = [
    ("roman_dotted", re.compile(rf"^({_ROMAN})\.(\d+)\.?$")),
    ("roman", re.compile(rf"^({_ROMAN})\.?$")),
    ("letter", re.compile(r"^([A-HJ-UW-Z])\.?$")),
    ("arabic_dotted", re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?$")),
    ("arabic", re.compile(r"^(\d{1,3})\.?$")),
    ("bullet", re.compile(r"^([-+•·*])$")),
]
# Outer kinds first: a section of a kind closes any open section of the same or a later kind.
KIND_RANK = {"letter": 0, "roman": 1, "roman_dotted": 2, "arabic": 3, "arabic_dotted": 4}


@dataclass(frozen=True)
class Number:
    text: str  # as written, without the trailing dot
    kind: str  # a key of KIND_RANK, or "bullet"

    @property
    def rank(self) -> int:
        if self.kind == "arabic_dotted":
            return KIND_RANK["arabic_dotted"] + self.text.count(".") - 1
        return KIND_RANK.get(self.kind, 9)

    @property
    def heads_section(self) -> bool:
        return self.kind in ("letter", "roman", "roman_dotted")


def roman_value(text: str) -> int:
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def parse_number(text: str) -> Number | None:
    """The row number a cell holds, or None when the cell is not a row number."""
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    for kind, pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if match and match.group(0).rstrip("."):
            if kind in ("roman", "roman_dotted") and not match.group(1):
                continue
            return Number(text=cleaned.rstrip(".") if kind != "bullet" else cleaned, kind=kind)
    return None


_MAX_SKIP = 5  # rows left out or misnumbered; a larger jump is not the next row


class NumberSequence:
    """Tracks the numbers seen so far to tell a row number from a number-like cell.

    Used where the source lost row boundaries: a line holding only "2025"
    is a cell (a year), not the row after row 17.
    """

    def __init__(self) -> None:
        self._last: dict[str, Number] = {}

    def accept(self, number: Number) -> None:
        self._last[number.kind] = number

    def plausible(self, candidate: Number) -> bool:
        last = self._last.get(candidate.kind)
        if candidate.kind == "bullet":
            return True
        if candidate.kind == "roman":
            previous = roman_value(last.text) if last else 0
            return 0 < roman_value(candidate.text) - previous <= 2
        if candidate.kind == "letter":
            previous = ord(last.text) if last else ord("A") - 1
            return 0 < ord(candidate.text) - previous <= 2
        if candidate.kind == "roman_dotted":
            return True
        if candidate.kind == "arabic":
            previous = int(last.text) if last else 0
            return int(candidate.text) == 1 or 0 < int(candidate.text) - previous <= 2
        # A sub-item follows its sibling or opens its group; "1.500" after "1.2" is an amount
        # written with a thousands dot, not item 500.
        parent, _, child = candidate.text.rpartition(".")
        if last is not None and last.text.rpartition(".")[0] == parent:
            return 0 < int(child) - int(last.text.rpartition(".")[2]) <= _MAX_SKIP
        arabic = self._last.get("arabic")
        if arabic is None:
            return False
        return int(parent.split(".")[0]) == int(arabic.text) and 0 < int(child) <= _MAX_SKIP
