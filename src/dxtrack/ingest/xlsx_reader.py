"""Reading Excel (.xlsx) plans into a `Document` with openpyxl.

Each sheet holds one table or several, separated by empty rows; lines above a
table's header (the sheet's title, "PHỤ LỤC I", a caption) become paragraphs.
A merged range keeps its value in its first cell; the cells below it are
marked `merged_down`, the cells to its right stay empty. Hidden columns and
rows are left out, as the reader of the sheet does not see them.
"""

from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from dxtrack.ingest.columns import is_header_row
from dxtrack.ingest.document import Document, Paragraph, Row, Table

MAX_ROWS = 20_000
MAX_COLUMNS = 200


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.day}/{value.month}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value).strip()


def read_xlsx(path: Path) -> Document:
    workbook = openpyxl.load_workbook(str(path), data_only=True)
    document = Document(name=path.name)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            document.blocks.extend(_sheet_blocks(sheet))
    finally:
        workbook.close()
    return document


def _sheet_blocks(sheet) -> list[Paragraph | Table]:
    max_row = min(sheet.max_row or 0, MAX_ROWS)
    max_col = min(sheet.max_column or 0, MAX_COLUMNS)
    visible = [
        c for c in range(1, max_col + 1) if not sheet.column_dimensions[get_column_letter(c)].hidden
    ]
    below: dict[tuple[int, int], bool] = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if (row, column) != (merged.min_row, merged.min_col):
                    below[(row, column)] = row > merged.min_row
    blocks: list[Paragraph | Table] = []
    table: Table | None = None
    for r, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True), start=1
    ):
        if sheet.row_dimensions[r].hidden:
            continue
        cells = []
        merged_down = set()
        for position, column in enumerate(visible):
            if (r, column) in below:
                cells.append("")
                if below[(r, column)]:
                    merged_down.add(position)
            else:
                cells.append(_text(values[column - 1] if column - 1 < len(values) else None))
        filled = [c for c in cells if c]
        if not filled:
            table = None
            continue
        if table is None and not is_header_row(cells):
            blocks.append(Paragraph(text=" ".join(filled), line=r))
            continue
        if table is None:
            table = Table(line=r)
            blocks.append(table)
        table.rows.append(Row(cells=cells, line=r, merged_down=frozenset(merged_down)))
    return blocks
