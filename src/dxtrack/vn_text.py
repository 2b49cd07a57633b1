"""Vietnamese text helpers: folding for search and name matching, and the control
characters text pasted from a PDF or a Word file may carry.

No Django imports: used by parsers, the resolver, search and the documents alike.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# White space a Word file or a web page writes instead of a plain space.
_WHITE = str.maketrans({"\u00a0": " ", "\u200b": ""})
# Characters the documents use interchangeably with a plain hyphen: the same for matching,
# but kept in the text as written ("2026 – 2030" stays with its en dash in a plan's names).
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
DASH_CHARACTERS = "-–—‐‑−"


def collapse_spaces(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) into one space; every other
    character, dashes and quotes included, is kept as written."""
    return _SPACES.sub(" ", text.translate(_WHITE)).strip()


def fold_dashes(text: str) -> str:
    """`text` with every kind of dash written as a plain hyphen: for parsing and matching,
    never for what is stored as written."""
    return text.translate(_DASHES)


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks; đ becomes d."""
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return without_marks.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """The search key of a text: lower case, no diacritics, single spaces.

    "Chữ  Ký số" and "chu ky so" fold to the same string; so do "2026 – 2030" and
    "2026 - 2030".
    """
    folded = strip_diacritics(unicodedata.normalize("NFC", text)).lower()
    return collapse_spaces(fold_dashes(folded))


_NON_WORD = re.compile(r"[^0-9a-z&]+")


def name_key(text: str) -> str:
    """A key for matching agency names: folded, punctuation dropped, single spaces.

    "Sở TT&TT" -> "so tt&tt"; "Sở Lao động – Thương binh và Xã hội" ->
    "so lao dong thuong binh va xa hoi".
    """
    return _NON_WORD.sub(" ", fold(text)).strip()


# The C0 control characters but tab, line feed and carriage return, and DEL: what text
# pasted from a PDF or a Word file may carry (a form feed at a page break, a vertical tab
# for a soft line break) and what no XML document, Word file or sheet can hold. One set, so
# that what a report stores and what a document prints never disagree.
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def strip_control_characters(text: str, *, replacement: str = "") -> str:
    """`text` without control characters (see CONTROL_CHARACTERS).

    At input (a report being saved) each is replaced by a space, since a form feed may be
    the only thing between two words; at output (a document being written) the text was
    cleaned when stored, and what is left is dropped so the download never fails.
    """
    return _CONTROL.sub(replacement, text)
