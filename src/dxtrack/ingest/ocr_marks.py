"""Typographic marks of a scanned page decided from the picture, not from the OCR's guess.

Debian's Vietnamese model reads every dash as "-", runs "2026 -" together as "2026-", and
mixes up “ ‘ " '. What is printed is measured on the page's pixels, in each word's box:

- **Dashes**: a dash is a bar of ink, thin and long enough not to be a dot. Its length
  less its thickness, against the x-height of the page's text, tells it: a hyphen is about a
  third of the x-height, an en dash about three quarters, an em dash one and a half or more
  (`DASH_EN`, `DASH_EM`). The white between the bar and the ink either side, against the
  page's usual gap between words, tells whether a space was typed there ("2026 - 2027" or
  "2026-2027").
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
# A blob at least this high (over the x-height) is a letter or digit, not a mark.
_LETTER_HIGH = 0.8
# A bar at most this high (over the x-height) is a dash.
_BAR_HIGH = 0.35

_DASH_CHARACTERS = "-–—‐‑−"
# What Tesseract makes of one dash: its own characters, and "~" or "_" beside them.
_DASH_RUN = re.compile(r"[-–—‐‑−]+[~_]*|[~_]+[-–—‐‑−]+")
_QUOTES = "\"'“”‘’`´„"
_OPENING = re.compile(r"^([(\[]?)([" + re.escape(_QUOTES) + r"]{1,2})(?=\w)")
_CLOSING = re.compile(r"(?<=[\w%)])([" + re.escape(_QUOTES) + r"]{1,2})([,.;:!?)\]]*)$")
_ADDED_STOP = re.compile(r"(?<=[^\W_])[,.]$")
_LOWER = re.compile(r"^[^\W\d_]{2,}$")


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
    """The row the word's letters stand on: the bottom of its letters of the x-height's
    size ("u", "o", "n"), or, in a word of digits or capitals, the median bottom of its
    tall pieces (a "%" sign's upper ring and a "g"'s tail are one of several)."""
    letters = [b for b in blobs if b.high >= _LETTER_HIGH * marks.x_height]
    small = [b for b in letters if b.high <= 1.25 * marks.x_height]
    chosen = small or letters
    if not chosen:
        return None
    return int(statistics.median_low([b.bottom - 1 for b in chosen]))


def _doubtful(word: Word) -> Word:
    return replace(word, confidence=min(word.confidence or 0.0, CONFIDENCE_REVIEW - 1))


# -- dashes ---------------------------------------------------------------------------------


def _placed(top: int, bottom: int, marks: PageMarks, baseline: int | None) -> bool:
    """Whether a bar lies about the x-height's middle, where no "T" or "7" has its arm (any
    bar, when the crop has no letters to stand on)."""
    middle = (top + bottom) / 2
    return baseline is None or (
        baseline - 0.8 * marks.x_height <= middle <= baseline - 0.1 * marks.x_height
    )


def _bars(
    blobs: Sequence[_Blob], marks: PageMarks, baseline: int | None
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


def _dashes_measured(pixels: Any, word: Word, marks: PageMarks) -> Word:
    """A word holding dashes, each told by its length and spaced from its neighbours as the
    picture shows; kept as read (and marked) when the picture does not show as many bars."""
    # A run of dash-like characters ("—~" for one long dash) is one place.
    places = [(m.start(), m.end()) for m in _DASH_RUN.finditer(word.text)]
    pad = 0.15 * marks.x_height
    crop, _x, _y = _crop(pixels, (word.x0 - pad, word.top - 2, word.x1 + pad, word.bottom + 2))
    ink = crop < INK
    blobs = _blobs(ink)
    baseline = _baseline(blobs, marks)
    bars = _bars(blobs, marks, baseline)
    alone = word.text.strip(_DASH_CHARACTERS + "~_") == ""
    if not bars and len(places) == 1 and not alone:
        # The touching bar nearest where the text puts the dash.
        share = (places[0][0] + places[0][1]) / 2 / max(len(word.text), 1)
        expected = pad + share * (word.x1 - word.x0)
        touching = _touching_bars(ink, marks, baseline)
        bars = sorted(touching, key=lambda b: abs((b[0] + b[1]) / 2 - expected))[:1]
    if len(bars) != len(places):
        if alone:
            return word  # an accent or a speck read as a dash: not a bar
        return _doubtful(word) if any(c.isdigit() for c in word.text) else word
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
    return _doubtful(result) if doubt else result


def _dashes_found(pixels: Any, words: list[Word], marks: PageMarks) -> list[Word]:
    """A dash the OCR did not read at all ("Quý I Quý II" for "Quý I – Quý II"): a bar at a
    dash's height alone in the white between two words of a line becomes a word of its own
    (its kind by its length; marked for review when that is doubtful)."""
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    found = []
    for index, word in enumerate(ordered):
        if word.text in _DASH_CHARACTERS:
            continue
        following = None
        for other in ordered[max(index - 40, 0) : index + 40]:
            overlap = min(word.bottom, other.bottom) - max(word.top, other.top)
            if overlap < 0.5 * min(word.bottom - word.top, other.bottom - other.top):
                continue
            if other.x0 > word.x1 and (following is None or other.x0 < following.x0):
                following = other
        if following is None or following.text in _DASH_CHARACTERS:
            continue
        gap = following.x0 - word.x1
        if not marks.x_height < gap < 4 * marks.word_gap:
            continue
        top, bottom = min(word.top, following.top), max(word.bottom, following.bottom)
        crop, x, _y = _crop(pixels, (word.x0, top - 2, following.x1, bottom + 2))
        blobs = _blobs(crop < INK)
        baseline = _baseline(blobs, marks)
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
        # The nearest word either side on the same line (the order by middles mixes the
        # words of a line with those of its neighbours a pixel higher or lower).
        sides: dict[int, int] = {}
        for other_index in ordered[max(position - 40, 0) : position + 40]:
            other = words[other_index]
            if other_index == index or not same_line(word, other):
                continue
            if other.text in _DASH_CHARACTERS:
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


def _taper(blob: _Blob) -> float:
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


def _shape(blobs: list[_Blob], crop: Any) -> _QuoteShape | None:
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
) -> tuple[Any, list[_Blob], list[_Blob]] | None:
    """The crop of a word and the blobs standing above its letters before the first letter
    and after the last; None when the word has no letters to stand on."""
    pad = 0.3 * marks.x_height
    crop, _x, _y = _crop(pixels, (word.x0 - pad, word.top - 3, word.x1 + pad, word.bottom + 3))
    blobs = _blobs(crop < INK)
    baseline = _baseline(blobs, marks)
    if baseline is None:
        return None
    letters = [
        b
        for b in blobs
        if b.bottom - 1 >= baseline - 0.3 * marks.x_height
        and b.high >= _LETTER_HIGH * marks.x_height
    ]
    if not letters:
        return None
    first, last = letters[0].left, max(b.right for b in letters)
    high = [b for b in blobs if b.bottom - 1 <= baseline - 0.55 * marks.x_height]
    before = [b for b in high if b.right <= first + 1]
    after = [b for b in high if b.left >= last - 1]
    return crop, before, after


def _page_slanted(pixels: Any, words: Sequence[Word], marks: PageMarks) -> bool | None:
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


def _quotes_measured(
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
    words = _dashes_joined(pixels, _dashes_found(pixels, words, marks), marks)
    slanted = _page_slanted(pixels, words, marks)
    result = []
    for word in words:
        if any(c in _DASH_CHARACTERS for c in word.text):
            word = _dashes_measured(pixels, word, marks)
        if any(c in _QUOTES for c in word.text):
            word = _quotes_measured(pixels, word, marks, slanted)
        word = _stop_checked(pixels, word, marks)
        result.append(word)
    return result
