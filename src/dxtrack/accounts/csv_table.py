"""Reading the CSV files administrators load in bulk (accounts, agencies' contacts).

Pure: no Django. The header names the columns (any order, any case); every problem found is
kept, each naming its row and column, so one run lists all that must be fixed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass


class ImportRejected(Exception):
    """The file cannot be loaded as it is; nothing was changed. `errors` are for the user."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class CsvRow:
    line: int  # the file's line number, header = 1
    values: dict[str, str]


def row_error(*, line: int, column: str | None, message: str) -> str:
    """ "Dòng 5, cột “email”: …" — the form every import error takes."""
    where = f"Dòng {line}" + (f", cột “{column}”" if column else "")
    return f"{where}: {message}"


def csv_rows(*, data: bytes | str, columns: Sequence[str], required: Sequence[str]) -> list[CsvRow]:
    """The rows of `data` with the `columns` (stripped; missing optional columns empty).

    Raises ImportRejected when the file is not UTF-8 text, lacks a required column or has
    no row. Blank lines are skipped.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRejected(
                ["Tệp không phải văn bản UTF-8 (hãy lưu lại dưới dạng “CSV UTF-8”)."]
            ) from error
    data = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(data, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRejected(["Tệp trống."]) from None
    names = [name.strip().lower() for name in header]
    missing = [name for name in required if name not in names]
    if missing:
        raise ImportRejected(
            [
                "Dòng 1 (tiêu đề): thiếu cột "
                + ", ".join(f"“{name}”" for name in missing)
                + "; các cột cần có: "
                + ", ".join(columns)
                + "."
            ]
        )
    index = {name: names.index(name) for name in columns if name in names}
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}
        for name in columns:
            values.setdefault(name, "")
        rows.append(CsvRow(line=number, values=values))
    if not rows:
        raise ImportRejected(["Tệp không có dòng dữ liệu nào."])
    return rows
