"""What an Excel sheet's XML says about its shape: hidden columns and rows, merged ranges.

openpyxl's read-only mode streams cell values but drops these, and its full mode builds
every cell of the sheet in memory (a sheet claiming A1:XFD1048576 would never finish).
So the sheet part is streamed a second time here, keeping only `<col>`, `<row>`,
`<mergeCell>` elements and where the last value lies, freeing everything else as it goes.
"""

import re
from dataclasses import dataclass, field
from typing import IO

from lxml import etree
from openpyxl.utils.cell import range_boundaries

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_COL, _ROW, _MERGE = f"{_MAIN}col", f"{_MAIN}row", f"{_MAIN}mergeCell"
_CELL, _VALUE, _INLINE = f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is"
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")


class SheetTooComplex(Exception):
    """The sheet's merged ranges overlap or cover more cells than the sheet can hold."""


@dataclass(frozen=True)
class MergedRange:
    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass
class SheetLayout:
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[MergedRange] = field(default_factory=list)
    # The furthest row and column holding a value (an empty, styled cell does not count).
    last_row: int = 0
    last_column: int = 0


def _true(value: str | None) -> bool:
    return value in ("1", "true")


def sheet_layout_read(source: IO[bytes], *, max_rows: int, max_columns: int) -> SheetLayout:
    """Hidden columns and rows and merged ranges within the first `max_rows` rows and
    `max_columns` columns; raises SheetTooComplex when the merges could not be real."""
    layout = SheetLayout()
    row_counter = 0
    area = 0
    parser = etree.iterparse(
        source,
        events=("end",),
        tag=(_COL, _ROW, _MERGE, _CELL),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    for _, element in parser:
        if element.tag == _CELL:
            _cell_seen(layout, element, row_counter + 1)
        elif element.tag == _ROW:
            number = element.get("r")
            row_counter = int(number) if number and number.isdigit() else row_counter + 1
            if _true(element.get("hidden")) and row_counter <= max_rows:
                layout.hidden_rows.add(row_counter)
        elif element.tag == _COL and _true(element.get("hidden")):
            first, last = element.get("min") or "", element.get("max") or ""
            if first.isdigit() and last.isdigit():
                layout.hidden_columns.update(range(int(first), min(int(last), max_columns) + 1))
        elif element.tag == _MERGE:
            merged = _merged_range(element.get("ref") or "", max_rows, max_columns)
            if merged is not None:
                area += (merged.max_row - merged.min_row + 1) * (
                    merged.max_col - merged.min_col + 1
                )
                if area > max_rows * max_columns:
                    # Excel never overlaps merged ranges, so together they fit in the sheet.
                    raise SheetTooComplex
                layout.merged.append(merged)
        # Free what has been read: the sheet's cells are not needed here.
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return layout


def _cell_seen(layout: SheetLayout, cell, row_if_unnamed: int) -> None:
    value = cell.find(_VALUE)
    if (value is None or not value.text) and cell.find(_INLINE) is None:
        return
    match = _REFERENCE.fullmatch(cell.get("r") or "")
    if match is None:
        layout.last_row = max(layout.last_row, row_if_unnamed)
        return
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    layout.last_row = max(layout.last_row, int(row))
    layout.last_column = max(layout.last_column, column)


def _merged_range(ref: str, max_rows: int, max_columns: int) -> MergedRange | None:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if min_col is None or min_row is None or max_col is None or max_row is None:
        return None
    if min_row > max_rows or min_col > max_columns:
        return None
    return MergedRange(
        min_row=min_row,
        min_col=min_col,
        max_row=min(max_row, max_rows),
        max_col=min(max_col, max_columns),
    )
