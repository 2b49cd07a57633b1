"""Plans received as PDF with a text layer (printed from Word, signed in the document system).

pdfplumber gives the words with their positions and the ruling lines; a table is the grid
its lines draw (`find_tables`), each cell's lines of text joined with line breaks. A page's
table is a `Table` of its own, as a page of a text extraction is: the plan reader joins a
table to the one on the page before when nothing but page numbers stands between them,
skips the header repeated at the top of each page, and joins a row cut by the page break
(its TT cell empty) to the row above. A cell covered by a cell merged over several rows
reads empty and is `merged_down`, as in a .docx. Text outside the tables becomes paragraphs,
in reading order with the tables. Landscape pages are read like any other: pdfplumber works
in each page's own coordinates.

A page without ruling lines is read from its words' positions (`pdf_tables_unruled`): some
document systems export tables with the borders off. Each page is judged on its own
(`pdf_scanned_pages`): a page with little text and a picture covering much of it is a scan,
read by the OCR; a PDF may mix both (a signed cover page before a scanned appendix, a
scanned page inserted into a printed plan). `readers` hands `read_pdf` the blocks of the
scanned pages, which take their place in page order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dxtrack.ingest.document import Block, Document, Paragraph, Row, Table, UnreadableDocument
from dxtrack.ingest.pdf_tables_unruled import Columns, Word, unruled_blocks
from dxtrack.vn_text import collapse_spaces

__all__ = ["ScannedPage", "pdf_has_text", "pdf_scanned_pages", "read_pdf"]

# The blocks of a scanned page from the line counter and the columns of a borderless table
# running on from the page before: (blocks, line after them, columns running on).
ScannedPage = Callable[[int, Columns | None], tuple[list[Block], int, Columns | None]]

MAX_PAGES = 500
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.I)
# Cells of a table keep their lines; the characters of one line are within this many points.
_LINE_TOLERANCE = 3
# A page of a text PDF holds hundreds of characters; a signature stamp on a scan, a few dozen.
_TEXT_PAGE_CHARACTERS = 200
# A scanned page's picture covers at least this share of the page.
_SCAN_COVER = 0.25


def read_pdf(path: Path, *, scanned: Mapping[int, ScannedPage] | None = None) -> Document:
    """Paragraphs and ruled tables of a PDF with a text layer; the pages numbered in
    `scanned` (from 1) are taken from the OCR instead. Raises UnreadableDocument."""
    scanned = scanned or {}
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    document = Document(name=path.name)
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableDocument(
                    f"Tệp “{path.name}” có {len(pdf.pages)} trang, vượt giới hạn {MAX_PAGES} trang."
                )
            characters = 0
            line = 0
            carried: Columns | None = None
            for number, page in enumerate(pdf.pages, start=1):
                if number in scanned:
                    blocks, line, carried = scanned[number](line, carried)
                    characters += sum(
                        len(b.text) if isinstance(b, Paragraph) else 1 for b in blocks
                    )
                    document.blocks.extend(blocks)
                    continue
                characters += sum(1 for c in page.chars if c.get("text", "").strip())
                blocks, line, carried = _page_blocks(page, line, number, carried)
                document.blocks.extend(blocks)
                page.flush_cache()
    except UnreadableDocument:
        raise
    except PDFPasswordIncorrect as error:
        raise UnreadableDocument(
            f"Tệp “{path.name}” được đặt mật khẩu; hãy gỡ mật khẩu rồi nhập lại."
        ) from error
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnreadableDocument(
            f"Tệp “{path.name}” bị hỏng, không đọc được nội dung PDF ({type(error).__name__})."
        ) from error
    except Exception as error:
        # pdfminer raises its own exception types for many kinds of damage.
        if type(error).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise UnreadableDocument(
                f"Tệp “{path.name}” bị hỏng, không đọc được nội dung PDF ({type(error).__name__})."
            ) from error
        raise
    if characters == 0 and not scanned:
        raise UnreadableDocument(
            f"Tệp “{path.name}” là bản quét (PDF không có lớp chữ); hệ thống chưa đọc được bản "
            "quét. Hãy dùng bản Word hoặc bản PDF in trực tiếp từ văn bản điện tử."
        )
    return document


def _bold(chars: list[dict[str, Any]]) -> bool:
    visible = [c for c in chars if c.get("text", "").strip()]
    return bool(visible) and all("bold" in str(c.get("fontname", "")).lower() for c in visible)


def _inside(char: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (char["x0"] + char["x1"]) / 2
    middle_y = (char["top"] + char["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def pdf_has_text(path: Path) -> bool:
    """Whether a PDF has a text layer on every page (no page needs the OCR)."""
    return not pdf_scanned_pages(path)


def pdf_scanned_pages(path: Path) -> list[int]:
    """The pages (from 1) that are scans: little text (a signature stamp, "Ký bởi: …, thời
    gian ký: …", puts a line or two on a scanned page) and a picture covering much of the
    page. A page with little text and no picture is a text page (a last page holding only
    the signatures). A damaged file has none: `read_pdf` then names the damage. pdfium
    judges a page in a millisecond; pdfplumber would parse every character."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # any damage is reported by read_pdf, with the file's name
        return []
    scans = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
                if sum(1 for c in text if not c.isspace()) >= _TEXT_PAGE_CHARACTERS:
                    continue
                width, height = page.get_size()
                area = max(width * height, 1.0)
                covered = 0.0
                for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                    bounds = getattr(item, "get_bounds", None) or item.get_pos
                    left, bottom, right, top = bounds()
                    covered = max(covered, (right - left) * (top - bottom) / area)
                if covered >= _SCAN_COVER:
                    scans.append(index + 1)
            finally:
                page.close()
    except Exception:
        return []
    finally:
        pdf.close()
    return scans


def _page_blocks(
    page: Any, line: int, number: int, carried: Columns | None
) -> tuple[list[Block], int, Columns | None]:
    tables = page.find_tables()
    if not tables:
        words = [
            Word(
                text=w["text"],
                x0=w["x0"],
                x1=w["x1"],
                top=w["top"],
                bottom=w["bottom"],
                bold="bold" in str(w.get("fontname", "")).lower(),
            )
            for w in page.extract_words(extra_attrs=["fontname"])
        ]
        unruled = unruled_blocks(words, line=line, page=number, carried=carried)
        if any(isinstance(block, Table) for block in unruled.blocks):
            return unruled.blocks, unruled.line, unruled.carried
    blocks, line = _ruled_blocks(page, tables, line)
    return blocks, line, None


def _ruled_blocks(page: Any, tables: list[Any], line: int) -> tuple[list[Block], int]:
    placed: list[tuple[float, Block]] = []
    boxes = [table.bbox for table in tables]
    for table in tables:
        result = Table()
        # Narrowed table, then row, then cell: a page has thousands of characters.
        table_chars = [c for c in page.chars if _inside(c, table.bbox)]
        for row in table.rows:
            cells: list[str] = []
            merged: set[int] = set()
            row_chars: list[dict[str, Any]] = []
            in_row = [c for c in table_chars if _inside(c, row.bbox)]
            for index, box in enumerate(row.cells):
                if box is None:
                    cells.append("")
                    merged.add(index)
                    continue
                inside = [c for c in in_row if _inside(c, box)]
                row_chars.extend(inside)
                cells.append(_cell_text(inside))
            line += 1
            if not any(cells):
                continue
            result.rows.append(
                Row(cells=cells, line=line, bold=_bold(row_chars), merged_down=frozenset(merged))
            )
        if result.rows:
            result.line = result.rows[0].line
            placed.append((table.bbox[1], result))
    for text_line in page.extract_text_lines(return_chars=True):
        middle = (text_line["top"] + text_line["bottom"]) / 2
        if any(box[1] <= middle <= box[3] and box[0] <= text_line["x0"] <= box[2] for box in boxes):
            continue
        text = collapse_spaces(text_line["text"])
        if not text or _PAGE_NUMBER.match(text):
            continue
        line += 1
        placed.append(
            (text_line["top"], Paragraph(text=text, line=line, bold=_bold(text_line["chars"])))
        )
    placed.sort(key=lambda item: item[0])
    return [block for _top, block in placed], line


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """The text of one cell, line by line, words spaced as printed."""
    if not chars:
        return ""
    ordered = sorted(chars, key=lambda c: (round(c["top"] / _LINE_TOLERANCE), c["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for char in ordered:
        if lines and abs(lines[-1][-1]["top"] - char["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    texts = []
    for members in lines:
        members.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        previous: dict[str, Any] | None = None
        for char in members:
            if previous is not None:
                gap = char["x0"] - previous["x1"]
                if gap > 0.2 * max(char.get("size", 10), 1) and not previous["text"].isspace():
                    parts.append(" ")
            parts.append(char["text"])
            previous = char
        texts.append(collapse_spaces("".join(parts)))
    return "\n".join(t for t in texts if t)
