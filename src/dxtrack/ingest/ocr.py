"""Scanned plans (a PDF's pages without a text layer, or a picture) read by OCR.

Tesseract with Debian's Vietnamese model (`tesseract-ocr-vie`, installed by `bin/setup`)
reads each page through pytesseract, which gives every word with its box and confidence
(decision 0165). Pages are rendered at 300 dpi with pypdfium2 (pdfplumber's renderer) and
read two at a time, each Tesseract on one thread: OpenMP threads of several Tesseracts on
two shared cores only slow each other down. Of a PDF only the scanned pages are read
(`pdf_reader.pdf_scanned_pages`, decision 0203).

One page (`ocr_page`): straightened, its ruling lines found on the picture, each table cell
read on its own (decisions 0200–0202). Its blocks (`ocr_page_blocks`): the ruled tables the
lines draw with every word in its cell (`ocr_tables`), or, on a page without lines, the
tables its words' columns make (`pdf_tables_unruled`), and the paragraphs around them.

Nothing is guessed: a word the OCR is unsure of, or one with diacritics that no Vietnamese
word list knows (the agency directory's names, the bundled plans' text and Debian's
Vietnamese dictionary: `ocr_words.Lexicon`), is named in a note on its row (page, column,
the word), which the plan reader turns into a warning shown in the preview beside the row.

Pure: no Django. `progress(done, total)` is called after each page; `cancelled()` is asked
before each page and stops the reading with `OcrCancelled`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from dxtrack.ingest.columns import is_header_row
from dxtrack.ingest.document import Block, Document, Paragraph, Row, Table, UnreadableDocument
from dxtrack.ingest.ocr_context import (
    quarters_roman,
    reading_doubted,
    word_core,
    word_runs,
    words_in_context,
)
from dxtrack.ingest.ocr_image import Rule
from dxtrack.ingest.ocr_measures import CONFIDENCE_REVIEW
from dxtrack.ingest.ocr_page import OcrPage, lanczos, ocr_page_read
from dxtrack.ingest.ocr_tables import ruled_blocks
from dxtrack.ingest.ocr_words import Lexicon, lexicon_default, number_label_amended
from dxtrack.ingest.pdf_reader import ScannedPage, pdf_scanned_pages
from dxtrack.ingest.pdf_tables_unruled import (
    REVIEW_MARK,
    CellReview,
    Columns,
    HorizontalRule,
    Word,
    unruled_blocks,
)
from dxtrack.vn_text import fold

__all__ = [
    "IMAGE_SUFFIXES",
    "OCR_REVIEW_MARK",
    "Lexicon",
    "OcrCancelled",
    "OcrPage",
    "lexicon_default",
    "ocr_document",
    "ocr_page_blocks",
    "ocr_page_numbers",
    "ocr_page_readers",
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
A4_SHORT_SIDE = 2480  # pixels: the short side of A4 at 300 dpi
# Ends the note of a row with doubtful cells; the preview marks such rows for review.
OCR_REVIEW_MARK = REVIEW_MARK
# A first row this like the header of the table before is that header, repeated.
HEADER_SIMILAR = 0.85
_QUARTER = re.compile(r"^(?:I|II|III|IV|[1-4])(?:/|[,.;]?$)")
WORKERS = 2
# An image bigger than this (pixels) is refused before it is decoded (A3 at 600 dpi).
MAX_PIXELS = 7016 * 9933

# glibc's mallopt parameter for the size from which a block gets a mapping of its own.
_M_MMAP_THRESHOLD = -3

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class OcrCancelled(Exception):
    """The reading was cancelled between two pages."""


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


def _images(path: Path, numbers: Sequence[int]) -> Generator[tuple[Any, float], None, None]:
    """Each page as a greyscale picture at about 300 dpi, one at a time (of a PDF, the pages
    numbered), with the share of its pixels the scan really had (200 dpi: 2/3). The ruling
    lines are found at 300 dpi; the words are read at the scan's own resolution: a scan
    blown up blurs its small letters' diacritics into marks of their own."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        from PIL import ImageSequence

        with _open_image(path) as image:
            for frame in ImageSequence.Iterator(image):
                page = frame.convert("L")
                # An A4 page is 2480 pixels across at 300 dpi (3508 down); a phone photo or
                # a 150-dpi scan is blown up to that, and read at what it had.
                short = min(page.width, page.height)
                factor = 1.0
                if short < A4_SHORT_SIDE:
                    factor = short / A4_SHORT_SIDE
                    page = page.resize(
                        (round(page.width / factor), round(page.height / factor)),
                        resample=lanczos(),
                    )
                yield page, factor
        return
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in numbers:
            page = pdf[number - 1]
            # 300 dpi, but no bigger than an A3 page at 300 dpi whatever size the page claims.
            width, height = page.get_size()
            scale = min(DPI / 72, MAX_SIDE / max(width, height, 1.0))
            bitmap = page.render(scale=scale, grayscale=True)
            native = _native_scale(page)
            factor = min(1.0, native / scale) if native else 1.0
            yield bitmap.to_pil(), max(factor, 0.5)
            page.close()
    finally:
        pdf.close()


def _native_scale(page: Any) -> float | None:
    """Pixels per point of the biggest picture on a PDF page (a scan's own resolution), or
    None when the page has no picture."""
    import pypdfium2.raw as pdfium_c

    best: tuple[float, float] | None = None
    try:
        for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            bounds = getattr(item, "get_bounds", None) or item.get_pos
            left, bottom, right, top = bounds()
            placed = (right - left) * (top - bottom)
            size = getattr(item, "get_px_size", None) or item.get_size
            pixels = size()
            if placed <= 0 or not pixels or pixels[0] <= 0:
                continue
            if best is None or placed > best[0]:
                best = (placed, pixels[0] / (right - left))
    except Exception:  # a damaged picture is read at 300 dpi
        return None
    return best[1] if best else None


def _libc() -> Any:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def _memory_mapped() -> None:
    """Have glibc give each page-sized array its own mapping, returned to the system when
    freed: by default it raises that threshold after the first such array is freed, then
    keeps the freed arrays of each thread's arena, and two pages read at once grew the
    process by several pages' worth of pictures. Elsewhere than glibc, nothing to do."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_MMAP_THRESHOLD, 1024 * 1024)


def _memory_returned() -> None:
    """Hand back what the heap keeps free after a page (glibc's `malloc_trim`)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def ocr_page_numbers(path: Path) -> list[int]:
    """The pages (from 1) the OCR reads: every page of a picture; of a PDF, the scanned
    pages (`pdf_scanned_pages`), or all of them when it names none."""
    numbers = list(range(1, page_count(path) + 1))
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return numbers
    return pdf_scanned_pages(path) or numbers


# -- OCR -------------------------------------------------------------------------------------


def ocr_pages(
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    workers: int = WORKERS,
) -> list[OcrPage]:
    """The words of every scanned page, with their boxes (pixels) and confidences: every
    page of a picture; the pages of a PDF without a text layer (`pdf_scanned_pages`; all of
    them if it finds none), each `OcrPage` numbered as in the file.

    Raises UnreadableDocument naming the page that failed, OcrCancelled when `cancelled()`
    says so."""
    missing = tesseract_missing()
    if missing:
        raise UnreadableDocument(f"Tệp “{path.name}” là bản quét, nhưng {missing}.")
    numbers = ocr_page_numbers(path)
    total = len(numbers)
    if total > MAX_PAGES:
        raise UnreadableDocument(
            f"Tệp “{path.name}” có {total} trang, vượt giới hạn {MAX_PAGES} trang của bản quét."
        )
    # Several Tesseracts sharing two cores each with its own OpenMP threads run slower than
    # one thread each; the variable is read by the Tesseract processes started below.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    _memory_mapped()
    pages: list[OcrPage] = []
    pending: list[Future[OcrPage]] = []
    images = _images(path, numbers)
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        try:
            index = 0
            while True:
                while len(pending) < max(workers, 1):
                    if cancelled is not None and cancelled():
                        raise OcrCancelled
                    rendered = next(images, None)
                    if rendered is None:
                        break
                    image, factor = rendered
                    number = numbers[index]
                    index += 1
                    pending.append(pool.submit(ocr_page_read, image, number, path.name, factor))
                if not pending:
                    break
                pages.append(pending.pop(0).result())
                _memory_returned()
                if progress is not None:
                    progress(len(pages), total)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
        finally:
            images.close()
    return pages


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
                        int(w.bold),
                    ]
                    for w in p.words
                ],
                "horizontal": [[r.at, r.start, r.end] for r in p.horizontal],
                "vertical": [[r.at, r.start, r.end] for r in p.vertical],
            }
            for p in pages
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def ocr_pages_from_json(text: str) -> list[OcrPage]:
    """Pages kept by `ocr_pages_to_json` (the lines and bold marks of pages kept before they
    were recorded are missing: such a page is read as a table without lines)."""
    return [
        OcrPage(
            number=int(p["number"]),
            width=int(p["width"]),
            height=int(p["height"]),
            words=[
                Word(
                    text=w[0],
                    x0=w[1],
                    x1=w[2],
                    top=w[3],
                    bottom=w[4],
                    confidence=w[5],
                    bold=bool(w[6]) if len(w) > 6 else False,
                )
                for w in p["words"]
            ],
            horizontal=[Rule(*r) for r in p.get("horizontal", [])],
            vertical=[Rule(*r) for r in p.get("vertical", [])],
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
            elif lexicon is not None:
                other = _reading_doubted(words, index, lexicon)
                if other:
                    reasons.append(f"có thể là “{other}”")
            if reasons:
                doubtful.append(f"“{word.text}” ({'; '.join(reasons)})")
        return doubtful

    return review


def _reading_doubted(words: Sequence[Word], index: int, lexicon: Lexicon) -> str | None:
    """Another reading of a cell's word (its tone mark) that the words beside it in the cell
    make as likely as the one read, but not clearly likelier (`ocr_context`)."""
    core = word_core(words[index].text)
    if core is None:
        return None
    before = word_core(words[index - 1].text) if index else None
    after = word_core(words[index + 1].text) if index + 1 < len(words) else None
    left = before[1].lower() if before and not before[2] and not core[0] else None
    right = after[1].lower() if after and not after[0] and not core[2] else None
    return reading_doubted(
        left, core[1], right, lexicon=lexicon, confidence=words[index].confidence
    )


def _checked(page: OcrPage, lexicon: Lexicon, *, roman_quarters: bool) -> list[Word]:
    """The page's words with the tone marks and quarters the words around them decide put
    right (`ocr_context`), then each respaced."""
    words = words_in_context(
        page.words,
        vertical=page.vertical,
        horizontal=page.horizontal,
        lexicon=lexicon,
        roman_quarters=roman_quarters,
    )
    return [_respaced(w, lexicon) for w in words]


def _respaced(word: Word, lexicon: Lexicon) -> Word:
    text = lexicon.split(word.text)
    if text == word.text:
        return word
    return replace(word, text=text)


def ocr_page_blocks(
    page: OcrPage,
    *,
    words: Sequence[Word],
    line: int,
    carried: Columns | None,
    review: CellReview | None,
) -> tuple[list[Block], int, Columns | None]:
    """One page's blocks: its ruled tables drawn from the lines on the picture
    (`ocr_tables`), or, on a page without ruling lines, the tables its words' columns make
    (`pdf_tables_unruled`). Returns the blocks, the line counter after them and the columns
    of a borderless table running on to the next page."""
    ruled = ruled_blocks(
        words, page.horizontal, page.vertical, line=line, page=page.number, review=review
    )
    if ruled.tables:
        return ruled.blocks, ruled.line, None
    # Lines across the table without lines down it still tell which rows a cell spans.
    rules = [HorizontalRule(r.at, r.start, r.end) for r in page.horizontal]
    result = unruled_blocks(
        words, line=line, page=page.number, carried=carried, review=review, rules=rules
    )
    return result.blocks, result.line, result.carried


def ocr_page_readers(
    pages: Sequence[OcrPage], *, lexicon: Lexicon | None
) -> dict[int, ScannedPage]:
    """For each OCR'd page (by its number in the file), the reading of its blocks from the
    line counter and the columns running on: what `pdf_reader.read_pdf` takes for the
    scanned pages of a PDF that mixes text pages and scanned pages."""
    review = _review(lexicon)
    headers: dict[int, list[str]] = {}
    roman = quarters_roman(
        [
            [page.words[i].text for i in run]
            for page in pages
            for run in word_runs(page.words, vertical=page.vertical)
        ]
    )

    def reader(page: OcrPage) -> ScannedPage:
        def read(line: int, carried: Columns | None) -> tuple[list[Block], int, Columns | None]:
            words = page.words
            if lexicon is not None:
                words = _checked(page, lexicon, roman_quarters=roman)
            blocks, line, carried = ocr_page_blocks(
                page, words=words, line=line, carried=carried, review=review
            )
            for block in blocks:
                if isinstance(block, Table) and block.rows:
                    _header_repeated(block.rows[0], headers)
            return blocks, line, carried

        return read

    return {page.number: reader(page) for page in pages}


def _header_repeated(row: Row, headers: dict[int, list[str]]) -> None:
    """A table's first row read again as the header of the table before, when it is that
    header misread by a letter or two ("TỰ" for "TT"): the header repeated on each page is
    the same text, and the plan reader knows a repeated header by its text. The first row of
    the first table of each width is taken as its header."""
    import difflib

    row.cells = number_label_amended(row.cells)
    known = headers.get(len(row.cells))
    if known is None:
        if is_header_row(row.cells):
            headers[len(row.cells)] = list(row.cells)
        return
    if row.cells == known:
        return
    similar = difflib.SequenceMatcher(a=" ".join(known), b=" ".join(row.cells)).ratio()
    if similar >= HEADER_SIMILAR:
        row.cells = list(known)
        row.note = ""


def ocr_document(pages: Sequence[OcrPage], *, name: str, lexicon: Lexicon | None) -> Document:
    """The paragraphs and tables of OCR'd pages, doubtful cells noted on their rows."""
    document = Document(name=name)
    line = 0
    carried: Columns | None = None
    readers = ocr_page_readers(pages, lexicon=lexicon)
    for page in pages:
        blocks, line, carried = readers[page.number](line, carried)
        document.blocks.extend(blocks)
    if not any(isinstance(b, Paragraph) or b.rows for b in document.blocks):
        raise UnreadableDocument(
            f"Tệp “{name}” là bản quét nhưng không nhận dạng được chữ nào; hãy quét lại rõ hơn "
            "(300 dpi, giấy thẳng)."
        )
    return document
