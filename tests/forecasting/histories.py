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
