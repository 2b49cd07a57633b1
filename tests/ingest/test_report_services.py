"""A filled result table matched to the bundled catalogue and recorded as an agency's report."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.agencies.services import directory_install
from dxtrack.ingest.report_services import report_file_read
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Plan, Task
from dxtrack.reporting.errors import ReportInvalid
from dxtrack.reporting.models import AgencyReport, ReportVersion, TaskStatus
from dxtrack.reporting.period_services import period_create, period_open
from dxtrack.reporting.result_services import report_rows_record

pytestmark = pytest.mark.django_db

HEADER = "TT\tTên nhiệm vụ\tThời hạn\tKết quả\tMô tả\tNgày hoàn thành thực tế\tKhó khăn/vướng mắc"
ROWS = [
    # 0: a near copy of a task of Sở KH&CN's report
    "1\tPhủ sóng 5G tại 100% khu công nghiệp, khu đô thị, trung tâm hành chính, khu du lịch\t"
    "30/9/2026\tĐã hoàn thành\tĐã phủ sóng 5G tại 7/7 khu công nghiệp\t15/9/2026\t",
    # 1: reworded ("Chủ trì, phối hợp" added, words dropped)
    "2\tChủ trì, phối hợp phát triển, hoàn thiện Nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh "
    "Quảng Ngãi đáp ứng yêu cầu tích hợp, chia sẻ dữ liệu số\t31/12/2026\tĐang thực hiện\t"
    "Đã kết nối 45 ứng dụng qua LGSP\t\tThiếu kinh phí nâng cấp",
    # 2: diacritics lost
    "3\tTang cuong cong tac kiem tra, giam sat cac don vi, dia phuong truc tuyen tren moi "
    "truong mang\t31/12/2026\tĐã và đang thực hiện\tKiểm tra trực tuyến 30 đơn vị\t\t",
    # 3: a task of Sở Y tế only
    "4\tXây dựng và triển khai Đề án Phát triển y tế thông minh đến năm 2030 của ngành Y tế "
    "Quảng Ngãi\t30/6/2026\tĐang thực hiện\tĐang lấy ý kiến dự thảo Đề án\t\t",
    # 4: a long task shortened, close to other training tasks: unsure
    "5\tTổ chức bồi dưỡng kiến thức, kỹ năng số cho cán bộ, công chức, viên chức\t31/12/2026\t"
    "Chưa thực hiện\t\t\t",
    # 5: like nothing in the catalogue
    "6\tTổ chức giải bóng đá giao hữu của công đoàn\t30/4/2026\tĐã hoàn thành\t\t20/4/2026\t",
]


def account(username: str, role: str, agency: Agency | None = None):
    user = get_user_model().objects.create_user(username=username, last_name="Nguyễn Văn")
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        directory_install()
        bundled_plans_import()
        coordinator = account("vanphong.skhcn", Role.COORDINATOR)
        period = period_create(
            actor=coordinator,
            name="Báo cáo kết quả chuyển đổi số năm 2026",
            kind="yearly",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            due_on=dt.date(2026, 11, 30),
            plan_ids=list(Plan.objects.values_list("pk", flat=True)),
        )
        period_open(period=period, actor=coordinator)
        dost = Agency.objects.get(name="Sở Khoa học và Công nghệ")
        health = Agency.objects.get(name="Sở Y tế")
        yield SimpleNamespace(
            period=period,
            report=AgencyReport.objects.get(period=period, agency=dost),
            reporter=account("baocao.skhcn", Role.REPORTER, dost),
            health_reporter=account("baocao.syt", Role.REPORTER, health),
            coordinator=coordinator,
        )
        transaction.set_rollback(True)


@pytest.fixture
def report(year):
    """Sở KH&CN's report as stored now (each test's changes are rolled back)."""
    return AgencyReport.objects.get(pk=year.report.pk)


def task(name_start: str) -> Task:
    return Task.objects.get(name__startswith=name_start)


@pytest.fixture
def table(tmp_path):
    def write(rows=ROWS):
        path = tmp_path / "ket-qua-skhcn.txt"
        path.write_text("Phụ lục I\n" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        return path

    return write


def test_reworded_tasks_are_matched_to_the_catalogue(year, report, table):
    draft = report_file_read(path=table())

    matches = [row.match.task_id if row.match else None for row in draft.rows]
    assert matches[0] == task("Phủ sóng 5G tại 100% khu công nghiệp").pk
    assert matches[1] == task("Phát triển, hoàn thiện Nền tảng tích hợp, chia sẻ dữ liệu").pk
    assert matches[2] == task("Tăng cường công tác kiểm tra, giám sát các đơn vị").pk
    assert matches[3] == task("Xây dựng và triển khai Đề án Phát triển y tế thông minh").pk
    assert all(row.match.sure for row in draft.rows[:4])
    assert draft.rows[0].match.score > 0.95
    assert matches[5] is None


def test_an_unsure_row_gets_the_candidates_and_a_warning(year, report, table):
    draft = report_file_read(path=table())
    row = draft.rows[4]

    assert not row.match.sure
    candidates = [c.task_id for c in row.candidates]
    assert len(candidates) > 1
    assert candidates[0] == task("Tổ chức bồi dưỡng kiến thức, kỹ năng số, kỹ năng phân tích").pk
    assert any(
        w.where == "Phụ lục I, TT 5" and "Chưa chắc chắn" in w.message for w in draft.warnings
    )


def test_matching_can_be_limited_to_the_tasks_of_a_report(year, report, table):
    task_ids = list(report.task_updates.values_list("task_id", flat=True))

    draft = report_file_read(path=table(), task_ids=task_ids)

    assert all(row.match is None or row.match.task_id in task_ids for row in draft.rows)


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
    from django.core.exceptions import PermissionDenied

    draft = report_file_read(path=table([ROWS[0]]))

    with pytest.raises(PermissionDenied):
        report_rows_record(draft=draft, report=report, actor=year.health_reporter)


def test_a_report_changed_since_the_preview_is_not_overwritten(year, report, table):
    from dxtrack.reporting.errors import StaleVersion

    draft = report_file_read(path=table([ROWS[0]]))
    previewed = report.version
    report_rows_record(
        draft=report_file_read(path=table([ROWS[1]])), report=report, actor=year.reporter
    )

    with pytest.raises(StaleVersion):
        report_rows_record(draft=draft, report=report, actor=year.reporter, version=previewed)
