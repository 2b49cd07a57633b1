"""Paragraph text as a PDF or a hard-wrapped page gives it, put back together.

A PDF's text layer holds lines, not paragraphs: a target bullet, a duty or an appendix
caption longer than the page is cut into two lines, the second of which starts in the
middle of a sentence. A table cell's lines are cut the same way, also right after a
hyphen or dash ("2026–" / "2030"). Both are rejoined here before the body is read.
Pure: no Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dxtrack.vn_text import collapse_spaces

__all__ = ["cell_text", "paragraphs_unwrapped"]

# A line this long that does not end a sentence ran into the page's margin.
_FULL_LINE = 60
_ENDS_SENTENCE = re.compile(r"[.;:!?…]\s*$|/\.\s*$")
_STARTS_BLOCK = re.compile(
    r"^\s*(?:[-–—+•*·▪●◦]\s|[IVXLC]+[.)]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s)", re.IGNORECASE
)
# A line cut right after a dash that joins two words or numbers: "2026–" + "2030", "57-" + "NQ".
_CUT_AT_DASH = re.compile(r"(?<=[^\s\-–—])([-–—])\n(?=\S)")


def paragraphs_unwrapped(paragraphs: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """(text, line) with each line that continues the one before joined to it: the one
    before is long and ends no sentence, and this one starts in lower case or closes a
    parenthesis the one before opened."""
    joined: list[tuple[str, int]] = []
    for raw, line in paragraphs:
        text = collapse_spaces(raw)
        if joined and text and _continues(joined[-1][0], text):
            joined[-1] = (f"{joined[-1][0]} {text}", joined[-1][1])
        else:
            joined.append((text, line))
    return joined


def _continues(previous: str, text: str) -> bool:
    if not previous or _STARTS_BLOCK.match(text):
        return False
    unclosed = previous.count("(") > previous.count(")")
    if unclosed and ")" in text:
        return True
    if len(previous) < _FULL_LINE or _ENDS_SENTENCE.search(previous):
        return False
    return text[:1].islower()


def cell_text(value: str) -> str:
    """A cell's text on one line: lines cut after a joining dash are rejoined without a
    space, other line breaks become one space."""
    return collapse_spaces(_CUT_AT_DASH.sub(r"\1", value))
