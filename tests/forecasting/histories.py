"""Histories written by hand, so that the right forecast and the right warning are known."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from dxtrack.accounts.models import Profile
from dxtrack.plans.models import Assignment
from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod
from factories import (
    AgencyFactory,
    AssignmentFactory,
    IndicatorFactory,
    PlanFactory,
    TargetFactory,
    UserFactory,
)


def user_with(role: str, *, agency=None, username: str, email: str | None = None):
    user = UserFactory(username=username)
    if email is not None:
        user.email = email
        user.save(update_fields=["email"])
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


def yearly_period(plan, year: int, *, status=ReportingPeriod.Status.CLOSED) -> ReportingPeriod:
    period, _ = ReportingPeriod.objects.get_or_create(
        name=f"Báo cáo năm {year}",
        defaults={
            "kind": ReportingPeriod.Kind.YEARLY,
            "starts_on": dt.date(year, 1, 1),
            "ends_on": dt.date(year, 12, 31),
            "due_on": dt.date(year, 11, 30),
            "status": status,
        },
    )
    period.plans.add(plan)
    return period


def report_of(period, agency, *, status=AgencyReport.Status.APPROVED) -> AgencyReport:
    report, _ = AgencyReport.objects.get_or_create(
        period=period, agency=agency, defaults={"status": status}
    )
    if status in (AgencyReport.Status.SUBMITTED, AgencyReport.Status.APPROVED):
        report.submitted_at = timezone.make_aware(dt.datetime.combine(period.due_on, dt.time(9, 0)))
        report.save(update_fields=["submitted_at"])
    return report


def record(
    indicator, agency, values: dict[int, float | None], *, status=AgencyReport.Status.APPROVED
):
    """The agency's value of the indicator for each year (None: asked, not filled in)."""
    for year, number in values.items():
        period = yearly_period(indicator.plan, year)
        report = report_of(period, agency, status=status)
        IndicatorValue.objects.create(
            report=report,
            indicator=indicator,
            role="lead",
            value_text="" if number is None else str(number),
            value_number=number,
        )


def indicator_with(plan, agency, *, name: str, unit="%", targets=(("2030", ">=", 80.0, "≥ 80%"),)):
    indicator = IndicatorFactory(plan=plan, name=name, unit=unit)
    for position, (milestone, comparator, value, text) in enumerate(targets):
        TargetFactory(
            indicator=indicator,
            milestone=milestone,
            comparator=comparator,
            value=value,
            text=text,
            unit="%" if unit == "%" else unit,
            position=position,
        )
    AssignmentFactory(indicator=indicator, agency=agency, role=Assignment.Role.LEAD)
    return indicator


def province_history() -> SimpleNamespace:
    """Sở KH&CN reports two indicators of the 2026–2030 plan every year since 2022:
    online services rise on their way to 100% (on track), digital signatures stall far
    below ≥ 80% (off track)."""
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    health = AgencyFactory(name="Sở Y tế")
    plan = PlanFactory(number="25/KH-UBND", issued_on=dt.date(2026, 2, 10))
    online = indicator_with(
        plan,
        dost,
        name="Tỷ lệ dịch vụ công trực tuyến toàn trình",
        targets=(("2027", ">=", 80.0, "≥ 80%"), ("2030", ">=", 100.0, "100%")),
    )
    signature = indicator_with(
        plan,
        dost,
        name="Tỷ lệ dân số trưởng thành có chữ ký số",
        targets=(("2030", ">=", 80.0, "≥ 80%"),),
    )
    record(online, dost, {2022: 40.0, 2023: 49.0, 2024: 61.0, 2025: 70.0})
    record(signature, dost, {2022: 20.0, 2023: 21.0, 2024: 20.5, 2025: 21.5})
    return SimpleNamespace(dost=dost, health=health, plan=plan, online=online, signature=signature)


AS_OF = dt.date(2026, 12, 15)


def open_year(province: SimpleNamespace) -> SimpleNamespace:
    """The 2026 period, open and judged on 15/12/2026 (due 30/11/2026):
    - Sở KH&CN has not sent its report (a draft, 15 days late); it leads the task "Kho dữ
      liệu dùng chung" due 31/12/2026 and has reported nothing on it; both indicators are
      asked again (signatures are off track for 2030, online services on track for 2027).
    - Sở Y tế sent its report on time; its task "Số hóa hồ sơ y tế", due in 2028, is in
      progress with a description.
    """
    from dxtrack.plans.models import Task
    from dxtrack.reporting.models import TaskStatus, TaskUpdate
    from factories import TaskFactory

    period = yearly_period(province.plan, 2026, status=ReportingPeriod.Status.OPEN)
    dost_report = report_of(period, province.dost, status=AgencyReport.Status.DRAFT)
    health_report = report_of(period, province.health, status=AgencyReport.Status.SUBMITTED)
    for indicator in (province.online, province.signature):
        IndicatorValue.objects.create(report=dost_report, indicator=indicator, role="lead")
    warehouse = TaskFactory(
        plan=province.plan,
        name="Xây dựng Kho dữ liệu dùng chung của tỉnh",
        ends_on=dt.date(2026, 12, 31),
        recurrence="",
    )
    records = TaskFactory(
        plan=province.plan,
        name="Số hóa hồ sơ y tế",
        ends_on=dt.date(2028, 12, 31),
        recurrence="",
    )
    AssignmentFactory(task=warehouse, agency=province.dost)
    AssignmentFactory(task=records, agency=province.health)
    TaskUpdate.objects.create(report=dost_report, task=warehouse, role=TaskUpdate.Role.LEAD)
    TaskUpdate.objects.create(
        report=health_report,
        task=records,
        role=TaskUpdate.Role.LEAD,
        status=TaskStatus.IN_PROGRESS,
        description="Đã số hóa 40% hồ sơ bệnh án",
    )
    assert Task.objects.count() == 2
    return SimpleNamespace(
        period=period,
        dost_report=dost_report,
        health_report=health_report,
        warehouse=warehouse,
        records=records,
    )
