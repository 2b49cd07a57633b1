"""Scanned plans (a PDF without a text layer, or a picture) read by OCR.

Tesseract with Debian's Vietnamese model (`tesseract-ocr-vie`, installed by `bin/setup`)
reads each page through pytesseract, which gives every word with its box and confidence
(decision 0165). Pages are rendered at 300 dpi with pypdfium2 (pdfplumber's renderer) and
read two at a time, each Tesseract on one thread: OpenMP threads of several Tesseracts on
two shared cores only slow each other down. The table's ruling lines are whitened first and
Tesseract reads the page as one block of lines (`--psm 6`): its default layout analysis
drops the short numbers of the "TT" column, boxed in or standing apart.

The words then go through the same table reading as a PDF whose table has no ruling lines
(`pdf_tables_unruled`): a scan's text has no lines, whatever the paper showed. A slightly
rotated scan is straightened on the words themselves (the median slope of the lines), so
that a row's cells stay on one line.

Nothing is guessed: a word the OCR is unsure of, or one with diacritics that no Vietnamese
word list knows (the agency directory's names, the bundled plans' text and Debian's
Vietnamese dictionary: `ocr_words.Lexicon`), is named in a note on its row (page, column,
the word), which the plan reader turns into a warning shown in the preview beside the row.

Pure: no Django. `progress(done, total)` is called after each page; `cancelled()` is asked
before each page and stops the reading with `OcrCancelled`.
"""

from __future__ import annotations

import json
import math
import os
import re
import statistics
import unicodedata
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxtrack.ingest.document import Document, Paragraph, UnreadableDocument
from dxtrack.ingest.ocr_words import Lexicon, lexicon_default
from dxtrack.ingest.pdf_tables_unruled import REVIEW_MARK, Columns, Word, unruled_blocks
from dxtrack.vn_text import fold

__all__ = [
    "IMAGE_SUFFIXES",
    "OCR_REVIEW_MARK",
    "Lexicon",
    "OcrCancelled",
    "OcrPage",
    "lexicon_default",
    "ocr_document",
    "ocr_pages",
    "ocr_pages_from_json",
    "ocr_pages_to_json",
    "page_count",
    "tesseract_missing",
]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
MAX_PAGES = 200
DPI = 300
MAX_SIDE = 4961  # pixels: the long side of A3 at 300 dpi
LANGUAGE = "vie"
# Ends the note of a row with doubtful cells; the preview marks such rows for review.
OCR_REVIEW_MARK = REVIEW_MARK
# Below this confidence (0–100) a word is shown for review rather than trusted.
CONFIDENCE_REVIEW = 60
# Words made of these only are the ruling lines of the paper read as characters.
_RULE_MARKS = re.compile(r"^[|_\-—–=~.,:;'\"`‘’“”]+$")
_QUARTER = re.compile(r"^(?:I|II|III|IV|[1-4])(?:/|[,.;]?$)")
PAGE_TIMEOUT = 180  # seconds for one page: a page that takes longer is damaged or absurd
WORKERS = 2
# An image bigger than this (pixels) is refused before it is decoded (A3 at 600 dpi).
MAX_PIXELS = 7016 * 9933

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class OcrCancelled(Exception):
    """The reading was cancelled between two pages."""


@dataclass
class OcrPage:
    number: int
    width: int
    height: int
    words: list[Word] = field(default_factory=list)


def tesseract_missing() -> str | None:
    """Why the OCR cannot run here (a Vietnamese message), or None when it can."""
    import shutil

    if shutil.which("tesseract") is None:
        return (
            "máy chủ chưa cài Tesseract (gói tesseract-ocr, tesseract-ocr-vie); hãy chạy "
            "./bin/setup"
        )
    return None


# -- pages to images -------------------------------------------------------------------------


def page_count(path: Path) -> int:
    """How many pages the scan has; raises UnreadableDocument when it cannot be opened."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        with _open_image(path) as image:
            return int(getattr(image, "n_frames", 1))
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(
            f"Tệp “{path.name}” bị hỏng, không mở được bản quét PDF ({error})."
        ) from error
    try:
        return len(pdf)
    finally:
        pdf.close()


def _open_image(path: Path) -> Any:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(path)
        image.size  # noqa: B018 - the header is read here; a bomb raises now
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise UnreadableDocument(
            f"Tệp “{path.name}” không phải ảnh đọc được hoặc quá lớn ({type(error).__name__})."
        ) from error
    return image


def _images(path: Path) -> Generator[Any, None, None]:
    """Each page as a greyscale picture, one at a time."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        from PIL import ImageSequence

        with _open_image(path) as image:
            for frame in ImageSequence.Iterator(image):
                page = frame.convert("L")
                # A phone photo or a 100-dpi scan: Tesseract wants letters ~30 pixels high.
                if page.width < 1600:
                    factor = 1600 / page.width
                    page = page.resize((1600, round(page.height * factor)))
                yield page
        return
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            # 300 dpi, but no bigger than an A3 page at 300 dpi whatever size the page claims.
            width, height = page.get_size()
            scale = min(DPI / 72, MAX_SIDE / max(width, height, 1.0))
            bitmap = page.render(scale=scale, grayscale=True)
            yield bitmap.to_pil()
            page.close()
    finally:
        pdf.close()


# -- OCR -------------------------------------------------------------------------------------


def ocr_pages(
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    workers: int = WORKERS,
) -> list[OcrPage]:
    """The words of every page of a scan, with their boxes (pixels) and confidences.

    Raises UnreadableDocument naming the page that failed, OcrCancelled when `cancelled()`
    says so."""
    missing = tesseract_missing()
    if missing:
        raise UnreadableDocument(f"Tệp “{path.name}” là bản quét, nhưng {missing}.")
    total = page_count(path)
    if total > MAX_PAGES:
        raise UnreadableDocument(
            f"Tệp “{path.name}” có {total} trang, vượt giới hạn {MAX_PAGES} trang của bản quét."
        )
    # Several Tesseracts sharing two cores each with its own OpenMP threads run slower than
    # one thread each; the variable is read by the Tesseract processes started below.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    pages: list[OcrPage] = []
    pending: list[Future[OcrPage]] = []
    images = _images(path)
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        try:
            number = 0
            while True:
                while len(pending) < max(workers, 1):
                    if cancelled is not None and cancelled():
                        raise OcrCancelled
                    image = next(images, None)
                    if image is None:
                        break
                    number += 1
                    pending.append(pool.submit(_page_words, image, number, path.name))
                if not pending:
                    break
                pages.append(pending.pop(0).result())
                if progress is not None:
                    progress(len(pages), total)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
        finally:
            images.close()
    return pages


def _without_rules(image: Any) -> Any:
    """The page with its ruling lines whitened: Tesseract's layout analysis takes a table's
    grid for pictures and drops the short numbers boxed in by it. A line is a run of dark
    pixels longer than any letter's stroke (a centimetre), across or down the page."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image, dtype=np.uint8)
    dark = pixels < 170
    run = max(int(image.width / 25), 40)
    # Thickened by a pixel across its direction first, so that a line of a scan turned by a
    # fraction of a degree, which steps from one pixel row to the next, stays one run.
    across = dark.copy()
    across[1:, :] |= dark[:-1, :]
    across[:-1, :] |= dark[1:, :]
    down = dark.copy()
    down[:, 1:] |= dark[:, :-1]
    down[:, :-1] |= dark[:, 1:]
    mask = (_long_runs(across, run) | _long_runs(down.T, run).T) & dark
    if not mask.any():
        return image
    # The line's faint, blurred edges too: two pixels around what was found.
    grown = mask.copy()
    for _ in range(2):
        step = grown.copy()
        step[1:, :] |= grown[:-1, :]
        step[:-1, :] |= grown[1:, :]
        step[:, 1:] |= grown[:, :-1]
        step[:, :-1] |= grown[:, 1:]
        grown = step
    cleaned = pixels.copy()
    cleaned[grown] = 255
    return Image.fromarray(cleaned)


def _long_runs(dark: Any, length: int) -> Any:
    """Cells of horizontal runs of True at least `length` long (each run labelled by a
    running count of run starts, its length counted by label). 32-bit labels, in place:
    two pages are cleaned at once, and a page at 300 dpi has nine million pixels."""
    import numpy as np

    height, width = dark.shape
    padded = np.zeros((height, width + 1), dtype=bool)  # a False column ends every row's run
    padded[:, :width] = dark
    flat = padded.ravel()
    starts = flat.copy()
    starts[1:] &= ~flat[:-1]
    labels = np.cumsum(starts, dtype=np.int32)
    del starts
    labels *= flat
    lengths = np.bincount(labels)
    lengths[0] = 0
    keep = lengths >= length
    return keep[labels].reshape(height, width + 1)[:, :width]


def _page_words(image: Any, number: int, name: str) -> OcrPage:
    import pytesseract

    image = _without_rules(image)

    try:
        data = pytesseract.image_to_data(
            image,
            lang=LANGUAGE,
            config="--psm 6",
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
    words: list[Word] = []
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for index, text in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", str(text)).strip()
        confidence = float(data["conf"][index])
        if not text or confidence < 0 or (_RULE_MARKS.match(text) and text not in ("-", "–")):
            continue
        left, top = int(data["left"][index]), int(data["top"][index])
        word = Word(
            text=text,
            x0=left,
            x1=left + int(data["width"][index]),
            top=top,
            bottom=top + int(data["height"][index]),
            confidence=confidence,
        )
        words.append(word)
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        lines.setdefault(key, []).append(word)
    return OcrPage(
        number=number,
        width=image.width,
        height=image.height,
        words=_straightened(words, list(lines.values())),
    )


def _straightened(words: list[Word], lines: list[list[Word]]) -> list[Word]:
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


# -- kept between the reading and the preview ------------------------------------------------


def ocr_pages_to_json(pages: Sequence[OcrPage]) -> str:
    return json.dumps(
        [
            {
                "number": p.number,
                "width": p.width,
                "height": p.height,
                "words": [
                    [
                        w.text,
                        round(w.x0, 1),
                        round(w.x1, 1),
                        round(w.top, 1),
                        round(w.bottom, 1),
                        None if w.confidence is None else round(w.confidence, 1),
                    ]
                    for w in p.words
                ],
            }
            for p in pages
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def ocr_pages_from_json(text: str) -> list[OcrPage]:
    return [
        OcrPage(
            number=int(p["number"]),
            width=int(p["width"]),
            height=int(p["height"]),
            words=[
                Word(text=t, x0=x0, x1=x1, top=top, bottom=bottom, confidence=conf)
                for t, x0, x1, top, bottom, conf in p["words"]
            ],
        )
        for p in json.loads(text)
    ]


# -- words checked ---------------------------------------------------------------------------


def _review(lexicon: Lexicon | None) -> Callable[[Sequence[Word]], list[str]]:
    def review(words: Sequence[Word]) -> list[str]:
        doubtful = []
        for index, word in enumerate(words):
            reasons = []
            before = words[index - 1].text if index else ""
            if fold(before) == "quy" and not _QUARTER.match(word.text):
                reasons.append("quý chỉ từ I đến IV")
            if word.confidence is not None and word.confidence < CONFIDENCE_REVIEW:
                reasons.append(f"độ tin cậy {round(word.confidence)}%")
            doubt = lexicon.doubt(word.text) if lexicon is not None else None
            if doubt:
                reasons.append(doubt)
            if reasons:
                doubtful.append(f"“{word.text}” ({'; '.join(reasons)})")
        return doubtful

    return review


def _respaced(word: Word, lexicon: Lexicon) -> Word:
    text = lexicon.split(word.text)
    if text == word.text:
        return word
    return Word(
        text=text,
        x0=word.x0,
        x1=word.x1,
        top=word.top,
        bottom=word.bottom,
        confidence=word.confidence,
    )


def ocr_document(pages: Sequence[OcrPage], *, name: str, lexicon: Lexicon | None) -> Document:
    """The paragraphs and tables of OCR'd pages, doubtful cells noted on their rows."""
    document = Document(name=name)
    line = 0
    carried: Columns | None = None
    review = _review(lexicon)
    for page in pages:
        words = page.words
        if lexicon is not None:
            words = [_respaced(w, lexicon) for w in words]
        result = unruled_blocks(words, line=line, page=page.number, carried=carried, review=review)
        document.blocks.extend(result.blocks)
        line, carried = result.line, result.carried
    if not any(isinstance(b, Paragraph) or b.rows for b in document.blocks):
        raise UnreadableDocument(
            f"Tệp “{name}” là bản quét nhưng không nhận dạng được chữ nào; hãy quét lại rõ hơn "
            "(300 dpi, giấy thẳng)."
        )
    return document
