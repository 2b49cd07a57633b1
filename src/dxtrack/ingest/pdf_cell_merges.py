"""Cells merged over several rows in a table drawn without vertical lines (`pdf_tables_unruled`),
told from what the page shows, and given the shape the .docx gives them (0205): the text in
the first of the rows, the cells under it empty and `merged_down`.

What tells a merged cell (0219), strongest first:

- the horizontal lines between the rows, when the table has them (lines between the rows
  only, as some offices print): a line above a row that stops short of a column, or leaves
  a gap under it, means the cell above runs on into the row; a line crossing the column
  means the cell is the row's own, and, if empty, empty. Where the lines speak, nothing else
  is asked;
- a cell's lines running on past the first line of the row below, in the rhythm of the lines
  within a cell, where that row's own cells stand at their row's top: one cell reaching down
  over both rows (printed at the top of its rows, longer than the first of them);
- a text standing level with none of its row's first lines but in the middle of rows whose
  cells are empty: a cell centred on them, as offices centre an agency or a time frame
  written once for a group.

A merged cell printed at the top of its rows, no longer than the first of them, in a table
without lines between the rows, looks exactly like a cell followed by empty ones: it is left
as written (empty cells stay empty). So is a merge running over a page break, where the
page after it shows a line across the column under the repeated header or no lines at all.

Pure: no Django.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from dxtrack.ingest.pdf_words import HorizontalRule, Word

__all__ = ["RowLines", "cells_merged", "row_separators"]

# Rows as `pdf_tables_unruled` groups them: per row, per column, the cell's printed lines.
RowLines = list[list[list[list[Word]]]]


@dataclass(frozen=True)
class _Span:
    top: float
    bottom: float


def row_separators(
    rows: RowLines,
    *,
    boundaries: Sequence[tuple[float, float] | None],
    rules: Sequence[HorizontalRule],
    edges: Sequence[float],
    number: int,
    height: float,
) -> list[frozenset[int] | None]:
    """Per row, the columns the line printed above it crosses, or None where no line stands
    between the row and the one above (no evidence). `boundaries[i]` is the stretch of page
    (y from, y to) between the middles of the printed line before row i and of its first
    line; `edges` the x of the boundaries between the columns. A line counts only if it
    crosses the number column (a row's own line always does; an underline under a word does
    not) and is longer than a few letters."""
    xs = _column_positions(rows, edges, height)
    separators: list[frozenset[int] | None] = []
    for index, boundary in enumerate(boundaries):
        if index == 0 or boundary is None:
            separators.append(None)
            continue
        low, high = boundary
        between = [r for r in rules if low < r.at < high and r.end - r.start > 3 * height]
        tolerance = 0.5 * height
        crossed = frozenset(
            column
            for column, x in enumerate(xs)
            if any(r.start - tolerance <= x <= r.end + tolerance for r in between)
        )
        separators.append(crossed if between and number in crossed else None)
    return separators


def _column_positions(rows: RowLines, edges: Sequence[float], height: float) -> list[float]:
    """Each column's x: the middle of its words' spans; for a column without words on the
    page (a time frame merged over the rows of a page from the page before), the middle
    between its boundaries."""
    width = len(edges) + 1
    positions: list[float] = []
    for column in range(width):
        words = [w for row in rows for line in row[column] for w in line] if rows else []
        if words:
            left = statistics.median(w.x0 for w in words)
            positions.append((left + max(w.x1 for w in words)) / 2)
        elif column == 0:
            positions.append(edges[0] - height if edges else 0.0)
        elif column == width - 1:
            positions.append(edges[-1] + height)
        else:
            positions.append((edges[column - 1] + edges[column]) / 2)
    return positions


def cells_merged(
    rows: RowLines,
    *,
    number: int | None,
    height: float,
    first_lines: Sequence[Sequence[Word]],
    separators: Sequence[frozenset[int] | None],
) -> list[frozenset[int]]:
    """The columns merged down into each row, the merged cells' text moved to the first of
    their rows (`rows` is changed). `first_lines[i]` are the words of row i's first printed
    line; `separators` come from `row_separators` (all None without lines)."""
    merged: list[set[int]] = [set() for _ in rows]
    if number is None or not rows:
        return [frozenset() for _ in rows]
    _ruled_merges(rows, merged, number, separators)
    _running_on(rows, merged, number, height, first_lines, separators)
    _centred_merges(rows, merged, number, height, separators)
    return [frozenset(m) for m in merged]


def _ruled_merges(
    rows: RowLines,
    merged: list[set[int]],
    number: int,
    separators: Sequence[frozenset[int] | None],
) -> None:
    """A line above a row that does not cross a column: the cell above runs on into it."""
    for column in range(len(rows[0])):
        if column == number:
            continue
        anchor = 0
        for index in range(1, len(rows)):
            crossed = separators[index]
            if crossed is None or column in crossed:
                anchor = index
                continue
            rows[anchor][column].extend(rows[index][column])
            rows[index][column] = []
            merged[index].add(column)


def _running_on(
    rows: RowLines,
    merged: list[set[int]],
    number: int,
    height: float,
    first_lines: Sequence[Sequence[Word]],
    separators: Sequence[frozenset[int] | None],
) -> None:
    """A cell whose lines run on past the next row's first line, where no line between the
    rows says otherwise: the row below's text in that column stands as close under the
    cell's last line as the lines within a cell stand, and below the row's own first line,
    or level with it where the rows are spaced apart (a row's own cell would then stand a
    row's spacing below the cell above)."""
    inner = _line_gap(rows)
    if inner is None:
        return
    spaced = _rows_spaced(rows, first_lines, inner)
    starting = [frozenset(id(w) for w in words) for words in first_lines]
    for column in range(len(rows[0])):
        if column == number:
            continue
        anchor = 0
        for index in range(1, len(rows)):
            lines = rows[index][column]
            above = rows[anchor][column]
            if (
                separators[index] is None
                and lines
                and above
                and rows[index][number]
                and rows[anchor][number]
                and (spaced or id(lines[0][0]) not in starting[index])
                and _span(lines[0]).top - _span(above[-1]).bottom <= inner + 0.4 * height
            ):
                above.extend(lines)
                rows[index][column] = []
                merged[index].add(column)
                continue
            anchor = index


def _line_gap(rows: RowLines) -> float | None:
    """The usual white between two printed lines of one cell."""
    gaps = [
        _span(b).top - _span(a).bottom
        for row in rows
        for lines in row
        for a, b in itertools.pairwise(lines)
    ]
    return statistics.median(gaps) if gaps else None


def _rows_spaced(rows: RowLines, first_lines: Sequence[Sequence[Word]], inner: float) -> bool:
    """Whether the rows stand clearly further apart than the lines within a cell: the white
    between a row's last line and the next row's first. A merged cell's lines standing
    between them narrow it, so the wider gaps (the upper quartile) are the rows' own."""
    gaps = []
    for index in range(1, len(rows)):
        above = [w for lines in rows[index - 1] for line in lines for w in line]
        if above and first_lines[index]:
            gaps.append(min(w.top for w in first_lines[index]) - max(w.bottom for w in above))
    if len(gaps) < 2:
        return False
    upper = statistics.quantiles(gaps, n=4)[2]
    return upper > 1.8 * max(inner, 0.0) + 1


def _span(line: Sequence[Word]) -> _Span:
    return _Span(top=min(w.top for w in line), bottom=max(w.bottom for w in line))


def _centred_merges(
    rows: RowLines,
    merged: list[set[int]],
    number: int,
    height: float,
    separators: Sequence[frozenset[int] | None],
) -> None:
    """Cells merged over several rows and centred on them: the text stands level with none
    of the rows' first lines but in the middle of rows whose cells are empty. The text is
    moved to the first of those rows and the cells under it are `merged_down`. Rows the
    lines between them have decided are not joined again."""

    def extent(row: list[list[list[Word]]], skip: int) -> tuple[float, float] | None:
        words = [w for c, lines in enumerate(row) if c != skip for ln in lines for w in ln]
        if not words:
            return None
        return min(w.top for w in words), max(w.bottom for w in words)

    for index, row in enumerate(rows):
        for column, lines in enumerate(row):
            if column == number or not lines or not row[number]:
                continue
            own = extent(row, column)
            cell = [w for ln in lines for w in ln]
            top, bottom = min(w.top for w in cell), max(w.bottom for w in cell)
            if own is None or top < own[0] + 0.2 * height:
                continue  # level with the row's first line: the row's own cell
            centre = (top + bottom) / 2
            best: tuple[float, int, int] | None = None
            for first in range(index, -1, -1):
                if first < index and (
                    rows[first][column]
                    or not rows[first][number]
                    or separators[first + 1] is not None
                    or column in merged[first]
                ):
                    break
                for last in range(index, len(rows)):
                    if last > index and (
                        rows[last][column] or not rows[last][number] or separators[last] is not None
                    ):
                        break
                    if first == last:
                        continue
                    start, end = extent(rows[first], column), extent(rows[last], column)
                    if start is None or end is None:
                        continue
                    miss = abs((start[0] + end[1]) / 2 - centre)
                    if miss <= 0.6 * height and (best is None or miss < best[0]):
                        best = (miss, first, last)
            if best is None:
                continue
            _miss, first, last = best
            if first != index:
                rows[first][column], row[column] = row[column], []
            for below in range(first + 1, last + 1):
                merged[below].add(column)
