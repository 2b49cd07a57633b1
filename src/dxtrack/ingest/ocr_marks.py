"""Typographic marks of a scanned page decided from the picture, not from the OCR's guess.

Debian's Vietnamese model reads every dash as "-", runs "2026 -" together as "2026-", and
mixes up “ ‘ " '. What is printed is measured on the page's pixels, in each word's box:

- **Dashes**: a dash is a bar of ink, thin and long enough not to be a dot. Its length
  less its thickness, against the x-height of the page's text, tells it: a hyphen is about a
  third of the x-height, an en dash about three quarters, an em dash one and a half or more
  (`DASH_EN`, `DASH_EM`). The white between the bar and the ink either side, against the page's usual
  gap between words, tells whether a space was typed there ("2026 - 2027" or "2026-2027").
  A dash read as a word of its own that touches its neighbours is joined to them.
- **Quotes**: the marks at a word's start or end that stand above the letters. Their number
  (one blob or two) tells single from double; their slant tells curly from straight: a
  curly quote is a blob with a tail, the tail's end beside the blob (bottom left of top),
  a straight one is upright.
- **A comma or full stop the OCR added** (the serif of an "L" read as ","): a word ending
  in one whose picture has no small mark of ink after its last letter loses it.

What cannot be told (a length or a gap between the thresholds, a slant between upright and
curly, a mark not found on the picture) is kept as read and marked for review, its
confidence kept under the review threshold; anything changed on a doubtful measure is
marked likewise. Pure: numpy, scipy and Pillow, no Django.
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
    "DASH_EM",
    "DASH_EN",
    "QUOTE_CURLY",
    "QUOTE_STRAIGHT",
    "SPACE_GAP",
    "PageMarks",
    "marks_measured",
    "page_marks",
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
# A quote's slant: how far its lowest rows' ink lies left of its highest rows', over its
# width. Curly quotes measured 0.21–0.45 (serif and DejaVu fonts; Arial's 0.06–0.12), straight
# ones 0.05 at most.
QUOTE_CURLY = 0.15
QUOTE_STRAIGHT = 0.05
# A blob at least this high (over the x-height) is a letter or digit, not a mark.
_LETTER_HIGH = 0.8
# A bar at most this high (over the x-height) is a dash.
_BAR_HIGH = 0.35

_DASH_CHARACTERS = "-–—‐‑−"
_QUOTES = "\"'“”‘’`´„"
_OPENING = re.compile(r"^([(\[]?)([" + re.escape(_QUOTES) + r"]{1,2})(?=\w)")
_CLOSING = re.compile(r"(?<=[\w%)])([" + re.escape(_QUOTES) + r"]{1,2})([,.;:!?)\]]*)$")
_ADDED_STOP = re.compile(r"(?<=[^\W_])[,.]$")
_LOWER = re.compile(r"^[^\W\d_]{3,}$")


@dataclass(frozen=True)
class PageMarks:
    """What the page's text measures: its x-height and its usual gap between words (pixels)."""

    x_height: float
    word_gap: float


@dataclass(frozen=True)
class _Blob:
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


def _crop(pixels: Any, box: tuple[float, float, float, float]) -> tuple[Any, int, int]:
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
        crop, _x, _y = _crop(pixels, (word.x0 - 1, word.top - 1, word.x1 + 1, word.bottom + 1))
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
        for other in ordered[index + 1 : index + 40]:
            overlap = min(word.bottom, other.bottom) - max(word.top, other.top)
            if overlap < 0.5 * min(word.bottom - word.top, other.bottom - other.top):
                continue
            gap = other.x0 - word.x1
            if 0 < gap < 2.5 * x_height and (nearest is None or gap < nearest):
                nearest = gap
        if nearest is not None:
            gaps.append(nearest)
    word_gap = statistics.median(gaps) if len(gaps) >= 5 else 0.75 * x_height
    return PageMarks(x_height=x_height, word_gap=word_gap)


def _blobs(ink: Any) -> list[_Blob]:
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
            _Blob(
                left=columns.start,
                right=columns.stop,
                top=rows.start,
                bottom=rows.stop,
                mask=mask,
            )
        )
    del count
    return sorted(found, key=lambda b: b.left)


def _baseline(blobs: Sequence[_Blob], marks: PageMarks) -> int | None:
    """The row the word's letters stand on: the highest bottom of its letters and digits
    (a "g" or "p" reaches below it; accents, quotes and bars are too short to count)."""
    bottoms = [b.bottom - 1 for b in blobs if b.high >= _LETTER_HIGH * marks.x_height]
    return min(bottoms) if bottoms else None


def _doubtful(word: Word) -> Word:
    return replace(word, confidence=min(word.confidence or 0.0, CONFIDENCE_REVIEW - 1))


# -- dashes ---------------------------------------------------------------------------------


def _bars(ink: Any, marks: PageMarks) -> list[tuple[int, int, int]]:
    """The column ranges of the crop that hold only a dash, with its thickness: runs of
    inked columns whose ink is a thin bar, long enough not to be a dot."""
    columns = ink.any(axis=0)
    bars = []
    start = None
    for index in range(len(columns) + 1):
        inked = index < len(columns) and bool(columns[index])
        if inked and start is None:
            start = index
        elif not inked and start is not None:
            rows = ink[:, start:index].any(axis=1).nonzero()[0]
            high = int(rows[-1] - rows[0] + 1)
            if high <= _BAR_HIGH * marks.x_height and index - start >= 0.3 * marks.x_height:
                bars.append((start, index, high))
            start = None
    return bars


def _dash_kind(length: float, thickness: float, marks: PageMarks) -> tuple[str, bool]:
    ratio = (length - thickness) / marks.x_height
    text = "-" if ratio < DASH_EN else "–" if ratio < DASH_EM else "—"
    doubtful = abs(ratio - DASH_EN) < DASH_EN_DOUBT or abs(ratio - DASH_EM) < DASH_EM_DOUBT
    return text, doubtful


def _spaced(gap: float, marks: PageMarks) -> tuple[bool, bool]:
    share = gap / marks.word_gap
    return share >= (SPACE_GAP + SPACE_NONE) / 2, SPACE_NONE < share < SPACE_GAP


def _dashes_measured(pixels: Any, word: Word, marks: PageMarks) -> Word:
    """A word holding dashes, each told by its length and spaced from its neighbours as the
    picture shows; kept as read (and marked) when the picture does not show as many bars."""
    places = [i for i, c in enumerate(word.text) if c in _DASH_CHARACTERS]
    pad = 0.15 * marks.x_height
    crop, _x, _y = _crop(pixels, (word.x0 - pad, word.top - 2, word.x1 + pad, word.bottom + 2))
    ink = crop < INK
    bars = _bars(ink, marks)
    if len(bars) != len(places):
        if word.text.strip(_DASH_CHARACTERS) == "":
            return word  # an accent or a speck read as a dash: not a bar
        return _doubtful(word) if any(c.isdigit() for c in word.text) else word
    columns = ink.any(axis=0).nonzero()[0]
    doubt = False
    text = word.text
    # From the last dash back, so that the earlier places stay where they are.
    for place, (start, end, thickness) in reversed(list(zip(places, bars, strict=True))):
        dash, unsure = _dash_kind(end - start, thickness, marks)
        doubt |= unsure
        before = text[:place].rstrip(" ")
        after = text[place + 1 :].lstrip(" ")
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
    return _doubtful(result) if doubt else result


def _dashes_joined(pixels: Any, words: list[Word], marks: PageMarks) -> list[Word]:
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
        crop, x, _y = _crop(pixels, (left.x0, top, right.x1, bottom))
        columns = (crop < INK).any(axis=0).nonzero()[0] + x
        before = columns[columns < left.x1 + 1]
        after = columns[columns >= right.x0 - 1]
        if not len(before) or not len(after):
            return None
        return float(after[0] - before[-1] - 1)

    for position, index in enumerate(ordered):
        word = words[index]
        if word.text not in _DASH_CHARACTERS:
            continue
        for step in (-1, 1):
            other_position = position + step
            if not 0 <= other_position < len(ordered):
                continue
            other = words[ordered[other_position]]
            if not same_line(word, other) or other.text in _DASH_CHARACTERS:
                continue
            left, right = (other, word) if step < 0 else (word, other)
            white = gap(left, right)
            if white is None or not 0 <= right.x0 - left.x1 < marks.word_gap * 1.5:
                continue
            if white < SPACE_NONE * marks.word_gap:
                if step < 0:
                    joined[index] = ordered[other_position]
                else:
                    joined[ordered[other_position]] = index
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


# -- quotes ---------------------------------------------------------------------------------


def _slant(blob: _Blob, grey: Any) -> float:
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


def _quote_read(blobs: list[_Blob], crop: Any, *, opening: bool) -> tuple[str | None, bool]:
    """The quote the blobs draw (None when they draw none), and whether that is doubtful."""
    if not 1 <= len(blobs) <= 2:
        return None, True
    slants = [_slant(b, crop[b.top : b.bottom, b.left : b.right]) for b in blobs]
    slant = statistics.fmean(slants)
    double = len(blobs) == 2
    if slant >= QUOTE_CURLY:
        mark = ("“" if opening else "”") if double else ("‘" if opening else "’")
        return mark, False
    if abs(slant) <= QUOTE_STRAIGHT:
        return ('"' if double else "'"), False
    return None, True


def _quotes_measured(pixels: Any, word: Word, marks: PageMarks) -> Word:
    """The quotes opening or closing a word, told from the blobs that stand above its letters
    at that end."""
    opening = _OPENING.match(word.text)
    closing = _CLOSING.search(word.text)
    if opening is None and closing is None:
        return word
    pad = 0.3 * marks.x_height
    crop, _x, _y = _crop(pixels, (word.x0 - pad, word.top - 3, word.x1 + pad, word.bottom + 3))
    ink = crop < INK
    blobs = _blobs(ink)
    baseline = _baseline(blobs, marks)
    if baseline is None:
        return word
    letters = [b for b in blobs if b.bottom - 1 >= baseline - 0.3 * marks.x_height]
    letters = [b for b in letters if b.high >= _LETTER_HIGH * marks.x_height]
    if not letters:
        return word
    first, last = letters[0].left, max(b.right for b in letters)

    def high(blob: _Blob) -> bool:
        return blob.bottom - 1 <= baseline - 0.55 * marks.x_height

    text = word.text
    doubt = False
    if closing is not None:
        found = [b for b in blobs if high(b) and b.left >= last - 1]
        mark, unsure = _quote_read(found, crop, opening=False)
        doubt |= unsure
        if mark is not None:
            text = text[: closing.start(1)] + mark + closing.group(2)
    if opening is not None:
        found = [b for b in blobs if high(b) and b.right <= first + 1]
        mark, unsure = _quote_read(found, crop, opening=True)
        doubt |= unsure
        if mark is not None:
            text = opening.group(1) + mark + text[opening.end(2) :]
    result = replace(word, text=text)
    return _doubtful(result) if doubt else result


# -- stops ----------------------------------------------------------------------------------


def _stop_checked(pixels: Any, word: Word, marks: PageMarks) -> Word:
    """A word ending in "," or "." that the picture shows no mark of ink for after its last
    letter loses it (marked for review)."""
    if _ADDED_STOP.search(word.text) is None or len(word.text) < 3:
        return word
    pad = 0.3 * marks.x_height
    crop, _x, _y = _crop(pixels, (word.x0 - 1, word.top - 3, word.x1 + pad, word.bottom + 3))
    ink = crop < INK
    blobs = _blobs(ink)
    baseline = _baseline(blobs, marks)
    if baseline is None:
        return word
    # A letter or digit fills the band from the x-height's top to the baseline; a comma
    # starts under the band's middle.
    letters = [
        b
        for b in blobs
        if b.top <= baseline - 0.6 * marks.x_height
        and b.bottom - 1 >= baseline - 0.3 * marks.x_height
    ]
    if not letters:
        return word
    last = max(b.right for b in letters)
    # The stop: a small mark ending right of the last letter (a bold "ư"'s horn may reach
    # over a comma), from under the x-height's middle to a little under the baseline.
    stop = [
        b
        for b in blobs
        if b not in letters
        and b.right > last
        and b.top >= baseline - 0.5 * marks.x_height
        and b.bottom - 1 <= baseline + 0.5 * marks.x_height
    ]
    if stop:
        return word
    return _doubtful(replace(word, text=word.text[:-1]))


def marks_measured(image: Any, words: list[Word]) -> list[Word]:
    """The page's words with their dashes, the spaces around them, their quotes and their
    final stops as the picture shows them (module docstring)."""
    import numpy as np

    pixels = np.asarray(image, dtype=np.uint8)
    marks = page_marks(pixels, words)
    if marks is None:
        return words
    words = _dashes_joined(pixels, words, marks)
    result = []
    for word in words:
        if any(c in _DASH_CHARACTERS for c in word.text):
            word = _dashes_measured(pixels, word, marks)
        if any(c in _QUOTES for c in word.text):
            word = _quotes_measured(pixels, word, marks)
        word = _stop_checked(pixels, word, marks)
        result.append(word)
    return result
