"""What a scanned page's words are measured against, and the pieces of ink in a word's box:
the page's x-height and usual gap between words, the connected pieces of ink of a crop, and
the row a word's letters stand on. Shared by `ocr_dashes` and `ocr_quotes` (decision 0213).
Pure: numpy and scipy, no Django.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from dxtrack.ingest.ocr_measures import CONFIDENCE_REVIEW, INK
from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = [
    "LETTER_HIGH",
    "Blob",
    "PageMarks",
    "baseline_row",
    "crop_box",
    "ink_blobs",
    "page_marks",
    "review_marked",
]

# A blob at least this high (over the x-height) is a letter or digit, not a mark.
LETTER_HIGH = 0.8
_LOWER = re.compile(r"^[^\W\d_]{2,}$")


@dataclass(frozen=True)
class PageMarks:
    """What the page's text measures: its x-height and its usual gap between words (pixels)."""

    x_height: float
    word_gap: float


@dataclass(frozen=True)
class Blob:
    """A connected piece of ink in a word's crop (crop pixels)."""

    left: int
    right: int  # one past the last column
    top: int
    bottom: int  # one past the last row
    mask: Any

    @property
    def high(self) -> int:
        return self.bottom - self.top

    @property
    def wide(self) -> int:
        return self.right - self.left


def _band(profile: Any, peak: int, share: float) -> tuple[int, int]:
    threshold = share * float(profile[peak])
    first = last = peak
    while first > 0 and profile[first - 1] >= threshold:
        first -= 1
    while last < len(profile) - 1 and profile[last + 1] >= threshold:
        last += 1
    return first, last


def _x_height(ink: Any) -> float | None:
    """The rows a word of small letters fills most: the band around its densest row where
    every row holds at least a third as much ink; its accents and ascenders lie outside."""
    profile = ink.sum(axis=1)
    if not len(profile) or profile.max() == 0:
        return None
    first, last = _band(profile, int(profile.argmax()), 0.35)
    return float(last - first + 1)


def crop_box(pixels: Any, box: tuple[float, float, float, float]) -> tuple[Any, int, int]:
    left, top, right, bottom = box
    x0, y0 = max(int(left), 0), max(int(top), 0)
    x1 = min(int(right) + 1, pixels.shape[1])
    y1 = min(int(bottom) + 1, pixels.shape[0])
    return pixels[y0:y1, x0:x1], x0, y0


def page_marks(pixels: Any, words: Sequence[Word]) -> PageMarks | None:
    """The page's x-height (the median of its words of small letters) and its usual gap
    between two words of a line; None when the page has too few words to tell."""
    heights = []
    for word in words:
        if not (_LOWER.match(word.text) and word.text.islower()):
            continue
        crop, _x, _y = crop_box(pixels, (word.x0 - 1, word.top - 1, word.x1 + 1, word.bottom + 1))
        measured = _x_height(crop < INK)
        if measured:
            heights.append(measured)
    if len(heights) < 3:
        return None
    x_height = statistics.median(heights)
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    gaps = []
    for index, word in enumerate(ordered):
        nearest = None
        for other in ordered[max(index - 40, 0) : index + 40]:
            overlap = min(word.bottom, other.bottom) - max(word.top, other.top)
            if overlap < 0.5 * min(word.bottom - word.top, other.bottom - other.top):
                continue
            gap = other.x0 - word.x1
            if (
                other is not word
                and 0 < gap < 2.5 * x_height
                and (nearest is None or gap < nearest)
            ):
                nearest = gap
        if nearest is not None:
            gaps.append(nearest)
    word_gap = statistics.median(gaps) if len(gaps) >= 5 else 0.75 * x_height
    return PageMarks(x_height=x_height, word_gap=word_gap)


def ink_blobs(ink: Any) -> list[Blob]:
    from scipy import ndimage

    labels, count = ndimage.label(ink, structure=[[1, 1, 1], [1, 1, 1], [1, 1, 1]])
    found = []
    for index, where in enumerate(ndimage.find_objects(labels), start=1):
        if where is None:
            continue
        rows, columns = where
        mask = labels[rows, columns] == index
        if int(mask.sum()) < 4:
            continue  # a speck
        found.append(
            Blob(
                left=columns.start,
                right=columns.stop,
                top=rows.start,
                bottom=rows.stop,
                mask=mask,
            )
        )
    del count
    return sorted(found, key=lambda b: b.left)


def baseline_row(blobs: Sequence[Blob], marks: PageMarks) -> int | None:
    """The row the word's letters stand on: the bottom of its letters of the x-height's
    size ("u", "o", "n"), or, in a word of digits or capitals, the median bottom of its
    tall pieces (a "%" sign's upper ring and a "g"'s tail are one of several)."""
    letters = [b for b in blobs if b.high >= LETTER_HIGH * marks.x_height]
    small = [b for b in letters if b.high <= 1.25 * marks.x_height]
    chosen = small or letters
    if not chosen:
        return None
    return int(statistics.median_low([b.bottom - 1 for b in chosen]))


def review_marked(word: Word) -> Word:
    return replace(word, confidence=min(word.confidence or 0.0, CONFIDENCE_REVIEW - 1))
