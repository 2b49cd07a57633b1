"""Sở Y tế's yearly report as large as the province's forms get: 52 indicators, 66 tasks it
leads, 41 it coordinates and 1 key project, 160 items, besides Phần C's seven topics.

Used by the report form's tests (query counts, saving item by item, the browser test) and
by bench/report_form.py.
"""

import datetime as dt
from types import SimpleNamespace

from dxtrack.accounts.models import Role
from dxtrack.plans.models import Assignment
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.period_services import period_create, period_open
from factories import (
    AgencyFactory,
    AssignmentFactory,
    IndicatorFactory,
    KeyProjectFactory,
    PlanFactory,
    SectionFactory,
    TargetFactory,
    TaskFactory,
)
from reporting.sample import account

INDICATORS, LEAD_TASKS, COORDINATING_TASKS, PROJECTS = 52, 66, 41, 1


def health_form_report() -> SimpleNamespace:
    health = AgencyFactory(name="Sở Y tế")
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    plan = PlanFactory(
        number="25/KH-UBND",
        title="Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030",
        issued_on=dt.date(2026, 2, 10),
    )
    section = SectionFactory(
        plan=plan, label="III", title="Phát triển xã hội số, thu hẹp khoảng cách số"
    )
    for indicator in IndicatorFactory.create_batch(INDICATORS, plan=plan, section=section):
        TargetFactory(indicator=indicator, milestone="2026-2027", text="≥ 80%")
        TargetFactory(indicator=indicator, milestone="2028-2030", text="100%")
        AssignmentFactory(indicator=indicator, agency=health, text="Sở Y tế")
    for task in TaskFactory.create_batch(
        LEAD_TASKS, plan=plan, section=section, lead_text="Sở Y tế", timeframe_text="Năm 2026"
    ):
        AssignmentFactory(task=task, agency=health, text="Sở Y tế")
    for task in TaskFactory.create_batch(COORDINATING_TASKS, plan=plan, section=section):
        AssignmentFactory(task=task, agency=dost, text="Sở Khoa học và Công nghệ")
        AssignmentFactory(
            task=task, agency=health, role=Assignment.Role.COORDINATING, text="Sở Y tế"
        )
    for project in KeyProjectFactory.create_batch(PROJECTS, plan=plan, lead_text="Sở Y tế"):
        AssignmentFactory(project=project, agency=health, text="Sở Y tế")
    coordinator = account("sokhcn", Role.COORDINATOR, first_name="Lan", last_name="Nguyễn Thị")
    reporter = account("baocao.yte", Role.REPORTER, health, first_name="Thu", last_name="Võ Thị")
    other = account("baocao.skhcn", Role.REPORTER, dost, first_name="Hoa", last_name="Lê Thị")
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
        consolidated_due_on=dt.date(2026, 12, 15),
        plan_ids=[plan.pk],
    )
    period_open(period=period, actor=coordinator)
    report = AgencyReport.objects.get(period=period, agency=health)
    return SimpleNamespace(
        report=report,
        period=period,
        health=health,
        dost=dost,
        coordinator=coordinator,
        reporter=reporter,
        other_reporter=other,
    )
