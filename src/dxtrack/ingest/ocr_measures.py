"""What Tesseract's model cannot tell on a scanned page, measured on the picture or the words'
boxes: a bold word by the width of its strokes, a dash by its length, "≥" by the bar under
it, a bold Roman "II" by its upright strokes, a lost dot by the width of a row number, and
the page's skew by the slope of its lines. Whatever was put right this way is marked for
review. Pure: no Django.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dxtrack.ingest.ocr_image import stroke_widths
from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = [
    "BAR_SPAN",
    "BOLD_STROKE",
    "CONFIDENCE_REVIEW",
    "DASHES",
    "EM_DASH",
    "EN_DASH",
    "INK",
    "PLAIN_NUMBER",
    "comparisons_measured",
    "dashes_measured",
    "lost_dots_restored",
    "roman_stems_counted",
    "words_emboldened",
    "words_straightened",
]

# Below this confidence (0–100) a word is shown for review rather than trusted.
CONFIDENCE_REVIEW = 60
# A word whose strokes are this much wider than the page's usual stroke is bold.
BOLD_STROKE = 1.3
# A dash alone at least this long (to the usual word's height) is an en dash, or an em dash.
EN_DASH = 0.42
EM_DASH = 0.75
# The bar under "≥" runs across at least this share of the sign's width.
BAR_SPAN = 0.8
DASHES = frozenset({"-", "–", "—", "_", "~"})
# Darker than this (0–255) is ink.
INK = 170
PLAIN_NUMBER = re.compile(r"^(?:[IVX]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")
# What Tesseract makes of a bold serif "II" or "III", whose serifs join the strokes.
_STEMS = re.compile(r"^[IHlMN|!1iíìỉĩịÍÌỈĨỊjJ\[\]]{1,4}$")


def roman_stems_counted(image: Any, grids: Sequence[Any], words: list[Word]) -> list[Word]:
    """A number cell of the first column read as "H", "IH" or "MHI" is a bold "II" or "III":
    the upright strokes of its ink, counted on the picture, give the numeral. Only a word
    that is no plain number is looked at, so "1" stays "1"."""
    import numpy as np

    pixels = np.asarray(image, dtype=np.uint8)
    result = []
    for word in words:
        in_first = any(
            grid.xs[0] <= word.centre <= grid.xs[1] and grid.ys[0] <= word.middle <= grid.ys[-1]
            for grid in grids
        )
        if not in_first or not _STEMS.match(word.text) or PLAIN_NUMBER.match(word.text):
            result.append(word)
            continue
        ink = pixels[int(word.top) : int(word.bottom) + 1, int(word.x0) : int(word.x1) + 1] < INK
        rows = np.nonzero(ink.any(axis=1))[0]
        if len(rows) < 5:
            result.append(word)
            continue
        ink = ink[rows[0] : rows[-1] + 1]
        upright = ink.sum(axis=0) >= 0.8 * ink.shape[0]
        stems = int(np.count_nonzero(upright[1:] & ~upright[:-1]) + upright[0])
        if 1 <= stems <= 3:
            word = replace(word, text="I" * stems, confidence=min(word.confidence or 0, 70))
        result.append(word)
    return result


def lost_dots_restored(grids: Sequence[Any], words: list[Word]) -> list[Word]:
    """A two-digit row number as wide as three characters ("21" where "2.1" is printed) has
    lost its dot: the digits' width is known from the single-digit numbers of the same
    column. Put back, and marked for review."""

    def first_column(word: Word) -> bool:
        return any(
            grid.xs[0] <= word.centre <= grid.xs[1] and grid.ys[0] <= word.middle <= grid.ys[-1]
            for grid in grids
        )

    singles = [
        w.x1 - w.x0 for w in words if len(w.text) == 1 and w.text.isdigit() and first_column(w)
    ]
    if not singles:
        return words
    digit = statistics.median(singles)
    result = []
    for word in words:
        if (
            len(word.text) == 2
            and word.text.isdigit()
            and word.x1 - word.x0 > 2.5 * digit
            and first_column(word)
        ):
            word = replace(
                word,
                text=f"{word.text[0]}.{word.text[1]}",
                confidence=min(word.confidence or 0.0, CONFIDENCE_REVIEW - 1),
            )
        result.append(word)
    return result


def comparisons_measured(image: Any, words: list[Word]) -> list[Word]:
    """ "≥" and "≤" told from ">" and "<" on the picture: Debian's Vietnamese model has no
    "≥", and reads it as ">". The sign's lowest rows of ink run across its whole width
    (the bar) in "≥", and only over its tip in ">"."""
    import numpy as np

    pixels = np.asarray(image, dtype=np.uint8)
    result = []
    for word in words:
        sign = word.text[:1]
        if sign not in "<>":
            result.append(word)
            continue
        height = word.bottom - word.top
        width = (word.x1 - word.x0) if len(word.text) == 1 else 0.6 * height
        ink = (
            pixels[int(word.top) : int(word.bottom) + 1, int(word.x0) : int(word.x0 + width) + 1]
            < INK
        )
        rows = np.nonzero(ink.any(axis=1))[0]
        if len(rows) < 8 or ink.shape[1] < 4:
            result.append(word)
            continue
        ink = ink[rows[0] : rows[-1] + 1]
        lowest = ink[-max(2, len(ink) // 5) :]
        spans = [
            (int(np.ptp(np.nonzero(row)[0])) + 1) / ink.shape[1] for row in lowest if row.any()
        ]
        if spans and max(spans) >= BAR_SPAN:
            word = replace(word, text=("≥" if sign == ">" else "≤") + word.text[1:])
        result.append(word)
    return result


def dashes_measured(words: list[Word]) -> list[Word]:
    """A dash standing alone told by its length, which Tesseract does not tell: a hyphen is
    about a third of the type's size, an en dash a half, an em dash a whole. The usual word's
    box (a line's letters with their accents) is taken as the type's size."""
    if len(words) < 5:
        return words
    size = statistics.median(w.bottom - w.top for w in words)
    result = []
    for word in words:
        if word.text in DASHES and size > 0:
            ratio = (word.x1 - word.x0) / size
            text = "-" if ratio < EN_DASH else "–" if ratio < EM_DASH else "—"
            word = replace(word, text=text)
        result.append(word)
    return result


def words_emboldened(image: Any, words: list[Word]) -> list[Word]:
    """The words with `bold` set where their strokes are clearly wider than the page's usual
    stroke: a scan has no font names, and the plan reader needs a bold heading row."""
    if len(words) < 5:
        return words
    widths = stroke_widths(
        image, [(int(w.x0), int(w.top), int(w.x1) + 1, int(w.bottom) + 1) for w in words]
    )
    usual = statistics.median(widths)
    if usual <= 0:
        return words
    return [
        replace(w, bold=width >= BOLD_STROKE * usual)
        for w, width in zip(words, widths, strict=True)
    ]


def words_straightened(words: list[Word], lines: list[list[Word]]) -> list[Word]:
    """The words as if the page had been scanned straight: rotated about the page's origin by
    the median slope of the lines Tesseract found (a degree of skew moves the end of a
    table's row by more than a line's height)."""
    slopes = []
    for members in lines:
        if len(members) < 3:
            continue
        xs = [w.centre for w in members]
        ys = [w.bottom for w in members]
        mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        if spread <= 0:
            continue
        slopes.append(
            sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
        )
    if len(slopes) < 3:
        return words
    angle = math.atan(statistics.median(slopes))
    if abs(angle) < math.radians(0.05):
        return words
    cos, sin = math.cos(angle), math.sin(angle)
    turned = []
    for word in words:
        cx, cy = word.centre, word.middle
        nx, ny = cx * cos + cy * sin, -cx * sin + cy * cos
        dx, dy = nx - cx, ny - cy
        turned.append(
            Word(
                text=word.text,
                x0=word.x0 + dx,
                x1=word.x1 + dx,
                top=word.top + dy,
                bottom=word.bottom + dy,
                confidence=word.confidence,
            )
        )
    return turned
