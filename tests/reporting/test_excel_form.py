"""The offline Excel form: downloaded pre-filled, filled as a person would, uploaded back."""

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from dxtrack.audit.models import AuditEntry
from dxtrack.reporting import selectors
from dxtrack.reporting.excel_form import (
    ASSESSMENT_SHEET,
    COORDINATING_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    INDICATOR_SHEET,
    LEAD_SHEET,
    MAX_FORM_BYTES,
    MAX_ROWS,
    META_SHEET,
    FormInvalid,
    FormRejected,
)
from dxtrack.reporting.excel_form_reader import form_read
from dxtrack.reporting.excel_form_services import form_upload
from dxtrack.reporting.excel_form_writer import form_build
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ReportingPeriod,
    ReportVersion,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.period_services import period_create, period_open
from dxtrack.reporting.report_input import IndicatorInput, ReportInput
from dxtrack.reporting.report_services import report_save as save
from factories import large_catalogue
from reporting.sample import account, reporting_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return reporting_sample()


@pytest.fixture
def reporter_client(client, sample):
    client.force_login(sample.reporter)
    return client


def _url(report: AgencyReport) -> str:
    return reverse("report-excel", args=[report.period_id, report.agency_id])


def download(client, report: AgencyReport) -> Workbook:
    response = client.get(_url(report))
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
    response = client.post(_url(report), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def _stored(report: AgencyReport):
    return (
        AgencyReport.objects.get(pk=report.pk).version,
        list(TaskUpdate.objects.filter(report=report).order_by("pk").values()),
        list(IndicatorValue.objects.filter(report=report).order_by("pk").values()),
        AgencyReport.objects.get(pk=report.pk).assessment,
    )


def test_a_filled_form_is_stored_in_one_save(reporter_client, sample):
    report, cat = sample.report, sample.catalogue
    wb = download(reporter_client, report)
    fill(
        wb,
        LEAD_SHEET,
        cat.training.pk,
        {
            "Tình trạng": "Đã hoàn thành",
            "Kết quả thực hiện": "Đã tổ chức 12 lớp bồi dưỡng kỹ năng số cho 1.250 cán bộ.",
            "Văn bản, minh chứng": "Quyết định số 1827-QĐ/TU ngày 11/02/2025",
            "Ngày hoàn thành thực tế": dt.date(2026, 10, 15),
        },
    )
    fill(
        wb,
        LEAD_SHEET,
        cat.old_task.pk,
        {
            "Tình trạng": "Hoàn thành quá hạn",
            # Typed as text, the Vietnamese way.
            "Ngày hoàn thành thực tế": "20/11/2026",
            "Khó khăn, vướng mắc": "Kinh phí được bố trí chậm.",
        },
    )
    fill(
        wb,
        COORDINATING_SHEET,
        sample.records.pk,
        {
            "Tình trạng": "Đang thực hiện",
            "Kết quả thực hiện": "Phối hợp kết nối dữ liệu dân cư với hồ sơ sức khỏe.",
        },
    )
    fill(
        wb, INDICATOR_SHEET, cat.signature.pk, {"Giá trị": "87,43%", "Nguồn số liệu": "Bộ Công an"}
    )
    # A number Excel kept as a number, in a cell the agency reformatted as a percentage.
    row = fill(wb, INDICATOR_SHEET, cat.online.pk, {"Giá trị": 0.95, "Ghi chú": "Ước đạt"})
    wb[INDICATOR_SHEET].cell(
        row=row, column=column(wb[INDICATOR_SHEET], "Giá trị")
    ).number_format = "0%"
    fill(
        wb,
        ASSESSMENT_SHEET,
        "ha_tang",
        {
            "Tồn tại, hạn chế": "Hạ tầng mạng ở xã miền núi còn yếu.",
            "Đề xuất, kiến nghị": "Đề nghị phủ sóng 4G các thôn còn lõm sóng.",
        },
    )
    versions = ReportVersion.objects.filter(report=report).count()

    messages = upload(reporter_client, report, as_bytes(wb))

    assert any("Đã lưu nội dung từ tệp “bao-cao.xlsx”" in m for m in messages), messages
    training = TaskUpdate.objects.get(report=report, task=cat.training)
    assert training.status == TaskStatus.DONE
    assert training.completed_on == dt.date(2026, 10, 15)
    assert training.evidence == "Quyết định số 1827-QĐ/TU ngày 11/02/2025"
    assert "1.250 cán bộ" in training.description
    old = TaskUpdate.objects.get(report=report, task=cat.old_task)
    assert (old.status, old.completed_on) == (TaskStatus.DONE_LATE, dt.date(2026, 11, 20))
    assert old.difficulties == "Kinh phí được bố trí chậm."
    records = TaskUpdate.objects.get(report=report, task=sample.records)
    assert records.status == TaskStatus.IN_PROGRESS
    signature = IndicatorValue.objects.get(report=report, indicator=cat.signature)
    assert (signature.value_text, signature.value_number) == ("87,43%", 87.43)
    assert signature.source == "Bộ Công an"
    online = IndicatorValue.objects.get(report=report, indicator=cat.online)
    assert (online.value_text, online.value_number, online.note) == ("95%", 95.0, "Ước đạt")
    stored = AgencyReport.objects.get(pk=report.pk)
    assert stored.assessment["ha_tang"]["issues"] == "Hạ tầng mạng ở xã miền núi còn yếu."
    assert set(stored.assessment) == {"ha_tang"}
    # One save: one new version, one audit row.
    assert stored.version == report.version + 1
    assert ReportVersion.objects.filter(report=report).count() == versions + 1
    assert AuditEntry.objects.filter(action="report.save").count() == 1


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
    before = _stored(report)

    messages = upload(reporter_client, report, as_bytes(wb))

    assert _stored(report) == before  # nothing stored, not even the good rows
    text = "\n".join(messages)
    assert "chưa lưu nội dung nào" in text
    assert f"Sheet “{sheet}”, dòng {row}, cột “{label}”:" in text
    assert message in text


def test_an_error_found_by_the_rules_of_the_report_is_located_too(reporter_client, sample):
    report, cat = sample.report, sample.catalogue
    wb = download(reporter_client, report)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    row = fill(
        wb,
        LEAD_SHEET,
        cat.training.pk,
        {"Tình trạng": "Đã hoàn thành", "Ngày hoàn thành thực tế": tomorrow},
    )
    before = _stored(report)

    messages = upload(reporter_client, report, as_bytes(wb))

    assert _stored(report) == before
    assert (
        f"Sheet “{LEAD_SHEET}”, dòng {row}, cột “Ngày hoàn thành thực tế”: "
        "Ngày hoàn thành không được sau ngày hôm nay." in "\n".join(messages)
    )


def test_a_row_moved_to_another_agencys_task_is_refused(reporter_client, sample):
    report = sample.report
    wb = download(reporter_client, report)
    ws = wb[LEAD_SHEET]
    row = row_of(ws, sample.catalogue.training.pk)
    ws.cell(row=row, column=1, value=sample.records.pk)  # a task it only coordinates

    with pytest.raises(FormInvalid) as caught:
        form_upload(report=report, actor=sample.reporter, data=as_bytes(wb))

    assert (
        f"Sheet “{LEAD_SHEET}”, dòng {row}, cột “Mã”: nhiệm vụ mã {sample.records.pk} "
        "không thuộc mục này của báo cáo."
    ) in [str(e) for e in caught.value.errors]


def test_another_reports_form_is_refused(sample):
    health = selectors.report_detail(
        period_id=sample.period.pk, agency_id=sample.catalogue.health.pk
    )

    with pytest.raises(FormRejected, match="biểu mẫu của một báo cáo khác"):
        form_upload(report=sample.report, actor=sample.reporter, data=form_build(detail=health))


def test_a_form_made_before_someone_elses_save_is_refused_as_stale(reporter_client, sample):
    report, cat = sample.report, sample.catalogue
    wb = download(reporter_client, report)
    fill(wb, INDICATOR_SHEET, cat.signature.pk, {"Giá trị": "40%"})
    # Meanwhile a colleague saves from the web page.
    save(
        report=report,
        actor=sample.colleague,
        data=ReportInput(indicators={cat.signature.pk: IndicatorInput(value="52,5%")}),
        version=report.version,
    )

    messages = upload(reporter_client, report, as_bytes(wb))

    text = "\n".join(messages)
    assert "Báo cáo đã được người khác cập nhật trong lúc bạn soạn" in text
    assert "hãy tải biểu mẫu mới" in text
    value = IndicatorValue.objects.get(report=report, indicator=cat.signature)
    assert value.value_text == "52,5%"


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
    before = _stored(sample.report)

    messages = upload(reporter_client, sample.report, data, name=name)

    assert any(message in m for m in messages), messages
    assert _stored(sample.report) == before


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


def test_the_form_locks_what_identifies_rows_and_offers_the_status_list(reporter_client, sample):
    report, cat = sample.report, sample.catalogue
    wb = download(reporter_client, report)

    assert wb.sheetnames == [
        LEAD_SHEET,
        COORDINATING_SHEET,
        INDICATOR_SHEET,
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
    assert rules["list"].formula1 == '"' + ",".join(TaskStatus.labels) + '"'
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
