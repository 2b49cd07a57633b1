"""A scanned page's quotes decided from the picture: single or double by the count of marks
standing above the letters at a word's end, curly or straight by their shape (decision
0213). Pure: numpy and scipy, no Django.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from dxtrack.ingest.ocr_glyphs import (
    LETTER_HIGH,
    Blob,
    PageMarks,
    baseline_row,
    crop_box,
    ink_blobs,
    review_marked,
)
from dxtrack.ingest.ocr_measures import INK
from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = ["QUOTES", "QUOTE_CURLY", "QUOTE_STRAIGHT", "page_slanted", "word_quotes_measured"]

# A quote's slant: how far its lowest rows' ink lies left of its highest rows', over its
# width. Curly quotes measured 0.21–0.45 (serif and DejaVu fonts; Arial's 0.06–0.12), straight
# ones 0.05 at most.
QUOTE_CURLY = 0.15
QUOTE_STRAIGHT = 0.05
# An opening quote whose lowest rows are this much narrower (over the wider) than its
# highest is a curly one: Arial's, slanted only 0.04–0.11, weigh -0.23 to -0.40 there,
# straight quotes +0.08 to +0.56. Such a quote is upright enough to be straight up to
# QUOTE_UPRIGHT.
QUOTE_HEAVY = 0.15
QUOTE_UPRIGHT = 0.12
# A closing quote no heavier above than this is straight (Arial's and DejaVu's straight
# quotes 0.08–0.15, their curly ones 0.29–0.50; Times' straight quote is a wedge, 0.33–0.56,
# told by the page's slanted curly quotes instead).
QUOTE_TAPER = 0.25
QUOTES = "\"'“”‘’`´„"
_OPENING = re.compile(r"^([(\[]?)([" + re.escape(QUOTES) + r"]{1,2})(?=\w)")
_CLOSING = re.compile(r"(?<=[\w%)])([" + re.escape(QUOTES) + r"]{1,2})([,.;:!?)\]]*)$")


# -- quotes ---------------------------------------------------------------------------------


def _slant(blob: Blob, grey: Any) -> float:
    """How far the ink of the blob's lowest rows lies left of its highest rows', over its
    width (grey levels weighted, so that a pixel half inked counts half)."""
    import numpy as np

    weights = (255.0 - grey.astype(np.float64)) / 255.0
    weights[weights < 0.1] = 0.0
    weights *= blob.mask  # only this blob's ink
    rows = max(2, blob.high // 5)
    xs = np.arange(weights.shape[1], dtype=np.float64)

    def centre(part: Any) -> float:
        mass = part.sum(axis=0)
        return float((mass * xs).sum() / max(float(mass.sum()), 1e-9))

    return (centre(weights[:rows]) - centre(weights[-rows:])) / max(blob.wide, 1)


def _taper(blob: Blob) -> float:
    """How much wider the blob's highest rows are than its lowest, over the wider: a closing
    curly quote (a "9") and most straight ones are heavier above, an opening curly quote (a
    "6") below."""
    widths = blob.mask.sum(axis=1)
    rows = max(2, blob.high // 4)
    top, bottom = float(widths[:rows].mean()), float(widths[-rows:].mean())
    return (top - bottom) / max(top, bottom, 1.0)


@dataclass(frozen=True)
class _QuoteShape:
    """The blobs of a quote mark, their mean slant and taper."""

    count: int
    slant: float
    taper: float


def _shape(blobs: list[Blob], crop: Any) -> _QuoteShape | None:
    if not 1 <= len(blobs) <= 2:
        return None
    return _QuoteShape(
        count=len(blobs),
        slant=statistics.fmean(_slant(b, crop[b.top : b.bottom, b.left : b.right]) for b in blobs),
        taper=statistics.fmean(_taper(b) for b in blobs),
    )


def _quote_read(
    shape: _QuoteShape, *, opening: bool, slanted: bool | None
) -> tuple[bool | None, bool]:
    """Whether the quote is curly (True), straight (False) or cannot be told (None), and
    whether that is doubtful. Curly when slanted; an opening quote also when heavier below
    (Arial's curly quotes are nearly upright, but an opening one is a "6"); an opening quote
    is straight when upright and not heavier below. A closing quote upright is straight when
    the page's curly quotes are slanted (`slanted`, from its opening ones); on a page whose
    curly quotes are upright it cannot be told, and on a page without opening quotes it is
    straight only if it is no heavier above than a straight quote (`QUOTE_TAPER`)."""
    if opening:
        curly = shape.slant >= QUOTE_CURLY or shape.taper <= -QUOTE_HEAVY
        straight = shape.slant <= QUOTE_UPRIGHT and shape.taper >= 0.0
    else:
        curly = shape.slant >= QUOTE_CURLY
        straight = abs(shape.slant) <= QUOTE_STRAIGHT and (
            slanted is True or (slanted is None and shape.taper <= QUOTE_TAPER)
        )
    if curly != straight:
        return curly, False
    return None, True


def _quote_blobs(
    pixels: Any, word: Word, marks: PageMarks
) -> tuple[Any, list[Blob], list[Blob]] | None:
    """The crop of a word and the blobs standing above its letters before the first letter
    and after the last; None when the word has no letters to stand on."""
    pad = 0.3 * marks.x_height
    crop, _x, _y = crop_box(pixels, (word.x0 - pad, word.top - 3, word.x1 + pad, word.bottom + 3))
    blobs = ink_blobs(crop < INK)
    baseline = baseline_row(blobs, marks)
    if baseline is None:
        return None
    letters = [
        b
        for b in blobs
        if b.bottom - 1 >= baseline - 0.3 * marks.x_height
        and b.high >= LETTER_HIGH * marks.x_height
    ]
    if not letters:
        return None
    first, last = letters[0].left, max(b.right for b in letters)
    high = [b for b in blobs if b.bottom - 1 <= baseline - 0.55 * marks.x_height]
    before = [b for b in high if b.right <= first + 1]
    after = [b for b in high if b.left >= last - 1]
    return crop, before, after


def page_slanted(pixels: Any, words: Sequence[Word], marks: PageMarks) -> bool | None:
    """Whether the page's curly quotes are slanted, from its opening quotes told curly by
    their shape below (None when it has none)."""
    slants = []
    for word in words:
        if _OPENING.match(word.text) is None:
            continue
        found = _quote_blobs(pixels, word, marks)
        shape = _shape(found[1], found[0]) if found else None
        if shape is not None and shape.taper <= -QUOTE_HEAVY:
            slants.append(shape.slant)
    if not slants:
        return None
    return statistics.median(slants) >= QUOTE_CURLY


def _quote_mark(read: str, shape: _QuoteShape | None, curly: bool | None, *, opening: bool) -> str:
    """The mark the picture shows: its count of blobs and, when told, curly or straight (else
    the style the OCR read)."""
    if shape is None:
        return read
    if curly is None:
        curly = any(c in "“”‘’„" for c in read)
    double = shape.count == 2
    if curly:
        return ("“" if opening else "”") if double else ("‘" if opening else "’")
    return '"' if double else "'"


def word_quotes_measured(
    pixels: Any, word: Word, marks: PageMarks, slanted: bool | None = None
) -> Word:
    """The quotes opening or closing a word, told from the blobs that stand above its letters
    at that end; what cannot be told is kept as read (its count of marks as the picture
    shows) and marked for review."""
    opening = _OPENING.match(word.text)
    closing = _CLOSING.search(word.text)
    if opening is None and closing is None:
        return word
    found = _quote_blobs(pixels, word, marks)
    if found is None:
        return word
    crop, before, after = found
    text = word.text
    doubt = False
    if closing is not None:
        shape = _shape(after, crop)
        curly, unsure = (
            _quote_read(shape, opening=False, slanted=slanted) if shape else (None, True)
        )
        doubt |= unsure
        mark = _quote_mark(closing.group(1), shape, curly, opening=False)
        text = text[: closing.start(1)] + mark + closing.group(2)
    if opening is not None:
        shape = _shape(before, crop)
        curly, unsure = _quote_read(shape, opening=True, slanted=slanted) if shape else (None, True)
        doubt |= unsure
        mark = _quote_mark(opening.group(2), shape, curly, opening=True)
        text = opening.group(1) + mark + text[opening.end(2) :]
    result = replace(word, text=text)
    return review_marked(result) if doubt else result
