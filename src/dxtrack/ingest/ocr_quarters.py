"""A quarter's numeral after "Quý" counted on the picture.

Tesseract's model reads a serif "I" as "1" (at 96% confidence) and a bold "II" whose serifs
join as "I" or "H", so "Quý II/2026" comes out as "Quý I/2026". The picture settles both:
the numeral's upright strokes are counted up to the slash, and a lone stroke is an "I" unless
its top reaches out on the left only, as the flag of a "1" does (a serif "I" reaches out on
both sides, a sans-serif one on neither). Pure: no Django.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from dxtrack.ingest.ocr_measures import CONFIDENCE_REVIEW, INK
from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = ["QUARTER_WORD", "quarter_numerals_measured"]

# A numeral of upright strokes read after "Quý", with or without its year: "1/2026", "I",
# "H/2027", "IH". A "V" the model saw ("IV") is left as read.
QUARTER_WORD = re.compile(r"^(?P<numeral>[I1lH|!]{1,4})(?P<rest>/\d{2,4})?[.,;)]?$")
# A column of ink this tall (to the word's box) is an upright stroke.
_STEM = 0.7
# The flag of a "1" or a serif reaches this far (to the stroke's width) beside the stroke.
_REACH = 0.5


def _after_quy(words: list[Word]) -> dict[int, int]:
    """For each word that follows a "Quý", on its line or first on the next line, the
    index of that "Quý"."""
    found: dict[int, int] = {}
    for q, quy in enumerate(words):
        if quy.text.rstrip(",") != "Quý":
            continue
        height = quy.bottom - quy.top
        same_line = [
            (w.x0, i)
            for i, w in enumerate(words)
            if abs(w.middle - quy.middle) < height / 2 and 0 <= w.x0 - quy.x1 < 2 * height
        ]
        if same_line:
            found[min(same_line)[1]] = q
            continue
        next_line = [
            (w.x0, i)
            for i, w in enumerate(words)
            if 0 <= w.top - quy.bottom < height and w.x0 <= quy.x1 and w.x1 > quy.x0 - 10 * height
        ]
        if next_line:
            found[min(next_line)[1]] = q
    return found


def _numeral(ink: Any) -> str | None:
    """The Roman numeral (or "1") at the left of a word's ink, read from its strokes; None
    when the picture does not show strokes clearly."""
    import numpy as np

    height = ink.shape[0]
    counts = ink.sum(axis=0)
    upright = counts >= _STEM * height
    middle = ink[int(0.4 * height) : int(0.6 * height) + 1].any(axis=0)
    stems: list[tuple[int, int]] = []
    x = 0
    while x < ink.shape[1]:
        if upright[x]:
            start = x
            while x < ink.shape[1] and upright[x]:
                x += 1
            stems.append((start, x))
            continue
        if middle[x] and stems:
            break  # the slash, or the next character: the numeral has ended
        if middle[x]:
            return None  # ink across the middle before any stroke: not a numeral
        x += 1
    if not 1 <= len(stems) <= 3:
        return None
    if len(stems) > 1:
        return "I" * len(stems)
    start, end = stems[0]
    width = max(end - start, 1)
    reach = max(1, round(_REACH * width))
    top = ink[: max(1, int(0.2 * height))]
    left = bool(np.any(top[:, max(0, start - 3 * reach) : start]))
    right = bool(np.any(top[:, end : end + 3 * reach]))
    if left and not right:
        return "1"
    return "I"


def quarter_numerals_measured(image: Any, words: list[Word]) -> list[Word]:
    """The numeral of each word after "Quý" ("1/2026", "I", "H/2027") as its strokes on
    the picture show it. A numeral changed this way keeps a confidence just above review:
    the strokes are what was printed, which the model's guess was not."""
    import numpy as np

    following = _after_quy(words)
    if not following:
        return words
    pixels = np.asarray(image, dtype=np.uint8)
    result = list(words)
    for index in following:
        word = words[index]
        match = QUARTER_WORD.match(word.text)
        if match is None:
            continue
        box = pixels[int(word.top) : int(word.bottom) + 1, int(word.x0) : int(word.x1) + 1]
        ink = box < INK
        rows = np.nonzero(ink.any(axis=1))[0]
        columns = np.nonzero(ink.any(axis=0))[0]
        if len(rows) < 8 or len(columns) < 2:
            continue
        numeral = _numeral(ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1])
        if numeral is None or numeral == match.group("numeral"):
            continue
        text = numeral + word.text[match.end("numeral") :]
        result[index] = replace(
            word, text=text, confidence=max(CONFIDENCE_REVIEW + 10, word.confidence or 0)
        )
    return result
