"""A reporting year of the province with known numbers, written row by row so that every
count the consolidation gives can be checked by hand (see `province_year`)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from dxtrack.agencies.models import Agency
from dxtrack.plans.models import Indicator, Target, Task
from dxtrack.reporting.models import (
    AgencyReport,
    ExtensionRequest,
    IndicatorValue,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)
from factories import (
    AgencyFactory,
    CommuneFactory,
    IndicatorFactory,
    PlanFactory,
    SectionFactory,
    TargetFactory,
    TaskFactory,
)

AS_OF = dt.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and needlessly slow for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sent(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


def _task(plan, section, number, name, ends_on, recurrence=""):
    return TaskFactory(
        plan=plan,
        section=section,
        number=number,
        name=name,
        starts_on=dt.date(2026, 1, 1) if ends_on is None or ends_on.year > 2025 else None,
        ends_on=ends_on,
        recurrence=recurrence,
        timeframe_text="Thường xuyên" if recurrence else "",
    )


def _target(indicator, milestone, text, comparator, value, unit="%"):
    return TargetFactory(
        indicator=indicator,
        milestone=milestone,
        text=text,
        comparator=comparator,
        value=value,
        unit=unit,
    )


def province_year() -> SimpleNamespace:
    """The 2026 yearly period of two plans, judged on 15/12/2026.

    Tasks (lead updates; 11 in all):
      plan 25/KH-UBND, section I (with sub-heading I.1):
        T1 Sở KH&CN, due 30/06, done 20/06 ........................ on time
        T2 Sở KH&CN, due 30/06, done 15/08 ........................ done late, 46 days
        T9 Sở KH&CN, due 30/06, "Hoàn thành quá hạn", no date ...... done late
        T3 Sở Nội vụ, due 30/09, in progress ...................... overdue, 76 days
        T10 Sở Nội vụ, due 30/06 extended to 31/08, done 20/08 ..... on time
      plan 25/KH-UBND, section II:
        T4 Sở Nội vụ, due 31/12, in progress ...................... in progress
        T5 recurring, Tịnh Khê in progress / Bình Sơn not started .. in progress / not started
        T8 Sở Y tế, not filled in ................................. no report
      plan 38/KH-UBND (no sections):
        T6 Sở Y tế, due 31/12/2025, not started ................... overdue, 349 days
        T7 Sở Y tế, due 31/12/2025, not done ...................... not done
      Sở Y tế also coordinates T1 and reports it done: a contribution, not counted.
    Reports (due 30/11/2026): Sở KH&CN sent 25/11 (on time), Sở Nội vụ 05/12 (5 days
    late), Sở Y tế draft (missing), Tịnh Khê approved, sent 30/11 (on time), Bình Sơn
    returned (missing).
    Indicators: see the `indicators` namespace.
    """
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    home = AgencyFactory(name="Sở Nội vụ")
    health = AgencyFactory(name="Sở Y tế")
    tinh_khe = CommuneFactory(name="UBND xã Tịnh Khê")
    binh_son = CommuneFactory(name="UBND xã Bình Sơn")

    new_plan = PlanFactory(
        number="25/KH-UBND",
        title="Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030",
        issued_on=dt.date(2026, 2, 10),
    )
    old_plan = PlanFactory(
        number="38/KH-UBND",
        title="Kế hoạch triển khai Nghị quyết số 13-NQ/TU về chuyển đổi số đến năm 2025",
        issued_on=dt.date(2024, 2, 20),
    )
    government = SectionFactory(
        plan=new_plan,
        appendix="Phụ lục II",
        label="I",
        title="Phát triển Chính quyền số",
        position=1,
    )
    platforms = SectionFactory(
        plan=new_plan,
        appendix="Phụ lục II",
        label="1",
        title="Nền tảng, hệ thống dùng chung",
        parent=government,
        position=2,
    )
    society = SectionFactory(
        plan=new_plan, appendix="Phụ lục II", label="II", title="Phát triển xã hội số", position=3
    )

    june, sept, dec = dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 12, 31)
    t1 = _task(new_plan, platforms, "1", "Triển khai Nền tảng tích hợp, chia sẻ dữ liệu", june)
    t2 = _task(new_plan, government, "2", "Xây dựng Kho dữ liệu dùng chung của tỉnh", june)
    t9 = _task(new_plan, government, "3", "Nâng cấp Hệ thống giải quyết thủ tục hành chính", june)
    t3 = _task(new_plan, government, "4", "Số hóa hồ sơ cán bộ, công chức, viên chức", sept)
    t10 = _task(new_plan, government, "5", "Triển khai chữ ký số cho cán bộ, công chức", june)
    t4 = _task(new_plan, society, "6", "Phổ cập kỹ năng số cho cán bộ cấp xã", dec)
    t5 = _task(
        new_plan,
        society,
        "7",
        "Duy trì Tổ công nghệ số cộng đồng",
        None,
        recurrence=Task.Recurrence.CONTINUOUS,
    )
    t8 = _task(new_plan, society, "8", "Bảo đảm an toàn thông tin theo mô hình 4 lớp", dec)
    old_dec = dt.date(2025, 12, 31)
    t6 = _task(old_plan, None, "1", "Xây dựng Trung tâm điều hành thông minh (IOC)", old_dec)
    t7 = _task(old_plan, None, "2", "Triển khai thí điểm Bản sao số", old_dec)

    period = ReportingPeriod.objects.create(
        name="Báo cáo năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dec,
        due_on=dt.date(2026, 11, 30),
        consolidated_due_on=dt.date(2026, 12, 15),
        status=ReportingPeriod.Status.OPEN,
    )
    period.plans.set([new_plan, old_plan])

    status = AgencyReport.Status
    reports = {
        dost: AgencyReport.objects.create(
            period=period,
            agency=dost,
            status=status.SUBMITTED,
            submitted_at=_sent(dt.date(2026, 11, 25)),
        ),
        home: AgencyReport.objects.create(
            period=period,
            agency=home,
            status=status.SUBMITTED,
            submitted_at=_sent(dt.date(2026, 12, 5)),
        ),
        health: AgencyReport.objects.create(period=period, agency=health),
        tinh_khe: AgencyReport.objects.create(
            period=period,
            agency=tinh_khe,
            status=status.APPROVED,
            submitted_at=_sent(dt.date(2026, 11, 30)),
        ),
        binh_son: AgencyReport.objects.create(
            period=period,
            agency=binh_son,
            status=status.RETURNED,
            submitted_at=_sent(dt.date(2026, 11, 20)),
        ),
    }

    def update(agency, task, state, completed_on=None, role=TaskUpdate.Role.LEAD):
        return TaskUpdate.objects.create(
            report=reports[agency], task=task, role=role, status=state, completed_on=completed_on
        )

    s = TaskStatus
    update(dost, t1, s.DONE, dt.date(2026, 6, 20))
    update(dost, t2, s.DONE, dt.date(2026, 8, 15))
    update(dost, t9, s.DONE_LATE)
    update(home, t3, s.IN_PROGRESS)
    update(home, t10, s.DONE, dt.date(2026, 8, 20))
    update(home, t4, s.IN_PROGRESS)
    update(tinh_khe, t5, s.IN_PROGRESS)
    update(binh_son, t5, s.NOT_STARTED)
    update(health, t8, "")
    update(health, t6, s.NOT_STARTED)
    update(health, t7, s.NOT_DONE)
    update(health, t1, s.DONE, dt.date(2026, 5, 1), role=TaskUpdate.Role.COORDINATING)
    ExtensionRequest.objects.create(
        task=t10,
        agency=home,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ Bộ Nội vụ hướng dẫn",
        original_end=june,
        proposed_end=dt.date(2026, 8, 31),
        status=ExtensionRequest.Status.APPROVED,
    )
    # A refused request changes nothing.
    ExtensionRequest.objects.create(
        task=t3,
        agency=home,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Thiếu kinh phí",
        original_end=sept,
        proposed_end=dt.date(2027, 3, 31),
        status=ExtensionRequest.Status.REFUSED,
    )

    # Indicators.
    signatures = IndicatorFactory(
        plan=new_plan,
        number="1",
        name="Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
        unit="%",
    )
    _target(signatures, "2026-2027", "≥ 50%", Target.Comparator.GE, 50)
    _target(signatures, "2028-2030", "≥ 70%", Target.Comparator.GE, 70)
    old_signatures = IndicatorFactory(
        plan=old_plan,
        number="1",
        name="Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
        unit="%",
    )
    _target(old_signatures, "2025", "≥ 50%", Target.Comparator.GE, 50)
    _target(old_signatures, "2030", "≥ 70%", Target.Comparator.GE, 70)
    enterprises = IndicatorFactory(
        plan=new_plan,
        number="2",
        name="Số doanh nghiệp công nghệ số thành lập mới",
        unit="doanh nghiệp",
        aggregation=Indicator.Aggregation.SUM,
    )
    _target(
        enterprises, "2026-2027", "≥ 100 doanh nghiệp", Target.Comparator.GE, 100, "doanh nghiệp"
    )
    digitised = IndicatorFactory(
        plan=new_plan,
        number="3",
        name="Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
        unit="%",
        aggregation=Indicator.Aggregation.AVERAGE,
    )
    _target(digitised, "2026-2027", "khoảng 80%", Target.Comparator.APPROX, 80)
    datacenter = IndicatorFactory(
        plan=new_plan, number="4", name="Trung tâm dữ liệu tỉnh đạt chuẩn Tier 3", unit=""
    )
    _target(datacenter, "2026-2027", "Đạt", Target.Comparator.DONE, None, "")
    pilot = IndicatorFactory(
        plan=old_plan, number="2", name="Số sáng kiến chuyển đổi số cấp xã", unit="sáng kiến"
    )
    _target(pilot, "2025", "-", "", None, "")
    fibre = IndicatorFactory(
        plan=new_plan,
        number="5",
        name="Tỷ lệ hộ gia đình có kết nối Internet cáp quang băng rộng",
        unit="%",
    )
    _target(fibre, "2026-2027", "≥ 90%", Target.Comparator.GE, 90)

    def value(agency, indicator, text="", number=None, met=None, role="lead"):
        IndicatorValue.objects.create(
            report=reports[agency],
            indicator=indicator,
            role=role,
            value_text=text,
            value_number=number,
            value_met=met,
        )

    value(dost, signatures, "62,5%", 62.5)
    value(dost, old_signatures)  # left blank: the linked indicator's value serves
    value(dost, enterprises)
    value(tinh_khe, enterprises, "40", 40, role="implementer")
    value(binh_son, enterprises, "35", 35, role="implementer")
    value(health, enterprises, role="implementer")
    value(tinh_khe, digitised, "78%", 78, role="implementer")
    value(binh_son, digitised, "84%", 84, role="implementer")
    value(dost, datacenter, "Đạt", met=True)
    value(dost, pilot)
    value(dost, fibre)

    return SimpleNamespace(
        period=period,
        plans=SimpleNamespace(new=new_plan, old=old_plan),
        sections=SimpleNamespace(government=government, platforms=platforms, society=society),
        agencies=SimpleNamespace(
            dost=dost, home=home, health=health, tinh_khe=tinh_khe, binh_son=binh_son
        ),
        indicators=SimpleNamespace(
            signatures=signatures,
            old_signatures=old_signatures,
            enterprises=enterprises,
            digitised=digitised,
            datacenter=datacenter,
            pilot=pilot,
            fibre=fibre,
        ),
    )


@pytest.fixture
def year(db):
    return province_year()


def many_agencies(count: int, *, tasks_each: int = 3) -> ReportingPeriod:
    """A period where `count` agencies each lead `tasks_each` tasks and report two indicators."""
    plan = PlanFactory()
    section = SectionFactory(plan=plan)
    period = ReportingPeriod.objects.create(
        name="Quý IV/2026",
        kind=ReportingPeriod.Kind.QUARTERLY,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2027, 1, 10),
        status=ReportingPeriod.Status.OPEN,
    )
    period.plans.set([plan])
    indicators = IndicatorFactory.create_batch(2, plan=plan, section=section)
    for indicator in indicators:
        _target(indicator, "2026-2027", "≥ 50%", Target.Comparator.GE, 50)
    agencies = Agency.objects.bulk_create(
        [
            Agency(name=f"UBND phường số {n}", kind=Agency.Kind.COMMUNE, search_name=f"p{n}")
            for n in range(count)
        ]
    )
    reports = AgencyReport.objects.bulk_create(
        [AgencyReport(period=period, agency=a) for a in agencies]
    )
    tasks = Task.objects.bulk_create(
        [
            Task(plan=plan, section=section, name=f"Nhiệm vụ {n}", ends_on=dt.date(2026, 11, 30))
            for n in range(tasks_each)
        ]
    )
    statuses = [TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, ""]
    TaskUpdate.objects.bulk_create(
        [
            TaskUpdate(report=r, task=t, role=TaskUpdate.Role.LEAD, status=statuses[(i + j) % 4])
            for i, r in enumerate(reports)
            for j, t in enumerate(tasks)
        ]
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(report=r, indicator=ind, role="implementer", value_number=40 + i % 30)
            for i, r in enumerate(reports)
            for ind in indicators
        ]
    )
    return period
