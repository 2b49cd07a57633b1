"""Reading Excel (.xlsx) plans into a `Document` with openpyxl.

Each sheet holds one table or several; a table starts at a header row (wherever it is
on the sheet) and ends at an empty row or at a different header row. Lines above a
table's header (the sheet's title, "PHỤ LỤC I", a caption) become paragraphs. A merged
range keeps its value in its first cell; the cells below it are marked `merged_down`,
the cells to its right stay empty. Hidden columns and rows are left out, as the reader
of the sheet does not see them.

The workbook is opened read-only so cells are streamed, and only the first
`MAX_ROWS` rows and `MAX_COLUMNS` columns are read: the size a sheet claims
(its dimension) is never trusted. A sheet with a value beyond those limits is refused with
a message naming them, never cut short in silence (docs/decisions/0082-plan-size-limit.md).
"""

import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from dxtrack.ingest import columns as col
from dxtrack.ingest.columns import is_header_row
from dxtrack.ingest.document import Document, Paragraph, Row, Table, UnreadableDocument
from dxtrack.ingest.sheet_layout import (
    MergedRange,
    SheetLayout,
    SheetTooComplex,
    sheet_layout_read,
)
from dxtrack.vn_text import fold

# A province's plan has a few hundred rows; a whole country's catalogue in one sheet a few
# tens of thousands. Reading 100.000 rows of a plan takes about 30 s on a 2-core server.
MAX_ROWS = 100_000
MAX_COLUMNS = 200


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _beyond_limits(path: Path, sheet_title: str, layout: SheetLayout) -> str | None:
    if layout.last_row > MAX_ROWS:
        return (
            f"Tệp “{path.name}”, trang tính “{sheet_title}” có dữ liệu đến dòng "
            f"{_count(layout.last_row)}, quá giới hạn {_count(MAX_ROWS)} dòng một trang tính. "
            "Hãy chia kế hoạch thành nhiều trang tính hoặc nhiều tệp; không dòng nào được nhập."
        )
    if layout.last_column > MAX_COLUMNS:
        return (
            f"Tệp “{path.name}”, trang tính “{sheet_title}” có dữ liệu ở cột "
            f"{get_column_letter(layout.last_column)}, quá giới hạn {MAX_COLUMNS} cột một "
            "trang tính; không dòng nào được nhập."
        )
    return None


def _decimals(number_format: str) -> int:
    """Decimal places a format shows: "0.00%" -> 2."""
    head = number_format.split(";")[0]
    if "." not in head:
        return 0
    return sum(1 for c in head.split(".", 1)[1] if c in "0#")


def _number(value: float, decimals: int | None) -> str:
    """A number as a Vietnamese reader writes it: comma for decimals, dot for thousands."""
    if decimals is None:
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
    else:
        text = f"{value:.{decimals}f}"
    whole, _, fraction = text.partition(".")
    return whole + ("," + fraction if fraction else "")


def _text(value: object, number_format: str = "General", *, number_column: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.day}/{value.month}/{value.year}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "X" if value else ""
    if isinstance(value, int | float):
        if number_column:
            return str(value)  # "1.1" typed in Excel is read as a number: keep it a row number
        fmt = number_format or "General"
        if "%" in fmt:
            return _number(value * 100, _decimals(fmt)) + "%"
        if "#,##0" in fmt and float(value).is_integer():
            return f"{int(value):,}".replace(",", ".")
        return _number(value, None if fmt == "General" else _decimals(fmt))
    return str(value).strip()


def read_xlsx(path: Path) -> Document:
    workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    document = Document(name=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in workbook.worksheets:
                if getattr(sheet, "sheet_state", "visible") != "visible":
                    continue
                # The part's name inside the file; openpyxl keeps it on read-only sheets.
                part = getattr(sheet, "_worksheet_path", None)
                layout = SheetLayout()
                if part:
                    try:
                        with archive.open(part) as source:
                            layout = sheet_layout_read(
                                source, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS
                            )
                    except SheetTooComplex as error:
                        raise UnreadableDocument(
                            f"Tệp “{path.name}”, trang tính “{sheet.title}”: các vùng ô gộp "
                            "chồng lên nhau hoặc quá lớn; tệp có thể bị hỏng."
                        ) from error
                refusal = _beyond_limits(path, sheet.title, layout)
                if refusal:
                    raise UnreadableDocument(refusal)
                document.blocks.extend(_sheet_blocks(sheet, layout))
    finally:
        workbook.close()
    return document


class _Merges:
    """The merged ranges covering each row, found while rows are read in order."""

    def __init__(self, ranges: list[MergedRange]) -> None:
        self._pending = sorted(ranges, key=lambda m: m.min_row, reverse=True)
        self._active: list[MergedRange] = []

    def covered(self, row: int) -> dict[int, bool]:
        """Columns of `row` inside a range but not its first cell -> whether the cell is
        below the range's first row (a vertical continuation)."""
        while self._pending and self._pending[-1].min_row <= row:
            self._active.append(self._pending.pop())
        self._active = [m for m in self._active if m.max_row >= row]
        covered: dict[int, bool] = {}
        for m in self._active:
            for column in range(m.min_col, m.max_col + 1):
                if (row, column) != (m.min_row, m.min_col):
                    covered[column] = row > m.min_row
        return covered


def _sheet_rows(sheet, layout: SheetLayout) -> list[tuple[int, list, set[int]]]:
    """The visible, non-empty rows: (row number, cells, positions merged from above)."""
    visible = [c for c in range(1, MAX_COLUMNS + 1) if c not in layout.hidden_columns]
    merges = _Merges(layout.merged)
    rows: list[tuple[int, list, set[int]]] = []
    for r, cells_in in enumerate(
        sheet.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS), start=1
    ):
        if r in layout.hidden_rows:
            continue
        if not any(getattr(c, "value", None) is not None for c in cells_in):
            rows.append((r, [], set()))  # an empty row ends a table
            continue
        covered = merges.covered(r)
        cells: list = []
        merged_down = set()
        for position, column in enumerate(visible):
            if column in covered:
                cells.append(None)
                if covered[column]:
                    merged_down.add(position)
            else:
                cells.append(cells_in[column - 1] if column - 1 < len(cells_in) else None)
        rows.append((r, cells, merged_down))
    return rows


def _sheet_blocks(sheet, layout: SheetLayout) -> list[Paragraph | Table]:
    rows = _sheet_rows(sheet, layout)
    # Tables often start in column B: columns empty on the whole sheet are not the table's.
    lead = min(
        (_first_filled(cells) for _, cells, _ in rows if cells),
        default=0,
    )
    blocks: list[Paragraph | Table] = []
    table: Table | None = None
    number_columns: set[int] = set()
    for r, cells, merged in rows:
        merged_down = {i - lead for i in merged if i >= lead}
        texts = [
            _text(
                getattr(cell, "value", None),
                getattr(cell, "number_format", "General"),
                number_column=position in number_columns,
            )
            for position, cell in enumerate(cells[lead:])
        ]
        while texts and not texts[-1] and len(texts) - 1 not in merged_down:
            texts.pop()  # the sheet's width, not the table's
        filled = [c for c in texts if c]
        if not filled:
            table = None
            continue
        header = is_header_row(texts)
        if (
            header
            and table is not None
            and len(table.rows) > 1  # right under the header: its lower row ("Chủ trì")
            and not _same_header(table, texts)
        ):
            table = None  # a second table on the sheet, straight after the first
        if table is None and not header:
            blocks.append(Paragraph(text=" ".join(filled), line=r))
            continue
        if table is None:
            table = Table(line=r)
            blocks.append(table)
            number_columns = {i for i, c in enumerate(texts) if col.label_role(c) == col.NUMBER}
        table.rows.append(Row(cells=texts, line=r, merged_down=frozenset(merged_down)))
    return blocks


def _first_filled(cells: list) -> int:
    return next(i for i, c in enumerate(cells) if getattr(c, "value", None) is not None)


def _same_header(table: Table, cells: list[str]) -> bool:
    """A header row repeated inside the table (printed titles copied by hand)."""
    first = table.rows[0].cells
    return [fold(c) for c in first] == [fold(c) for c in cells]
