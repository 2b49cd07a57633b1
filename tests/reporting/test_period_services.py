"""Opening, reopening and closing a period on the province's own plans; tasks done and
approved in an earlier period carried over."""

import datetime as dt

import pytest

from dxtrack.agencies.models import AgencyGroup
from dxtrack.audit.models import AuditEntry
from dxtrack.plans.models import Assignment, Task
from dxtrack.reporting.errors import ReportingError, ReportInvalid
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ProjectUpdate,
    ReportingPeriod,
    ReportVersion,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.period_services import period_close, period_create, period_open
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import (
    CARRIED_OVER,
    report_approve,
    report_submit,
)
from factories import AgencyFactory, AssignmentFactory, TaskFactory
from reporting.province import (
    IN_PROGRESS,
    YEAR_END,
    YEAR_START,
    everything_in_progress,
    report_of,
    row,
    save,
)

pytestmark = pytest.mark.django_db

# ----------------------------------------------------------------------- opening


def test_opening_the_year_creates_one_report_per_agency_with_work_in_it(year):
    reports = AgencyReport.objects.filter(period=year.period).select_related("agency")
    agencies = {r.agency for r in reports}

    # 124 with tasks or indicators, and two that only lead key projects (Phụ lục III)
    # 126 agencies with tasks, indicators or key projects, and two whose only work is a duty
    # under a plan's "Tổ chức thực hiện" (docs/decisions/0174-duties.md).
    assert year.opened.reports_created == len(reports) == 128
    assert set(year.communes) <= agencies  # all 96 communes, wards and Lý Sơn
    assert {"Sở Khoa học và Công nghệ", "Sở Y tế", "Sở Nội vụ", "Công an tỉnh"} <= {
        a.name for a in agencies
    }
    # Work of the former department went to its successor; it has no report of its own.
    assert year.dic not in agencies
    rows = TaskUpdate.objects.filter(report__period=year.period).count()
    values = IndicatorValue.objects.filter(report__period=year.period).count()
    projects = ProjectUpdate.objects.filter(report__period=year.period)
    assert year.opened.rows_created == rows + values + projects.count()
    assert not reports.filter(
        task_updates__isnull=True, indicator_values__isnull=True, project_updates__isnull=True
    ).exists()
    assert projects.exists()
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
    assert entry.details == {"reports_created": 128, "rows_created": year.opened.rows_created}
    assert ReportVersion.objects.filter(report__period=period, action="open").count() == 128


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
    # Its rows include the key projects its group ("Các sở, ban, ngành") leads.
    added_rows = (
        added.task_updates.count() + added.indicator_values.count() + added.project_updates.count()
    )
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
    # 21: key projects are a third kind of row (those running, their leads, those opened).
    with django_assert_max_num_queries(21):
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
