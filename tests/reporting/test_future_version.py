"""A `version` the report never had (greater than its current one) is told as such, on the
service, the API and the web page, not taken for someone else's save."""

import pytest
from django.test import Client
from django.urls import reverse

from dxtrack.accounts.services import token_issue
from dxtrack.reporting.errors import ReportInvalid, StaleVersion
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_save
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db

FUTURE = "Phiên bản 7 bạn gửi chưa từng có: báo cáo hiện ở phiên bản 1."
SOMEONE_ELSE = "người khác cập nhật"


@pytest.fixture
def sample():
    return reporting_sample()


def _input(sample) -> ReportInput:
    return ReportInput(
        tasks={sample.catalogue.training.pk: TaskInput(status="Đang thực hiện", description="x")}
    )


def test_the_service_says_the_version_is_from_the_future(sample):
    with pytest.raises(ReportInvalid) as refused:
        report_save(report=sample.report, actor=sample.reporter, data=_input(sample), version=7)

    assert not isinstance(refused.value, StaleVersion)
    assert str(refused.value).startswith(FUTURE)
    assert [e.where for e in refused.value.errors] == ["version"]
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 1


def test_the_api_answers_400_saying_so(sample):
    report = sample.report
    response = Client().put(
        f"/api/v1/reports/{report.period_id}/{report.agency_id}",
        {"version": 7, "tasks": [{"task_id": sample.catalogue.training.pk, "status": None}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token_issue(user=sample.reporter)}"},
    )

    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith(FUTURE)
    assert SOMEONE_ELSE not in body["detail"]
    assert body["errors"][0]["loc"] == "version"


def test_the_web_page_says_so(client, sample):
    report = sample.report
    client.force_login(sample.reporter)

    response = client.post(
        reverse("report-detail", args=[report.period_id, report.agency_id]),
        {"version": 7, "action": "save", f"task-{sample.catalogue.training.pk}-status": "done"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert FUTURE in page
    assert SOMEONE_ELSE not in page
