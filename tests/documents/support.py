"""Reading the produced files back: the text of a docx, its data tables, the xlsx sheets."""

from __future__ import annotations

import io
import unicodedata

from docx import Document
from openpyxl import load_workbook

from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.spreadsheet import HEADER_ROW
from dxtrack.documents.table_spec import cell_text
from dxtrack.documents.word_tables import table_texts

# The department's letterhead as the province sets it, for documents built by hand.
LETTERHEAD = Letterhead(
    province_line="UBND TỈNH QUẢNG NGÃI",
    unit_name="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    unit_title="Sở Khoa học và Công nghệ",
    place="Quảng Ngãi",
    symbol="BC-SKHCN",
    signer_title="KT. GIÁM ĐỐC",
    signer_position="PHÓ GIÁM ĐỐC",
    signer_name="Phan Văn Hiếu",
    recipients=("Bộ Khoa học và Công nghệ", "UBND tỉnh (b/cáo)", "Lưu: VT, KH&ĐMST"),
    head_title="Giám đốc Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
)


def docx(data: bytes):
    return Document(io.BytesIO(data))


def body_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table_texts(table):
            parts.extend(row)
    return "\n".join(parts)


def data_tables(document) -> list:
    """The bordered tables (the header block and the signature are borderless layout)."""
    return [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]


def header_depth(table) -> int:
    from docx.oxml.ns import qn

    return sum(
        1 for tr in table._tbl.tr_lst if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    )


def sheets(data: bytes) -> list[list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def sheet_rows_as_text(rows: list[tuple], depth: int) -> list[list[str]]:
    """The data rows of a sheet written as the Word table writes its cells."""
    return [[cell_text(value) for value in row] for row in rows[HEADER_ROW - 1 + depth :]]


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
