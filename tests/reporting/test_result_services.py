"""A filled result table recorded as an agency's report: matched rows in one version."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from dxtrack.ingest.report_services import report_file_read
from dxtrack.reporting.errors import ReportInvalid, StaleVersion
from dxtrack.reporting.models import AgencyReport, ReportVersion, TaskStatus
from dxtrack.reporting.result_services import report_rows_record
from ingest.result_table import ROWS, bundled_year, table_writer, task

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield bundled_year()
        transaction.set_rollback(True)


@pytest.fixture
def report(year):
    """Sở KH&CN's report as stored now (each test's changes are rolled back)."""
    return AgencyReport.objects.get(pk=year.report.pk)


@pytest.fixture
def table(tmp_path):
    return table_writer(tmp_path)


def test_the_rows_are_recorded_in_the_agencys_report_in_one_version(year, report, table):
    draft = report_file_read(path=table())
    versions = ReportVersion.objects.filter(report=report).count()
    unsure = task("Tổ chức bồi dưỡng kiến thức, kỹ năng số, kỹ năng phân tích")

    result = report_rows_record(
        draft=draft, report=report, actor=year.reporter, choices={4: unsure.pk}
    )

    assert [row.number for row in result.recorded] == ["1", "2", "3", "5"]
    updates = {u.task_id: u for u in report.task_updates.all()}
    five_g = updates[task("Phủ sóng 5G tại 100% khu công nghiệp").pk]
    assert five_g.status == TaskStatus.DONE
    assert five_g.description == "Đã phủ sóng 5G tại 7/7 khu công nghiệp"
    assert five_g.completed_on == dt.date(2026, 9, 15)
    lgsp = updates[task("Phát triển, hoàn thiện Nền tảng tích hợp, chia sẻ dữ liệu").pk]
    assert lgsp.status == TaskStatus.IN_PROGRESS
    assert lgsp.completed_on is None
    assert lgsp.difficulties == "Thiếu kinh phí nâng cấp"
    # "Đã và đang thực hiện" is the vocabulary's "Đang thực hiện".
    assert updates[task("Tăng cường công tác kiểm tra, giám sát").pk].status == "in_progress"
    assert updates[unsure.pk].status == TaskStatus.NOT_STARTED
    report.refresh_from_db()
    assert ReportVersion.objects.filter(report=report).count() == versions + 1


def test_rows_not_recorded_are_skipped_with_the_reason(year, report, table):
    draft = report_file_read(path=table())

    result = report_rows_record(draft=draft, report=report, actor=year.reporter)

    reasons = {row.number: reason for row, reason in result.skipped}
    assert reasons == {
        "4": "nhiệm vụ không thuộc báo cáo của đơn vị trong kỳ này",
        "5": "chưa xác định nhiệm vụ tương ứng",
        "6": "chưa xác định nhiệm vụ tương ứng",
    }


def test_a_row_chosen_to_be_skipped_is_not_recorded(year, report, table):
    draft = report_file_read(path=table())

    result = report_rows_record(draft=draft, report=report, actor=year.reporter, choices={0: None})

    assert "1" not in [row.number for row in result.recorded]
    five_g = report.task_updates.get(task=task("Phủ sóng 5G tại 100% khu công nghiệp"))
    assert five_g.status == ""


def test_a_second_row_for_the_same_task_is_skipped(year, report, table):
    draft = report_file_read(path=table([ROWS[0], ROWS[0].replace("1\t", "2\t", 1)]))

    result = report_rows_record(draft=draft, report=report, actor=year.reporter)

    assert [row.number for row in result.recorded] == ["1"]
    assert result.skipped[0][1] == "trùng nhiệm vụ với dòng Phụ lục I, TT 1"


def test_an_invalid_row_rejects_them_all_naming_the_row(year, report, table):
    future = (
        ROWS[1]
        .replace("Đang thực hiện", "Đã hoàn thành")
        .replace("\t\tThiếu", "\t31/12/2099\tThiếu")
    )
    draft = report_file_read(path=table([ROWS[0], future]))
    version = report.version

    with pytest.raises(ReportInvalid) as raised:
        report_rows_record(draft=draft, report=report, actor=year.reporter)

    assert [(e.where, e.message) for e in raised.value.errors] == [
        ("Phụ lục I, TT 2", "Ngày hoàn thành không được sau ngày hôm nay.")
    ]
    report.refresh_from_db()
    assert report.version == version
    five_g = report.task_updates.get(task=task("Phủ sóng 5G tại 100% khu công nghiệp"))
    assert five_g.status == ""


def test_a_status_outside_the_vocabulary_is_refused_not_dropped(year, report, table):
    draft = report_file_read(path=table([ROWS[0].replace("Đã hoàn thành", "Sắp xong")]))

    with pytest.raises(ReportInvalid) as raised:
        report_rows_record(draft=draft, report=report, actor=year.reporter)

    (error,) = raised.value.errors
    assert error.where == "Phụ lục I, TT 1"
    assert "Sắp xong" in error.message


def test_another_agencys_reporter_cannot_record_into_this_report(year, report, table):
    draft = report_file_read(path=table([ROWS[0]]))

    with pytest.raises(PermissionDenied):
        report_rows_record(draft=draft, report=report, actor=year.health_reporter)


def test_a_report_changed_since_the_preview_is_not_overwritten(year, report, table):
    draft = report_file_read(path=table([ROWS[0]]))
    previewed = report.version
    report_rows_record(
        draft=report_file_read(path=table([ROWS[1]])), report=report, actor=year.reporter
    )

    with pytest.raises(StaleVersion):
        report_rows_record(draft=draft, report=report, actor=year.reporter, version=previewed)


def test_a_row_naming_a_key_project_of_the_report_records_its_status_and_budget(
    year, report, tmp_path
):
    from decimal import Decimal

    from dxtrack.reporting.models import ProjectUpdate

    path = tmp_path / "phu-luc-iii.txt"
    path.write_text(
        "Phụ lục III\n"
        "TT\tTên dự án\tKết quả\tMô tả\tKinh phí kế hoạch\tKinh phí đã giải ngân\n"
        "1\tDuy trì, vận hành Trung tâm điều hành thông minh (IOC)\tĐang thực hiện\t"
        "Vận hành 24/7, kết nối 12 hệ thống\t4.500\t1.250,5\n"
        "2\tTriển khai thí điểm Bản sao số trên địa bàn tỉnh\tChưa thực hiện\t\t\t\n",
        encoding="utf-8",
    )
    draft = report_file_read(path=path)
    assert (draft.rows[0].budget_planned, draft.rows[0].budget_disbursed) == ("4.500", "1.250,5")
    ioc = report.project_updates.get(project__name__startswith="Duy trì, vận hành Trung tâm điều")

    result = report_rows_record(draft=draft, report=report, actor=year.reporter)

    ioc = ProjectUpdate.objects.get(pk=ioc.pk)
    assert ioc.status == TaskStatus.IN_PROGRESS
    assert ioc.description == "Vận hành 24/7, kết nối 12 hệ thống"
    assert (ioc.budget_planned, ioc.budget_disbursed) == (Decimal("4500"), Decimal("1250.5"))
    assert [row.number for row in result.recorded] == ["1"]
    # The twin project runs only in 2027: it is no project of this year's report.
    assert [(row.number, why) for row, why in result.skipped] == [
        ("2", "chưa xác định nhiệm vụ tương ứng")
    ]
