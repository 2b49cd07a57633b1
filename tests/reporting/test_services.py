"""The reporting services on the province's own plans: the 2026 yearly period opened for the
four bundled plans, the 28 provincial agencies and bodies they name and the 96 communes.

The catalogue is imported and the period opened once for the module (inside a transaction
rolled back at the end); each test is rolled back on its own.
"""

import csv
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency, AgencyGroup
from dxtrack.agencies.services import communes_load, directory_install
from dxtrack.audit.models import AuditEntry
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Assignment, Plan, Task
from dxtrack.reporting.errors import InvalidTransition, ReportingError, ReportInvalid, StaleVersion
from dxtrack.reporting.evidence import MAX_EVIDENCE_BYTES, EvidenceRejected
from dxtrack.reporting.evidence_services import evidence_attach, evidence_remove
from dxtrack.reporting.extension_services import extension_decide, extension_request
from dxtrack.reporting.models import (
    AgencyReport,
    EvidenceFile,
    ExtensionRequest,
    IndicatorValue,
    Notification,
    ReportingPeriod,
    ReportVersion,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.period_services import period_close, period_create, period_open
from dxtrack.reporting.report_input import IndicatorInput, ReportInput, TaskInput
from dxtrack.reporting.report_services import (
    CARRIED_OVER,
    report_approve,
    report_comment,
    report_return,
    report_save,
    report_submit,
)
from dxtrack.reporting.selectors import (
    period_progress,
    report_detail,
    task_deadlines,
    version_changes,
)
from factories import AgencyFactory, AssignmentFactory, TaskFactory

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


def _year() -> SimpleNamespace:
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


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _year()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


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


# ----------------------------------------------------------------------- opening


def test_opening_the_year_creates_one_report_per_agency_with_work_in_it(year):
    reports = AgencyReport.objects.filter(period=year.period).select_related("agency")
    agencies = {r.agency for r in reports}

    assert year.opened.reports_created == len(reports) == 124
    assert set(year.communes) <= agencies  # all 96 communes, wards and Lý Sơn
    assert {"Sở Khoa học và Công nghệ", "Sở Y tế", "Sở Nội vụ", "Công an tỉnh"} <= {
        a.name for a in agencies
    }
    # Work of the former department went to its successor; it has no report of its own.
    assert year.dic not in agencies
    rows = TaskUpdate.objects.filter(report__period=year.period).count()
    values = IndicatorValue.objects.filter(report__period=year.period).count()
    assert year.opened.rows_created == rows + values
    assert not reports.filter(task_updates__isnull=True, indicator_values__isnull=True).exists()
    assert {(r.status, r.version) for r in reports} == {(AgencyReport.Status.DRAFT, 1)}


def test_each_new_report_starts_its_history_and_the_opening_is_audited(year):
    dost = report_of(year, year.dost)
    (first,) = dost.versions.all()
    period = ReportingPeriod.objects.get(pk=year.period.pk)
    entry = AuditEntry.objects.get(action="period.open", target_id=period.pk)

    assert (first.number, first.action, first.actor) == (1, "open", year.coordinator)
    assert len(first.snapshot["tasks"]) == dost.task_updates.count()
    assert len(first.snapshot["indicators"]) == dost.indicator_values.count()
    assert period.status == ReportingPeriod.Status.OPEN and period.opened_at is not None
    assert entry.actor == year.coordinator
    assert entry.details == {"reports_created": 124, "rows_created": year.opened.rows_created}
    assert ReportVersion.objects.filter(report__period=period, action="open").count() == 124


def test_a_report_asks_the_tasks_and_indicators_of_the_period(year):
    dost = report_of(year, year.dost)
    asked = {u.task.name for u in dost.task_updates.select_related("task")}
    indicators = set(dost.indicator_values.values_list("indicator__plan", flat=True))

    # Plan 38/KH-UBND, "2024 - 2025", led by Sở TT&TT: past its deadline, still owed.
    assert row(dost, "Thiết lập môi trường số, tăng cường giao tiếp").role == "lead"
    # "Thường xuyên" (plan for Resolution 57) and "Năm 2026-2030" are asked; "2028 - 2030" not.
    assert row(dost, "Xây dựng chương trình chuyên biệt về khoa học").task.recurrence
    assert row(dost, "Phủ sóng 5G tại 100% khu công nghiệp").role == "lead"
    assert not any(name.startswith("Triển khai Bộ chỉ số để theo dõi") for name in asked)
    # The 411 form's indicators have 2025 targets only; the 2026 - 2030 plan's are asked.
    assert year.plans.plan_2026.pk in indicators
    assert year.plans.form_411.pk not in indicators


def test_every_commune_reports_the_task_assigned_to_the_communes(year):
    task = Task.objects.get(
        plan=year.plans.plan_2026, name__startswith="Phát huy vai trò của Tổ Công nghệ số"
    )
    assert task.assignments.filter(group__name="UBND các xã, phường, đặc khu").exists()

    leads = TaskUpdate.objects.filter(report__period=year.period, task=task, role="lead")

    assert set(leads.values_list("report__agency", flat=True)) == set(
        year.communes.values_list("pk", flat=True)
    )


def test_opening_again_adds_what_is_missing_and_overwrites_nothing(year):
    dost = report_of(year, year.dost)
    written = row(dost, "Phủ sóng 5G tại 100% khu công nghiệp")
    dost = save(
        dost,
        year.dost_reporter,
        ReportInput(
            tasks={
                written.task_id: TaskInput(
                    status=IN_PROGRESS, description="Đã phủ sóng 5G tại 3/5 khu công nghiệp."
                )
            }
        ),
    )
    before = {
        r.agency_id: (r.pk, r.version) for r in AgencyReport.objects.filter(period=year.period)
    }
    new_task = TaskFactory(
        plan=year.plans.plan_2026,
        name="Triển khai hệ thống camera giám sát giao thông thông minh",
        timeframe_text="Năm 2026",
        starts_on=YEAR_START,
        ends_on=YEAR_END,
    )
    AssignmentFactory(task=new_task, agency=year.dost)
    AssignmentFactory(
        task=new_task,
        group=AgencyGroup.objects.get(name="UBND các xã, phường, đặc khu"),
        role=Assignment.Role.COORDINATING,
        position=1,
    )
    # A new provincial board, of the departments' kind: a member of "Các sở, ban, ngành".
    board = AgencyFactory(name="Ban Quản lý Khu công nghệ số tập trung tỉnh Quảng Ngãi")

    result = period_open(period=year.period, actor=year.coordinator)

    added = report_of(year, board)
    added_rows = added.task_updates.count() + added.indicator_values.count()
    assert added_rows > 0
    assert (result.reports_created, result.rows_created) == (1, 1 + 96 + added_rows)
    assert {
        r.agency_id: (r.pk, r.version)
        for r in AgencyReport.objects.filter(period=year.period).exclude(agency=board)
    } == before
    kept = row(dost, "Phủ sóng 5G tại 100% khu công nghiệp")
    assert (kept.status, kept.description) == (
        TaskStatus.IN_PROGRESS,
        "Đã phủ sóng 5G tại 3/5 khu công nghiệp.",
    )
    assert row(dost, "Triển khai hệ thống camera giám sát").role == "lead"
    assert added.versions.get().action == "open"


def test_opening_again_with_nothing_new_adds_nothing(year, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        result = period_open(period=year.period, actor=year.coordinator)

    assert (result.reports_created, result.rows_created) == (0, 0)


def test_a_closed_period_cannot_be_opened_again(year):
    period = period_close(period=year.period, actor=year.coordinator)

    with pytest.raises(ReportingError, match="Kỳ báo cáo đã đóng"):
        period_open(period=period, actor=year.coordinator)


# ----------------------------------------------------------------------- carried over


def _approved_2025(year) -> AgencyReport:
    """Sở KH&CN's approved 2025 report on plan 38/KH-UBND: the environment task done."""
    period = period_create(
        actor=year.coordinator,
        name="Báo cáo năm 2025",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        due_on=dt.date(2025, 11, 30),
        plan_ids=[year.plans.resolution_13.pk],
    )
    period_open(period=period, actor=year.coordinator)
    report = report_of(year, year.dost, period)
    done = row(report, "Thiết lập môi trường số, tăng cường giao tiếp")
    recurring = row(report, "Truyền thông về chương trình và kết quả thực hiện")
    data = everything_in_progress(
        report,
        **{
            f"t{done.task_id}": TaskInput(
                status="Đã hoàn thành",
                description="Đã vận hành Cổng thông tin điện tử và Zalo OA của tỉnh.",
                evidence="Báo cáo số 215/BC-STTTT ngày 15/10/2025",
                completed_on=dt.date(2025, 10, 15),
            ),
            f"t{recurring.task_id}": TaskInput(
                status="Đã hoàn thành", completed_on=dt.date(2025, 12, 20)
            ),
        },
    )
    report = save(report, year.dost_reporter, data)
    report = report_submit(report=report, actor=year.dost_reporter)
    return report_approve(report=report, actor=year.coordinator)


def _first_half_2026(year) -> ReportingPeriod:
    period = period_create(
        actor=year.coordinator,
        name="Báo cáo 6 tháng đầu năm 2026",
        kind=ReportingPeriod.Kind.HALF_YEARLY,
        starts_on=YEAR_START,
        ends_on=dt.date(2026, 6, 30),
        due_on=dt.date(2026, 7, 10),
        plan_ids=[year.plans.resolution_13.pk],
    )
    period_open(period=period, actor=year.coordinator)
    return period


def test_a_task_done_and_approved_last_year_is_carried_over_as_done(year):
    _approved_2025(year)

    report = report_of(year, year.dost, _first_half_2026(year))

    done = row(report, "Thiết lập môi trường số, tăng cường giao tiếp")
    assert (done.status, done.completed_on, done.carried_over) == (
        TaskStatus.DONE,
        dt.date(2025, 10, 15),
        True,
    )
    assert done.evidence == "Báo cáo số 215/BC-STTTT ngày 15/10/2025"
    assert done.description == "Đã vận hành Cổng thông tin điện tử và Zalo OA của tỉnh."
    # A recurring task is asked again, whatever was reported last time.
    again = row(report, "Truyền thông về chương trình và kết quả thực hiện")
    assert (again.status, again.carried_over) == ("", False)
    # Work passed to the communes is theirs to report: nothing was approved for them.
    commune = AgencyReport.objects.filter(period=report.period, agency__kind="commune").first()
    assert not commune.task_updates.filter(carried_over=True).exists()


def test_a_carried_over_task_cannot_be_changed(year):
    _approved_2025(year)
    report = report_of(year, year.dost, _first_half_2026(year))
    done = row(report, "Thiết lập môi trường số, tăng cường giao tiếp")

    with pytest.raises(ReportInvalid) as refused:
        save(report, year.dost_reporter, ReportInput(tasks={done.task_id: TaskInput(IN_PROGRESS)}))

    assert [(e.where, e.message) for e in refused.value.errors] == [
        (f"tasks.{done.task_id}", CARRIED_OVER)
    ]
    done.refresh_from_db()
    assert done.status == TaskStatus.DONE
    # Sent back as it is (the Excel form and the API send every row), it is accepted.
    unchanged = TaskInput(
        status=done.status,
        description=done.description,
        evidence=done.evidence,
        completed_on=done.completed_on,
    )
    saved = save(report, year.dost_reporter, ReportInput(tasks={done.task_id: unchanged}))
    assert saved.version == 2


# ----------------------------------------------------------------------- saving


def test_invalid_fields_are_named_and_nothing_of_the_save_is_written(year):
    report = report_of(year, year.dost)
    rows = [u for u in lead_rows(report) if not u.task.recurrence][:5]
    indicator = report.indicator_values.first()
    not_ours = Task.objects.get(
        plan=year.plans.plan_2026, name__startswith="Triển khai Bộ chỉ số để theo dõi"
    )
    other_indicator = (
        IndicatorValue.objects.exclude(report=report)
        .exclude(indicator__in=report.indicator_values.values("indicator"))
        .first()
    )
    next_month = timezone.localdate() + dt.timedelta(days=30)
    data = ReportInput(
        tasks={
            rows[0].task_id: TaskInput(status="Xong rồi"),
            rows[1].task_id: TaskInput(status="Đã hoàn thành", completed_on=next_month),
            rows[2].task_id: TaskInput(status=IN_PROGRESS, completed_on=dt.date(2026, 3, 2)),
            rows[3].task_id: TaskInput(status="Không thực hiện"),
            rows[4].task_id: TaskInput(status=IN_PROGRESS, description="Đã ban hành kế hoạch."),
            not_ours.pk: TaskInput(status=IN_PROGRESS),
        },
        indicators={
            indicator.indicator_id: IndicatorInput(value="khoảng tám mươi phần trăm"),
            other_indicator.indicator_id: IndicatorInput(value="50%"),
        },
        assessment={"ha_tang": {"issues": "Hạ tầng mạng cấp xã còn yếu."}, "khac": {}},
    )
    audit_before = AuditEntry.objects.count()

    with pytest.raises(ReportInvalid) as refused:
        save(report, year.dost_reporter, data)

    errors = {e.where: e.message for e in refused.value.errors}
    a, b, c, d, _e = (u.task_id for u in rows)
    assert set(errors) == {
        f"tasks.{a}.status",
        f"tasks.{b}.completed_on",
        f"tasks.{c}.completed_on",
        f"tasks.{d}.description",
        f"tasks.{not_ours.pk}",
        f"indicators.{indicator.indicator_id}.value",
        f"indicators.{other_indicator.indicator_id}",
        "assessment.khac",
    }
    assert errors[f"tasks.{a}.status"].startswith("Tình trạng “Xong rồi” không hợp lệ")
    assert errors[f"tasks.{b}.completed_on"] == "Ngày hoàn thành không được sau ngày hôm nay."
    assert errors[f"tasks.{c}.completed_on"] == (
        "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành."
    )
    assert errors[f"tasks.{d}.description"] == "Nêu lý do không thực hiện nhiệm vụ."
    assert errors[f"tasks.{not_ours.pk}"] == "Nhiệm vụ này không thuộc báo cáo."
    assert (
        "“khoảng tám mươi phần trăm” không phải là một số liệu"
        in (errors[f"indicators.{indicator.indicator_id}.value"])
    )
    assert errors["assessment.khac"] == "Lĩnh vực “khac” không có."
    report.refresh_from_db()
    assert (report.version, report.assessment) == (1, {})
    assert not report.task_updates.exclude(status="").exists()
    assert report.versions.count() == 1
    assert AuditEntry.objects.count() == audit_before


def test_a_valid_save_stores_rows_values_and_the_assessment(year):
    report = report_of(year, year.dost)
    task = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")
    indicator = report.indicator_values.select_related("indicator").first()

    saved = save(
        report,
        year.dost_reporter,
        ReportInput(
            tasks={
                task.task_id: TaskInput(
                    status="đã hoàn thành",  # the documents' phrase, any case
                    description="Đã phủ sóng 5G tại 5/5 khu công nghiệp.",
                    evidence="Quyết định số 1827-QĐ/TU ngày 11/02/2025",
                    completed_on=dt.date(2026, 6, 20),
                )
            },
            indicators={indicator.indicator_id: IndicatorInput(value="87,43%", source="VNPT")},
            assessment={"ha_tang": {"issues": "Hạ tầng mạng cấp xã còn yếu.", "proposals": ""}},
        ),
    )

    task.refresh_from_db()
    indicator.refresh_from_db()
    assert saved.version == 2 and saved.updated_by == year.dost_reporter
    assert (task.status, task.completed_on) == (TaskStatus.DONE, dt.date(2026, 6, 20))
    assert (indicator.value_text, indicator.value_number) == ("87,43%", 87.43)
    assert saved.assessment == {
        "ha_tang": {"issues": "Hạ tầng mạng cấp xã còn yếu.", "proposals": ""}
    }


def test_control_characters_pasted_from_a_pdf_are_not_stored(year):
    report = report_of(year, year.dost)
    task = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")

    save(
        report,
        year.dost_reporter,
        ReportInput(
            tasks={
                task.task_id: TaskInput(
                    status=IN_PROGRESS,
                    description="Đã phủ sóng\x0c 3/5 khu công nghiệp;\nđang lắp trạm\x01 BTS.",
                )
            },
            assessment={"ha_tang": {"issues": "Trạm BTS\x0b cấp xã còn thiếu.", "proposals": ""}},
        ),
    )

    task.refresh_from_db()
    assert task.description == "Đã phủ sóng  3/5 khu công nghiệp;\nđang lắp trạm  BTS."
    assert report_of(year, year.dost).assessment["ha_tang"]["issues"] == (
        "Trạm BTS  cấp xã còn thiếu."
    )


def test_two_saves_of_the_same_version_the_second_is_refused_with_what_changed(year):
    report = report_of(year, year.dost)
    first_row, second_row = (u.task_id for u in lead_rows(report)[:2])
    read = report.version
    mine = ReportInput(tasks={first_row: TaskInput(IN_PROGRESS, "Đã khảo sát hiện trạng.")})
    theirs = ReportInput(tasks={second_row: TaskInput(IN_PROGRESS, "Đã trình UBND tỉnh.")})

    report_save(report=report, actor=year.dost_reporter, data=mine, version=read)
    with pytest.raises(StaleVersion) as stale:
        report_save(report=report, actor=year.dost_reporter, data=theirs, version=read)

    assert stale.value.report.version == read + 1
    assert [c.as_dict() for c in stale.value.changes] == [
        {
            "kind": "task",
            "key": str(first_row),
            "field": "status",
            "label": "Tình trạng",
            "old": "",
            "new": TaskStatus.IN_PROGRESS,
        },
        {
            "kind": "task",
            "key": str(first_row),
            "field": "description",
            "label": "Kết quả thực hiện",
            "old": "",
            "new": "Đã khảo sát hiện trạng.",
        },
    ]
    assert "phiên bản 2" in str(stale.value)
    assert report.task_updates.get(task_id=second_row).description == ""
    # Saved again on the version it was shown, the second writer loses nothing either.
    report_save(
        report=report, actor=year.dost_reporter, data=theirs, version=stale.value.report.version
    )
    descriptions = dict(report.task_updates.values_list("task_id", "description"))
    assert (descriptions[first_row], descriptions[second_row]) == (
        "Đã khảo sát hiện trạng.",
        "Đã trình UBND tỉnh.",
    )


# ----------------------------------------------------------------------- workflow


def test_submit_asks_a_status_for_every_task_the_agency_leads(year):
    report = report_of(year, year.health)

    with pytest.raises(ReportInvalid) as refused:
        report_submit(report=report, actor=year.health_reporter)

    leads = lead_rows(report)
    assert len(refused.value.errors) == len(leads) > 50
    assert {e.where for e in refused.value.errors} == {f"tasks.{u.task_id}.status" for u in leads}
    assert report_of(year, year.health).status == AgencyReport.Status.DRAFT


def test_a_double_submit_sends_the_report_once(year):
    report = submitted(year, year.dost, year.dost_reporter)
    sent_at = report.submitted_at

    again = report_submit(report=report, actor=year.dost_reporter)

    assert again.status == AgencyReport.Status.SUBMITTED
    assert (again.version, again.submitted_at) == (3, sent_at)
    assert report.versions.filter(action="submit").count() == 1
    assert audit_actions(report).count("report.submit") == 1
    with pytest.raises(InvalidTransition, match="Không thể sửa báo cáo đang ở trạng thái “Đã gửi”"):
        save(again, year.dost_reporter, ReportInput())


def test_returning_a_report_needs_a_comment_and_lets_the_agency_revise_it(year):
    report = submitted(year, year.dost, year.dost_reporter)

    with pytest.raises(ReportInvalid) as refused:
        report_return(report=report, actor=year.coordinator, comment="   ")
    assert [e.where for e in refused.value.errors] == ["comment"]
    assert report_of(year, year.dost).status == AgencyReport.Status.SUBMITTED

    comment = "Bổ sung văn bản minh chứng cho nhiệm vụ phủ sóng 5G."
    returned = report_return(report=report, actor=year.coordinator, comment=comment)

    assert returned.status == AgencyReport.Status.RETURNED
    assert (returned.review_comment, returned.reviewed_by) == (comment, year.coordinator)
    assert returned.versions.get(action="return").comment == comment
    (notice,) = Notification.objects.filter(user=year.dost_reporter)
    assert comment in notice.message
    task = row(returned, "Phủ sóng 5G tại 100% khu công nghiệp")
    revised = save(
        returned,
        year.dost_reporter,
        ReportInput(tasks={task.task_id: TaskInput(IN_PROGRESS, evidence="Công văn số 88/SKHCN")}),
    )
    assert report_submit(report=revised, actor=year.dost_reporter).status == "submitted"


def test_only_a_submitted_report_can_be_returned_or_approved(year):
    report = report_of(year, year.dost)

    with pytest.raises(InvalidTransition, match="trả lại"):
        report_return(report=report, actor=year.coordinator, comment="Bổ sung số liệu.")
    with pytest.raises(InvalidTransition, match="duyệt"):
        report_approve(report=report, actor=year.coordinator)


def test_an_approved_report_is_final(year):
    report = submitted(year, year.dost, year.dost_reporter)

    approved = report_approve(report=report, actor=year.coordinator)

    assert approved.status == AgencyReport.Status.APPROVED
    assert approved.reviewed_by == year.coordinator
    assert Notification.objects.get(user=year.dost_reporter).message.endswith("đã được duyệt.")
    with pytest.raises(InvalidTransition):
        save(approved, year.dost_reporter, ReportInput())
    with pytest.raises(InvalidTransition):
        report_submit(report=approved, actor=year.dost_reporter)
    with pytest.raises(InvalidTransition):
        report_approve(report=approved, actor=year.coordinator)


def test_every_change_is_in_the_history_and_the_audit_trail(year):
    report = report_of(year, year.dost)
    task = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")
    started = timezone.now()

    report = save(report, year.dost_reporter, everything_in_progress(report))
    report = report_submit(report=report, actor=year.dost_reporter)
    report = report_return(report=report, actor=year.coordinator, comment="Bổ sung minh chứng.")
    report = save(
        report,
        year.dost_reporter,
        ReportInput(
            tasks={
                task.task_id: TaskInput(
                    IN_PROGRESS, "Đang triển khai theo kế hoạch.", "Công văn số 88/SKHCN"
                )
            }
        ),
    )
    report = report_submit(report=report, actor=year.dost_reporter)
    report = report_approve(report=report, actor=year.coordinator)
    report_comment(report=report, actor=year.leader, text="Đề nghị nhân rộng mô hình.")

    versions = list(report.versions.order_by("number").values_list("number", "action", "actor"))
    reporter, coordinator = year.dost_reporter.pk, year.coordinator.pk
    assert versions == [
        (1, "open", coordinator),
        (2, "save", reporter),
        (3, "submit", reporter),
        (4, "return", coordinator),
        (5, "save", reporter),
        (6, "submit", reporter),
        (7, "approve", coordinator),
    ]
    entries = list(
        AuditEntry.objects.filter(target_type="reporting.agencyreport", target_id=report.pk)
        .select_related("actor")
        .order_by("pk")
    )
    assert [(e.action, e.actor) for e in entries] == [
        ("report.save", year.dost_reporter),
        ("report.submit", year.dost_reporter),
        ("report.return", year.coordinator),
        ("report.save", year.dost_reporter),
        ("report.submit", year.dost_reporter),
        ("report.approve", year.coordinator),
        ("report.comment", year.leader),
    ]
    assert all(e.at >= started for e in entries)
    assert entries[2].details == {"version": 4, "comment": "Bổ sung minh chứng."}
    assert entries[3].details["changes"] == [
        {
            "kind": "task",
            "key": str(task.task_id),
            "field": "evidence",
            "label": "Văn bản, minh chứng",
            "old": "",
            "new": "Công văn số 88/SKHCN",
        }
    ]
    (change,) = version_changes(report=report, older=4, newer=5)
    assert (change.key, change.field, change.new) == (
        str(task.task_id),
        "evidence",
        "Công văn số 88/SKHCN",
    )


# ----------------------------------------------------------------------- access


def _refused_calls(year):
    """Every service, called by Sở Y tế's reporter on Sở KH&CN's report and work."""
    report = report_of(year, year.dost)
    update = row(report, "Phủ sóng 5G tại 100% khu công nghiệp")
    evidence = evidence_attach(
        update=update, actor=year.dost_reporter, name="Bien ban nghiem thu.pdf", data=PDF
    )
    request = extension_request(
        task=update.task,
        agency_id=year.dost.pk,
        actor=year.dost_reporter,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ doanh nghiệp viễn thông hoàn thành đầu tư trạm BTS.",
        proposed_end=dt.date(2031, 6, 30),
    )
    other = year.health_reporter
    data = ReportInput(tasks={update.task_id: TaskInput(IN_PROGRESS, "Sửa hộ báo cáo.")})
    return {
        "report_save": lambda: report_save(report=report, actor=other, data=data, version=1),
        "report_submit": lambda: report_submit(report=report, actor=other),
        "report_return": lambda: report_return(report=report, actor=other, comment="Sửa lại."),
        "report_approve": lambda: report_approve(report=report, actor=other),
        "report_comment": lambda: report_comment(report=report, actor=other, text="Ý kiến."),
        "evidence_attach": lambda: evidence_attach(
            update=update, actor=other, name="Quyet dinh.pdf", data=PDF
        ),
        "evidence_remove": lambda: evidence_remove(evidence=evidence, actor=other),
        "extension_request": lambda: extension_request(
            task=update.task,
            agency_id=year.dost.pk,
            actor=other,
            kind=ExtensionRequest.Kind.EXTEND,
            reason="Gia hạn hộ.",
            proposed_end=dt.date(2031, 12, 31),
        ),
        "extension_decide": lambda: extension_decide(request=request, actor=other, approve=True),
        "period_create": lambda: period_create(
            actor=other,
            name="Kỳ tự mở",
            kind="ad_hoc",
            starts_on=YEAR_START,
            ends_on=YEAR_END,
            due_on=DUE_ON,
            plan_ids=[year.plans.plan_2026.pk],
        ),
        "period_open": lambda: period_open(period=year.period, actor=other),
        "period_close": lambda: period_close(period=year.period, actor=other),
    }


SERVICES = [
    "report_save",
    "report_submit",
    "report_return",
    "report_approve",
    "report_comment",
    "evidence_attach",
    "evidence_remove",
    "extension_request",
    "extension_decide",
    "period_create",
    "period_open",
    "period_close",
]


@pytest.mark.parametrize("service", SERVICES)
def test_a_reporter_of_another_agency_is_refused_by_every_service(year, service):
    calls = _refused_calls(year)
    assert sorted(calls) == sorted(SERVICES)
    audit_before = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied):
        calls[service]()

    assert AuditEntry.objects.count() == audit_before
    report = report_of(year, year.dost)
    assert (report.status, report.version) == (AgencyReport.Status.DRAFT, 1)
    assert EvidenceFile.objects.filter(update__report=report).count() == 1
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.PENDING


def test_a_reporter_cannot_review_its_own_report_and_a_leader_cannot_change_it(year):
    report = submitted(year, year.dost, year.dost_reporter)

    with pytest.raises(PermissionDenied):
        report_approve(report=report, actor=year.dost_reporter)
    with pytest.raises(PermissionDenied):
        report_return(report=report, actor=year.leader, comment="Bổ sung.")
    with pytest.raises(PermissionDenied):
        save(report_of(year, year.health), year.leader, ReportInput())


# ----------------------------------------------------------------------- evidence


def test_a_real_pdf_is_stored_with_its_checksum(year, settings):
    update = row(report_of(year, year.dost), "Phủ sóng 5G tại 100% khu công nghiệp")

    evidence = evidence_attach(
        update=update, actor=year.dost_reporter, name="../Biên bản nghiệm thu.pdf", data=PDF
    )

    assert evidence.original_name == ".._Biên bản nghiệm thu.pdf"
    assert (evidence.content_type, evidence.size) == ("application/pdf", len(PDF))
    stored = Path(evidence.file.path)
    assert stored.read_bytes() == PDF and stored.is_relative_to(settings.MEDIA_ROOT)
    assert "report.evidence_add" in audit_actions(update.report)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "Quyết định 1827.pdf",
            b"<html><body>Quyet dinh</body></html>",
            "Nội dung tệp “Quyết định 1827.pdf” không phải là PDF như tên tệp cho biết.",
        ),
        (
            "Ảnh chụp hiện trường.pdf",
            b"%PDF-1.7\n" + b"0" * MAX_EVIDENCE_BYTES,
            "Tệp “Ảnh chụp hiện trường.pdf” có dung lượng 10.0 MB, vượt giới hạn 10 MB.",
        ),
        (
            "cai-dat.exe",
            b"MZ\x90\x00",
            "Tệp “cai-dat.exe”: chỉ nhận tệp PDF, Word, Excel hoặc ảnh (PNG, JPEG).",
        ),
    ],
    ids=["fake-pdf", "oversized", "program"],
)
def test_an_evidence_file_of_the_wrong_type_or_size_is_refused(year, settings, name, data, message):
    update = row(report_of(year, year.dost), "Phủ sóng 5G tại 100% khu công nghiệp")

    with pytest.raises(EvidenceRejected) as refused:
        evidence_attach(update=update, actor=year.dost_reporter, name=name, data=data)

    assert str(refused.value) == message
    assert not EvidenceFile.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_removing_evidence_deletes_the_file_once_committed(
    year, django_capture_on_commit_callbacks
):
    update = row(report_of(year, year.dost), "Phủ sóng 5G tại 100% khu công nghiệp")
    evidence = evidence_attach(update=update, actor=year.dost_reporter, name="BB.pdf", data=PDF)
    stored = Path(evidence.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(evidence=evidence, actor=year.dost_reporter)

    assert not EvidenceFile.objects.exists() and not stored.exists()
    assert audit_actions(update.report)[-1] == "report.evidence_remove"


# ----------------------------------------------------------------------- extensions


def _task_due_in_2026(year) -> TaskUpdate:
    report = report_of(year, year.dost)
    return (
        report.task_updates.filter(role="lead", task__recurrence="", task__ends_on__year=2026)
        .select_related("task")
        .order_by("task__ends_on", "pk")
        .first()
    )


def test_an_approved_extension_moves_the_deadline_the_agency_sees_not_the_plans(year):
    update = _task_due_in_2026(year)
    original = update.task.ends_on
    new_end = dt.date(2027, 6, 30)

    request = extension_request(
        task=update.task,
        agency_id=year.dost.pk,
        actor=year.dost_reporter,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ Bộ Khoa học và Công nghệ ban hành hướng dẫn kỹ thuật.",
        proposed_end=new_end,
    )
    assert (request.status, request.original_end) == (ExtensionRequest.Status.PENDING, original)
    assert task_deadlines(agency_id=year.dost.pk, task_ids=[update.task_id]) == {}

    decided = extension_decide(request=request, actor=year.coordinator, approve=True)

    assert decided.status == ExtensionRequest.Status.APPROVED
    assert decided.decided_by == year.coordinator
    assert task_deadlines(agency_id=year.dost.pk, task_ids=[update.task_id]) == {
        update.task_id: new_end
    }
    assert Task.objects.get(pk=update.task_id).ends_on == original
    # Another agency's deadline for the same task is not moved.
    assert task_deadlines(agency_id=year.health.pk, task_ids=[update.task_id]) == {}
    detail = report_detail(period_id=year.period.pk, agency_id=year.dost.pk)
    (shown,) = [r for r in detail.lead_tasks if r.update.task_id == update.task_id]
    assert (shown.deadline, shown.extended) == (new_end, True)
    assert audit_actions(request) == ["extension.request", "extension.approve"]
    assert "được chấp thuận" in Notification.objects.get(user=year.dost_reporter).message
    with pytest.raises(ReportingError, match="đã được xem xét"):
        extension_decide(request=request, actor=year.coordinator, approve=False, comment="Không.")


def test_a_refusal_needs_a_reason_and_keeps_the_deadline(year):
    update = _task_due_in_2026(year)
    request = extension_request(
        task=update.task,
        agency_id=year.dost.pk,
        actor=year.dost_reporter,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Thiếu kinh phí.",
        proposed_end=dt.date(2027, 12, 31),
    )

    with pytest.raises(ReportInvalid) as refused:
        extension_decide(request=request, actor=year.coordinator, approve=False)
    assert [e.where for e in refused.value.errors] == ["comment"]
    extension_decide(
        request=request, actor=year.coordinator, approve=False, comment="Đã bố trí kinh phí."
    )

    assert task_deadlines(agency_id=year.dost.pk, task_ids=[update.task_id]) == {}


def test_an_extension_request_names_what_is_missing(year):
    update = _task_due_in_2026(year)
    assert not TaskUpdate.objects.filter(
        report__period=year.period, report__agency=year.health, task=update.task, role="lead"
    ).exists()

    with pytest.raises(ReportInvalid) as refused:
        extension_request(
            task=update.task,
            agency_id=year.health.pk,
            actor=year.health_reporter,
            kind=ExtensionRequest.Kind.EXTEND,
            reason=" ",
        )

    assert [e.where for e in refused.value.errors] == ["reason", "proposed_end", "task"]
    assert not ExtensionRequest.objects.exists()


# ----------------------------------------------------------------------- progress


def _sent_on(report: AgencyReport, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(16, 45)))
    AgencyReport.objects.filter(pk=report.pk).update(submitted_at=moment)


def test_progress_counts_days_late_until_sent_or_until_today(year, django_assert_max_num_queries):
    late = submitted(year, year.dost, year.dost_reporter)
    _sent_on(late, dt.date(2026, 12, 3))
    on_time = submitted(year, year.health, year.health_reporter)
    _sent_on(on_time, dt.date(2026, 11, 25))
    tinh_khe = year.communes.get(name="UBND phường Trương Quang Trọng")
    reporter = account("baocao.tqt", Role.REPORTER, tinh_khe)
    returned = submitted(year, tinh_khe, reporter)
    _sent_on(returned, dt.date(2026, 11, 20))
    report_return(report=returned, actor=year.coordinator, comment="Bổ sung số liệu chỉ tiêu.")

    with django_assert_max_num_queries(3):
        rows = period_progress(
            period=year.period, user=year.coordinator, today=dt.date(2026, 12, 10)
        )

    late_by = {r.agency.name: r.days_late for r in rows}
    assert len(rows) == 124
    assert late_by["Sở Khoa học và Công nghệ"] == 3
    assert late_by["Sở Y tế"] == 0
    # Returned: owed again, so late until today however early it was first sent.
    assert late_by["UBND phường Trương Quang Trọng"] == 10
    assert late_by["Sở Nội vụ"] == 10  # never sent
    assert [
        r.agency.name
        for r in period_progress(
            period=year.period, user=year.dost_reporter, today=dt.date(2026, 12, 10)
        )
    ] == ["Sở Khoa học và Công nghệ"]
