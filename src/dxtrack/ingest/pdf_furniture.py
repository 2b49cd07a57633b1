"""What a PDF page prints around its text: the page's furniture, which is no part of the plan.

A .docx reader sees the body only; a PDF prints on every page what Word keeps apart: the
running header and footer (a page number, a note repeated on each page), the footnotes at
the bottom of a page, and, in a PDF signed in the document system, the signature's lines
("Ký bởi: Ủy ban nhân dân tỉnh …", "Thời gian ký: 20.04.2027 09:15:22 +07:00", sometimes
"Email: …", "Cơ quan: …"). Read as paragraphs they would stand between the two halves of a
table cut by a page break, and read as rows they would be rows. A line is furniture when

- it is the signature's, wherever it is printed (beside the signature block, its lines share
  the printed lines of the text on its left: only its own words are left out);
- it stands in the top or bottom band of the page and the same text (numbers aside) stands
  in the same band of the page before or after (a running header or footer);
- it is a page number in those bands;
- at the bottom of the page, it is printed clearly smaller than the page's text and only
  furniture is below it (footnotes); at the top, much smaller (a stamp's caption).

Pure: words come from pdfplumber (or the OCR), with the page's height.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from dxtrack.ingest.pdf_words import Word
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["PageLines", "is_signature_line", "page_furniture", "page_lines"]

_SIGNATURE = re.compile(
    r"^\s*(?:ky boi|nguoi ky|thoi gian ky|ngay ky|ky ngay|signed by|signature valid)\b"
)
# Lines a signature stamp prints with the signer's name, right under "Ký bởi"/"Người ký".
_STAMP_DETAIL = re.compile(r"^\s*(?:email|co quan|chuc vu|to chuc)\s*:")
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.I)
# Running headers and footers stand in this share of the page's height from either edge.
_BAND = 0.13
# Footnotes are printed at most this share of the page's usual text height.
_SMALL = 0.86
_TINY = 0.72
# A page's footnotes take at most this many lines.
_NOTE_LINES = 6


@dataclass(frozen=True)
class PageLines:
    """One page's printed lines (each its words, left to right) and its height."""

    lines: list[list[Word]]
    height: float

    def band(self, line: Sequence[Word]) -> str | None:
        """ "top", "bottom" or None: where on the page a line stands."""
        top = min(w.top for w in line)
        bottom = max(w.bottom for w in line)
        if bottom <= _BAND * self.height:
            return "top"
        if top >= (1 - _BAND) * self.height:
            return "bottom"
        return None


def page_lines(words: Sequence[Word], *, height: float) -> PageLines:
    """The words of a page grouped into printed lines, top to bottom."""
    ordered = sorted((w for w in words if w.text.strip()), key=lambda w: w.middle)
    lines: list[list[Word]] = []
    middle = 0.0
    for word in ordered:
        size = max(word.bottom - word.top, 1e-6)
        if lines and abs(word.middle - middle) <= 0.45 * size:
            lines[-1].append(word)
            middle = statistics.fmean(w.middle for w in lines[-1])
            continue
        lines.append([word])
        middle = word.middle
    return PageLines(lines=[sorted(line, key=lambda w: w.x0) for line in lines], height=height)


def is_signature_line(text: str) -> bool:
    """A line of the document system's signature ("Ký bởi: …", "Thời gian ký: …")."""
    return bool(_SIGNATURE.match(fold(text)))


def _key(line: Sequence[Word]) -> str:
    # Page numbers and dates change from page to page; the words around them do not.
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", fold(" ".join(w.text for w in line))))


def _single(line: Sequence[Word]) -> bool:
    """Whether a line is one run of text, or one run and a page number."""
    pieces = 1
    for before, word in itertools.pairwise(line):
        if word.x0 - before.x1 > 1.5 * (word.bottom - word.top):
            pieces += 1
    return pieces == 1 or (pieces == 2 and bool(re.search(r"\d\s*$", line[-1].text)))


def _segments(line: Sequence[Word]) -> list[list[Word]]:
    """A line cut where two words stand further apart than two letters' height: a stamp
    printed beside the signature block shares its lines with the text on its left."""
    segments = [[line[0]]]
    for before, word in itertools.pairwise(line):
        if word.x0 - before.x1 > 2 * (word.bottom - word.top):
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _stamp(page: PageLines) -> set[Word]:
    """The words of the document system's signature, wherever it is printed."""
    found: set[Word] = set()
    for index, line in enumerate(page.lines):
        for segment in _segments(line):
            if not is_signature_line(" ".join(w.text for w in segment)):
                continue
            found.update(segment)
            left = segment[0].x0
            # The stamp's other lines ("Email: …", "Thời gian ký: …") stand under its first.
            for after in page.lines[index + 1 : index + 5]:
                below = [
                    seg
                    for seg in _segments(after)
                    if abs(seg[0].x0 - left) <= 2 * (seg[0].bottom - seg[0].top)
                ]
                if not below:
                    continue  # a line of the text beside the stamp, printed between its lines
                text = fold(" ".join(w.text for w in below[0]))
                if not (_STAMP_DETAIL.match(text) or is_signature_line(text)):
                    break
                found.update(below[0])
    return found


def page_furniture(page: PageLines, *, neighbours: Sequence[PageLines]) -> set[Word]:
    """The words of `page` that are its furniture (see the module's note); `neighbours` are
    the pages before and after it (none for a one-page document)."""
    stamp = _stamp(page)
    furniture: set[int] = set()
    texts = [collapse_spaces(" ".join(w.text for w in line)) for line in page.lines]
    repeated: dict[str, set[str]] = {"top": set(), "bottom": set()}
    for other in neighbours:
        for line in other.lines:
            band = other.band(line)
            if band is not None:
                repeated[band].add(_key(line))
    sizes = [w.bottom - w.top for line in page.lines for w in line]
    usual = statistics.median(sizes) if sizes else 0.0
    for index, line in enumerate(page.lines):
        if all(w in stamp for w in line):
            furniture.add(index)
            continue
        band = page.band(line)
        if band is None:
            continue
        if _PAGE_NUMBER.match(texts[index]):
            furniture.add(index)
        elif _key(line) in repeated[band] and _single(line):
            # A line of several columns is a table's header repeated on each page, not a
            # running header.
            furniture.add(index)
    # Footnotes: from the bottom up, a few small lines of running text under the page's own
    # text. A table printed smaller than the body above it is no footnote: its rows have
    # several columns, and it runs up the page.
    notes: list[int] = []
    for index in range(len(page.lines) - 1, -1, -1):
        if index in furniture:
            continue
        line = page.lines[index]
        if min(w.top for w in line) < 0.6 * page.height or len(notes) > _NOTE_LINES:
            notes = []
            break
        small = statistics.median(w.bottom - w.top for w in line) <= _SMALL * usual
        if not small or len(_segments(line)) > 1:
            break
        notes.append(index)
    furniture.update(notes)
    # A stamp's caption over the page's top: much smaller than the text.
    for index, line in enumerate(page.lines):
        if index in furniture:
            continue
        if page.band(line) != "top":
            break
        if statistics.median(w.bottom - w.top for w in line) <= _TINY * usual:
            furniture.add(index)
        else:
            break
    return stamp.union(w for index in furniture for w in page.lines[index])
