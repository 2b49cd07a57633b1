"""Who reports what in a period, on the province's own plans and its 96 communes.

The bundled plans are imported once for the module (inside a transaction rolled back at the
end); each test adds what it needs with factories and is rolled back on its own.
"""

import csv
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction

from dxtrack.agencies.models import Agency, AgencyGroup
from dxtrack.agencies.services import communes_load, directory_install
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Assignment, Plan, Task
from dxtrack.reporting.expectations import period_expectations
from factories import AgencyFactory, AssignmentFactory, IndicatorFactory, TargetFactory, TaskFactory

ADMIN_UNITS = Path(__file__).resolve().parents[3] / "shared" / "data" / "vn-admin-units.csv"
QUANG_NGAI = "51"

pytestmark = pytest.mark.django_db


def bundled_province() -> SimpleNamespace:
    """The directory, the four bundled plans and Quảng Ngãi's 96 communes, wards and zones."""
    directory_install()
    bundled_plans_import()
    with ADMIN_UNITS.open(encoding="utf-8", newline="") as rows:
        communes_load(rows=csv.DictReader(rows), province_code=QUANG_NGAI)
    plans = SimpleNamespace(
        resolution_13=Plan.objects.get(number="38/KH-UBND"),
        plan_2026=Plan.objects.get(title__startswith="Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi"),
        resolution_57=Plan.objects.get(title__contains="57-NQ/TW"),
        form_411=Plan.objects.get(title__contains="411/QĐ-TTg"),
    )
    return SimpleNamespace(
        plans=plans,
        plan_ids=[p.pk for p in vars(plans).values()],
        dost=Agency.objects.get(name="Sở Khoa học và Công nghệ"),
        dic=Agency.objects.get(name="Sở Thông tin và Truyền thông"),
        home=Agency.objects.get(name="Sở Nội vụ"),
        communes=set(Agency.objects.filter(kind=Agency.Kind.COMMUNE).values_list("pk", flat=True)),
        communes_group=AgencyGroup.objects.get(name="UBND các xã, phường, đặc khu"),
        districts_group=AgencyGroup.objects.get(name="UBND cấp huyện"),
    )


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker):
    if not ADMIN_UNITS.is_file():
        pytest.skip(
            "../shared/data/vn-admin-units.csv is not beside the project: "
            "the province's 96 communes are loaded from it"
        )
    with django_db_blocker.unblock(), transaction.atomic():
        yield bundled_province()
        transaction.set_rollback(True)


def _task(plan: Plan, name: str) -> Task:
    return Task.objects.get(plan=plan, name__startswith=name)


def expected(province, *, year: int = 2026, starts_on=None, ends_on=None, on=None):
    starts_on = starts_on or dt.date(year, 1, 1)
    ends_on = ends_on or dt.date(year, 12, 31)
    return period_expectations(
        plan_ids=province.plan_ids,
        starts_on=starts_on,
        ends_on=ends_on,
        on=on or dt.date(year, 11, 30),
    )


def reached(expectations, task: Task) -> set[int]:
    return {agency for agency, e in expectations.items() if task.pk in e.tasks}


# ----------------------------------------------------------------------- tasks


def test_the_communes_group_reaches_all_96_communes_wards_and_the_special_zone(province):
    community_teams = _task(
        province.plans.plan_2026, "Phát huy vai trò của Tổ Công nghệ số cộng đồng"
    )
    assert community_teams.assignments.filter(
        group=province.communes_group, role=Assignment.Role.LEAD
    ).exists()

    found = expected(province)

    assert len(province.communes) == 96
    assert reached(found, community_teams) >= province.communes
    assert {found[c].tasks[community_teams.pk] for c in province.communes} == {"lead"}
    assert found[province.dost.pk].tasks[community_teams.pk] == "coordinating"


def test_a_task_assigned_to_the_former_district_level_passes_to_every_commune(province):
    # Plan 38/KH-UBND (2024) gives work to "UBND các huyện, thị xã, thành phố"; the district
    # level ended on 1/7/2025.
    task = TaskFactory(
        plan=province.plans.resolution_13,
        number="59",
        name="Tuyên truyền, phổ biến dịch vụ công trực tuyến đến người dân trên địa bàn",
        timeframe_text="Năm 2024 - 2026",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    AssignmentFactory(
        task=task, group=province.districts_group, text="UBND các huyện, thị xã, thành phố"
    )

    after = expected(province)
    before = expected(province, year=2025, on=dt.date(2025, 3, 31))

    assert reached(after, task) == province.communes
    assert reached(before, task) == set()  # no district is in the directory any more


def test_work_of_the_former_department_of_information_reaches_science_and_technology(province):
    task = TaskFactory(
        plan=province.plans.resolution_13,
        number="60",
        name="Vận hành Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
        timeframe_text="2024 - 2026",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    AssignmentFactory(task=task, agency=province.dic, text="Sở Thông tin và Truyền thông")

    assert reached(expected(province), task) == {province.dost.pk}
    # Before 1/3/2025 the department still existed and reported itself.
    early = expected(province, year=2024, on=dt.date(2024, 11, 30))
    assert reached(early, task) == {province.dic.pk}


def test_only_tasks_whose_timeframe_has_begun_are_asked(province):
    later = _task(province.plans.plan_2026, "Triển khai Bộ chỉ số để theo dõi, giám sát")
    running = _task(province.plans.plan_2026, "Phủ sóng 5G tại 100% khu công nghiệp")
    assert (later.timeframe_text, running.timeframe_text) == ("Năm 2028 - 2030", "Năm 2026-2030")

    in_2026 = expected(province)[province.dost.pk].tasks
    in_2028 = expected(province, year=2028)[province.dost.pk].tasks

    assert running.pk in in_2026 and later.pk not in in_2026
    assert later.pk in in_2028 and running.pk in in_2028


def test_a_task_due_in_a_later_quarter_is_not_asked_in_the_first(province):
    task = TaskFactory(
        plan=province.plans.resolution_57,
        name="Ban hành quy chế quản lý, vận hành Trung tâm dữ liệu tỉnh",
        timeframe_text="Quý III/2026",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 9, 30),
    )
    AssignmentFactory(task=task, agency=province.dost)
    first = expected(province, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 3, 31))
    third = expected(province, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 9, 30))

    assert task.pk not in first[province.dost.pk].tasks
    assert third[province.dost.pk].tasks[task.pk] == "lead"


def test_recurring_tasks_are_asked_in_every_period(province):
    continuous = _task(province.plans.resolution_57, "Xây dựng chương trình chuyên biệt")
    yearly = _task(
        province.plans.resolution_13, "Triển khai các ứng dụng nhằm nâng cao sự tương tác"
    )
    assert (continuous.recurrence, yearly.recurrence) == ("continuous", "yearly")
    assert (continuous.timeframe_text, yearly.timeframe_text) == ("Thường xuyên", "Hàng năm")
    commune = min(province.communes)

    for year in (2026, 2027, 2030):
        found = expected(province, year=year)
        assert found[province.dost.pk].tasks[continuous.pk] == "lead", year
        assert found[commune].tasks[yearly.pk] == "lead", year
    quarter = expected(province, starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 6, 30))
    assert continuous.pk in quarter[province.dost.pk].tasks


def test_a_recurring_task_is_asked_only_within_its_years(province):
    # "Hằng năm, từ năm 2028" and "Năm 2022 - 2025 (hằng năm)": every year of the span only.
    later = TaskFactory(
        plan=province.plans.plan_2026,
        name="Đánh giá, xếp hạng mức độ chuyển đổi số của các xã, phường",
        timeframe_text="Hằng năm, từ năm 2028",
        recurrence=Task.Recurrence.YEARLY,
        starts_on=dt.date(2028, 1, 1),
        ends_on=None,
    )
    over = TaskFactory(
        plan=province.plans.form_411,
        name="Tổ chức Ngày Chuyển đổi số tỉnh",
        timeframe_text="Năm 2022 - 2025 (hằng năm)",
        recurrence=Task.Recurrence.YEARLY,
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2025, 12, 31),
    )
    AssignmentFactory(task=later, agency=province.dost)
    AssignmentFactory(task=over, agency=province.dost)

    in_2025 = expected(province, year=2025)[province.dost.pk].tasks
    in_2026 = expected(province)[province.dost.pk].tasks
    in_2028 = expected(province, year=2028)[province.dost.pk].tasks

    assert over.pk in in_2025 and later.pk not in in_2025
    assert over.pk not in in_2026 and later.pk not in in_2026
    assert later.pk in in_2028 and over.pk not in in_2028


def test_a_task_past_its_deadline_is_still_asked_until_reported_done(province):
    # Plan 38/KH-UBND: "2024 - 2025", led by Sở TT&TT (now Sở KH&CN) and the district level.
    late = _task(province.plans.resolution_13, "Thiết lập môi trường số, tăng cường giao tiếp")
    assert late.ends_on == dt.date(2025, 12, 31)
    no_start = _task(province.plans.resolution_13, "Số hóa hồ sơ và khai thác dữ liệu số hóa")
    assert no_start.timeframe_text == "Hoàn thành trong năm 2025"
    assert (no_start.starts_on, no_start.ends_on) == (None, dt.date(2025, 12, 31))

    found = expected(province)

    assert found[province.dost.pk].tasks[late.pk] == "lead"
    assert reached(found, late) >= province.communes
    assert reached(found, no_start) >= province.communes | {province.home.pk}


def test_an_agency_named_as_lead_and_coordinator_reports_the_task_as_lead(province):
    task = TaskFactory(
        plan=province.plans.plan_2026,
        name="Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức",
        timeframe_text="Năm 2026",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    AssignmentFactory(task=task, agency=province.home, role=Assignment.Role.COORDINATING)
    AssignmentFactory(task=task, agency=province.home, position=1)
    AssignmentFactory(
        task=task,
        group=AgencyGroup.objects.get(name="Các sở, ban, ngành"),
        position=2,
        role=Assignment.Role.COORDINATING,
    )

    found = expected(province)

    assert found[province.home.pk].tasks[task.pk] == "lead"
    assert found[province.dost.pk].tasks[task.pk] == "coordinating"


def test_a_name_the_importer_could_not_resolve_reaches_nobody(province):
    task = TaskFactory(
        plan=province.plans.plan_2026,
        name="Hỗ trợ hợp tác xã chuyển đổi số",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    AssignmentFactory(task=task, agency=None, group=None, text="Liên minh Hợp tác xã tỉnh")

    assert reached(expected(province), task) == set()


def test_an_agency_that_ended_without_a_successor_is_not_asked(province):
    ended = AgencyFactory(
        name="Ban Quản lý dự án đầu tư xây dựng công trình dân dụng", active_to=dt.date(2025, 6, 30)
    )
    task = TaskFactory(
        plan=province.plans.plan_2026, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31)
    )
    AssignmentFactory(task=task, agency=ended)

    assert reached(expected(province), task) == set()


# ----------------------------------------------------------------------- indicators


def test_indicators_with_a_target_in_or_after_the_period_are_asked(province):
    # The 2026 - 2030 plan lists it once per phase; this is the 2026-2027 row.
    online = (
        province.plans.plan_2026.indicators.filter(
            name__startswith="Tỷ lệ dịch vụ công trực tuyến toàn trình", targets__year_to=2027
        )
        .order_by("position")
        .first()
    )
    gdp_share = province.plans.form_411.indicators.get(name="Tỷ trọng kinh tế số trên GDP")
    assert list(online.targets.values_list("year_to", flat=True)) == [2027]
    assert set(gdp_share.targets.values_list("year_to", flat=True)) == {2025}

    in_2025 = expected(province, year=2025)
    in_2026 = expected(province)
    in_2028 = expected(province, year=2028)

    def askers(found, indicator):
        return {agency for agency, e in found.items() if indicator.pk in e.indicators}

    assert askers(in_2025, gdp_share) and askers(in_2025, online)
    assert askers(in_2026, online) and not askers(in_2026, gdp_share)
    assert not askers(in_2028, online)


def test_an_indicator_with_no_dated_target_is_asked(province):
    undated = IndicatorFactory(
        plan=province.plans.plan_2026, name="Số hộ kinh doanh sử dụng hóa đơn điện tử"
    )
    TargetFactory(
        indicator=undated,
        milestone="Hằng năm",
        year_from=None,
        year_to=None,
        text="Tăng",
        comparator="",
        value=None,
    )
    AssignmentFactory(indicator=undated, agency=province.home)
    AssignmentFactory(
        indicator=undated, group=province.communes_group, role=Assignment.Role.IMPLEMENTER
    )

    found = expected(province, year=2029)

    assert found[province.home.pk].indicators[undated.pk] == "lead"
    assert {c for c in province.communes if undated.pk in found[c].indicators} == (
        province.communes
    )
    assert found[min(province.communes)].indicators[undated.pk] == "implementer"


def test_expectations_take_a_fixed_number_of_queries(province, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        found = expected(province)

    # 28 provincial agencies and bodies, 96 communes, two that lead key projects, and two
    # whose only work is a duty under a plan's "Tổ chức thực hiện" (0174); one of the two
    # leading key projects has such a duty too.
    assert len(found) == 128
    only_projects = [e for e in found.values() if e.projects and not (e.tasks or e.indicators)]
    assert len(only_projects) == 1
    assert sum(len(e.tasks) for e in found.values()) > 10_000
