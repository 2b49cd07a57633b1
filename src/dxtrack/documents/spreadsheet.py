"""The tables of a document as an Excel workbook: one sheet per table, cell for cell the same
as in the Word document, numbers kept as numbers. No Django imports."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dxtrack.documents.official import TableSpec

TITLE_ROW = 1
HEADER_ROW = 3  # the first header row; rows 1–2 hold the title

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_HEAD = Alignment(wrap_text=True, vertical="center", horizontal="center")
_FONT = "Times New Roman"
# Excel column widths are in characters of the default font: about 2 mm each at 12 pt.
_MM_PER_CHAR = 2.0


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip("' ") or "Bảng"
    base = base[:31]
    title, suffix = base, 2
    while title.lower() in taken:
        tail = f" ({suffix})"
        title = base[: 31 - len(tail)] + tail
        suffix += 1
    taken.add(title.lower())
    return title


def workbook_bytes(tables: Sequence[TableSpec], *, title: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    book.properties.title = title
    taken: set[str] = set()
    for spec in tables:
        _sheet_fill(book.create_sheet(sheet_title(spec.name, taken)), spec, title)
    if not tables:
        sheet = book.create_sheet("Bảng")
        sheet.cell(TITLE_ROW, 1, title).font = Font(name=_FONT, bold=True, size=13)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_fill(sheet, spec: TableSpec, title: str) -> None:
    width = len(spec.columns)
    sheet.cell(TITLE_ROW, 1, spec.title or title).font = Font(name=_FONT, bold=True, size=13)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    head_font = Font(name=_FONT, bold=True, size=12)
    body_font = Font(name=_FONT, size=12)
    row = HEADER_ROW
    if spec.groups:
        column = 1
        for label, span in spec.groups:
            if span == 1:
                sheet.cell(row, column, spec.columns[column - 1].label)
                sheet.merge_cells(
                    start_row=row, start_column=column, end_row=row + 1, end_column=column
                )
            else:
                sheet.cell(row, column, label)
                sheet.merge_cells(
                    start_row=row, start_column=column, end_row=row, end_column=column + span - 1
                )
                for offset in range(span):
                    sheet.cell(row + 1, column + offset, spec.columns[column - 1 + offset].label)
            column += span
        header_rows = 2
    else:
        for column, spec_column in enumerate(spec.columns, start=1):
            sheet.cell(row, column, spec_column.label)
        header_rows = 1
    for header in range(row, row + header_rows):
        for column in range(1, width + 1):
            cell = sheet.cell(header, column)
            cell.font, cell.alignment, cell.border = head_font, _HEAD, _BORDER
    row += header_rows
    for table_row in spec.rows:
        if table_row.heading:
            sheet.cell(row, 1, table_row.cells[0])
            sheet.cell(row, 2, table_row.cells[1])
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
            for column in range(1, width + 1):
                cell = sheet.cell(row, column)
                cell.font = Font(name=_FONT, bold=True, size=12)
                cell.alignment, cell.border = _WRAP_TOP, _BORDER
        else:
            for column, (spec_column, value) in enumerate(
                zip(spec.columns, table_row.cells, strict=True), start=1
            ):
                cell = sheet.cell(row, column, value)
                cell.font, cell.alignment, cell.border = body_font, _WRAP_TOP, _BORDER
                if spec_column.numeric and isinstance(value, int | float):
                    cell.number_format = "#,##0.##"
        row += 1
    for column, spec_column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(
            5, round(spec_column.width_mm / _MM_PER_CHAR)
        )
    sheet.freeze_panes = sheet.cell(HEADER_ROW + header_rows, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + header_rows - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if width > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
