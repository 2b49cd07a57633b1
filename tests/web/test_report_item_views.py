"""Saving one item or one part of the long report form (htmx): the one save path with its
version guard and audit trail, CSRF, access, what the answer carries, and the page of 160
items with its counter, filter and blocking list in a bounded number of queries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dxtrack.audit.models import AuditEntry
from dxtrack.reporting.models import AgencyReport, EvidenceFile, IndicatorValue, TaskUpdate
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_save, report_submit
from reporting.health_form import health_form_report
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return reporting_sample()


def _save_url(report) -> str:
    return reverse("report-items-save", args=[report.period_id, report.agency_id])


def _page_url(report) -> str:
    return reverse("report-detail", args=[report.period_id, report.agency_id])


def _task_fields(task_id: int, **values) -> dict[str, str]:
    fields = dict.fromkeys(
        ["status", "description", "evidence", "completed_on", "difficulties", "proposals"], ""
    )
    fields.update(values)
    return {f"task-{task_id}-{name}": value for name, value in fields.items()}


def _oob(html: str, element_id: str) -> str:
    """The out-of-band piece of the answer that replaces #element_id."""
    match = re.search(rf'<(\w+)[^>]*id="{re.escape(element_id)}"[^>]*hx-swap-oob="true"', html)
    assert match, f"no out-of-band #{element_id}"
    tag = match.group(1)
    start = match.start()
    end = html.index(f"</{tag}>", start) if tag not in ("input",) else html.index(">", start)
    return html[start:end]


def test_saving_one_task_writes_it_alone_audits_it_and_sends_back_the_counter(client, sample):
    report = sample.report
    training = sample.catalogue.training.pk
    old = sample.catalogue.old_task.pk
    client.force_login(sample.reporter)

    response = client.post(
        _save_url(report),
        {
            "version": "1",
            "item": f"task-{training}",
            **_task_fields(training, status="in_progress", description="Đã mở 3 lớp."),
            # A field of another row sent by mistake is not read: only the named items are.
            f"task-{old}-status": "done",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã lưu 1 mục (phiên bản 2)." in html
    update = TaskUpdate.objects.get(report=report, task_id=training)
    assert (update.status, update.description) == ("in_progress", "Đã mở 3 lớp.")
    assert TaskUpdate.objects.get(report=report, task_id=old).status == ""
    report.refresh_from_db()
    assert report.version == 2
    entry = AuditEntry.objects.filter(action="report.save", target_id=report.pk).get()
    assert entry.actor == sample.reporter
    assert {c["field"] for c in entry.details["changes"]} == {"status", "description"}
    # The item as saved, marked filled and kept in view under the filter.
    item = _oob(html, f"task-{training}")
    assert 'data-filled="1"' in item and "form-item--recent" in item
    assert "Đã mở 3 lớp." in item
    # The counter, the blocking list and the version follow.
    progress = _oob(html, "form-progress")
    assert 'data-filled="1"' in progress
    blockers = _oob(html, "form-blockers")
    assert f'href="#task-{training}"' not in blockers
    assert f'href="#task-{old}"' in blockers
    assert 'value="2" id="report-version"' in _oob(html, "report-version")
    assert response["Cache-Control"] == "private, no-store"


def test_saving_a_part_saves_its_topics_and_keeps_the_others(client, sample):
    report = sample.report
    report_save(
        report=report,
        actor=sample.reporter,
        version=1,
        data=ReportInput(assessment={"the_che": {"issues": "Chưa có quy chế chia sẻ dữ liệu."}}),
    )
    client.force_login(sample.reporter)

    response = client.post(
        _save_url(report),
        {
            "version": "2",
            "item": ["topic-ha_tang", "topic-nhan_luc_so"],
            "topic-ha_tang-issues": "Hạ tầng mạng vùng sâu còn yếu.",
            "topic-ha_tang-proposals": "Hỗ trợ phủ sóng 4G.",
            "topic-nhan_luc_so-issues": "",
            "topic-nhan_luc_so-proposals": "",
        },
    )

    assert response.status_code == 200
    assessment = AgencyReport.objects.get(pk=report.pk).assessment
    assert assessment == {
        "the_che": {"issues": "Chưa có quy chế chia sẻ dữ liệu.", "proposals": ""},
        "ha_tang": {"issues": "Hạ tầng mạng vùng sâu còn yếu.", "proposals": "Hỗ trợ phủ sóng 4G."},
    }


def test_a_stale_save_writes_nothing_and_says_why_in_vietnamese(client, sample):
    report = sample.report
    training = sample.catalogue.training.pk
    # A colleague saved since the page was read at version 1.
    report_save(
        report=report,
        actor=sample.colleague,
        version=1,
        data=ReportInput(tasks={training: TaskInput(status="done", description="Xong.")}),
    )
    client.force_login(sample.reporter)

    response = client.post(
        _save_url(report),
        {
            "version": "1",
            "item": f"task-{training}",
            **_task_fields(training, status="in_progress"),
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Chưa lưu: người khác đã lưu báo cáo này (phiên bản 2)" in html
    assert "Nội dung bạn nhập vẫn còn trên trang" in html
    assert "Đã hoàn thành" in html  # what the colleague changed
    # Nothing on the page is replaced but the message: the boxes keep what was typed.
    assert f'id="task-{training}"' not in html and 'id="report-version"' not in html
    assert TaskUpdate.objects.get(report=report, task_id=training).status == "done"
    assert AgencyReport.objects.get(pk=report.pk).version == 2


def test_an_invalid_item_comes_back_with_its_error_and_what_was_typed(client, sample):
    report = sample.report
    training = sample.catalogue.training.pk
    client.force_login(sample.reporter)

    response = client.post(
        _save_url(report),
        {
            "version": "1",
            "item": f"task-{training}",
            **_task_fields(training, status="not_done", completed_on="31/02/2026"),
        },
    )

    assert response.status_code == 400
    item = _oob(response.content.decode(), f"task-{training}")
    assert "Ghi ngày theo dạng dd/mm/yyyy" in item
    assert 'value="31/02/2026"' in item
    assert AgencyReport.objects.get(pk=report.pk).version == 1


def test_the_service_rules_apply_to_an_item_as_to_the_whole_form(client, sample):
    report = sample.report
    training = sample.catalogue.training.pk
    client.force_login(sample.reporter)

    response = client.post(
        _save_url(report),
        {"version": "1", "item": f"task-{training}", **_task_fields(training, status="not_done")},
    )

    assert response.status_code == 400
    assert "Nêu lý do không thực hiện nhiệm vụ." in _oob(
        response.content.decode(), f"task-{training}"
    )
    assert TaskUpdate.objects.get(report=report, task_id=training).status == ""


def test_an_indicator_and_an_unchanged_item(client, sample):
    report = sample.report
    signature = sample.catalogue.signature.pk
    client.force_login(sample.reporter)
    data = {
        "version": "1",
        "item": f"indicator-{signature}",
        f"indicator-{signature}-value": "87,43%",
        f"indicator-{signature}-note": "",
        f"indicator-{signature}-source": "Cục Chứng thực số",
    }

    assert client.post(_save_url(report), data).status_code == 200
    value = IndicatorValue.objects.get(report=report, indicator_id=signature)
    assert (value.value_text, value.value_number) == ("87,43%", 87.43)

    again = client.post(_save_url(report), {**data, "version": "2"})
    assert "Nội dung không thay đổi so với bản đã lưu." in again.content.decode()
    assert AgencyReport.objects.get(pk=report.pk).version == 2


def test_only_the_agencys_own_reporters_save_with_a_csrf_token_into_an_editable_report(
    client, sample
):
    report = sample.report
    training = sample.catalogue.training.pk
    data = {"version": "1", "item": f"task-{training}", **_task_fields(training, status="done")}

    for user in (sample.health_reporter, sample.coordinator, sample.leader):
        client.force_login(user)
        assert client.post(_save_url(report), data).status_code == 403
    client.logout()
    assert client.post(_save_url(report), data).status_code == 302  # to the sign-in page

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(sample.reporter)
    assert strict.post(_save_url(report), data).status_code == 403

    client.force_login(sample.reporter)
    assert client.get(_save_url(report)).status_code == 405
    TaskUpdate.objects.filter(report=report, role="lead").update(status="in_progress")
    report_submit(report=report, actor=sample.reporter)
    sent = client.post(_save_url(report), {**data, "version": "2"})
    assert sent.status_code == 409
    assert "không sửa được" in sent.content.decode()
    assert TaskUpdate.objects.get(report=report, task_id=training).status == "in_progress"


def test_an_item_of_another_report_is_not_saved(client, sample):
    client.force_login(sample.reporter)
    records = sample.records.pk  # Sở Y tế leads it; Sở KH&CN only coordinates it

    response = client.post(
        _save_url(sample.report),
        {"version": "1", "item": "task-999999", **_task_fields(999999, status="done")},
    )

    assert response.status_code == 400
    assert "Không có mục nào để lưu" in response.content.decode()
    assert TaskUpdate.objects.get(report=sample.health_report, task_id=records).status == ""


# ----------------------------------------------------------------------- 160 items


@pytest.fixture
def health(db):
    return health_form_report()


def test_the_160_item_page_has_its_counter_filter_and_blocking_list_in_bounded_queries(
    client, health, django_assert_max_num_queries
):
    report = health.report
    assert report.task_updates.filter(role="lead").count() == 66
    assert report.task_updates.filter(role="coordinating").count() == 41
    assert report.indicator_values.count() == 52
    assert report.project_updates.count() == 1
    client.force_login(health.reporter)

    with django_assert_max_num_queries(20):
        page = client.get(_page_url(report), {"loc": "chua-dien"}).content.decode()

    assert page.count('class="task-card form-item') == 107
    # 160 items and Phần C's 7 topics, none filled yet.
    assert len(re.findall(r'<article [^>]*data-filled="0"', page)) == 167
    assert 'data-item-filter="unfilled"' in page
    assert "Đã điền <strong>0/167</strong> mục, còn <strong>167</strong> mục chưa điền." in page
    assert page.count("Chưa chọn tình trạng cho nhiệm vụ") == 66
    assert page.count('name="item"') == 167
    assert "vendor/htmx/htmx.min.js" in page and "dxtrack/report_form.js" in page
    assert "Alt</kbd>+<kbd>↓</kbd>" in page


def test_saving_one_part_of_the_160_items_runs_a_bounded_number_of_queries(
    client, health, django_assert_max_num_queries
):
    report = health.report
    leads = list(
        report.task_updates.filter(role="lead")
        .order_by("position")
        .values_list("task_id", flat=True)
    )
    data: dict = {"version": "1", "item": [f"task-{t}" for t in leads]}
    for task_id in leads:
        data.update(_task_fields(task_id, status="in_progress"))
    client.force_login(health.reporter)

    with django_assert_max_num_queries(45):
        response = client.post(_save_url(report), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã lưu 66 mục (phiên bản 2)." in html
    assert "Đủ điều kiện gửi báo cáo" in _oob(html, "form-blockers")
    assert report.task_updates.filter(role="lead", status="in_progress").count() == 66


def test_an_item_saves_its_evidence_file_with_it(client, sample):
    report = sample.report
    training = sample.catalogue.training.pk
    client.force_login(sample.reporter)
    upload = SimpleUploadedFile(
        "Quyết định 1827-QĐ-UBND.pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        content_type="application/pdf",
    )

    response = client.post(
        _save_url(report),
        {
            "version": "1",
            "item": f"task-{training}",
            **_task_fields(training, status="in_progress"),
            f"task-{training}-files": upload,
        },
    )

    assert response.status_code == 200
    evidence = EvidenceFile.objects.get(update__report=report, update__task_id=training)
    assert evidence.original_name == "Quyết định 1827-QĐ-UBND.pdf"
    assert "Quyết định 1827-QĐ-UBND.pdf" in _oob(response.content.decode(), f"task-{training}")
    assert AuditEntry.objects.filter(target_id=report.pk, action="report.save").exists()
