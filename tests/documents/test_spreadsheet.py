"""The Excel side of the documents: what agencies typed survives, whatever it holds."""

import io

from openpyxl import load_workbook

from dxtrack.documents.official import Column, Row, TableSpec
from dxtrack.documents.spreadsheet import workbook_bytes


def test_control_characters_pasted_from_a_pdf_are_dropped_not_fatal():
    table = TableSpec(
        name="Phụ lục",
        columns=(Column("TT", 10), Column("Mô tả", 120), Column("Số", 20, numeric=True)),
        rows=(Row(("1", "Đã số hóa\x0c 87,43%\x0b hồ sơ TTHC", 1099)),),
    )

    book = load_workbook(io.BytesIO(workbook_bytes([table], title="Kết quả thực hiện")))

    values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Đã số hóa 87,43% hồ sơ TTHC" in values
    assert 1099 in values
