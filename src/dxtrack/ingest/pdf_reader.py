"""Plans received as PDF with a text layer (printed from Word, signed in the document system).

pdfplumber gives the words with their positions and the ruling lines; a table is the grid
its lines draw (`find_tables`), each cell's printed lines joined as they were written (a space
where the text wrapped, a line break where the writer broke it). The table is the one the
.docx gives (0205): a cell pdfplumber reports missing is `merged_down` when a cell of a row
above covers it, and empty when a cell to its left spans it; the header rows printed again at
the top of each page are dropped there, so that a row cut by the page break (its TT cell
empty) follows the table of the page before, and the plan reader joins it to the row above.
What the page prints around the plan (`pdf_furniture`: the signature's lines, running headers
and footers, page numbers, footnotes) is left out before anything is read, so it stands
neither between the halves of a table nor in it. Text outside the tables becomes paragraphs,
in reading order with the tables. Landscape pages are read like any other: pdfplumber works
in each page's own coordinates.

A page without ruling lines is read from its words' positions (`pdf_tables_unruled`): some
document systems export tables with the borders off, or with lines between the rows only
(those lines, handed on, tell which cells are merged over several rows). Each page is
judged on its own (`pdf_scanned_pages`): a page with little text and a picture covering much
of it is a scan, read by the OCR; a PDF may mix both (a signed cover page before a scanned
appendix, a scanned page inserted into a printed plan). `readers` hands `read_pdf` the blocks of the
scanned pages, which take their place in page order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dxtrack.ingest.columns import is_header_row
from dxtrack.ingest.document import Block, Document, Paragraph, Row, Table, UnreadableDocument
from dxtrack.ingest.pdf_furniture import PageLines, page_furniture, page_lines
from dxtrack.ingest.pdf_tables_unruled import Columns, HorizontalRule, Word, unruled_blocks
from dxtrack.vn_text import collapse_spaces, fold

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
_DASHES = ("-", "–", "—", "‐", "‑")
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
            # A page is read once the page after it is seen: a running header or footer is
            # the text that stands at the same edge of both.
            pending: list[tuple[Any, PageLines]] = []
            head: list[list[str]] = []  # a ruled table's header rows, repeated on each page
            for number, page in enumerate(pdf.pages, start=1):
                if number in scanned:
                    # The text pages before a scan are read first, to keep the pages' order.
                    if pending:
                        blocks, line, carried = _read_pending(
                            pending, len(pending) - 1, line, carried, head
                        )
                        document.blocks.extend(blocks)
                        for held, _lines in pending:
                            held.flush_cache()
                        pending = []
                    blocks, line, carried = scanned[number](line, carried)
                    characters += sum(
                        len(b.text) if isinstance(b, Paragraph) else 1 for b in blocks
                    )
                    document.blocks.extend(blocks)
                    continue
                characters += sum(1 for c in page.chars if c.get("text", "").strip())
                pending.append((page, page_lines(_words(page), height=float(page.height))))
                if len(pending) >= 2:
                    blocks, line, carried = _read_pending(
                        pending, len(pending) - 2, line, carried, head
                    )
                    document.blocks.extend(blocks)
                if len(pending) == 3:
                    pending.pop(0)[0].flush_cache()
            if pending:
                blocks, line, carried = _read_pending(
                    pending, len(pending) - 1, line, carried, head
                )
                document.blocks.extend(blocks)
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


def _words(page: Any) -> list[Word]:
    return [
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


def _read_pending(
    pending: list[tuple[Any, PageLines]],
    index: int,
    line: int,
    carried: Columns | None,
    head: list[list[str]],
) -> tuple[list[Block], int, Columns | None]:
    """The blocks of `pending[index]`, the pages beside it telling its running lines."""
    page, lines = pending[index]
    neighbours = [pending[i][1] for i in (index - 1, index + 1) if 0 <= i < len(pending)]
    furniture = page_furniture(lines, neighbours=neighbours)
    kept = [[w for w in ln if w not in furniture] for ln in lines.lines]
    kept = [ln for ln in kept if ln]
    return _page_blocks(page, kept, line, page.page_number, carried, head)


def _page_blocks(
    page: Any,
    lines: list[list[Word]],
    line: int,
    number: int,
    carried: Columns | None,
    head: list[list[str]],
) -> tuple[list[Block], int, Columns | None]:
    tables = page.find_tables()
    if not tables:
        words = [w for ln in lines for w in ln]
        unruled = unruled_blocks(
            words, line=line, page=number, carried=carried, rules=_horizontal_rules(page)
        )
        if any(isinstance(block, Table) for block in unruled.blocks):
            return unruled.blocks, unruled.line, unruled.carried
    blocks, line = _ruled_blocks(page, tables, line, lines, head)
    return blocks, line, None


def _horizontal_rules(page: Any) -> list[HorizontalRule]:
    """The page's horizontal lines (drawn as lines or as the edges of thin rectangles): a
    table ruled between its rows only, which `find_tables` does not see, shows by them which
    cells are merged over several rows."""
    return [
        HorizontalRule(at=float(edge["top"]), start=float(edge["x0"]), end=float(edge["x1"]))
        for edge in page.horizontal_edges
    ]


def _ruled_blocks(
    page: Any,
    tables: list[Any],
    line: int,
    lines: list[list[Word]],
    head: list[list[str]],
) -> tuple[list[Block], int]:
    """The page's ruled tables and the paragraphs around them. `head` holds the header rows
    of the table the pages before began: printed again at the top of this page (Word's
    repeated header rows), they are dropped, as the .docx has them once."""
    placed: list[tuple[float, Block]] = []
    boxes = [table.bbox for table in tables]
    for table in tables:
        result = Table()
        # Narrowed table, then row, then cell: a page has thousands of characters.
        table_chars = [c for c in page.chars if _inside(c, table.bbox)]
        starts = _column_starts(table)
        for row in table.rows:
            cells: list[str] = []
            merged: set[int] = set()
            row_chars: list[dict[str, Any]] = []
            in_row = [c for c in table_chars if _inside(c, row.bbox)]
            spanned = -1.0  # the right edge of the last cell of the row, spanning or not
            for index, box in enumerate(row.cells):
                if box is None:
                    cells.append("")
                    if index < len(starts) and starts[index] >= spanned - 1:
                        # Covered by a cell from the row above, not by the cell to its left.
                        merged.add(index)
                    continue
                spanned = box[2]
                inside = [c for c in in_row if _inside(c, box)]
                row_chars.extend(inside)
                cells.append(_cell_text(inside, right=box[2]))
            line += 1
            if not any(cells):
                continue
            result.rows.append(
                Row(cells=cells, line=line, bold=_bold(row_chars), merged_down=frozenset(merged))
            )
        if result.rows:
            result.line = result.rows[0].line
            placed.append((table.bbox[1], result))
    for words in lines:
        # The page's printed lines, its furniture left out, outside the tables.
        outside = [
            w
            for w in words
            if not any(
                box[1] <= w.middle <= box[3] and box[0] <= w.centre <= box[2] for box in boxes
            )
        ]
        text = collapse_spaces(" ".join(w.text for w in outside))
        if not text or _PAGE_NUMBER.match(text):
            continue
        line += 1
        placed.append(
            (
                min(w.top for w in outside),
                Paragraph(text=text, line=line, bold=all(w.bold for w in outside)),
            )
        )
    placed.sort(key=lambda item: item[0])
    blocks = [block for _top, block in placed]
    _drop_repeated_head(blocks, head)
    return blocks, line


def _column_starts(table: Any) -> list[float]:
    """The left edge of each of a ruled table's columns."""
    starts: list[float] = []
    for column in table.columns:
        lefts = [cell[0] for cell in column.cells if cell is not None]
        starts.append(min(lefts) if lefts else float("inf"))
    return starts


def _drop_repeated_head(blocks: list[Block], head: list[list[str]]) -> None:
    for position, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        rows = block.rows
        if position == 0 and head and rows and _folded(rows[0].cells) == head[0]:
            dropped = 0
            while (
                dropped < min(len(head), len(rows))
                and _folded(rows[dropped].cells) == head[dropped]
            ):
                dropped += 1
            del rows[:dropped]
            if rows:
                block.line = rows[0].line
        elif rows and is_header_row(rows[0].cells):
            head[:] = [_folded(r.cells) for r in rows[:3]]
    blocks[:] = [b for b in blocks if not isinstance(b, Table) or b.rows]


def _folded(cells: list[str]) -> list[str]:
    return [collapse_spaces(fold(c)) for c in cells]


def _cell_text(chars: list[dict[str, Any]], *, right: float) -> str:
    """The text of one cell, line by line, words spaced as printed: lines joined by a space
    where the text was wrapped (the next line's first word would not have fitted before the
    cell's right edge), by a line break where the writer broke the line."""
    if not chars:
        return ""
    ordered = sorted(chars, key=lambda c: (round(c["top"] / _LINE_TOLERANCE), c["x0"]))
    lines: list[list[dict[str, Any]]] = []
    for char in ordered:
        if lines and abs(lines[-1][-1]["top"] - char["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    text = ""
    previous_end = 0.0
    for members in lines:
        members.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        previous: dict[str, Any] | None = None
        first_word_end: float | None = None
        for char in members:
            if previous is not None:
                gap = char["x0"] - previous["x1"]
                if gap > 0.2 * max(char.get("size", 10), 1) and not previous["text"].isspace():
                    parts.append(" ")
                    first_word_end = (
                        first_word_end if first_word_end is not None else previous["x1"]
                    )
            parts.append(char["text"])
            previous = char
        line_text = collapse_spaces("".join(parts))
        if not line_text:
            continue
        if first_word_end is None and previous is not None:
            first_word_end = previous["x1"]
        size = max(float(members[0].get("size", 10)), 1.0)
        if text:
            word = (first_word_end or members[0]["x1"]) - members[0]["x0"]
            wrapped = previous_end + 0.3 * size + word > right - 0.3 * size
            # A line cut after a dash ("2026–" / "2030") keeps its break: whether the dash
            # joins or separates is the plan reader's to tell (`cell_text`).
            wrapped = wrapped and not text.endswith(_DASHES)
            text += (" " if wrapped else "\n") + line_text
        else:
            text = line_text
        previous_end = max(c["x1"] for c in members if not c["text"].isspace())
    return text
