"""Tables drawn without ruling lines, read from the positions of their words.

Some document systems export a plan's appendix with the table borders off, and the text
layer of a scan has no lines at all, so `find_tables` sees nothing. What is left are words
with their boxes. This module finds such a table the way a reader's eye does:

- words are grouped into printed lines (by their vertical middles), and a line into
  segments where the gap between two words is wider than a space;
- the header (`pdf_table_header`) is a band of up to four close lines whose segments read as
  a plan's header labels; a caption over two or more labels of the line below ("Mục tiêu"
  over "2025", "2030") gives two header rows, as a .docx does; column boundaries lie in the
  white river between the labels;
- a new row starts at a line with text in the number column ("TT"), or, where the table has
  no number column or the rows are clearly spaced, after a gap wider than the line spacing
  within a cell; the lines of a wrapped cell are joined with line breaks;
- text running across column boundaries stays in the column where it starts (a section
  title merged over the row, "I. HẠ TẦNG SỐ", is in the first cell); a line starting at the
  margin that runs across the table without a row number is a paragraph, and ends the table,
  as does a wide vertical gap;
- a cell merged over several rows (an agency or a time frame written once for a group),
  told by the lines printed between the rows, by its lines running on past the next row's
  first line, or by its text centred on rows whose cells are empty (`pdf_cell_merges`), is
  in the first of them, the cells under it `merged_down` (0205, 0219).

A table reaching the bottom of a page hands its columns to the next page: a header repeated
there is dropped, and a first row without a number is the rest of the row cut by the break
(the plan reader joins it to the row above).

Pure: no Django, no PDF library; words come from pdfplumber or from the OCR.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dxtrack.ingest.document import Block, Paragraph, Row, Table
from dxtrack.ingest.pdf_cell_merges import RowLines, cells_merged, row_separators
from dxtrack.ingest.pdf_table_header import header_at, header_columns, same_header
from dxtrack.ingest.pdf_words import (
    ROW_NUMBER,
    Columns,
    HorizontalRule,
    PrintedLine,
    Word,
    lines_joined,
    segment_text,
)

__all__ = ["REVIEW_MARK", "Columns", "HorizontalRule", "UnruledPage", "Word", "unruled_blocks"]

_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.I)
# Ends a row's note naming doubtful cells (what the preview marks for review).
REVIEW_MARK = "hãy đối chiếu với bản quét"
# What a number cell holds when read right: Roman, Arabic (1, 1.2), a lower-case letter.
_PLAIN_NUMBER = re.compile(r"^(?:[IVX]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")


# A cell's words in, the words to check (as "text" or "text (62%)") out; the page number and
# the column's label are added by this module.
CellReview = Callable[[Sequence[Word]], list[str]]


@dataclass
class UnruledPage:
    """The blocks of one page, the line counter after them, and the columns of a table that
    runs on past the page's bottom (for the next page)."""

    blocks: list[Block]
    line: int
    carried: Columns | None


def unruled_blocks(
    words: Sequence[Word],
    *,
    line: int,
    page: int,
    carried: Columns | None = None,
    review: CellReview | None = None,
    rules: Sequence[HorizontalRule] = (),
) -> UnruledPage:
    """The paragraphs and tables of one page's words, in reading order. `line` counts the
    blocks' lines across pages (the Row/Paragraph `line`); `page` (from 1) is named in the
    review notes; `carried` are the columns of a table cut by the previous page's bottom;
    `rules` the horizontal lines the page prints (a table ruled between its rows only), which
    tell where a cell is merged over several rows."""
    lines = _lines([w for w in words if w.text.strip()])
    if not lines:
        return UnruledPage(blocks=[], line=line, carried=carried)
    height = statistics.median(w.bottom - w.top for ln in lines for w in ln.words) or 1.0
    _segment(lines, height)
    blocks: list[Block] = []
    index = 0
    columns = carried
    run_to_bottom: Columns | None = None
    # Lines at the top of a continued page that are only a page number do not end the table.
    while columns is not None and index < len(lines) and _PAGE_NUMBER.match(lines[index].text):
        index += 1
    while index < len(lines):
        header_end = None
        found = header_at(
            lines, index, height, carried.header_lines if carried is not None else None
        )
        if found is not None:
            header_end, header_cells = found
            body_start = header_end
            columns = header_columns(header_cells, lines[body_start:], header_end - index)
            repeated = (
                carried is not None
                and index == _first_text(lines)
                and same_header(columns, carried)
            )
            if repeated:
                columns = carried
        elif columns is None:
            line = _paragraph(lines[index], line, blocks)
            index += 1
            continue
        else:
            body_start = index
            repeated = True
        if columns is None:  # pragma: no cover - set by either branch above
            break
        end = _table_end(lines, body_start, columns, height)
        table = Table()
        if header_end is not None and not repeated:
            for cells, merged in columns.header or ((columns.labels, frozenset()),):
                line += 1
                table.rows.append(Row(cells=list(cells), line=line, bold=True, merged_down=merged))
        line = _rows(lines[body_start:end], columns, height, line, table, page, review, rules)
        if table.rows:
            table.line = table.rows[0].line
            blocks.append(table)
        run_to_bottom = columns if end == len(lines) else None
        index = max(end, index + 1)
        columns = None
        carried = None
    return UnruledPage(blocks=blocks, line=line, carried=run_to_bottom)


# -- lines and segments -------------------------------------------------------------------


def _lines(words: list[Word]) -> list[PrintedLine]:
    ordered = sorted(words, key=lambda w: w.middle)
    lines: list[PrintedLine] = []
    current: list[Word] = []
    middle = 0.0
    for word in ordered:
        size = word.bottom - word.top
        if current and abs(word.middle - middle) <= 0.45 * max(size, 1e-6):
            current.append(word)
            middle = statistics.fmean(w.middle for w in current)
            continue
        if current:
            lines.append(PrintedLine(words=sorted(current, key=lambda w: w.x0)))
        current = [word]
        middle = word.middle
    if current:
        lines.append(PrintedLine(words=sorted(current, key=lambda w: w.x0)))
    return lines


def _segment(lines: list[PrintedLine], height: float) -> None:
    gaps = [
        b.x0 - a.x1
        for ln in lines
        for a, b in zip(ln.words, ln.words[1:], strict=False)
        if b.x0 - a.x1 > 0
    ]
    # A space between words is narrower than a letter's height; the wider gaps, between
    # the cells of a table with many short cells, would otherwise raise the measure.
    spaces = [g for g in gaps if g < 0.8 * height]
    space = statistics.median(spaces) if spaces else 0.3 * height
    threshold = max(2.5 * space, 0.6 * height)
    for ln in lines:
        ln.segments = [[ln.words[0]]]
        for previous, word in zip(ln.words, ln.words[1:], strict=False):
            if word.x0 - previous.x1 > threshold:
                ln.segments.append([word])
            else:
                ln.segments[-1].append(word)


def _first_text(lines: list[PrintedLine]) -> int:
    for index, ln in enumerate(lines):
        if not _PAGE_NUMBER.match(ln.text):
            return index
    return len(lines)


def _numbering(text: str) -> bool:
    # Short: the OCR may read "I" as "]" or "l", and a number column holds nothing long.
    return bool(ROW_NUMBER.match(text)) or (len(text) <= 4 and " " not in text)


def _group_heading(segment: Sequence[Word]) -> bool:
    """A group heading merged over the row from the number cell: "I. HẠ TẦNG SỐ", printed
    bold or in capitals."""
    if not ROW_NUMBER.match(segment[0].text) or len(segment) < 2:
        return False
    text = segment_text(segment[1:])
    return all(w.bold for w in segment) or (text.upper() == text and any(c.isalpha() for c in text))


def _starts_row(ln: PrintedLine) -> bool:
    return bool(ROW_NUMBER.match(ln.words[0].text))


# -- the body -----------------------------------------------------------------------------


def _table_end(lines: list[PrintedLine], start: int, columns: Columns, height: float) -> int:
    pitches = [b.top - a.top for a, b in zip(lines[start:], lines[start + 1 :], strict=False)]
    pitch = statistics.median(pitches) if pitches else 1.5 * height
    span = (columns.edges[-1] - columns.edges[0]) if len(columns.edges) > 1 else 0.0
    previous: PrintedLine | None = None
    spanning_before = False
    for index in range(start, len(lines)):
        ln = lines[index]
        if previous is not None and ln.top - previous.bottom > max(3 * pitch, 4 * height):
            return index
        first = ln.segments[0]
        if (
            columns.number is not None
            and columns.index(first[0].centre) == columns.number
            and not _numbering(segment_text(first))
            and not _group_heading(first)
        ):
            return index  # the number column holds only numbers: this is text below the table
        crossed = columns.index(first[-1].x1) - columns.index(first[0].x0)
        wide = crossed >= 2 or (span > 0 and first[-1].x1 - first[0].x0 > 0.6 * span)
        at_margin = columns.index(first[0].x0) == 0
        if wide and at_margin and not _starts_row(ln) and not spanning_before:
            return index
        spanning_before = wide and (at_margin or spanning_before)
        previous = ln
    return len(lines)


def _rows(
    body: list[PrintedLine],
    columns: Columns,
    height: float,
    line: int,
    table: Table,
    page: int,
    review: CellReview | None,
    rules: Sequence[HorizontalRule] = (),
) -> int:
    width = len(columns.edges) + 1
    placed = [_place(ln, columns, width) for ln in body]
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(body)]
    split_gap = _row_gap(gaps, placed, columns)
    rights = [max((w.x1 for cells in placed for w in cells[c]), default=0.0) for c in range(width)]
    rows: RowLines = []  # per row, per column, per printed line
    starts: list[int] = []  # per row, the index in `body` of its first printed line
    for index, cells in enumerate(placed):
        numbered = columns.number is not None and bool(cells[columns.number])
        spaced = index > 0 and split_gap is not None and gaps[index - 1] > split_gap
        if not rows or numbered or spaced:
            rows.append([[] for _ in range(width)])
            starts.append(index)
        for column, words in enumerate(cells):
            if words:
                rows[-1][column].append(words)
    merged = _merges(rows, body, starts, columns, height, rules)
    for row, down in zip(rows, merged, strict=True):
        line = _emit(row, columns, rights, height, line, table, page, review, down)
    return line


def _merges(
    rows: RowLines,
    body: list[PrintedLine],
    starts: list[int],
    columns: Columns,
    height: float,
    rules: Sequence[HorizontalRule],
) -> list[frozenset[int]]:
    """The columns merged down into each row (`pdf_cell_merges`), from the lines printed
    between the rows and where the cells' texts stand."""
    if columns.number is None:
        return [frozenset() for _ in rows]
    boundaries = [
        (_middle(body[start - 1]), _middle(body[start])) if start > 0 else None for start in starts
    ]
    separators = row_separators(
        rows,
        boundaries=boundaries,
        rules=rules,
        edges=columns.edges,
        number=columns.number,
        height=height,
    )
    first_lines = [body[start].words for start in starts]
    return cells_merged(
        rows,
        number=columns.number,
        height=height,
        first_lines=first_lines,
        separators=separators,
    )


def _middle(ln: PrintedLine) -> float:
    return (ln.top + ln.bottom) / 2


def _place(ln: PrintedLine, columns: Columns, width: int) -> list[list[Word]]:
    """The line's words per column; a segment stays whole in the column where it starts
    unless its words fall clearly into the columns they stand in."""
    cells: list[list[Word]] = [[] for _ in range(width)]
    for segment in ln.segments:
        start = columns.index(segment[0].x0 + 0.5 * (segment[0].x1 - segment[0].x0))
        cells[start].extend(segment)
    return cells


def _row_gap(gaps: list[float], placed: list[list[list[Word]]], columns: Columns) -> float | None:
    """The vertical gap above which a line starts a new row although its number cell is
    empty: only when the rows are visibly spaced apart from the lines within a cell."""
    if len(gaps) < 3:
        return None
    if columns.number is not None:
        before_numbered = [
            g for g, cells in zip(gaps, placed[1:], strict=False) if cells[columns.number]
        ]
        within = [
            g for g, cells in zip(gaps, placed[1:], strict=False) if not cells[columns.number]
        ]
        if not before_numbered or not within:
            return None
        row, inner = statistics.median(before_numbered), statistics.median(within)
        return (row + inner) / 2 if row > 1.8 * max(inner, 0.0) + 1 else None
    ordered = sorted(gaps)
    low = statistics.median(ordered[: len(ordered) // 2 + 1])
    high = ordered[-1]
    return (low + high) / 2 if high > 1.8 * max(low, 0.0) + 1 else None


def _emit(
    cells: list[list[list[Word]]],
    columns: Columns,
    rights: list[float],
    height: float,
    line: int,
    table: Table,
    page: int,
    review: CellReview | None,
    merged: frozenset[int] = frozenset(),
) -> int:
    # A column's text reaches at most its rightmost word, the glyphs' boxes a little short.
    texts = [
        lines_joined(lines, limit=right - 0.2 * height, height=height)
        for lines, right in zip(cells, rights, strict=True)
    ]
    if not any(t.strip() for t in texts):
        return line
    notes = []
    if review is not None:
        number = texts[columns.number].strip() if columns.number is not None else ""
        if number and not _PLAIN_NUMBER.match(number):
            notes.append(f"trang {page}, cột “TT”: số thứ tự “{number}” đọc chưa chắc chắn")
        for index, lines in enumerate(cells):
            doubtful = review([w for words in lines for w in words])
            if doubtful:
                label = columns.labels[index] if index < len(columns.labels) else str(index + 1)
                notes.append(
                    f"trang {page}, cột “{label}”: chữ nhận dạng chưa chắc chắn "
                    + ", ".join(doubtful)
                )
    words = [w for lines in cells for words in lines for w in words]
    line += 1
    note = "; ".join(notes)
    if note:
        note += f" — {REVIEW_MARK}"
    table.rows.append(
        Row(
            cells=texts,
            line=line,
            bold=all(w.bold for w in words),
            note=note,
            merged_down=merged,
        )
    )
    return line


def _paragraph(ln: PrintedLine, line: int, blocks: list[Block]) -> int:
    text = ln.text
    if not text or _PAGE_NUMBER.match(text):
        return line
    line += 1
    blocks.append(Paragraph(text=text, line=line, bold=all(w.bold for w in ln.words)))
    return line
