"""A filled result table in the shape of report 004's appendix, and the province's bundled
plans opened for 2026, shared by the tests that read such a table (ingest) and those that
record it as an agency's report (reporting)."""

import datetime as dt
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.agencies.services import directory_install
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Plan, Task
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.period_services import period_create, period_open

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


def bundled_year() -> SimpleNamespace:
    """The bundled plans opened for 2026, with Sở KH&CN's report and two reporters."""
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
    return SimpleNamespace(
        period=period,
        report=AgencyReport.objects.get(period=period, agency=dost),
        reporter=account("baocao.skhcn", Role.REPORTER, dost),
        health_reporter=account("baocao.syt", Role.REPORTER, health),
        coordinator=coordinator,
    )


def task(name_start: str) -> Task:
    return Task.objects.get(name__startswith=name_start)


def table_writer(tmp_path):
    """write(rows) → the path of a text extraction of the table with those rows."""

    def write(rows=ROWS):
        path = tmp_path / "ket-qua-skhcn.txt"
        path.write_text("Phụ lục I\n" + "\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        return path

    return write
