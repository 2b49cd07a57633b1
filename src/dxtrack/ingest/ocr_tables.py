"""A scanned page's ruled tables drawn from the ruling lines found on its picture
(`ocr_image.image_rules`), and every OCR'd word put in the cell its centre falls in.

A table is a set of horizontal lines joined by vertical lines; its rows are the bands between
the horizontal lines, its columns those between the vertical lines. Where a line between
two cells is missing the cells are one (merged across or down): the words go to the first
cell, and the cells it covers are empty and `merged_down`, as pdfplumber reads a text PDF's
ruled table (`pdf_reader`). A cell's words are put in printed lines, the lines joined with
line breaks, so a cell wrapped over several lines keeps them all, in order. Each page's
table is a `Table` of its own, as in a text PDF: the plan reader drops the header repeated
on each page and joins a row cut by the page break to the row above.

Words outside the tables are paragraphs, a printed line each, in reading order with the
tables. Pure: no Django.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from dxtrack.ingest.document import Block, Paragraph, Row, Table
from dxtrack.ingest.ocr_image import Rule
from dxtrack.ingest.pdf_tables_unruled import REVIEW_MARK, CellReview, Word
from dxtrack.ingest.pdf_words import lines_joined
from dxtrack.vn_text import collapse_spaces

__all__ = ["RuledPage", "ruled_blocks", "table_grids"]

_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.I)
_PLAIN_NUMBER = re.compile(r"^(?:[IVX]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]?$")
# Pixels (300 dpi) within which two lines are the same line, or a line meets another.
_TOLERANCE = 10
# A table's horizontal lines are at least this long (pixels); shorter ones are underlines.
_MIN_RULE = 150
# Speckles read as words: no letter or digit in them.
_SPECK = re.compile(r"^[^\w]*$")


@dataclass
class RuledPage:
    blocks: list[Block]
    line: int
    tables: int


@dataclass
class _Grid:
    ys: list[float]
    xs: list[float]
    horizontal: list[Rule]
    vertical: list[Rule]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def across(self, row: int, column: int) -> bool:
        """Whether the line above band `row` runs over `column`."""
        y = self.ys[row]
        middle = (self.xs[column] + self.xs[column + 1]) / 2
        return any(
            abs(h.at - y) <= _TOLERANCE and h.start <= middle <= h.end for h in self.horizontal
        )

    def down(self, row: int, column: int) -> bool:
        """Whether the line left of `column` runs down band `row`."""
        x = self.xs[column]
        middle = (self.ys[row] + self.ys[row + 1]) / 2
        return any(
            abs(v.at - x) <= _TOLERANCE and v.start <= middle <= v.end for v in self.vertical
        )

    def owner(self, row: int, column: int) -> tuple[int, int]:
        """The cell that covers (row, column): left past missing lines, then up."""
        while True:
            moved = False
            while column > 0 and not self.down(row, column):
                column -= 1
                moved = True
            while row > 0 and not self.across(row, column):
                row -= 1
                moved = True
            if not moved:
                return row, column


def _levels(values: Sequence[float]) -> list[float]:
    """Positions within the tolerance of each other taken as one."""
    levels: list[list[float]] = []
    for value in sorted(values):
        if levels and value - levels[-1][-1] <= _TOLERANCE:
            levels[-1].append(value)
        else:
            levels.append([value])
    return [statistics.fmean(group) for group in levels]


def table_grids(horizontal: Sequence[Rule], vertical: Sequence[Rule]) -> list[_Grid]:
    """The tables the lines draw: horizontal lines joined by a vertical line meeting both."""
    across = [h for h in horizontal if h.length >= _MIN_RULE]
    parent = list(range(len(across)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for v in vertical:
        met = [
            i
            for i, h in enumerate(across)
            if h.start - _TOLERANCE <= v.at <= h.end + _TOLERANCE
            and v.start - _TOLERANCE <= h.at <= v.end + _TOLERANCE
        ]
        for i in met[1:]:
            parent[root(i)] = root(met[0])
    groups: dict[int, list[Rule]] = {}
    for i, h in enumerate(across):
        groups.setdefault(root(i), []).append(h)
    grids = []
    for members in groups.values():
        ys = _levels([h.at for h in members])
        if len(ys) < 2:
            continue
        left = min(h.start for h in members)
        right = max(h.end for h in members)
        top, bottom = ys[0], ys[-1]
        downs = [
            v
            for v in vertical
            if left - _TOLERANCE <= v.at <= right + _TOLERANCE
            and v.end >= top - _TOLERANCE
            and v.start <= bottom + _TOLERANCE
        ]
        xs = _levels([v.at for v in downs])
        if not xs or xs[0] - left > _TOLERANCE:
            xs.insert(0, left)
        if right - xs[-1] > _TOLERANCE:
            xs.append(right)
        if len(xs) < 2:
            continue
        grids.append(_Grid(ys=ys, xs=xs, horizontal=members, vertical=downs))
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _band(edges: Sequence[float], value: float) -> int | None:
    if value < edges[0] or value > edges[-1]:
        return None
    for index in range(len(edges) - 1):
        if value < edges[index + 1]:
            return index
    return len(edges) - 2


def _printed_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into printed lines by their vertical middles, each left to right. The
    tolerance is half the usual word's height, not the word's own: a dash or a comma has a
    box a few pixels high, in the middle or at the bottom of its line."""
    if not words:
        return []
    size = statistics.median(w.bottom - w.top for w in words) or 1.0
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.middle):
        if lines:
            middle = statistics.median(w.middle for w in lines[-1])
            if abs(word.middle - middle) <= 0.5 * size:
                lines[-1].append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _amended(text: str) -> str:
    from dxtrack.ingest.ocr_words import case_amended, lexicon_default, quarter_amended

    return case_amended(quarter_amended(text), names=lexicon_default().names)


# What a plan's cell may hold besides letters and digits; a token of other marks only ("¬",
# "#", "^") is a speck or a stray accent.
_PUNCTUATION = frozenset(".,;:!?()[]/%+-–—“”‘’\"'<>≥≤=&*…")


def _without_specks(words: list[Word]) -> list[Word]:
    return [w for w in words if any(c.isalnum() for c in w.text) or set(w.text) <= _PUNCTUATION]


def _without_loose_marks(lines: list[list[Word]]) -> list[list[Word]]:
    """A cell's lines without a line of marks only a third as tall as its letters: accents
    Tesseract did not put on their letters, read as "~ z - #" between two lines."""
    if len(lines) < 2:
        return lines
    size = statistics.median(max(w.bottom - w.top for w in line) for line in lines)
    return [
        line
        for line in lines
        if any(w.bottom - w.top >= 0.5 * size or any(c.isdigit() for c in w.text) for w in line)
    ]


def _text(lines: Sequence[Sequence[Word]], left: float, right: float) -> str:
    """A cell's lines joined as a text PDF's are (`lines_joined`). The cell's padding on the
    right is taken to be what it is on the left, and a word within half a line's height of
    fitting counts as not fitting: a glyph's box is tighter than its advance."""
    if not lines:
        return ""
    height = statistics.median(w.bottom - w.top for line in lines for w in line)
    padding = max(min(line[0].x0 for line in lines) - left, 0.0)
    return lines_joined(lines, limit=right - (padding + 0.5 * height), height=height)


def ruled_blocks(
    words: Sequence[Word],
    horizontal: Sequence[Rule],
    vertical: Sequence[Rule],
    *,
    line: int,
    page: int,
    review: CellReview | None = None,
) -> RuledPage:
    """The tables the ruling lines draw, with their words, and the paragraphs around them,
    in reading order. `line` counts rows and paragraphs across pages."""
    grids = table_grids(horizontal, vertical)
    cells: list[dict[tuple[int, int], list[Word]]] = [{} for _ in grids]
    outside: list[Word] = []
    for word in words:
        placed = False
        for index, grid in enumerate(grids):
            row = _band(grid.ys, word.middle)
            column = _band(grid.xs, word.centre)
            if row is None or column is None:
                continue
            cells[index].setdefault(grid.owner(row, column), []).append(word)
            placed = True
            break
        if placed or _SPECK.match(word.text):
            continue
        if word.confidence is not None and word.confidence < 50 and len(word.text) <= 3:
            continue  # a speck or two of the scan read as letters
        outside.append(word)
    placed_blocks: list[tuple[float, int, Table | list[list[Word]]]] = []
    for grid in grids:
        placed_blocks.append((grid.ys[0], 0, Table()))
    for printed in _printed_lines(outside):
        placed_blocks.append((min(w.top for w in printed), 1, [printed]))
    placed_blocks.sort(key=lambda item: (item[0], item[1]))
    blocks: list[Block] = []
    grid_index = 0
    for _top, _kind, item in placed_blocks:
        if isinstance(item, Table):
            grid = grids[grid_index]
            line = _table_rows(grid, cells[grid_index], item, line, page, review)
            grid_index += 1
            if item.rows:
                item.line = item.rows[0].line
                blocks.append(item)
            continue
        printed = item[0]
        text = collapse_spaces(" ".join(w.text for w in printed))
        if not text or _PAGE_NUMBER.match(text):
            continue
        confidences = [w.confidence for w in printed if w.confidence is not None]
        if confidences and statistics.fmean(confidences) < 50:
            continue  # specks of the scan read as letters
        line += 1
        blocks.append(Paragraph(text=text, line=line, bold=all(w.bold for w in printed)))
    return RuledPage(blocks=blocks, line=line, tables=len(grids))


def _table_rows(
    grid: _Grid,
    cells: dict[tuple[int, int], list[Word]],
    table: Table,
    line: int,
    page: int,
    review: CellReview | None,
) -> int:
    columns = len(grid.xs) - 1
    labels: list[str] = []
    for row in range(len(grid.ys) - 1):
        texts: list[str] = []
        merged: set[int] = set()
        row_words: list[Word] = []
        per_cell: list[list[Word]] = []
        for column in range(columns):
            if grid.owner(row, column) != (row, column):
                texts.append("")
                merged.add(column)
                per_cell.append([])
                continue
            members = cells.get((row, column), [])
            row_words.extend(members)
            per_cell.append(members)
            end = column + 1
            while end < columns and not grid.down(row, end):
                end += 1
            lines = _without_loose_marks(_printed_lines(_without_specks(members)))
            texts.append(_amended(_text(lines, grid.xs[column], grid.xs[end])))
        line += 1
        if not any(texts):
            continue
        if not labels:
            labels = [t.replace("\n", " ") for t in texts]
        note = _note(texts, per_cell, labels, page, review) if review is not None else ""
        table.rows.append(
            Row(
                cells=texts,
                line=line,
                bold=bool(row_words) and all(w.bold for w in row_words),
                merged_down=frozenset(merged),
                note=note,
            )
        )
    return line


def _note(
    texts: list[str],
    per_cell: list[list[Word]],
    labels: list[str],
    page: int,
    review: CellReview,
) -> str:
    notes = []
    number = texts[0].strip()
    if number and not _PLAIN_NUMBER.match(number) and len(number) <= 6 and texts != labels:
        notes.append(f"trang {page}, cột “TT”: số thứ tự “{number}” đọc chưa chắc chắn")
    for index, members in enumerate(per_cell):
        ordered = [w for printed in _printed_lines(members) for w in printed]
        doubtful = review(ordered)
        if doubtful:
            label = labels[index] if index < len(labels) and labels[index] else str(index + 1)
            notes.append(
                f"trang {page}, cột “{label}”: chữ nhận dạng chưa chắc chắn " + ", ".join(doubtful)
            )
    note = "; ".join(notes)
    return f"{note} — {REVIEW_MARK}" if note else ""
