"""The words of a printed page and the columns of a table drawn without lines: the shapes
`pdf_tables_unruled` and `pdf_table_header` share (and the OCR and `pdf_furniture` give)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dxtrack.vn_text import collapse_spaces

__all__ = [
    "DASHES",
    "ROW_NUMBER",
    "Columns",
    "HorizontalRule",
    "PrintedLine",
    "Word",
    "lines_joined",
    "segment_text",
]

# A row's number as written in the "TT" column: Roman, Arabic (1, 1.2), a letter.
ROW_NUMBER = re.compile(r"^(?:[IVXLC]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$", re.I)
# A line ending in one of these keeps its break (see `lines_joined`).
DASHES = ("-", "–", "—", "‐", "‑")


@dataclass(frozen=True)
class Word:
    """A word and its box, in the page's units (points or pixels), top growing downwards.
    `confidence` (0–100) is the OCR's; None for a text layer."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False
    confidence: float | None = None

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class HorizontalRule:
    """A horizontal line printed on the page: at y `at`, from x `start` to `end` (the page's
    units, as the words')."""

    at: float
    start: float
    end: float


@dataclass(frozen=True)
class Columns:
    """A table's columns: labels and the x of the boundaries between them."""

    labels: tuple[str, ...]
    edges: tuple[float, ...]
    number: int | None  # the index of the "TT" column
    header_lines: int = 1  # printed lines of the header, to know it again on the next page
    # The header as a .docx gives it: one row, or two when a caption spans several columns
    # (the caption in the first of them, the others empty; below it the sub-labels, the
    # cells of the first row standing over both rows `merged_down`).
    header: tuple[tuple[tuple[str, ...], frozenset[int]], ...] = ()

    def index(self, x: float) -> int:
        for index, edge in enumerate(self.edges):
            if x < edge:
                return index
        return len(self.edges)


@dataclass
class PrintedLine:
    """A printed line's words, left to right, and its segments (runs of words between wide
    gaps)."""

    words: list[Word]
    segments: list[list[Word]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def text(self) -> str:
        return collapse_spaces(" ".join(w.text for w in self.words))


def segment_text(segment: Sequence[Word]) -> str:
    return collapse_spaces(" ".join(w.text for w in segment))


def lines_joined(lines: Sequence[Sequence[Word]], *, limit: float, height: float) -> str:
    """A cell's printed lines (each its words, left to right) as the cell's text: joined by a
    space where the text was wrapped, by a line break where the writer broke the line (one
    agency per line). Wrapped means the next line's first word would not have fitted on the
    line before, whose text may reach `limit` (the caller's measure of the cell's right
    edge, its padding taken off); `height` is a line's, a space taken as 0.3 of it. A line
    ending in a dash keeps its break: whether the dash joins ("2026–" / "2030") or stands
    between two items is the plan reader's to tell (`cell_text`), for a text PDF's cell and
    a scan's alike."""
    text = ""
    previous: Sequence[Word] | None = None
    for words in lines:
        part = collapse_spaces(" ".join(w.text for w in words))
        if previous is None:
            text = part
        else:
            first = words[0]
            wrapped = previous[-1].x1 + 0.3 * height + (first.x1 - first.x0) > limit
            wrapped = wrapped and not text.endswith(DASHES)
            text += (" " if wrapped else "\n") + part
        previous = words
    return text
