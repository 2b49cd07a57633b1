"""A filled Excel form applied to its report: in one save, or refused whole with each
error located; never over someone else's later save."""

import datetime as dt

import pytest
from django.utils import timezone

from dxtrack.audit.models import AuditEntry
from dxtrack.reporting import selectors
from dxtrack.reporting.excel_form import (
    ASSESSMENT_SHEET,
    COORDINATING_SHEET,
    INDICATOR_SHEET,
    LEAD_SHEET,
    FormInvalid,
    FormRejected,
)
from dxtrack.reporting.excel_form_services import form_upload
from dxtrack.reporting.excel_form_writer import form_build
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ReportVersion,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.report_input import IndicatorInput, ReportInput
from dxtrack.reporting.report_services import report_save as save
from reporting.excel_support import as_bytes, column, download, fill, row_of, stored, upload

pytestmark = pytest.mark.django_db


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
    before = stored(report)

    messages = upload(reporter_client, report, as_bytes(wb))

    assert stored(report) == before
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
