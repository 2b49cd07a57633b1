"""A scanned page's dashes decided from the picture: hyphen, en or em dash by the bar's
length, the spaces either side by the white around it, a dash the OCR did not read found
between two words, a dash read apart joined to the word it touches (decision 0213).
Pure: numpy and scipy, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dxtrack.ingest.ocr_glyphs import (
    Blob,
    PageMarks,
    baseline_row,
    crop_box,
    ink_blobs,
    review_marked,
)
from dxtrack.ingest.ocr_measures import CONFIDENCE_REVIEW, INK
from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = [
    "DASH_CHARACTERS",
    "DASH_EM",
    "DASH_EN",
    "SPACE_GAP",
    "dashes_found",
    "dashes_joined",
    "word_dashes_measured",
]

# A dash's length less its thickness (a bold dash is longer by its stroke), over the
# x-height: an en dash from DASH_EN (doubtful within DASH_EN_DOUBT of it), an em dash from
# DASH_EM. Measured on 12–14 pt DejaVu, Liberation Serif and Sans, regular and bold, printed
# at 200 dpi: hyphens 0.24–0.42, en dashes 0.52–1.00, em dashes 1.45–2.04.
DASH_EN = 0.47
DASH_EN_DOUBT = 0.04
DASH_EM = 1.22
DASH_EM_DOUBT = 0.1
# White between a dash and its neighbour, over the page's usual gap between words: a space
# from here, none below SPACE_NONE, doubtful between.
SPACE_GAP = 0.55
SPACE_NONE = 0.4
# A bar at most this high (over the x-height) is a dash.
_BAR_HIGH = 0.35

DASH_CHARACTERS = "-–—‐‑−"
# What Tesseract makes of one dash: its own characters, and "~" or "_" beside them.
_DASH_RUN = re.compile(r"[-–—‐‑−]+[~_]*|[~_]+[-–—‐‑−]+")


# -- dashes ---------------------------------------------------------------------------------


def _placed(top: int, bottom: int, marks: PageMarks, baseline: int | None) -> bool:
    """Whether a bar lies about the x-height's middle, where no "T" or "7" has its arm (any
    bar, when the crop has no letters to stand on)."""
    middle = (top + bottom) / 2
    return baseline is None or (
        baseline - 0.8 * marks.x_height <= middle <= baseline - 0.1 * marks.x_height
    )


def _bars(
    blobs: Sequence[Blob], marks: PageMarks, baseline: int | None
) -> list[tuple[int, int, int]]:
    """The dashes standing free in a crop: (first column, one past the last, thickness) of
    each piece of ink that is a thin bar, long enough not to be a dot, at a dash's height."""
    return [
        (b.left, b.right, b.high)
        for b in blobs
        if b.high <= _BAR_HIGH * marks.x_height
        and b.wide >= max(0.3 * marks.x_height, 1.5 * b.high)
        and _placed(b.top, b.bottom - 1, marks, baseline)
    ]


def _touching_bars(ink: Any, marks: PageMarks, baseline: int | None) -> list[tuple[int, int, int]]:
    """Dashes that touch a letter ("4G—5G" in a font whose em dash has no side bearing): runs
    of columns whose ink is only a thin bar, together no thicker than one, at a dash's
    height; the part clear of the letters' columns. An "H"'s crossbar is one too: asked
    only when the text has one dash and no free bar was found."""
    import numpy as np

    limit = _BAR_HIGH * marks.x_height
    height = ink.shape[0]
    order = np.arange(height)[:, None]
    tops = np.where(ink, order, height).min(axis=0)
    bottoms = np.where(ink, order, -1).max(axis=0)
    thin = (bottoms >= 0) & (bottoms - tops + 1 <= limit)
    bars = []
    run: tuple[int, int, int] | None = None  # first column, top, bottom

    def close(end: int) -> None:
        if run is None:
            return
        first, top, bottom = run
        if end - first >= 0.3 * marks.x_height and _placed(top, bottom, marks, baseline):
            bars.append((first, end, bottom - top + 1))

    for index in range(len(thin) + 1):
        if index < len(thin) and thin[index]:
            top, bottom = int(tops[index]), int(bottoms[index])
            if run is not None and max(bottom, run[2]) - min(top, run[1]) + 1 <= limit:
                run = (run[0], min(top, run[1]), max(bottom, run[2]))
                continue
            close(index)
            run = (index, top, bottom)
            continue
        close(index)
        run = None
    return bars


def _dash_kind(length: float, thickness: float, marks: PageMarks) -> tuple[str, bool]:
    ratio = (length - thickness) / marks.x_height
    text = "-" if ratio < DASH_EN else "–" if ratio < DASH_EM else "—"
    doubtful = abs(ratio - DASH_EN) < DASH_EN_DOUBT or abs(ratio - DASH_EM) < DASH_EM_DOUBT
    return text, doubtful


def _spaced(gap: float, marks: PageMarks) -> tuple[bool, bool]:
    share = gap / marks.word_gap
    return share >= (SPACE_GAP + SPACE_NONE) / 2, SPACE_NONE < share < SPACE_GAP


def word_dashes_measured(pixels: Any, word: Word, marks: PageMarks) -> Word:
    """A word holding dashes, each told by its length and spaced from its neighbours as the
    picture shows; kept as read (and marked) when the picture does not show as many bars."""
    # A run of dash-like characters ("—~" for one long dash) is one place.
    places = [(m.start(), m.end()) for m in _DASH_RUN.finditer(word.text)]
    pad = 0.15 * marks.x_height
    crop, _x, _y = crop_box(pixels, (word.x0 - pad, word.top - 2, word.x1 + pad, word.bottom + 2))
    ink = crop < INK
    blobs = ink_blobs(ink)
    baseline = baseline_row(blobs, marks)
    bars = _bars(blobs, marks, baseline)
    alone = word.text.strip(DASH_CHARACTERS + "~_") == ""
    if not bars and len(places) == 1 and not alone:
        # The touching bar nearest where the text puts the dash.
        share = (places[0][0] + places[0][1]) / 2 / max(len(word.text), 1)
        expected = pad + share * (word.x1 - word.x0)
        touching = _touching_bars(ink, marks, baseline)
        bars = sorted(touching, key=lambda b: abs((b[0] + b[1]) / 2 - expected))[:1]
    if len(bars) != len(places):
        if alone:
            return word  # an accent or a speck read as a dash: not a bar
        return review_marked(word) if any(c.isdigit() for c in word.text) else word
    columns = ink.any(axis=0).nonzero()[0]
    doubt = False
    text = word.text
    # From the last dash back, so that the earlier places stay where they are.
    for (first, last), (start, end, thickness) in reversed(list(zip(places, bars, strict=True))):
        dash, unsure = _dash_kind(end - start, thickness, marks)
        doubt |= unsure
        before = text[:first].rstrip(" ")
        after = text[last:].lstrip(" ")
        left_ink = columns[columns < start]
        right_ink = columns[columns >= end]
        if before and len(left_ink):
            spaced, unsure = _spaced(start - float(left_ink[-1]) - 1, marks)
            before += " " if spaced else ""
            doubt |= unsure
        if after and len(right_ink):
            spaced, unsure = _spaced(float(right_ink[0]) - end, marks)
            after = (" " if spaced else "") + after
            doubt |= unsure
        text = before + dash + after
    result = replace(word, text=text)
    return review_marked(result) if doubt else result


def dashes_found(pixels: Any, words: list[Word], marks: PageMarks) -> list[Word]:
    """A dash the OCR did not read at all ("Quý I Quý II" for "Quý I – Quý II"): a bar at a
    dash's height alone in the white between two words of a line becomes a word of its own
    (its kind by its length; marked for review when that is doubtful)."""
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    found = []
    for index, word in enumerate(ordered):
        if word.text in DASH_CHARACTERS:
            continue
        following = None
        for other in ordered[max(index - 40, 0) : index + 40]:
            overlap = min(word.bottom, other.bottom) - max(word.top, other.top)
            if overlap < 0.5 * min(word.bottom - word.top, other.bottom - other.top):
                continue
            if other.x0 > word.x1 and (following is None or other.x0 < following.x0):
                following = other
        if following is None or following.text in DASH_CHARACTERS:
            continue
        gap = following.x0 - word.x1
        # Two spaces and an em dash make about six gaps between words.
        if not marks.x_height < gap < 6 * marks.word_gap:
            continue
        top, bottom = min(word.top, following.top), max(word.bottom, following.bottom)
        crop, x, _y = crop_box(pixels, (word.x0, top - 2, following.x1, bottom + 2))
        blobs = ink_blobs(crop < INK)
        baseline = baseline_row(blobs, marks)
        if baseline is None:
            continue
        inside = [b for b in blobs if b.left > word.x1 + 1 - x and b.right < following.x0 - 1 - x]
        bars = _bars(inside, marks, baseline)
        if len(bars) != 1 or len(inside) != 1:
            continue
        start, end, thickness = bars[0]
        dash, unsure = _dash_kind(end - start, thickness, marks)
        confidences = [c for c in (word.confidence, following.confidence) if c is not None]
        confidence = min(confidences) if confidences else None
        if unsure:
            confidence = min(confidence or 0.0, CONFIDENCE_REVIEW - 1)
        found.append(
            Word(
                text=dash,
                x0=x + start,
                x1=x + end,
                top=(word.top + following.top) / 2,
                bottom=(word.bottom + following.bottom) / 2,
                bold=word.bold and following.bold,
                confidence=confidence,
            )
        )
    return words + found


def _distance(a: Word, b: Word) -> float:
    """The white between two words' boxes across the line."""
    return max(a.x0 - b.x1, b.x0 - a.x1)


def dashes_joined(pixels: Any, words: list[Word], marks: PageMarks) -> list[Word]:
    """A dash read as a word of its own whose bar nearly touches the word before or after it
    on the line ("2026", "–", "2030" for "2026–2030"): joined to it, as printed."""
    ordered = sorted(range(len(words)), key=lambda i: (words[i].middle, words[i].x0))
    joined: dict[int, int] = {}  # index of a word -> index of the word it is joined after

    def same_line(a: Word, b: Word) -> bool:
        overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
        return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)

    def gap(left: Word, right: Word) -> float | None:
        """The white between two words' ink on the picture, in their common rows."""
        top, bottom = min(left.top, right.top), max(left.bottom, right.bottom)
        crop, x, _y = crop_box(pixels, (left.x0, top, right.x1, bottom))
        columns = (crop < INK).any(axis=0).nonzero()[0] + x
        before = columns[columns < left.x1 + 1]
        after = columns[columns >= right.x0 - 1]
        if not len(before) or not len(after):
            return None
        return float(after[0] - before[-1] - 1)

    for position, index in enumerate(ordered):
        word = words[index]
        if word.text not in DASH_CHARACTERS:
            continue
        # The nearest word either side on the same line (the order by middles mixes the
        # words of a line with those of its neighbours a pixel higher or lower).
        sides: dict[int, int] = {}
        for other_index in ordered[max(position - 40, 0) : position + 40]:
            other = words[other_index]
            if other_index == index or not same_line(word, other):
                continue
            if other.text in DASH_CHARACTERS:
                continue
            if other.x1 <= word.x0 + 1:
                step = -1
                distance = word.x0 - other.x1
            elif other.x0 >= word.x1 - 1:
                step = 1
                distance = other.x0 - word.x1
            else:
                continue
            if step not in sides or distance < _distance(words[sides[step]], word):
                sides[step] = other_index
        for step, other_index in sides.items():
            other = words[other_index]
            left, right = (other, word) if step < 0 else (word, other)
            white = gap(left, right)
            if white is None or not -1 <= right.x0 - left.x1 < marks.word_gap * 1.5:
                continue
            if white < SPACE_NONE * marks.word_gap:
                if step < 0:
                    joined[index] = other_index
                else:
                    joined[other_index] = index
    if not joined:
        return words
    # Chains ("2026" "–" "2030") joined left to right into the first word's place.
    heads: dict[int, int] = {}
    for index in sorted(joined, key=lambda i: words[i].x0):
        target = joined[index]
        heads[index] = heads.get(target, target)
    merged: dict[int, Word] = {}
    for index in sorted(heads, key=lambda i: words[i].x0):
        head = heads[index]
        base = merged.get(head, words[head])
        other = words[index]
        merged[head] = replace(
            base,
            text=base.text + other.text,
            x0=min(base.x0, other.x0),
            x1=max(base.x1, other.x1),
            top=min(base.top, other.top),
            bottom=max(base.bottom, other.bottom),
            confidence=min(base.confidence or 0.0, other.confidence or 0.0),
        )
    return [merged.get(i, w) for i, w in enumerate(words) if i not in heads]
