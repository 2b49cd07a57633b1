"""One scanned page read: the picture straightened, its ruling lines found, the text outside
the tables read as one block of lines, each cell of a ruled table read on its own.

Every cell of a page is a page of one TIFF, read in one Tesseract run (a process started per
cell would cost more than the reading), so a cell's lines stay its own and the short
numbers of the "TT" column are the only text Tesseract sees there. A scan of less than
300 dpi is read at its own resolution and at 300 dpi, and each cell keeps the reading the
word list knows better. What the model cannot tell is measured on the picture
(`ocr_measures`); the page's dashes, the spaces around them, its quotes and stops last of
all, on its finished words (`ocr_marks`, decision 0213). A number cell read as no row number
is read again with only numbering characters allowed, and marked for review.

Pure: no Django (the word list is built from the product's own files).
"""

from __future__ import annotations

import re
import statistics
import tempfile
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dxtrack.ingest.document import UnreadableDocument
from dxtrack.ingest.ocr_image import (
    Rule,
    image_black,
    image_rules,
    image_straightened,
)
from dxtrack.ingest.ocr_marks import marks_measured
from dxtrack.ingest.ocr_measures import (
    CONFIDENCE_REVIEW,
    DASHES,
    EM_DASH,
    EN_DASH,
    INK,
    PLAIN_NUMBER,
    comparisons_measured,
    dashes_measured,
    lost_dots_restored,
    roman_stems_counted,
    words_emboldened,
    words_straightened,
)
from dxtrack.ingest.ocr_quarters import quarter_numerals_measured
from dxtrack.ingest.ocr_tables import table_grids
from dxtrack.ingest.ocr_words import lexicon_default
from dxtrack.ingest.pdf_tables_unruled import Word

__all__ = ["OcrPage", "lanczos", "ocr_page_read"]

# A scan with at least this share of 300 dpi's pixels is read at 300 dpi.
SCALE_KEPT = 0.9
LANGUAGE = "vie"
# White around each cell read on its own (pixels).
CELL_MARGIN = 20
# Words made of these only are the ruling lines of the paper read as characters.
_RULE_MARKS = re.compile(r"^[|_\-—–=~.,:;'\"`‘’“”]+$")
_PICTURE_WORK = threading.Lock()
PAGE_TIMEOUT = 180  # seconds for one page: a page that takes longer is damaged or absurd


@dataclass
class OcrPage:
    """One page's words (in the straightened picture's pixels) and its ruling lines."""

    number: int
    width: int
    height: int
    words: list[Word] = field(default_factory=list)
    horizontal: list[Rule] = field(default_factory=list)
    vertical: list[Rule] = field(default_factory=list)


def lanczos() -> Any:
    from PIL import Image

    return Image.Resampling.LANCZOS


def ocr_page_read(image: Any, number: int, name: str, factor: float = 1.0) -> OcrPage:
    """One page read: straightened, its ruling lines found; the text outside the tables read
    as one block of lines, and each cell of a ruled table read on its own (all the cells
    of the page in one Tesseract run, as the pages of one TIFF), so that a cell's lines stay
    its own and the short numbers of the "TT" column are read as the only text there."""
    # The picture work holds a page's pixels several times over: one page at a time, so two
    # pages read at once stay within the memory of one; Tesseract's runs still overlap.
    with _PICTURE_WORK:
        image, angle = image_straightened(image)
        cleaned, horizontal, vertical = image_rules(image)
        del image
        grids = table_grids(horizontal, vertical)
        outside = cleaned
        boxes: list[tuple[int, int, int, int]] = []
        if grids:
            import numpy as np
            from PIL import Image

            pixels = np.asarray(cleaned, dtype=np.uint8)
            blank = pixels.copy()
            for grid in grids:
                left, top, right, bottom = (int(v) for v in grid.box)
                blank[top : bottom + 1, left : right + 1] = 255
                boxes.extend(_cell_boxes(grid, pixels))
            outside = Image.fromarray(blank)
            del blank, pixels
    if factor < SCALE_KEPT:
        outside = outside.resize(
            (round(outside.width * factor), round(outside.height * factor)), resample=lanczos()
        )
    else:
        factor = 1.0
    data = _tesseract(outside, number=number, name=name)
    words, lines = _words(data, offsets=None, scale=factor)
    if boxes:
        cell_words, cell_lines = _cells_read(
            cleaned, boxes, factor=factor, number=number, name=name
        )
        cell_words += _dash_cells(cleaned, boxes, cell_words)
        cell_words = roman_stems_counted(cleaned, grids, cell_words)
        cell_words = _numbers_reread(cleaned, grids, cell_words, number=number, name=name)
        cell_words = lost_dots_restored(grids, cell_words)
        words += cell_words
        lines += cell_lines
    words = dashes_measured(words_emboldened(cleaned, words))
    words = comparisons_measured(cleaned, marks_measured(cleaned, words))
    words = quarter_numerals_measured(cleaned, words)
    if angle == 0.0 and not grids:
        words = words_straightened(words, lines)
    return OcrPage(
        number=number,
        width=cleaned.width,
        height=cleaned.height,
        words=words,
        horizontal=horizontal,
        vertical=vertical,
    )


_NUMBER_CHARACTERS = "0123456789IVXivx.)abcdđ"
_LABEL = re.compile(r"^[^\W\d_]{2,}$")


def _numbers_reread(
    image: Any, grids: Sequence[Any], words: list[Word], *, number: int, name: str
) -> list[Word]:
    """A cell of the first column whose text is no row number ("°" for "5", "NI" for "2.1")
    read again on its own, allowed only the characters of row numbers; what that gives is
    kept only when it is a row number, and is marked for review (its confidence kept below
    the review threshold): it was read twice, differently."""
    cells: dict[tuple[int, int], list[int]] = {}
    for index, word in enumerate(words):
        for which, grid in enumerate(grids):
            row = _band_of(grid.ys, word.middle)
            if row is not None and grid.xs[0] <= word.centre <= grid.xs[1]:
                cells.setdefault((which, row), []).append(index)
                break
    doubtful = []
    for (which, row), members in cells.items():
        text = "".join(words[i].text for i in members)
        if PLAIN_NUMBER.match(text) or _LABEL.match(text) or len(text) > 6:
            continue
        grid = grids[which]
        box = (
            int(grid.xs[0]) + 4,
            int(grid.ys[row]) + 4,
            int(grid.xs[1]) - 4,
            int(grid.ys[row + 1]) - 4,
        )
        doubtful.append((members, box))
    if not doubtful:
        return words
    data = _tesseract_cells(
        image,
        [box for _members, box in doubtful],
        number=number,
        name=name,
        config=f"--psm 7 -c tessedit_char_whitelist={_NUMBER_CHARACTERS}",
    )
    texts: dict[int, list[str]] = {}
    for index, text in enumerate(data["text"]):
        if str(text).strip():
            texts.setdefault(int(data["page_num"][index]) - 1, []).append(str(text).strip())
    dropped: set[int] = set()
    result = list(words)
    for order, (members, _box) in enumerate(doubtful):
        again = "".join(texts.get(order, []))
        if not again or not PLAIN_NUMBER.match(again):
            continue
        first = words[members[0]]
        confidence = min(first.confidence or 0.0, CONFIDENCE_REVIEW - 1)
        result[members[0]] = replace(
            first,
            text=again,
            x1=max(words[i].x1 for i in members),
            confidence=confidence,
        )
        dropped.update(members[1:])
    return [word for index, word in enumerate(result) if index not in dropped]


def _band_of(edges: Sequence[float], value: float) -> int | None:
    for index in range(len(edges) - 1):
        if edges[index] <= value < edges[index + 1]:
            return index
    return None


def _cells_read(
    image: Any,
    boxes: list[tuple[int, int, int, int]],
    *,
    factor: float,
    number: int,
    name: str,
) -> tuple[list[Word], list[list[Word]]]:
    """The words of the cells. A scan of less than 300 dpi is read twice, at its own
    resolution and blown up to 300 dpi, and each cell keeps the reading whose words the
    word list knows better (`Lexicon.fit`): each misreads some letters the other gets, the
    small diacritics of tight lines at 300 dpi, the short numbers at the scan's own."""
    black = image_black(image)
    offsets = [(left, top) for left, top, _r, _b in boxes]
    scales = [factor] if factor >= SCALE_KEPT else [factor, 1.0]
    readings: list[dict[int, list[Word]]] = []
    all_lines: list[list[list[Word]]] = []
    for scale in scales:
        data = _tesseract_cells(image, boxes, number=number, name=name, black=black, scale=scale)
        words, lines = _words(data, offsets=offsets, scale=scale, margin=CELL_MARGIN)
        by_cell: dict[int, list[Word]] = {}
        for word in words:
            for index, (left, top, right, bottom) in enumerate(boxes):
                if left <= word.centre <= right and top <= word.middle <= bottom:
                    by_cell.setdefault(index, []).append(word)
                    break
        readings.append(by_cell)
        all_lines.append(lines)
    if len(readings) == 1:
        return [w for ws in readings[0].values() for w in ws], all_lines[0]
    lexicon = lexicon_default()
    chosen: list[Word] = []
    for index in range(len(boxes)):
        options: list[list[Word]] = [reading.get(index, []) for reading in readings]
        fits = [lexicon.fit(_reading_order(option)) for option in options]
        chosen.extend(options[fits.index(max(fits))])
    kept = {id(w) for w in chosen}
    lines = [
        [w for w in line if id(w) in kept] for reading_lines in all_lines for line in reading_lines
    ]
    return chosen, [line for line in lines if line]


def _dash_cells(
    image: Any, boxes: list[tuple[int, int, int, int]], words: list[Word]
) -> list[Word]:
    """A cell holding only a dash ("-" for no target that year), which Tesseract returns
    nothing for: its ink is one bar, much wider than high, told hyphen, en or em dash by its
    length against the usual word's height."""
    import numpy as np

    if len(words) < 5:
        return []
    size = statistics.median(w.bottom - w.top for w in words)
    pixels = np.asarray(image, dtype=np.uint8)
    found = []
    for left, top, right, bottom in boxes:
        if any(left <= w.centre <= right and top <= w.middle <= bottom for w in words):
            continue
        ink = pixels[top:bottom, left:right] < INK
        rows = np.nonzero(ink.any(axis=1))[0]
        columns = np.nonzero(ink.any(axis=0))[0]
        if not len(rows):
            continue
        high = rows[-1] - rows[0] + 1
        wide = columns[-1] - columns[0] + 1
        if high > 0.25 * size or wide < 2 * high or int(ink.sum()) < 0.6 * high * wide:
            continue
        ratio = wide / size
        text = "-" if ratio < EN_DASH else "–" if ratio < EM_DASH else "—"
        x0, y0 = left + float(columns[0]), top + float(rows[0])
        middle = y0 + high / 2
        found.append(
            Word(
                text=text,
                x0=x0,
                x1=x0 + wide,
                top=middle - size / 2,
                bottom=middle + size / 2,
                confidence=CONFIDENCE_REVIEW - 1,
            )
        )
    return found


def _reading_order(words: Sequence[Word]) -> list[str]:
    """The words' texts line by line (by Tesseract's boxes), left to right."""
    size = statistics.median(w.bottom - w.top for w in words) if words else 1.0
    ordered = sorted(words, key=lambda w: (round(w.middle / max(size, 1.0)), w.x0))
    return [w.text for w in ordered]


def _cell_boxes(grid: Any, pixels: Any) -> list[tuple[int, int, int, int]]:
    """The boxes of a grid's cells that hold some ink, inside their lines."""
    boxes = []
    for row in range(len(grid.ys) - 1):
        for column in range(len(grid.xs) - 1):
            if grid.owner(row, column) != (row, column):
                continue
            last_row, last_column = row, column
            while last_row + 1 < len(grid.ys) - 1 and grid.owner(last_row + 1, column) == (
                row,
                column,
            ):
                last_row += 1
            while last_column + 1 < len(grid.xs) - 1 and grid.owner(row, last_column + 1) == (
                row,
                column,
            ):
                last_column += 1
            left, top = int(grid.xs[column]) + 4, int(grid.ys[row]) + 4
            right, bottom = int(grid.xs[last_column + 1]) - 4, int(grid.ys[last_row + 1]) - 4
            if right - left < 8 or bottom - top < 8:
                continue
            if int((pixels[top:bottom, left:right] < INK).sum()) < 12:
                continue
            boxes.append((left, top, right, bottom))
    return boxes


def _tesseract(image: Any, *, number: int, name: str, config: str = "--psm 6") -> dict:
    import pytesseract

    try:
        return pytesseract.image_to_data(
            image,
            lang=LANGUAGE,
            config=config,
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT,
        )
    except RuntimeError as error:  # pytesseract's time-out
        raise UnreadableDocument(
            f"Tệp “{name}”, trang {number}: nhận dạng chữ quá {PAGE_TIMEOUT} giây."
        ) from error
    except pytesseract.TesseractError as error:
        raise UnreadableDocument(
            f"Tệp “{name}”, trang {number}: không nhận dạng được chữ ({error.message})."
        ) from error


def _tesseract_cells(
    image: Any,
    boxes: list[tuple[int, int, int, int]],
    *,
    number: int,
    name: str,
    config: str = "--psm 6",
    black: int | None = None,
    scale: float = 1.0,
) -> dict:
    """The cells, each a page of one TIFF with a white margin, read in one Tesseract run.
    With `black`, a cell is made black and white first (darker than `black` is ink): the
    grey edges of a blurred scan's small characters make Tesseract read "2.1" as "2N"."""

    from PIL import Image

    frames = []
    for left, top, right, bottom in boxes:
        crop = image.crop((left, top, right, bottom))
        if scale != 1.0:
            crop = crop.resize(
                (max(round(crop.width * scale), 1), max(round(crop.height * scale), 1)),
                resample=lanczos(),
            )
        if black is not None:
            crop = crop.point(lambda p: 255 if p > black else 0)
        frame = Image.new("L", (crop.width + 2 * CELL_MARGIN, crop.height + 2 * CELL_MARGIN), 255)
        frame.paste(crop, (CELL_MARGIN, CELL_MARGIN))
        frames.append(frame)
    with tempfile.TemporaryDirectory(prefix="dxtrack-ocr-") as folder:
        path = Path(folder) / "cells.tif"
        frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
        return _tesseract(str(path), number=number, name=name, config=config)


def _words(
    data: dict,
    *,
    offsets: list[tuple[int, int]] | None,
    scale: float = 1.0,
    margin: int = 0,
) -> tuple[list[Word], list[list[Word]]]:
    """Tesseract's words in page pixels (`offsets`: where each TIFF page's origin lies on the
    page), and its lines."""
    words: list[Word] = []
    lines: dict[tuple[int, int, int, int], list[Word]] = {}
    for index, text in enumerate(data["text"]):
        # The fraction slash is Tesseract's, never a plan's: "Quý II⁄2027".
        text = unicodedata.normalize("NFC", str(text)).strip().replace("⁄", "/")
        confidence = float(data["conf"][index])
        if not text or confidence < 0 or (_RULE_MARKS.match(text) and text not in DASHES):
            continue
        width, height = int(data["width"][index]), int(data["height"][index])
        if width > 8 * max(height, 1) and not any(c.isalnum() for c in text):
            continue  # what is left of a ruling line, read as a row of marks
        dx, dy = 0, 0
        if offsets is not None:
            dx, dy = offsets[int(data["page_num"][index]) - 1]
        left = (int(data["left"][index]) - margin) / scale + dx
        top = (int(data["top"][index]) - margin) / scale + dy
        word = Word(
            text=text,
            x0=left,
            x1=left + width / scale,
            top=top,
            bottom=top + height / scale,
            confidence=confidence,
        )
        words.append(word)
        key = (
            data["page_num"][index],
            data["block_num"][index],
            data["par_num"][index],
            data["line_num"][index],
        )
        lines.setdefault(key, []).append(word)
    return words, list(lines.values())
