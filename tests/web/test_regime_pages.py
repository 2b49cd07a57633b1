"""The regime on the web: a daily period due before 16:00, a series from a plan's regime,
the standing body's evaluation and its decision on a disputed task, key projects on the
report page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dxtrack.agencies.models import Agency
from dxtrack.audit.models import AuditEntry
from dxtrack.plans.models import Assignment
from dxtrack.reporting.models import ProjectUpdate, ReportingPeriod, TaskStatus
from dxtrack.reporting.period_services import period_open
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_save, report_submit
from factories import AgencyFactory, AssignmentFactory, KeyProjectFactory
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return reporting_sample()


def _url(report) -> str:
    return reverse("report-detail", args=[report.period_id, report.agency_id])


def _sent(sample, status: str = "Đang thực hiện", description: str = "") -> None:
    report = sample.report
    leads = report.task_updates.filter(role="lead").values_list("task_id", flat=True)
    data = ReportInput(
        tasks={pk: TaskInput(status=status, description=description) for pk in leads}
    )
    saved = report_save(report=report, actor=sample.reporter, data=data, version=report.version)
    report_submit(report=saved, actor=sample.reporter)


def test_a_daily_period_takes_four_in_the_afternoon_and_shows_it(client, sample):
    client.force_login(sample.coordinator)

    response = client.post(
        reverse("period-new"),
        {
            "name": "Báo cáo ngày 07/12/2026",
            "kind": "daily",
            "starts_on": "07/12/2026",
            "ends_on": "07/12/2026",
            "due_on": "",
            "due_time": "",
            "consolidated_due_on": "",
            "plans": [sample.catalogue.plan.pk],
        },
    )

    period = ReportingPeriod.objects.get(name="Báo cáo ngày 07/12/2026")
    assert response.status_code == 302
    assert (period.due_on, period.due_time) == (dt.date(2026, 12, 7), dt.time(16, 0))
    page = client.get(reverse("period-detail", args=[period.pk])).content.decode()
    assert "trước 16:00 07/12/2026" in page


def test_a_quarterly_series_is_created_in_one_step(client, sample):
    client.force_login(sample.coordinator)

    response = client.post(
        reverse("period-series-new"),
        {
            "plan": sample.catalogue.plan.pk,
            "kind": "quarterly",
            "first_start": "01/01/2027",
            "count": "4",
            "due_rule": "",
        },
    )

    assert response.status_code == 302
    names = list(
        ReportingPeriod.objects.filter(kind="quarterly")
        .order_by("starts_on")
        .values_list("name", "due_on")
    )
    assert names == [
        ("Báo cáo quý I/2027", dt.date(2027, 4, 10)),
        ("Báo cáo quý II/2027", dt.date(2027, 7, 10)),
        ("Báo cáo quý III/2027", dt.date(2027, 10, 10)),
        ("Báo cáo quý IV/2027", dt.date(2028, 1, 10)),
    ]


def test_a_series_page_is_the_coordinators(client, sample):
    client.force_login(sample.reporter)

    assert client.get(reverse("period-series-new")).status_code == 403


def test_the_coordinator_writes_the_evaluation_of_each_task(client, sample):
    _sent(sample)
    task_id = sample.report.task_updates.filter(role="lead").values_list("task_id", flat=True)[0]
    client.force_login(sample.coordinator)
    page = client.get(_url(sample.report)).content.decode()
    assert 'id="danh-gia"' in page and f'name="evaluation-{task_id}"' in page

    response = client.post(
        reverse("report-evaluate", args=[sample.period.pk, sample.report.agency_id]),
        {f"evaluation-{task_id}": "Đơn vị thực hiện tốt."},
    )

    assert response.status_code == 302
    update = sample.report.task_updates.get(task_id=task_id)
    assert update.evaluation == "Đơn vị thực hiện tốt." and update.difficulties == ""
    client.force_login(sample.reporter)
    page = client.get(_url(sample.report)).content.decode()
    assert "Đánh giá của Cơ quan Thường trực" in page and "Đơn vị thực hiện tốt." in page
    assert 'id="danh-gia"' not in page  # the agency reads it; it does not write it


def test_an_agency_cannot_post_an_evaluation(client, sample):
    _sent(sample)
    client.force_login(sample.reporter)

    response = client.post(
        reverse("report-evaluate", args=[sample.period.pk, sample.report.agency_id]), {}
    )

    assert response.status_code == 403


def test_the_coordinator_reassigns_a_task_the_agency_says_is_not_its_function(client, sample):
    home = AgencyFactory(name="Sở Nội vụ")
    _sent(sample, status=TaskStatus.NOT_ASSIGNED, description="Thuộc chức năng của Sở Nội vụ.")
    task_id = sample.report.task_updates.filter(role="lead").values_list("task_id", flat=True)[0]
    client.force_login(sample.coordinator)
    page = client.get(_url(sample.report)).content.decode()
    assert "Nhiệm vụ đơn vị báo không thuộc chức năng, nhiệm vụ" in page

    response = client.post(
        reverse("report-dispute", args=[sample.period.pk, sample.report.agency_id]),
        {"task_id": task_id, "decision": "reassign", "agency_id": home.pk},
    )

    assert response.status_code == 302
    assert Assignment.objects.filter(task_id=task_id, agency=home).exists()
    assert sample.report.task_updates.get(task_id=task_id).dispute_decision == "reassigned"
    assert AuditEntry.objects.filter(action="assignment.dispute_reassigned").exists()
    assert Agency.objects.filter(reports__period=sample.period, pk=home.pk).exists()


def test_the_agency_fills_its_key_project_on_the_report_page(client, sample):
    project = KeyProjectFactory(
        plan=sample.catalogue.plan,
        name="Xây dựng Trung tâm dữ liệu tỉnh",
        years=[2026],
        funding_source="Ngân sách tỉnh",
        budget=Decimal("15000"),
    )
    AssignmentFactory(project=project, agency=sample.catalogue.dost)
    period_open(period=sample.period, actor=sample.coordinator)
    client.force_login(sample.reporter)
    page = client.get(_url(sample.report)).content.decode()
    assert "Dự án trọng tâm đơn vị chủ trì" in page and "Ngân sách tỉnh" in page
    assert 'value="15000"' in page

    report = sample.report
    report.refresh_from_db()
    data = {
        "version": report.version,
        "action": "save",
        f"project-{project.pk}-status": "in_progress",
        f"project-{project.pk}-description": "Đã lắp đặt 40% thiết bị.",
        f"project-{project.pk}-budget_planned": "15000",
        f"project-{project.pk}-budget_disbursed": "6.250,5",
    }
    response = client.post(_url(report), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    update = ProjectUpdate.objects.get(project=project)
    assert (update.status, update.budget_disbursed) == ("in_progress", Decimal("6250.5"))
