"""What a table holds, for the Word document and the spreadsheet alike: its columns, its
rows of plain values, and how a value is written in a cell (numbers the Vietnamese way).

No Django imports, and nothing of Word or Excel: `word_tables` and `spreadsheet` each
write a `TableSpec` in their own format, cell for cell the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from dxtrack.plans.vn_numbers import format_vn_number

Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    label: str
    width_mm: float
    numeric: bool = False  # right-aligned; written with Vietnamese separators


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    # A heading row (a section of the plan, an agency): one bold cell over the whole width
    # after the number cell.
    heading: bool = False


@dataclass(frozen=True)
class TableSpec:
    """A table the document and the spreadsheet both show, cell for cell."""

    name: str  # the spreadsheet's sheet name
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # An upper header row of (label, number of columns spanned), over `columns`.
    groups: tuple[tuple[str, int], ...] = ()
    title: str = ""
    # Rows that never break across a page (short rows only: a row taller than a page
    # could not be printed whole).
    rows_unbroken: bool = False

    @property
    def header_depth(self) -> int:
        return 2 if self.groups else 1


def cell_text(value: Cell) -> str:
    """What a cell shows: numbers the Vietnamese way (1.234,5), nothing for None."""
    if type(value) is str:  # most cells: no other test needed
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    if isinstance(value, int | float):
        return format_vn_number(value)
    return str(value)
