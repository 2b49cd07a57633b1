"""The coordinator's decision on a task an agency says is not its function: the agency
given the task is told, and the agency that disputed it gets the decision."""

import pytest

from dxtrack.accounts.models import Role
from dxtrack.reporting.models import Notification, TaskStatus
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_save, report_submit
from dxtrack.reporting.review_services import (
    assignment_dispute_accept,
    assignment_dispute_reassign,
)
from reporting.sample import account, reporting_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return reporting_sample()


def _disputed(sample) -> int:
    report = sample.report
    leads = list(report.task_updates.filter(role="lead").values_list("task_id", flat=True))
    disputed = TaskInput(status=TaskStatus.NOT_ASSIGNED, description="Thuộc chức năng Sở Y tế.")
    data = ReportInput(tasks=dict.fromkeys(leads, disputed))
    saved = report_save(report=report, actor=sample.reporter, data=data, version=report.version)
    report_submit(report=saved, actor=sample.reporter)
    return leads[0]


def test_the_newly_assigned_agency_is_told_and_the_old_one_gets_the_decision(sample):
    task_id = _disputed(sample)
    health = sample.catalogue.health
    second = account("thuky.yte", Role.REPORTER, health)
    Notification.objects.all().delete()

    assignment_dispute_reassign(
        report=sample.report,
        task_id=task_id,
        agency_id=health.pk,
        actor=sample.coordinator,
        comment="Sở Y tế quản lý hệ thống này.",
        link="/bao-cao-skhcn/",
        new_link="/bao-cao-syt/",
    )

    name = sample.report.task_updates.get(task_id=task_id).task.name
    told = Notification.objects.filter(url="/bao-cao-syt/")
    assert set(told.values_list("user", flat=True)) == {sample.health_reporter.pk, second.pk}
    message = told.first().message
    assert name[:60] in message
    assert "trước đây giao Sở Khoa học và Công nghệ" in message
    assert "Ý kiến: Sở Y tế quản lý hệ thống này." in message
    record = Notification.objects.filter(user=sample.reporter).get()
    assert record.url == "/bao-cao-skhcn/"
    assert f"cho {health.name}" in record.message
    assert health.reports.filter(period=sample.period, task_updates__task_id=task_id).exists()


def test_an_accepted_dispute_is_told_to_the_agency(sample):
    task_id = _disputed(sample)
    Notification.objects.all().delete()

    assignment_dispute_accept(
        report=sample.report, task_id=task_id, actor=sample.coordinator, link="/bao-cao/"
    )

    notices = Notification.objects.filter(url="/bao-cao/")
    assert {n.user_id for n in notices} == {sample.reporter.pk, sample.colleague.pk}
    assert "không còn giao cho đơn vị" in notices.first().message
    assert not Notification.objects.filter(user=sample.health_reporter).exists()
