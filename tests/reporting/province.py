"""The province's own plans in the 2026 yearly period: the four bundled plans, the 28
provincial agencies and bodies they name and the 96 communes, with an account for each role,
and the helpers the reporting services' tests share.

`conftest.year` builds it once per test module (inside a transaction rolled back at the
end); each test is rolled back on its own.
"""

import csv
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.agencies.services import communes_load, directory_install
from dxtrack.audit.models import AuditEntry
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Plan
from dxtrack.reporting.models import (
    AgencyReport,
    ReportingPeriod,
    TaskUpdate,
)
from dxtrack.reporting.period_services import period_create, period_open
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import (
    report_save,
    report_submit,
)

pytestmark = pytest.mark.django_db

ADMIN_UNITS = Path(__file__).resolve().parents[3] / "shared" / "data" / "vn-admin-units.csv"
YEAR_START, YEAR_END, DUE_ON = dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 11, 30)
IN_PROGRESS = "Đang thực hiện"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def account(username: str, role: str, agency: Agency | None = None):
    # No password: hashing one is the slow part of making a user, and services never ask.
    user = get_user_model().objects.create_user(username=username, last_name="Nguyễn Văn")
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


def province_year() -> SimpleNamespace:
    """The province's 2026 yearly period opened over the four bundled plans."""
    directory_install()
    bundled_plans_import()
    with ADMIN_UNITS.open(encoding="utf-8", newline="") as rows:
        communes_load(rows=csv.DictReader(rows), province_code="51")
    dost = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    health = Agency.objects.get(name="Sở Y tế")
    coordinator = account("vanphong.skhcn", Role.COORDINATOR)
    plans = SimpleNamespace(
        resolution_13=Plan.objects.get(number="38/KH-UBND"),
        plan_2026=Plan.objects.get(title__startswith="Kế hoạch Chuyển đổi số tỉnh Quảng Ngãi"),
        resolution_57=Plan.objects.get(title__contains="57-NQ/TW"),
        form_411=Plan.objects.get(title__contains="411/QĐ-TTg"),
    )
    period = period_create(
        actor=coordinator,
        name="Báo cáo kết quả chuyển đổi số năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=YEAR_START,
        ends_on=YEAR_END,
        due_on=DUE_ON,
        consolidated_due_on=dt.date(2026, 12, 15),
        plan_ids=[p.pk for p in vars(plans).values()],
    )
    opened = period_open(period=period, actor=coordinator)
    return SimpleNamespace(
        plans=plans,
        period=period,
        opened=opened,
        dost=dost,
        health=health,
        dic=Agency.objects.get(name="Sở Thông tin và Truyền thông"),
        communes=Agency.objects.filter(kind=Agency.Kind.COMMUNE),
        coordinator=coordinator,
        dost_reporter=account("baocao.skhcn", Role.REPORTER, dost),
        health_reporter=account("baocao.syt", Role.REPORTER, health),
        leader=account("lanhdao.ubnd", Role.LEADER),
    )


def report_of(year, agency: Agency, period: ReportingPeriod | None = None) -> AgencyReport:
    return AgencyReport.objects.get(period=period or year.period, agency=agency)


def row(report: AgencyReport, name: str) -> TaskUpdate:
    return report.task_updates.select_related("task").get(task__name__startswith=name)


def lead_rows(report: AgencyReport) -> list[TaskUpdate]:
    return list(report.task_updates.filter(role=TaskUpdate.Role.LEAD).select_related("task"))


def everything_in_progress(report: AgencyReport, **rows: TaskInput) -> ReportInput:
    """A status on every lead task still without one (what submitting asks), then `rows`
    (keyed "t<task id>")."""
    tasks = {
        u.task_id: TaskInput(status=IN_PROGRESS, description="Đang triển khai theo kế hoạch.")
        for u in lead_rows(report)
        if not u.status
    }
    tasks.update({int(key[1:]): value for key, value in rows.items()})
    return ReportInput(tasks=tasks)


def save(report: AgencyReport, actor, data: ReportInput) -> AgencyReport:
    return report_save(report=report, actor=actor, data=data, version=report.version)


def submitted(year, agency: Agency, reporter) -> AgencyReport:
    report = report_of(year, agency)
    report = save(report, reporter, everything_in_progress(report))
    return report_submit(report=report, actor=reporter)


def audit_actions(target) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)
        .values_list("action", flat=True)
        .order_by("pk")
    )
