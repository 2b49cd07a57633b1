"""Tables drawn without ruling lines, read from the positions of their words.

Some document systems export a plan's appendix with the table borders off, and the text
layer of a scan has no lines at all, so `find_tables` sees nothing. What is left are words
with their boxes. This module finds such a table the way a reader's eye does:

- words are grouped into printed lines (by their vertical middles), and a line into
  segments where the gap between two words is wider than a space;
- a header is a band of up to four close lines whose segments, merged by horizontal
  overlap, read as a plan's header labels (`columns.is_header_row`); a label spanning two
  labels of the line below ("Mục tiêu" over "2025", "2030") is prefixed to both;
- the boundary between two columns lies between their header labels, at the x where the
  fewest body words are (the white river between columns), so a centred or a left-aligned
  header both work;
- a new row starts at a line with text in the number column ("TT"), or, where the table has
  no number column or the rows are clearly spaced, after a gap wider than the line spacing
  within a cell; the lines of a wrapped cell are joined with line breaks;
- text running across column boundaries stays in the column where it starts (a section
  title spanning the row); a line starting at the margin that runs across the table without
  a row number is a paragraph, and ends the table, as does a wide vertical gap.

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
from dataclasses import dataclass, field

from dxtrack.ingest import columns as col
from dxtrack.ingest.document import Block, Paragraph, Row, Table
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["REVIEW_MARK", "Columns", "UnruledPage", "Word", "unruled_blocks"]

_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.I)
_ROW_NUMBER = re.compile(r"^(?:[IVXLC]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$", re.I)
# Ends a row's note naming doubtful cells (what the preview marks for review).
REVIEW_MARK = "hãy đối chiếu với bản quét"
# What a number cell holds when read right: Roman, Arabic (1, 1.2), a lower-case letter.
_PLAIN_NUMBER = re.compile(r"^(?:[IVX]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")
# At most this many printed lines make a header band.
_HEADER_LINES = 4


@dataclass(frozen=True)
class Word:
    """A word and its box, in the page's units (points or pixels), top growing downwards.
    `confidence` (0–100) is the OCR's; None for a text layer."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False
    confidence: float | None = None

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Columns:
    """A table's columns: labels and the x of the boundaries between them."""

    labels: tuple[str, ...]
    edges: tuple[float, ...]
    number: int | None  # the index of the "TT" column
    header_lines: int = 1  # printed lines of the header, to know it again on the next page

    def index(self, x: float) -> int:
        for index, edge in enumerate(self.edges):
            if x < edge:
                return index
        return len(self.edges)


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


@dataclass
class _Line:
    words: list[Word]
    segments: list[list[Word]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def text(self) -> str:
        return collapse_spaces(" ".join(w.text for w in self.words))


def unruled_blocks(
    words: Sequence[Word],
    *,
    line: int,
    page: int,
    carried: Columns | None = None,
    review: CellReview | None = None,
) -> UnruledPage:
    """The paragraphs and tables of one page's words, in reading order. `line` counts the
    blocks' lines across pages (the Row/Paragraph `line`); `page` (from 1) is named in the
    review notes; `carried` are the columns of a table cut by the previous page's bottom."""
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
        found = _header_at(
            lines, index, height, carried.header_lines if carried is not None else None
        )
        if found is not None:
            header_end, header_cells = found
            body_start = header_end
            columns = _columns(header_cells, lines[body_start:], header_end - index)
            repeated = (
                carried is not None and index == _first_text(lines) and _same(columns, carried)
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
            line += 1
            table.rows.append(Row(cells=list(columns.labels), line=line, bold=True))
        line = _rows(lines[body_start:end], columns, height, line, table, page, review)
        if table.rows:
            table.line = table.rows[0].line
            blocks.append(table)
        run_to_bottom = columns if end == len(lines) else None
        index = max(end, index + 1)
        columns = None
        carried = None
    return UnruledPage(blocks=blocks, line=line, carried=run_to_bottom)


# -- lines and segments -------------------------------------------------------------------


def _lines(words: list[Word]) -> list[_Line]:
    ordered = sorted(words, key=lambda w: w.middle)
    lines: list[_Line] = []
    current: list[Word] = []
    middle = 0.0
    for word in ordered:
        size = word.bottom - word.top
        if current and abs(word.middle - middle) <= 0.45 * max(size, 1e-6):
            current.append(word)
            middle = statistics.fmean(w.middle for w in current)
            continue
        if current:
            lines.append(_Line(words=sorted(current, key=lambda w: w.x0)))
        current = [word]
        middle = word.middle
    if current:
        lines.append(_Line(words=sorted(current, key=lambda w: w.x0)))
    return lines


def _segment(lines: list[_Line], height: float) -> None:
    gaps = [
        b.x0 - a.x1
        for ln in lines
        for a, b in zip(ln.words, ln.words[1:], strict=False)
        if b.x0 - a.x1 > 0
    ]
    space = statistics.median(gaps) if gaps else 0.3 * height
    threshold = max(2.5 * space, 0.6 * height)
    for ln in lines:
        ln.segments = [[ln.words[0]]]
        for previous, word in zip(ln.words, ln.words[1:], strict=False):
            if word.x0 - previous.x1 > threshold:
                ln.segments.append([word])
            else:
                ln.segments[-1].append(word)


def _segment_text(segment: Sequence[Word]) -> str:
    return collapse_spaces(" ".join(w.text for w in segment))


def _first_text(lines: list[_Line]) -> int:
    for index, ln in enumerate(lines):
        if not _PAGE_NUMBER.match(ln.text):
            return index
    return len(lines)


# -- the header ---------------------------------------------------------------------------


@dataclass
class _Cell:
    x0: float
    x1: float
    parts: list[tuple[int, str]]  # (line in the band, text)


def _header_at(
    lines: list[_Line], start: int, height: float, known: int | None
) -> tuple[int, list[_Cell]] | None:
    """(index after the header band, its cells) when a header starts at `start`. The band
    is as long as `known` when the header is one seen on the page before (a row cut by the
    break may follow it closely), else as long as it still reads as a header."""
    best: tuple[int, list[_Cell]] | None = None
    band: list[_Line] = []
    for offset in range(known or _HEADER_LINES):
        index = start + offset
        if index >= len(lines):
            break
        ln = lines[index]
        if not band and len(ln.segments) < 2:
            return None  # a title over the table, not a header's first line
        if band and (ln.top - band[-1].bottom > 1.2 * height or _starts_row(ln)):
            break
        band.append(ln)
        cells = _band_cells(band)
        labels = [" ".join(text for _n, text in cell.parts) for cell in cells]
        if len(cells) >= 3 and col.is_header_row(labels):
            best = (index + 1, cells)
    return best


def _numbering(text: str) -> bool:
    # Short: the OCR may read "I" as "]" or "l", and a number column holds nothing long.
    return bool(_ROW_NUMBER.match(text)) or (len(text) <= 4 and " " not in text)


def _starts_row(ln: _Line) -> bool:
    return bool(_ROW_NUMBER.match(ln.words[0].text))


def _band_cells(band: list[_Line]) -> list[_Cell]:
    """The header's cells: segments of the band's lines merged where they overlap, a
    segment over two or more segments of another line being their common caption."""
    segments = [
        (number, seg[0].x0, seg[-1].x1, _segment_text(seg))
        for number, ln in enumerate(band)
        for seg in ln.segments
    ]
    # Leaves: the segments not over two or more segments of one line below.
    leaves: list[tuple[int, float, float, str]] = []
    captions: list[tuple[int, float, float, str]] = []
    for segment in segments:
        number, x0, x1, _text = segment
        under = [s for s in segments if s[0] > number and s[1] < x1 and s[2] > x0]
        by_line: dict[int, int] = {}
        for other in under:
            by_line[other[0]] = by_line.get(other[0], 0) + 1
        (captions if any(n >= 2 for n in by_line.values()) else leaves).append(segment)
    cells: list[_Cell] = []
    for number, x0, x1, text in sorted(leaves, key=lambda s: s[1]):
        for cell in cells:
            if x0 < cell.x1 and x1 > cell.x0:
                cell.x0, cell.x1 = min(cell.x0, x0), max(cell.x1, x1)
                cell.parts.append((number, text))
                break
        else:
            cells.append(_Cell(x0=x0, x1=x1, parts=[(number, text)]))
    for number, x0, x1, text in captions:
        for cell in cells:
            if cell.x0 < x1 and cell.x1 > x0:
                cell.parts.append((number, text))
    for cell in cells:
        cell.parts.sort()
    cells.sort(key=lambda c: c.x0)
    return cells


def _columns(cells: list[_Cell], body: list[_Line], header_lines: int) -> Columns:
    labels = tuple(collapse_spaces(" ".join(text for _n, text in c.parts)) for c in cells)
    edges = []
    body_words = [w for ln in body[:200] for w in ln.words]
    height = statistics.median(w.bottom - w.top for w in body_words) if body_words else 1.0
    for left, right in itertools.pairwise(cells):
        edges.append(_river(left.x1, right.x0, body_words, height))
    number = next(
        (i for i, label in enumerate(labels) if col.label_role(label) == col.NUMBER), None
    )
    if number is None and edges and _numbers_first(body, edges[0]):
        # A "TT" label the OCR misread: the first column holds the rows' numbers all the same.
        number = 0
        labels = ("TT", *labels[1:])
    return Columns(labels=labels, edges=tuple(edges), number=number, header_lines=header_lines)


def _numbers_first(body: list[_Line], edge: float) -> bool:
    firsts = [ln.segments[0] for ln in body[:200] if ln.segments[0][-1].x1 <= edge]
    numbered = sum(1 for seg in firsts if _ROW_NUMBER.match(_segment_text(seg)))
    return len(firsts) >= 2 and numbered >= 0.6 * len(firsts)


def _river(left: float, right: float, words: list[Word], height: float) -> float:
    """The x between two header labels that the fewest body words cross, in the middle of
    the widest such stretch."""
    if right <= left:
        return (left + right) / 2
    step = max(height / 8, 0.25)
    count = max(int((right - left) / step), 1)
    xs = [left + (i + 0.5) * (right - left) / count for i in range(count)]
    crossing = [sum(1 for w in words if w.x0 <= x <= w.x1) for x in xs]
    fewest = min(crossing)
    best_start, best_length, start = 0, 0, None
    for i, value in enumerate([*crossing, fewest + 1]):
        if value == fewest and start is None:
            start = i
        elif value != fewest and start is not None:
            if i - start > best_length:
                best_start, best_length = start, i - start
            start = None
    return (
        xs[best_start + (best_length - 1) // 2]
        if best_length % 2
        else ((xs[best_start + best_length // 2 - 1] + xs[best_start + best_length // 2]) / 2)
    )


def _same(columns: Columns, carried: Columns) -> bool:
    """The header of the page before, printed again: the same columns, in the same places or
    under the same labels (the OCR may read a label a little differently)."""
    if len(columns.edges) != len(carried.edges):
        return False
    span = max(abs(carried.edges[-1] - carried.edges[0]), 1.0) if carried.edges else 1.0
    placed = all(
        abs(a - b) < 0.05 * span for a, b in zip(columns.edges, carried.edges, strict=True)
    )
    labelled = sum(
        1
        for a, b in zip(columns.labels, carried.labels, strict=True)
        if _squeezed(a) == _squeezed(b)
    )
    return placed or labelled >= 0.7 * len(carried.labels)


def _squeezed(label: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(label))


# -- the body -----------------------------------------------------------------------------


def _table_end(lines: list[_Line], start: int, columns: Columns, height: float) -> int:
    pitches = [b.top - a.top for a, b in zip(lines[start:], lines[start + 1 :], strict=False)]
    pitch = statistics.median(pitches) if pitches else 1.5 * height
    span = (columns.edges[-1] - columns.edges[0]) if len(columns.edges) > 1 else 0.0
    previous: _Line | None = None
    spanning_before = False
    for index in range(start, len(lines)):
        ln = lines[index]
        if previous is not None and ln.top - previous.bottom > max(3 * pitch, 4 * height):
            return index
        first = ln.segments[0]
        if (
            columns.number is not None
            and columns.index(first[0].centre) == columns.number
            and not _numbering(_segment_text(first))
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
    body: list[_Line],
    columns: Columns,
    height: float,
    line: int,
    table: Table,
    page: int,
    review: CellReview | None,
) -> int:
    width = len(columns.edges) + 1
    placed = [_place(ln, columns, width) for ln in body]
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(body)]
    split_gap = _row_gap(gaps, placed, columns)
    rights = [max((w.x1 for cells in placed for w in cells[c]), default=0.0) for c in range(width)]
    current: list[list[list[Word]]] | None = None  # per column, per printed line
    for index, cells in enumerate(placed):
        numbered = columns.number is not None and bool(cells[columns.number])
        spaced = index > 0 and split_gap is not None and gaps[index - 1] > split_gap
        if current is None or numbered or spaced:
            if current is not None:
                line = _emit(current, columns, rights, height, line, table, page, review)
            current = [[] for _ in range(width)]
        for column, words in enumerate(cells):
            if words:
                current[column].append(words)
    if current is not None:
        line = _emit(current, columns, rights, height, line, table, page, review)
    return line


def _place(ln: _Line, columns: Columns, width: int) -> list[list[Word]]:
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
) -> int:
    texts = [_cell_text(lines, right, height) for lines, right in zip(cells, rights, strict=True)]
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
    table.rows.append(Row(cells=texts, line=line, bold=all(w.bold for w in words), note=note))
    return line


def _cell_text(lines: list[list[Word]], right: float, height: float) -> str:
    """A cell's lines, joined by a space where the text was wrapped (the next line's first
    word would not have fitted on the line before: "Văn phòng / UBND tỉnh") and by a line
    break where the writer broke the line (one agency per line)."""
    text = ""
    previous: list[Word] | None = None
    for words in lines:
        part = collapse_spaces(" ".join(w.text for w in words))
        if previous is None:
            text = part
        else:
            first = words[0]
            wrapped = previous[-1].x1 + 0.3 * height + (first.x1 - first.x0) > right - 0.2 * height
            text += (" " if wrapped else "\n") + part
        previous = words
    return text


def _paragraph(ln: _Line, line: int, blocks: list[Block]) -> int:
    text = ln.text
    if not text or _PAGE_NUMBER.match(text):
        return line
    line += 1
    blocks.append(Paragraph(text=text, line=line, bold=all(w.bold for w in ln.words)))
    return line
