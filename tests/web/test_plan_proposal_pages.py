"""A result table with tasks the catalogue lacks, from the web: the reporter's preview
proposes their plan, the coordinator reviews and confirms or refuses it."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxtrack.plans.models import Plan
from dxtrack.reporting.models import AgencyReport, PlanProposal, TaskStatus
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db

HEADER = ["TT", "Tên nhiệm vụ", "Thời hạn", "Kết quả", "Mô tả", "Ngày hoàn thành thực tế"]
ROWS = [
    # A task of Sở KH&CN's report (reporting.sample), matched for sure.
    [
        "1",
        "Triển khai khung năng lực, chuẩn kỹ năng công nghệ thông tin tích hợp kỹ năng số "
        "cho cán bộ, công chức, viên chức",
        "Tháng 12/2026",
        "Đã hoàn thành",
        "Đã ban hành khung năng lực số",
        "20/11/2026",
    ],
    ["2", "Triển khai hồ sơ sức khỏe điện tử cho người dân", "Năm 2026", "Đang thực hiện", "", ""],
    # Close to several tasks: unsure, left without a task.
    ["3", "Triển khai nền tảng dữ liệu", "Năm 2026", "Đang thực hiện", "Đang khảo sát", ""],
    # Like nothing in the catalogue.
    ["4", "Tổ chức giải bóng đá giao hữu của công đoàn", "30/4/2026", "Đã hoàn thành", "", ""],
]
HEADING = [
    "UBND TỈNH QUẢNG NGÃI",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "BÁO CÁO",
    "Kết quả thực hiện Kế hoạch số 45/KH-UBND ngày 12/3/2026 của UBND tỉnh về chuyển đổi số",
    "Phụ lục I",
]


@pytest.fixture
def sample():
    return reporting_sample()


def _table(rows=ROWS) -> SimpleUploadedFile:
    document = docx.Document()
    for line in HEADING:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    for cell, label in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = label
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    data = io.BytesIO()
    document.save(data)
    return SimpleUploadedFile("ket-qua-kh45.docx", data.getvalue())


def _preview(client, report) -> str:
    url = reverse("result-import-upload", args=[report.period_id, report.agency_id])
    response = client.post(url, {"file": _table()})
    assert response.status_code == 302
    return response["Location"]


def _proposed(client, sample) -> PlanProposal:
    client.force_login(sample.reporter)
    preview = _preview(client, sample.report)
    rows = client.get(preview).context["rows"]
    sure = {
        f"row-{r['index']}": r["row"].match.task_id
        for r in rows
        if r["row"].match and r["row"].match.sure
    }
    response = client.post(
        preview,
        {**sure, "create_missing": "1", "plan_number": "45/KH-UBND", "plan_date": "12/03/2026"},
    )
    assert response.status_code == 302
    return PlanProposal.objects.get(report=sample.report)


def test_the_preview_offers_to_propose_the_rows_without_a_task(client, sample):
    client.force_login(sample.reporter)
    response = client.get(_preview(client, sample.report))

    page = response.content.decode()
    assert 'name="create_missing"' in page
    assert 'value="45/KH-UBND"' in page
    assert 'value="12/03/2026"' in page
    assert "dòng chưa có nhiệm vụ trong danh mục" in page


def test_the_reporter_proposes_and_the_coordinator_confirms(client, sample):
    proposal = _proposed(client, sample)
    # The unsure row and the one like nothing in the catalogue wait for their plan.
    table_rows = proposal.table["rows"]
    assert [table_rows[i]["number"] for i in proposal.rows] == ["3", "4"]
    assert proposal.number == "45/KH-UBND"
    assert proposal.issuer == "UBND tỉnh"

    client.force_login(sample.reporter)
    detail = reverse("plan-proposal-detail", args=[proposal.pk])
    assert client.get(detail).status_code == 403
    client.force_login(sample.coordinator)
    page = client.get(detail).content.decode()
    assert "Tổ chức giải bóng đá giao hữu của công đoàn" in page
    assert "Tạo kế hoạch với 2 nhiệm vụ" in page

    response = client.post(
        detail,
        {
            "decision": "confirm",
            "number": "45/KH-UBND",
            "title": "Kế hoạch chuyển đổi số năm 2026",
            "issued_on": "12/03/2026",
            "issuer": "UBND tỉnh",
        },
    )

    plan = Plan.objects.get(number="45/KH-UBND")
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-detail", args=[plan.pk])
    assert plan.title == "Kế hoạch chuyển đổi số năm 2026"
    football = plan.tasks.get(number="4")
    report = AgencyReport.objects.get(pk=sample.report.pk)
    update = report.task_updates.get(task=football)
    assert update.status == TaskStatus.DONE


def test_a_bad_date_is_named_and_nothing_is_created(client, sample):
    proposal = _proposed(client, sample)
    client.force_login(sample.coordinator)
    plans = Plan.objects.count()

    response = client.post(
        reverse("plan-proposal-detail", args=[proposal.pk]),
        {"decision": "confirm", "number": "45/KH-UBND", "issued_on": "31/02/2026"},
    )

    assert response.status_code == 400
    assert "Ngày ban hành phải có dạng dd/mm/yyyy." in response.content.decode()
    assert Plan.objects.count() == plans


def test_the_coordinator_refuses(client, sample):
    proposal = _proposed(client, sample)
    client.force_login(sample.coordinator)

    response = client.post(
        reverse("plan-proposal-detail", args=[proposal.pk]),
        {"decision": "refuse", "comment": "Nhiệm vụ đã có trong kế hoạch 003"},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == PlanProposal.Status.REFUSED


def test_the_list_is_the_coordinators_and_its_queries_are_bounded(
    client, sample, django_assert_max_num_queries
):
    proposal = _proposed(client, sample)
    for _ in range(20):
        proposal.pk = None
        proposal.save()
    client.force_login(sample.reporter)
    assert client.get(reverse("plan-proposal-list")).status_code == 403
    client.force_login(sample.coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("plan-proposal-list"))

    assert response.status_code == 200
    assert response.content.decode().count("45/KH-UBND") >= 21
