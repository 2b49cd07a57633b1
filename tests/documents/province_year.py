"""The province's plans with a yearly 2026 period whose reports are filled in as agencies
fill them: DOST and Sở Y tế through the reporting services (saved, sent, one approved),
Sở Nội vụ sent and returned for revision, Sở Tài chính half written and not sent, and the
other agencies written in bulk rows, some sent a day late, some not at all."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.agencies.services import directory_install
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Plan
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.period_services import period_create, period_open
from dxtrack.reporting.report_input import IndicatorInput, ReportInput, TaskInput
from dxtrack.reporting.report_services import (
    report_approve,
    report_return,
    report_save,
    report_submit,
)
from dxtrack.reporting.review_services import report_review
from factories import UserFactory

DUE_ON = dt.date(2026, 11, 30)
AS_OF = dt.date(2026, 12, 2)

RESULTS = [
    (
        TaskStatus.DONE,
        "Đã ban hành Kế hoạch triển khai và tổ chức thực hiện; 100% cơ quan, đơn vị đã "
        "triển khai theo lộ trình",
        "Quyết định số 1827-QĐ/TU ngày 11/02/2025 của Ban Thường vụ Tỉnh ủy",
        dt.date(2026, 6, 30),
    ),
    (
        TaskStatus.IN_PROGRESS,
        "Đã số hóa 78,52% hồ sơ, kết quả giải quyết thủ tục hành chính; tỷ lệ khai thác, "
        "sử dụng lại dữ liệu số hóa đạt 23,17%",
        "Công văn số 1015/UBND-KGVX ngày 05/8/2025",
        None,
    ),
    (
        TaskStatus.DONE_LATE,
        "Hoàn thành kết nối 19/61 hệ thống thông tin, cơ sở dữ liệu với các hệ thống của "
        "bộ, ngành Trung ương",
        "Kế hoạch hành động số 359-KH/TU ngày 29/4/2025",
        dt.date(2026, 10, 15),
    ),
    (
        TaskStatus.NOT_STARTED,
        "Đang chờ bố trí kinh phí năm 2027",
        "",
        None,
    ),
]
DIFFICULTY = "Kinh phí bố trí chưa kịp thời; nhân lực chuyên trách về chuyển đổi số còn thiếu"
PROPOSAL = "Đề nghị UBND tỉnh bố trí kinh phí sự nghiệp khoa học và công nghệ năm 2027"
PERCENTS = ["87,43%", "65%", "23,17%", "100%"]
ASSESSMENT = {
    "ha_tang": {
        "issues": "Hạ tầng mạng tại các xã miền núi, đặc khu Lý Sơn chưa đồng bộ",
        "proposals": "Đề nghị các doanh nghiệp viễn thông phủ sóng 5G các khu vực còn lõm sóng",
    },
    "du_lieu_so": {
        "issues": "Dữ liệu đất đai, dân cư chưa được làm sạch, đồng bộ",
        "proposals": "Ưu tiên kinh phí số hóa 50% Giấy chứng nhận quyền sử dụng đất còn lại",
    },
}


def account(username: str, role: str, agency: Agency | None = None):
    user = UserFactory(username=username)
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


def _sent_at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


def _report_input(report: AgencyReport, *, share: float = 1.0) -> ReportInput:
    leads = list(report.task_updates.filter(role=TaskUpdate.Role.LEAD).order_by("position", "pk"))
    written = leads[: round(len(leads) * share)]
    tasks = {}
    for index, update in enumerate(written):
        status, description, evidence, completed_on = RESULTS[index % len(RESULTS)]
        tasks[update.task_id] = TaskInput(
            status=TaskStatus(status).label,
            description=description,
            evidence=evidence,
            completed_on=completed_on,
            difficulties=DIFFICULTY if status == TaskStatus.NOT_STARTED else "",
            proposals=PROPOSAL if status == TaskStatus.NOT_STARTED else "",
        )
    indicators = {
        value.indicator_id: IndicatorInput(value=_value(value, index), source="Thống kê tỉnh")
        for index, value in enumerate(
            report.indicator_values.select_related("indicator").order_by("position", "pk")
        )
    }
    return ReportInput(tasks=tasks, indicators=indicators, assessment=ASSESSMENT)


def _value(value: IndicatorValue, index: int) -> str:
    """A value in the indicator's own unit: a share, a count, or Đạt for a yes/no target."""
    unit = value.indicator.unit.strip()
    if unit.startswith("%"):
        return PERCENTS[index % len(PERCENTS)]
    if not unit:
        return "Đạt"
    return "1.250" if index % 2 else "12"


def _bulk_fill(report: AgencyReport) -> None:
    updates = list(report.task_updates.filter(role=TaskUpdate.Role.LEAD))
    for index, update in enumerate(updates):
        status, description, evidence, completed_on = RESULTS[(index + 1) % len(RESULTS)]
        update.status, update.description, update.evidence = status, description, evidence
        update.completed_on = completed_on
    TaskUpdate.objects.bulk_update(
        updates, ["status", "description", "evidence", "completed_on"], batch_size=500
    )
    values = list(report.indicator_values.select_related("indicator"))
    for index, value in enumerate(values):
        if value.indicator.unit.strip().startswith("%"):
            value.value_text, value.value_number = ("70%", 70.0) if index % 2 else ("45,5%", 45.5)
        else:
            value.value_text, value.value_number = "8", 8.0
    IndicatorValue.objects.bulk_update(values, ["value_text", "value_number"], batch_size=500)


def province_year() -> SimpleNamespace:
    directory_install()
    bundled_plans_import()
    coordinator = account("sokhcn", Role.COORDINATOR)
    plans = list(Plan.objects.order_by("pk"))
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=DUE_ON,
        consolidated_due_on=dt.date(2026, 12, 15),
        plan_ids=[p.pk for p in plans],
    )
    period_open(period=period, actor=coordinator)
    reports = {
        r.agency.name: r
        for r in AgencyReport.objects.filter(period=period).select_related("agency")
    }
    dost, health = reports["Sở Khoa học và Công nghệ"], reports["Sở Y tế"]
    home, finance = reports["Sở Nội vụ"], reports["Sở Tài chính"]

    for report, sent_on in ((dost, dt.date(2026, 11, 25)), (health, dt.date(2026, 11, 28))):
        reporter = account(f"baocao.{report.agency_id}", Role.REPORTER, report.agency)
        report_save(
            report=report, actor=reporter, data=_report_input(report), version=report.version
        )
        report_submit(report=report, actor=reporter)
        AgencyReport.objects.filter(pk=report.pk).update(submitted_at=_sent_at(sent_on))
    # The standing body's own words on two of DOST's tasks (the appendix's last column).
    first_two = list(dost.task_updates.filter(role="lead").order_by("position")[:2])
    report_review(
        report=dost,
        actor=coordinator,
        evaluations={
            first_two[0].task_id: "Đã hoàn thành, đề nghị nhân rộng.",
            first_two[1].task_id: "Cần đẩy nhanh tiến độ.",
        },
    )
    report_approve(report=dost, actor=coordinator)

    reporter = account("baocao.noivu", Role.REPORTER, home.agency)
    report_save(report=home, actor=reporter, data=_report_input(home), version=home.version)
    report_submit(report=home, actor=reporter)
    report_return(
        report=home, actor=coordinator, comment="Bổ sung văn bản minh chứng cho các nhiệm vụ"
    )

    reporter = account("baocao.taichinh", Role.REPORTER, finance.agency)
    report_save(
        report=finance,
        actor=reporter,
        data=_report_input(finance, share=0.5),
        version=finance.version,
    )

    others = [r for name, r in sorted(reports.items()) if r not in (dost, health, home, finance)]
    for index, report in enumerate(others):
        if index % 3 == 2:
            continue  # not written at all
        _bulk_fill(report)
        if index % 3 == 0:
            AgencyReport.objects.filter(pk=report.pk).update(
                status=AgencyReport.Status.SUBMITTED, submitted_at=_sent_at(dt.date(2026, 12, 1))
            )
    return SimpleNamespace(
        period=period,
        plans=plans,
        coordinator=coordinator,
        dost=dost.agency,
        health=health.agency,
        home=home.agency,
        finance=finance.agency,
        form_plan=Plan.objects.get(title__startswith="Kế hoạch phát triển kinh tế số"),
    )
