"""A filled Excel form read back: every bad cell located, what is not a form refused, a
sheet filled far down read only to the bound."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from dxtrack.reporting import selectors
from dxtrack.reporting.excel_form import (
    FIRST_ROW,
    INDICATOR_SHEET,
    LEAD_SHEET,
    MAX_FORM_BYTES,
    MAX_ROWS,
)
from dxtrack.reporting.excel_form_reader import form_read
from dxtrack.reporting.excel_form_writer import form_build
from reporting.excel_support import as_bytes, column, download, fill, stored, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "sheet, item, label, bad, message",
    [
        (LEAD_SHEET, "old_task", "Tình trạng", "Xong rồi", "không có trong danh sách"),
        (LEAD_SHEET, "old_task", "Ngày hoàn thành thực tế", "hôm qua", "không phải là ngày"),
        (LEAD_SHEET, "old_task", "Ngày hoàn thành thực tế", "31/02/2026", "không có trên lịch"),
        (INDICATOR_SHEET, "online", "Giá trị", "khoảng một nửa", "không phải là một số liệu"),
    ],
)
def test_a_file_with_one_bad_cell_is_refused_whole(
    reporter_client, sample, sheet, item, label, bad, message
):
    report, cat = sample.report, sample.catalogue
    wb = download(reporter_client, report)
    fill(
        wb,
        LEAD_SHEET,
        cat.training.pk,
        {"Tình trạng": "Đã hoàn thành", "Kết quả thực hiện": "Xong"},
    )
    fill(wb, INDICATOR_SHEET, cat.signature.pk, {"Giá trị": "52%"})
    row = fill(wb, sheet, getattr(cat, item).pk, {label: bad})
    before = stored(report)

    messages = upload(reporter_client, report, as_bytes(wb))

    assert stored(report) == before  # nothing stored, not even the good rows
    text = "\n".join(messages)
    assert "chưa lưu nội dung nào" in text
    assert f"Sheet “{sheet}”, dòng {row}, cột “{label}”:" in text
    assert message in text


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("bao-cao.xlsx", b"%PDF-1.7 not a workbook", "không phải là tệp Excel (.xlsx)"),
        ("bao-cao.xlsx", _docx_bytes(), "không phải là tệp Excel (.xlsx)"),
        ("bao-cao.csv", "TT;Tình trạng\n1;Đã hoàn thành".encode(), "không phải là tệp Excel"),
        ("bao-cao.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "Excel 97–2003 (.xls)"),
        ("bao-cao.xlsx", b"PK\x03\x04" + b"\0" * (MAX_FORM_BYTES + 1), "vượt giới hạn 5 MB"),
        ("bao-cao.xlsx", b"PK\x03\x04 truncated", "không phải là tệp Excel (.xlsx)"),
    ],
)
def test_an_upload_that_is_not_an_xlsx_form_is_refused_in_vietnamese(
    reporter_client, sample, name, data, message
):
    before = stored(sample.report)

    messages = upload(reporter_client, sample.report, data, name=name)

    assert any(message in m for m in messages), messages
    assert stored(sample.report) == before


def test_a_workbook_that_is_not_the_systems_form_is_refused(reporter_client, sample):
    wb = Workbook()
    wb.active.title = LEAD_SHEET
    wb.active["A1"] = "Mã"

    messages = upload(reporter_client, sample.report, as_bytes(wb))

    assert any("không phải biểu mẫu Excel do hệ thống lập" in m for m in messages), messages


def test_a_sheet_filled_far_down_is_read_only_to_the_bound(sample):
    detail = selectors.report_detail(period_id=sample.period.pk, agency_id=sample.catalogue.dost.pk)
    wb = load_workbook(io.BytesIO(form_build(detail=detail)))
    ws = wb[LEAD_SHEET]
    status_column = column(ws, "Tình trạng")
    for row in range(FIRST_ROW + 5, FIRST_ROW + MAX_ROWS + 50):
        ws.cell(row=row, column=status_column, value="Đã hoàn thành")

    content = form_read(data=as_bytes(wb))

    messages = [str(e) for e in content.errors if e.sheet == LEAD_SHEET]
    assert messages[-1] == (
        f"Sheet “{LEAD_SHEET}”, dòng {FIRST_ROW + MAX_ROWS}: sheet có quá {MAX_ROWS} dòng; "
        "biểu mẫu không dài như vậy."
    )
    # Each row without an id is one error, up to the bound and no further.
    assert len(messages) == MAX_ROWS - 5 + 1
