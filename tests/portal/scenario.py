"""A published 2025 period with every kind of value the portal must show or hide.

Values are written with distinctive digits so a test can look for them in any output:
  shown: 61,37% (key indicator, approved) · 41,26% (approved, short of a passed milestone:
         red) · 70,58% (approved, short of a later milestone: yellow)
  hidden: 72,49% (sent, not approved) · 33,91% (draft) · 44,83% (returned) ·
          55,67% (approved, but the indicator is not public) ·
          88,29% (approved, in a period that is not published)
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from dxtrack.accounts.models import Role
from dxtrack.plans.models import Target
from dxtrack.portal.services import period_publish
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)
from factories import AgencyFactory, IndicatorFactory, PlanFactory, TargetFactory, TaskFactory
from reporting.sample import account

SHOWN = ("61,37", "41,26", "70,58")
HIDDEN = ("72,49", "33,91", "44,83", "55,67", "88,29")
PRIVATE_NAME = "Tỷ lệ hồ sơ nội bộ chưa được chọn công khai"


def dotted(text: str) -> str:
    """The value as CSV and JSON write it: 61,37 → 61.37."""
    return text.replace(",", ".")


def _sent(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _indicator(plan, number, name, milestone, text, value, *, public=True):
    indicator = IndicatorFactory(plan=plan, number=number, name=name, unit="%", public=public)
    TargetFactory(
        indicator=indicator,
        milestone=milestone,
        text=text,
        comparator=Target.Comparator.GE,
        value=value,
    )
    return indicator


def _period(name, kind, starts_on, ends_on, due_on, plan):
    period = ReportingPeriod.objects.create(
        name=name,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        status=ReportingPeriod.Status.OPEN,
    )
    period.plans.set([plan])
    return period


def published_scenario(*, publish: bool = True) -> SimpleNamespace:
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    home = AgencyFactory(name="Sở Nội vụ")
    health = AgencyFactory(name="Sở Y tế")
    finance = AgencyFactory(name="Sở Tài chính")
    justice = AgencyFactory(name="Sở Tư pháp")

    plan = PlanFactory(
        number="38/KH-UBND",
        title="Kế hoạch chuyển đổi số tỉnh Quảng Ngãi đến năm 2025",
        issued_on=dt.date(2024, 2, 20),
    )
    signatures = _indicator(
        plan,
        "1",
        "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
        "2025",
        "≥ 50%",
        50,
    )
    services_online = _indicator(
        plan, "2", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "2025", "≥ 80%", 80
    )
    records = _indicator(
        plan, "3", "Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "2025", "≥ 70%", 70
    )
    fibre = _indicator(plan, "4", "Tỷ lệ hộ gia đình có Internet cáp quang", "2025", "≥ 80%", 80)
    private = _indicator(plan, "5", PRIVATE_NAME, "2025", "≥ 50%", 50, public=False)
    short = _indicator(
        plan, "6", "Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử", "2025", "≥ 60%", 60
    )
    later = _indicator(
        plan, "7", "Tỷ lệ cơ sở dữ liệu được số hóa và liên thông", "2030", "≥ 90%", 90
    )

    year = _period(
        "Báo cáo năm 2025",
        ReportingPeriod.Kind.YEARLY,
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        dt.date(2025, 11, 30),
        plan,
    )
    quarter = _period(
        "Báo cáo quý I/2026",
        ReportingPeriod.Kind.QUARTERLY,
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 10),
        plan,
    )
    status = AgencyReport.Status

    def report(period, agency, state):
        sent = state != status.DRAFT
        return AgencyReport.objects.create(
            period=period,
            agency=agency,
            status=state,
            submitted_at=_sent(period.due_on) if sent else None,
        )

    approved = report(year, dost, status.APPROVED)
    submitted = report(year, home, status.SUBMITTED)
    draft = report(year, health, status.DRAFT)
    returned = report(year, justice, status.RETURNED)
    approved_private = report(year, finance, status.APPROVED)
    next_quarter = report(quarter, dost, status.APPROVED)

    def value(report_, indicator, text):
        IndicatorValue.objects.create(
            report=report_,
            indicator=indicator,
            role="lead",
            value_text=f"{text}%",
            value_number=float(text.replace(",", ".")),
        )

    value(approved, signatures, "61,37")
    value(approved, short, "41,26")
    value(approved, later, "70,58")
    value(submitted, services_online, "72,49")
    value(draft, records, "33,91")
    value(returned, fibre, "44,83")
    value(approved_private, private, "55,67")
    value(next_quarter, signatures, "88,29")

    tasks = [
        TaskFactory(plan=plan, number=str(n), ends_on=dt.date(2025, 6, 30), starts_on=None)
        for n in range(1, 6)
    ]

    def update(report_, task, state, completed_on=None):
        TaskUpdate.objects.create(
            report=report_,
            task=task,
            role=TaskUpdate.Role.LEAD,
            status=state,
            completed_on=completed_on,
        )

    update(approved, tasks[0], TaskStatus.DONE, dt.date(2025, 6, 1))
    update(approved, tasks[1], TaskStatus.IN_PROGRESS)
    update(approved_private, tasks[2], TaskStatus.NOT_STARTED)
    update(submitted, tasks[3], TaskStatus.DONE, dt.date(2025, 5, 1))
    update(draft, tasks[4], TaskStatus.IN_PROGRESS)

    coordinator = account("sokhcn", Role.COORDINATOR, first_name="Lan", last_name="Nguyễn Thị")
    leader = account("lanhdao", Role.LEADER)
    reporter = account("baocao.skhcn", Role.REPORTER, dost)
    publication = period_publish(period=year, actor=coordinator) if publish else None
    return SimpleNamespace(
        plan=plan,
        year=year,
        quarter=quarter,
        publication=publication,
        agencies=SimpleNamespace(dost=dost, home=home, health=health, finance=finance),
        indicators=SimpleNamespace(
            signatures=signatures,
            services_online=services_online,
            records=records,
            fibre=fibre,
            private=private,
            short=short,
            later=later,
        ),
        users=SimpleNamespace(coordinator=coordinator, leader=leader, reporter=reporter),
    )


def publish_months(scenario: SimpleNamespace, *, months: int = 12, agencies: int = 12) -> None:
    """Monthly periods of 2025, each with `agencies` approved reports of two key indicators,
    all published: enough rows for a query per row to show."""
    reporters = [AgencyFactory(name=f"UBND phường số {n}") for n in range(agencies)]
    for month in range(1, months + 1):
        period = _period(
            f"Tháng {month}/2025",
            ReportingPeriod.Kind.MONTHLY,
            dt.date(2025, month, 1),
            dt.date(2025, month, 28),
            dt.date(2025, month, 28),
            scenario.plan,
        )
        reports = AgencyReport.objects.bulk_create(
            [
                AgencyReport(period=period, agency=agency, status=AgencyReport.Status.APPROVED)
                for agency in reporters
            ]
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    report=report,
                    indicator=indicator,
                    role="lead",
                    value_text=str(50 + month),
                    value_number=50 + month,
                )
                for report in reports
                for indicator in (scenario.indicators.signatures, scenario.indicators.short)
            ]
        )
        period_publish(period=period, actor=scenario.users.coordinator)
