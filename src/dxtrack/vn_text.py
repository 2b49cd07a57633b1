"""Vietnamese text helpers: folding for search and name matching.

No Django imports: used by parsers, the resolver and search alike.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters the documents use interchangeably with a plain hyphen or space.
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ", "\u200b": ""})


def collapse_spaces(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) into one space."""
    return _SPACES.sub(" ", text.translate(_DASHES)).strip()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks; đ becomes d."""
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return without_marks.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """The search key of a text: lower case, no diacritics, single spaces.

    "Chữ  Ký số" and "chu ky so" fold to the same string.
    """
    return collapse_spaces(strip_diacritics(unicodedata.normalize("NFC", text)).lower())


_NON_WORD = re.compile(r"[^0-9a-z&]+")


def name_key(text: str) -> str:
    """A key for matching agency names: folded, punctuation dropped, single spaces.

    "Sở TT&TT" -> "so tt&tt"; "Sở Lao động – Thương binh và Xã hội" ->
    "so lao dong thuong binh va xa hoi".
    """
    return _NON_WORD.sub(" ", fold(text)).strip()
