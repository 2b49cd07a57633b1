"""The Excel form written for a report: pre-filled, its identifying cells locked, the
status list offered, a sent report locked whole; in a fixed number of queries."""

import datetime as dt

import pytest

from dxtrack.reporting.excel_form import (
    ASSESSMENT_SHEET,
    COORDINATING_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    INDICATOR_SHEET,
    LEAD_SHEET,
    META_SHEET,
    PROJECT_SHEET,
)
from dxtrack.reporting.models import (
    AgencyReport,
    ReportingPeriod,
    TaskStatus,
)
from dxtrack.reporting.period_services import period_create, period_open
from factories import large_catalogue
from reporting.excel_support import as_bytes, column, download, fill, row_of, upload
from reporting.sample import account

pytestmark = pytest.mark.django_db


def test_the_form_downloaded_again_holds_what_was_entered(reporter_client, sample):
    report, cat = sample.report, sample.catalogue
    wb = download(reporter_client, report)
    fill(
        wb,
        LEAD_SHEET,
        cat.training.pk,
        {"Tình trạng": "Đang thực hiện", "Kết quả thực hiện": "Đã có kế hoạch"},
    )
    upload(reporter_client, report, as_bytes(wb))

    again = download(reporter_client, report)

    ws = again[LEAD_SHEET]
    row = row_of(ws, cat.training.pk)
    assert ws.cell(row=row, column=column(ws, "Tình trạng")).value == "Đang thực hiện"
    assert ws.cell(row=row, column=column(ws, "Kết quả thực hiện")).value == "Đã có kế hoạch"
    assert again[META_SHEET]["B3"].value == report.version + 1


def test_the_form_locks_what_identifies_rows_and_offers_the_status_list(reporter_client, sample):
    report, cat = sample.report, sample.catalogue
    wb = download(reporter_client, report)

    assert wb.sheetnames == [
        LEAD_SHEET,
        COORDINATING_SHEET,
        INDICATOR_SHEET,
        PROJECT_SHEET,
        ASSESSMENT_SHEET,
        META_SHEET,
    ]
    assert wb.security.lockStructure
    meta = wb[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert {meta[f"A{r}"].value: meta[f"B{r}"].value for r in range(1, 6)} == {
        "format": 1,
        "report_id": report.pk,
        "version": report.version,
        "period_id": report.period_id,
        "agency_id": report.agency_id,
    }
    ws = wb[LEAD_SHEET]
    assert ws.protection.sheet
    row = row_of(ws, cat.training.pk)
    for label in ("Mã", "TT", "Nhiệm vụ, giải pháp", "Thời hạn"):
        assert ws.cell(row=row, column=column(ws, label)).protection.locked, label
    for label in (
        "Tình trạng",
        "Kết quả thực hiện",
        "Ngày hoàn thành thực tế",
        "Đề xuất, kiến nghị",
    ):
        assert not ws.cell(row=row, column=column(ws, label)).protection.locked, label
    assert ws.cell(row=row, column=column(ws, "Nhiệm vụ, giải pháp")).value == cat.training.name
    # The row is tall enough for the wrapped name (LibreOffice keeps stored heights).
    assert ws.row_dimensions[row].height >= 3 * 16
    deadline = ws.cell(row=row, column=column(ws, "Thời hạn"))
    assert deadline.is_date and deadline.number_format == "dd/mm/yyyy"
    assert (
        ws.cell(row=row, column=column(ws, "Ngày hoàn thành thực tế")).number_format == "dd/mm/yyyy"
    )

    rules = {dv.type: dv for dv in ws.data_validations.dataValidation}
    status_letter = ws.cell(row=row, column=column(ws, "Tình trạng")).column_letter
    date_letter = ws.cell(row=row, column=column(ws, "Ngày hoàn thành thực tế")).column_letter
    # The list is a range of the hidden sheet: a label holds a comma.
    assert rules["list"].formula1 == "dxtrack!$D$1:$D$6"
    listed = [c.value for c in wb[META_SHEET]["D"][: len(TaskStatus.labels)]]
    assert listed == list(TaskStatus.labels)
    assert "Không thuộc chức năng, nhiệm vụ" in listed
    assert f"{status_letter}{row}" in rules["list"].sqref
    assert "Chọn một tình trạng trong danh sách" in rules["list"].error
    assert f"{date_letter}{row}" in rules["date"].sqref
    assert "dd/mm/yyyy" in rules["date"].error

    # The title block says whose report, which period, by when.
    title = " ".join(str(ws.cell(row=r, column=1).value) for r in range(1, HEADER_ROW))
    assert "Kỳ báo cáo: Báo cáo năm 2026" in title
    assert "Đơn vị báo cáo: Sở Khoa học và Công nghệ" in title
    assert "Hạn gửi báo cáo: 30/11/2026" in title
    assert ws.column_dimensions["C"].width >= 40
    indicators = wb[INDICATOR_SHEET]
    row = row_of(indicators, cat.signature.pk)
    assert (
        indicators.cell(row=row, column=column(indicators, "Mục tiêu")).value == "2026-2027: ≥ 50%"
    )
    assert indicators.cell(row=row, column=column(indicators, "Mục tiêu")).protection.locked
    assert not indicators.cell(row=row, column=column(indicators, "Giá trị")).protection.locked
    topics = wb[ASSESSMENT_SHEET]
    assert [topics.cell(row=r, column=3).value for r in range(FIRST_ROW, FIRST_ROW + 2)] == [
        "Thể chế",
        "Hạ tầng",
    ]


def test_a_sent_report_downloads_with_every_cell_locked_and_refuses_uploads(
    reporter_client, sample
):
    report = sample.report
    AgencyReport.objects.filter(pk=report.pk).update(status=AgencyReport.Status.SUBMITTED)
    wb = download(reporter_client, report)
    ws = wb[LEAD_SHEET]
    row = row_of(ws, sample.catalogue.training.pk)
    assert ws.cell(row=row, column=column(ws, "Tình trạng")).protection.locked
    fill(wb, LEAD_SHEET, sample.catalogue.training.pk, {"Tình trạng": "Đã hoàn thành"})

    messages = upload(reporter_client, report, as_bytes(wb))

    assert any("Không thể sửa báo cáo đang ở trạng thái “Đã gửi”" in m for m in messages)


def test_the_download_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    many = large_catalogue(plans=3, tasks=40, indicators=15)
    coordinator = account("dieuphoi", "coordinator")
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
        plan_ids=[p.pk for p in many.plans],
    )
    period_open(period=period, actor=coordinator)
    report = AgencyReport.objects.get(period=period, agency=many.dost)
    assert report.task_updates.count() == 120
    client.force_login(account("baocao.kh", "reporter", many.dost))

    with django_assert_max_num_queries(14):
        wb = download(client, report)

    assert wb[LEAD_SHEET].max_row == FIRST_ROW + 120 - 1
    assert wb[INDICATOR_SHEET].max_row == FIRST_ROW + 45 - 1
