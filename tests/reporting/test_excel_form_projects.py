"""Key projects in the agency's Excel form: listed with their years, funding source and
budgets, read back into ProjectUpdate through `report_apply`."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dxtrack.audit.models import AuditEntry
from dxtrack.reporting import selectors
from dxtrack.reporting.excel_form import PROJECT_SHEET, FormInvalid
from dxtrack.reporting.excel_form_services import form_upload
from dxtrack.reporting.excel_form_writer import form_build
from dxtrack.reporting.models import AgencyReport, ProjectUpdate, TaskStatus
from dxtrack.reporting.period_services import period_open
from factories import AssignmentFactory, KeyProjectFactory
from reporting.excel_support import as_bytes, column, download, fill, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(sample):
    """Two key projects Sở KH&CN leads in 2026 and one of 2024 it no longer reports."""
    plan = sample.catalogue.plan
    centre = KeyProjectFactory(
        plan=plan,
        number="1",
        name="Xây dựng Trung tâm dữ liệu tỉnh",
        years=[2025, 2026, 2027],
        funding_source="Ngân sách tỉnh",
        budget=Decimal("15000"),
    )
    cameras = KeyProjectFactory(
        plan=plan, number="2", name="Hệ thống camera giám sát giao thông", years=[2026]
    )
    finished = KeyProjectFactory(plan=plan, number="3", name="Cổng dịch vụ công", years=[2024])
    for project in (centre, cameras, finished):
        AssignmentFactory(project=project, agency=sample.catalogue.dost)
    period_open(period=sample.period, actor=sample.coordinator)
    return centre, cameras, finished


def test_the_form_lists_the_projects_the_agency_leads_this_year(reporter_client, sample, projects):
    centre, cameras, finished = projects
    ws = download(reporter_client, sample.report)[PROJECT_SHEET]

    row = row_of(ws, centre.pk)
    assert ws.cell(row=row, column=column(ws, "Dự án")).value == centre.name
    assert ws.cell(row=row, column=column(ws, "Thời gian thực hiện")).value == "2025–2027"
    assert ws.cell(row=row, column=column(ws, "Nguồn kinh phí")).value == "Ngân sách tỉnh"
    # The plan's budget is the planned budget until the agency writes its own.
    assert ws.cell(row=row, column=column(ws, "Kinh phí kế hoạch (triệu đồng)")).value == "15.000"
    assert row_of(ws, cameras.pk)
    with pytest.raises(AssertionError):
        row_of(ws, finished.pk)


def test_the_projects_round_trip_through_the_one_save(reporter_client, sample, projects):
    centre, cameras, _finished = projects
    wb = download(reporter_client, sample.report)
    fill(
        wb,
        PROJECT_SHEET,
        centre.pk,
        {
            "Tình trạng": "Đang thực hiện",
            "Kết quả triển khai": "Đã lắp đặt 40% thiết bị.",
            "Kinh phí đã giải ngân (triệu đồng)": "6.250,5",
        },
    )
    # A number Excel kept as a number is read as the amount it shows.
    fill(
        wb,
        PROJECT_SHEET,
        cameras.pk,
        {"Tình trạng": "Chưa thực hiện", "Kinh phí kế hoạch (triệu đồng)": 2500},
    )
    report = AgencyReport.objects.get(pk=sample.report.pk)

    saved = form_upload(report=report, actor=sample.reporter, data=as_bytes(wb))

    assert saved.version == report.version + 1
    first = ProjectUpdate.objects.get(report=report, project=centre)
    assert (first.status, first.description) == (TaskStatus.IN_PROGRESS, "Đã lắp đặt 40% thiết bị.")
    assert (first.budget_planned, first.budget_disbursed) == (Decimal("15000"), Decimal("6250.5"))
    second = ProjectUpdate.objects.get(report=report, project=cameras)
    assert (second.status, second.budget_planned) == (TaskStatus.NOT_STARTED, Decimal("2500"))
    assert AuditEntry.objects.filter(action="report.save", target_id=report.pk).exists()

    # Written again from what was stored, the form shows what was read.
    detail = selectors.report_detail(period_id=report.period_id, agency_id=report.agency_id)
    again = form_build(detail=detail)
    ws = load_workbook(io.BytesIO(again))[PROJECT_SHEET]
    row = row_of(ws, centre.pk)
    assert (
        ws.cell(row=row, column=column(ws, "Kinh phí đã giải ngân (triệu đồng)")).value == "6.250,5"
    )
    assert ws.cell(row=row, column=column(ws, "Tình trạng")).value == "Đang thực hiện"


def test_a_bad_budget_is_located_and_nothing_is_stored(reporter_client, sample, projects):
    centre, _cameras, _finished = projects
    wb = download(reporter_client, sample.report)
    row = fill(wb, PROJECT_SHEET, centre.pk, {"Kinh phí đã giải ngân (triệu đồng)": "khoảng 6 tỷ"})
    report = AgencyReport.objects.get(pk=sample.report.pk)

    with pytest.raises(FormInvalid) as refused:
        form_upload(report=report, actor=sample.reporter, data=as_bytes(wb))

    error = refused.value.errors[0]
    assert (error.sheet, error.row) == (PROJECT_SHEET, row)
    assert error.column == "Kinh phí đã giải ngân (triệu đồng)"
    assert "khoảng 6 tỷ" in error.message
    assert AgencyReport.objects.get(pk=report.pk).version == report.version


def test_a_form_made_before_projects_were_reported_still_reads(reporter_client, sample, projects):
    wb = download(reporter_client, sample.report)
    wb.security.lockStructure = False
    del wb[PROJECT_SHEET]
    report = AgencyReport.objects.get(pk=sample.report.pk)

    saved = form_upload(report=report, actor=sample.reporter, data=as_bytes(wb))

    assert saved.pk == report.pk
    assert not ProjectUpdate.objects.filter(report=report).exclude(status="").exists()
