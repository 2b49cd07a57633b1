"""The reporting regime through the API: periods of every kind with a due time, a series
created in one step from a plan's regime, the "not our function" status and the standing
body's decision on it, its evaluation per task, key projects with their budgets."""

# The `small` fixture is the reporting API's own; its name comes back as each test's argument.
# ruff: noqa: F811

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from api.test_reporting_api import YEAR_2026, small  # noqa: F401 (fixture)
from dxtrack.audit.models import AuditEntry
from dxtrack.plans.models import Assignment, KeyProject
from dxtrack.reporting.models import AgencyReport, ProjectUpdate, ReportingPeriod
from factories import AgencyFactory, AssignmentFactory, KeyProjectFactory

pytestmark = pytest.mark.django_db

NOT_OURS = "Không thuộc chức năng, nhiệm vụ"


# ----------------------------------------------------------------------- periods


def test_a_daily_period_is_due_at_a_time_of_day_and_lists_it_with_its_offset(small):
    response = small.coordinator.post(
        "/periods",
        {
            "name": "Báo cáo ngày 07/12/2026",
            "kind": "daily",
            "start": "2026-12-07",
            "end": "2026-12-07",
            "due": "2026-12-07T16:00:00+07:00",
            "plans": [small.catalogue.plan.pk],
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["due"] == "2026-12-07T16:00:00+07:00"
    period = ReportingPeriod.objects.get(pk=response.json()["id"])
    assert (period.due_on, period.due_time) == (dt.date(2026, 12, 7), dt.time(16, 0))
    listed = {p["id"]: p["due"] for p in small.leader.get("/periods").json()}
    assert listed[period.pk] == "2026-12-07T16:00:00+07:00"
    assert listed[small.period_id] == "2026-11-30"


def test_a_due_time_in_another_offset_is_read_in_the_provinces_time(small):
    response = small.coordinator.post(
        "/periods",
        {
            "name": "Báo cáo ngày 07/12/2026",
            "kind": "daily",
            "start": "2026-12-07",
            "end": "2026-12-07",
            "due": "2026-12-07T09:00:00+00:00",
            "plans": [small.catalogue.plan.pk],
        },
    )

    assert response.json()["due"] == "2026-12-07T16:00:00+07:00"


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("30/11/2026", "Hạn gửi “30/11/2026” không hợp lệ"),
        ("2026-12-07T16:00:00", "phải kèm múi giờ"),
    ],
)
def test_a_due_that_cannot_be_read_is_refused_in_vietnamese(small, due, message):
    response = small.coordinator.post(
        "/periods", {"name": "Kỳ thử", **YEAR_2026, "due": due, "plans": [small.catalogue.plan.pk]}
    )

    assert response.status_code == 400
    assert message in str(response.json())


def test_a_monthly_series_is_created_from_the_plans_regime(small):
    plan = small.catalogue.plan
    plan.report_kind, plan.report_due_rule = "monthly", "next_month:10"
    plan.save()

    response = small.coordinator.post(
        "/periods/recurring", {"plan": plan.pk, "first_start": "2026-01-01", "count": 12}
    )

    assert response.status_code == 201, response.content
    periods = response.json()
    assert [p["name"] for p in periods[:2]] == ["Báo cáo tháng 1/2026", "Báo cáo tháng 2/2026"]
    assert [(p["start"], p["end"], p["due"]) for p in (periods[0], periods[-1])] == [
        ("2026-01-01", "2026-01-31", "2026-02-10"),
        ("2026-12-01", "2026-12-31", "2027-01-10"),
    ]
    assert {p["kind"] for p in periods} == {"monthly"} and len(periods) == 12
    assert AuditEntry.objects.filter(action="period.series_create").count() == 1


def test_a_daily_series_is_due_before_four_in_the_afternoon(small):
    response = small.coordinator.post(
        "/periods/recurring",
        {
            "plan": small.catalogue.plan.pk,
            "kind": "daily",
            "first_start": "2026-12-07",
            "count": 3,
            "due_rule": "same_day:16:00",
        },
    )

    assert [p["due"] for p in response.json()] == [
        "2026-12-07T16:00:00+07:00",
        "2026-12-08T16:00:00+07:00",
        "2026-12-09T16:00:00+07:00",
    ]


def test_a_series_with_an_unreadable_rule_creates_nothing(small):
    before = ReportingPeriod.objects.count()

    response = small.coordinator.post(
        "/periods/recurring",
        {
            "plan": small.catalogue.plan.pk,
            "kind": "quarterly",
            "first_start": "2026-01-01",
            "count": 4,
            "due_rule": "mùng 10",
        },
    )

    assert response.status_code == 400
    assert "Quy tắc hạn gửi “mùng 10” không hợp lệ" in str(response.json())
    assert ReportingPeriod.objects.count() == before


def test_only_the_coordinator_creates_a_series(small):
    response = small.dost.post(
        "/periods/recurring",
        {
            "plan": small.catalogue.plan.pk,
            "kind": "monthly",
            "first_start": "2026-01-01",
            "count": 2,
        },
    )

    assert response.status_code == 403


# ----------------------------------------------------------------------- not our function


def _not_ours(small, reason: str = "Nhiệm vụ thuộc chức năng của Sở Nội vụ.") -> dict:
    task_id = small.catalogue.training.pk
    version = small.dost.get(small.dost_path).json()["version"]
    return small.dost.put(
        small.dost_path,
        {
            "version": version,
            "tasks": [{"task_id": task_id, "status": NOT_OURS, "description": reason}],
        },
    )


def test_not_our_function_needs_a_reason(small):
    response = _not_ours(small, reason="")

    assert response.status_code == 400
    assert "Nêu lý do nhiệm vụ không thuộc chức năng" in str(response.json())


def test_the_coordinator_accepts_not_our_function_and_the_assignment_ends(small):
    task_id = small.catalogue.training.pk
    assert _not_ours(small).status_code == 200
    (row,) = small.dost.get(small.dost_path).json()["tasks"]
    assert row["status"] == NOT_OURS

    response = small.coordinator.post(
        small.dost_path + "/dispute",
        {"task_id": task_id, "decision": "accept", "comment": "Đồng ý."},
    )

    assert response.status_code == 200, response.content
    (row,) = response.json()["tasks"]
    assert row["dispute_decision"] == "accepted"
    assert not Assignment.objects.filter(task_id=task_id, agency=small.catalogue.dost).exists()
    entry = AuditEntry.objects.get(action="assignment.dispute_accepted")
    assert entry.details["task_id"] == task_id and entry.details["assignments_ended"]
    again = small.coordinator.post(
        small.dost_path + "/dispute", {"task_id": task_id, "decision": "accept"}
    )
    assert again.status_code in (400, 409)


def test_the_coordinator_gives_the_task_to_another_agency(small):
    task_id = small.catalogue.training.pk
    home = AgencyFactory(name="Sở Nội vụ")
    _not_ours(small)

    response = small.coordinator.post(
        small.dost_path + "/dispute",
        {"task_id": task_id, "decision": "reassign", "agency_id": home.pk},
    )

    assert response.status_code == 200, response.content
    assert Assignment.objects.filter(task_id=task_id, agency=home).exists()
    other = AgencyReport.objects.get(period_id=small.period_id, agency=home)
    assert other.task_updates.get().task_id == task_id
    assert AuditEntry.objects.filter(action="assignment.dispute_reassigned").count() == 1


def test_a_reporter_cannot_decide_on_a_dispute(small):
    _not_ours(small)

    response = small.dost.post(
        small.dost_path + "/dispute",
        {"task_id": small.catalogue.training.pk, "decision": "accept"},
    )

    assert response.status_code == 403


def test_an_unknown_status_names_the_task(small):
    version = small.dost.get(small.dost_path).json()["version"]
    response = small.dost.put(
        small.dost_path,
        {
            "version": version,
            "tasks": [{"task_id": small.catalogue.training.pk, "status": "Đã xong"}],
        },
    )

    assert response.status_code == 400
    assert f"tasks.{small.catalogue.training.pk}.status" in str(response.json())


# ----------------------------------------------------------------------- evaluation


def _submitted(small) -> None:
    version = small.dost.get(small.dost_path).json()["version"]
    row = {
        "task_id": small.catalogue.training.pk,
        "status": "Đang thực hiện",
        "difficulties": "Thiếu kinh phí.",
        "proposals": "Bổ sung kinh phí.",
    }
    assert small.dost.put(small.dost_path, {"version": version, "tasks": [row]}).status_code == 200
    response = small.dost.post(small.dost_path + "/submit")
    assert response.status_code == 200, response.content


def test_the_standing_bodys_evaluation_is_kept_apart_from_the_agencys_text(small):
    task_id = small.catalogue.training.pk
    _submitted(small)
    version = small.dost.get(small.dost_path).json()["version"]

    response = small.coordinator.post(
        small.dost_path + "/review",
        {
            "tasks": [{"task_id": task_id, "evaluation": "Đơn vị triển khai chậm."}],
            "comment": "Đánh giá kỳ năm.",
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    (row,) = body["tasks"]
    assert row["evaluation"] == "Đơn vị triển khai chậm."
    assert (row["difficulties"], row["proposals"]) == ("Thiếu kinh phí.", "Bổ sung kinh phí.")
    assert body["version"] == version + 1
    report = AgencyReport.objects.get(period_id=small.period_id, agency=small.catalogue.dost)
    latest = report.versions.order_by("-number").first()
    assert latest.action == "review"
    assert latest.snapshot["tasks"][str(task_id)]["evaluation"] == "Đơn vị triển khai chậm."
    entry = AuditEntry.objects.get(action="report.review")
    assert entry.details["changes"][0]["field"] == "evaluation"


def test_a_draft_cannot_be_evaluated_and_an_agency_cannot_evaluate(small):
    body = {"tasks": [{"task_id": small.catalogue.training.pk, "evaluation": "Tốt."}]}

    assert small.coordinator.post(small.dost_path + "/review", body).status_code == 409
    _submitted(small)
    assert small.dost.post(small.dost_path + "/review", body).status_code == 403


# ----------------------------------------------------------------------- key projects


@pytest.fixture
def with_project(small):
    project = KeyProjectFactory(
        plan=small.catalogue.plan,
        name="Xây dựng Trung tâm dữ liệu tỉnh",
        years=[2026, 2027],
        funding_source="Ngân sách tỉnh",
        budget=Decimal("15000"),
    )
    AssignmentFactory(project=project, agency=small.catalogue.dost)
    KeyProjectFactory(plan=small.catalogue.plan, name="Dự án đã xong năm 2025", years=[2025])
    assert small.coordinator.post(f"/periods/{small.period_id}/open").status_code == 200
    return project


def test_a_report_lists_the_key_projects_the_agency_leads_in_the_periods_years(small, with_project):
    projects = {p["project_id"]: p for p in small.dost.get(small.dost_path).json()["projects"]}
    ended = KeyProject.objects.get(name="Dự án đã xong năm 2025")

    assert ended.pk not in projects
    assert projects[with_project.pk] == {
        "project_id": with_project.pk,
        "name": "Xây dựng Trung tâm dữ liệu tỉnh",
        "years": [2026, 2027],
        "status": None,
        "description": "",
        "funding_source": "Ngân sách tỉnh",
        "budget": {"planned": 15000.0, "disbursed": None},
    }
    health = small.health.get(small.health_path).json()["projects"]
    assert with_project.pk not in {p["project_id"] for p in health}


def test_an_agency_saves_its_projects_status_and_budget(small, with_project):
    version = small.dost.get(small.dost_path).json()["version"]

    response = small.dost.put(
        small.dost_path,
        {
            "version": version,
            "projects": [
                {
                    "project_id": with_project.pk,
                    "status": "Đang thực hiện",
                    "description": "Đã lắp đặt 40% thiết bị.",
                    "budget": {"planned": "15.000", "disbursed": "6.250,5"},
                }
            ],
        },
    )

    assert response.status_code == 200, response.content
    (project,) = [p for p in response.json()["projects"] if p["project_id"] == with_project.pk]
    assert project["status"] == "Đang thực hiện"
    assert project["budget"] == {"planned": 15000.0, "disbursed": 6250.5}
    update = ProjectUpdate.objects.get(project=with_project)
    assert update.budget_disbursed == Decimal("6250.5")
    entry = AuditEntry.objects.filter(action="report.save").latest("pk")
    assert {c["kind"] for c in entry.details["changes"]} == {"project"}


def test_a_budget_that_is_not_an_amount_is_refused_by_name(small, with_project):
    version = small.dost.get(small.dost_path).json()["version"]

    response = small.dost.put(
        small.dost_path,
        {
            "version": version,
            "projects": [{"project_id": with_project.pk, "budget": {"disbursed": "sáu tỷ"}}],
        },
    )

    assert response.status_code == 400
    assert f"projects.{with_project.pk}.budget_disbursed" in str(response.json())
    assert "Kinh phí đã giải ngân “sáu tỷ”" in str(response.json())


def test_the_deadline_to_the_minute_shows_in_the_progress(small):
    period = ReportingPeriod.objects.get(pk=small.period_id)
    now = timezone.localtime()
    period.due_on, period.due_time = now.date(), (now - dt.timedelta(hours=2)).time()
    if period.due_time > now.time():  # just after midnight: keep the test about minutes
        pytest.skip("the due time would fall on the previous day")
    period.save()

    rows = small.coordinator.get(f"/periods/{small.period_id}/progress").json()

    assert {row["days_late"] for row in rows} == {0}
