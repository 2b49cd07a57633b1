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
marked likewise. The page's measures and the pieces of ink are `ocr_glyphs`, the dashes
`ocr_dashes`, the quotes `ocr_quotes`; the stops are here. Pure: numpy, scipy and Pillow, no
Django.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from dxtrack.ingest.ocr_dashes import (
    DASH_CHARACTERS,
    dashes_found,
    dashes_joined,
    word_dashes_measured,
)
from dxtrack.ingest.ocr_glyphs import (
    PageMarks,
    baseline_row,
    crop_box,
    ink_blobs,
    page_marks,
    review_marked,
)
from dxtrack.ingest.ocr_measures import INK
from dxtrack.ingest.ocr_quotes import QUOTES, page_slanted, word_quotes_measured
from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = ["PageMarks", "marks_measured", "page_marks"]

_ADDED_STOP = re.compile(r"(?<=[^\W_])[,.]$")


def _stop_checked(pixels: Any, word: Word, marks: PageMarks) -> Word:
    """A word ending in "," or "." that the picture shows no mark of ink for after its last
    letter loses it (marked for review)."""
    if _ADDED_STOP.search(word.text) is None or len(word.text) < 3:
        return word
    pad = 0.3 * marks.x_height
    crop, _x, _y = crop_box(pixels, (word.x0 - 1, word.top - 3, word.x1 + pad, word.bottom + 3))
    ink = crop < INK
    blobs = ink_blobs(ink)
    baseline = baseline_row(blobs, marks)
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
    return review_marked(replace(word, text=word.text[:-1]))


def marks_measured(image: Any, words: list[Word]) -> list[Word]:
    """The page's words with their dashes, the spaces around them, their quotes and their
    final stops as the picture shows them (module docstring)."""
    import numpy as np

    pixels = np.asarray(image, dtype=np.uint8)
    marks = page_marks(pixels, words)
    if marks is None:
        return words
    words = dashes_joined(pixels, dashes_found(pixels, words, marks), marks)
    slanted = page_slanted(pixels, words, marks)
    result = []
    for word in words:
        if any(c in DASH_CHARACTERS for c in word.text):
            word = word_dashes_measured(pixels, word, marks)
        if any(c in QUOTES for c in word.text):
            word = word_quotes_measured(pixels, word, marks, slanted)
        word = _stop_checked(pixels, word, marks)
        result.append(word)
    return result
