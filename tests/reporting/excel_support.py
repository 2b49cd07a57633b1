"""Helpers of the Excel form's tests: download a report's form, type into it as a person
would, upload it back."""

import io

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dxtrack.reporting.excel_form import (
    FIRST_ROW,
    HEADER_ROW,
)
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    TaskUpdate,
)


def form_url(report: AgencyReport) -> str:
    return reverse("report-excel", args=[report.period_id, report.agency_id])


def download(client, report: AgencyReport) -> Workbook:
    response = client.get(form_url(report))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def column(ws, label: str) -> int:
    for cell in ws[HEADER_ROW]:
        if cell.value == label:
            return cell.column
    raise AssertionError(f"no column {label!r} in {ws.title}")


def row_of(ws, item_id) -> int:
    for row in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == item_id:
            return row
    raise AssertionError(f"no row for {item_id!r} in {ws.title}")


def fill(wb: Workbook, sheet: str, item_id, cells: dict) -> int:
    """Type into the row of `item_id`, by column label, as a person would."""
    ws = wb[sheet]
    row = row_of(ws, item_id)
    for label, value in cells.items():
        ws.cell(row=row, column=column(ws, label), value=value)
    return row


def as_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, report: AgencyReport, data: bytes, name: str = "bao-cao.xlsx"):
    response = client.post(form_url(report), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def stored(report: AgencyReport):
    return (
        AgencyReport.objects.get(pk=report.pk).version,
        list(TaskUpdate.objects.filter(report=report).order_by("pk").values()),
        list(IndicatorValue.objects.filter(report=report).order_by("pk").values()),
        AgencyReport.objects.get(pk=report.pk).assessment,
    )
