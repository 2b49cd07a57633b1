"""An open yearly period over the province catalogue, with an account for every role.

Sở Khoa học và Công nghệ leads the training task and the task it inherited from Sở Thông
tin và Truyền thông, coordinates Sở Y tế's electronic health records, and reports two
indicators; Sở Y tế leads the health records and coordinates the training.
"""

import datetime as dt
from types import SimpleNamespace

from dxtrack.accounts.models import Profile, Role
from dxtrack.plans.models import Assignment
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.period_services import period_create, period_open
from factories import AssignmentFactory, TaskFactory, UserFactory, province_catalogue

DUE_ON = dt.date(2026, 11, 30)


def account(username: str, role: str, agency=None, *, email: str | None = None, **names):
    user = UserFactory(
        username=username,
        email=f"{username}@quangngai.gov.vn" if email is None else email,
        **names,
    )
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


def reporting_sample(*, due_on: dt.date = DUE_ON) -> SimpleNamespace:
    catalogue = province_catalogue()
    records = TaskFactory(
        plan=catalogue.plan,
        section=catalogue.sections.people,
        number="7",
        name="Triển khai hồ sơ sức khỏe điện tử cho người dân trên địa bàn tỉnh",
        lead_text="Sở Y tế",
        coordinating_text="Sở Khoa học và Công nghệ",
        result="Người dân có hồ sơ sức khỏe điện tử",
        timeframe_text="Năm 2026",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        position=8,
    )
    AssignmentFactory(task=records, agency=catalogue.health, text="Sở Y tế")
    AssignmentFactory(
        task=records,
        agency=catalogue.dost,
        role=Assignment.Role.COORDINATING,
        text="Sở Khoa học và Công nghệ",
    )
    coordinator = account(
        "sokhcn", Role.COORDINATOR, first_name="Lan", last_name="Nguyễn Thị", email=""
    )
    leader = account("lanhdao", Role.LEADER, first_name="Minh", last_name="Trần Văn")
    reporter = account(
        "baocao.skhcn", Role.REPORTER, catalogue.dost, first_name="Hoa", last_name="Lê Thị"
    )
    colleague = account(
        "vanthu.skhcn", Role.REPORTER, catalogue.dost, first_name="Tâm", last_name="Đỗ Minh"
    )
    health_reporter = account(
        "baocao.yte", Role.REPORTER, catalogue.health, first_name="Thu", last_name="Võ Thị"
    )
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=due_on,
        consolidated_due_on=dt.date(2026, 12, 15),
        plan_ids=[catalogue.plan.pk, catalogue.old_plan.pk],
    )
    period_open(period=period, actor=coordinator)
    reports = {r.agency_id: r for r in AgencyReport.objects.filter(period=period)}
    return SimpleNamespace(
        catalogue=catalogue,
        records=records,
        coordinator=coordinator,
        leader=leader,
        reporter=reporter,
        colleague=colleague,
        health_reporter=health_reporter,
        period=period,
        report=reports[catalogue.dost.pk],
        health_report=reports[catalogue.health.pk],
        reports=reports,
    )
