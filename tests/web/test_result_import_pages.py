"""Reading a filled result table into a report from the web: upload, preview, confirm."""

import io

import docx
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from dxtrack.reporting.models import AgencyReport, TaskStatus
from dxtrack.web.context_processors import access
from dxtrack.web.result_import_views import SESSION_KEY
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db

HEADER = [
    "TT",
    "Tên nhiệm vụ",
    "Thời hạn",
    "Kết quả",
    "Mô tả",
    "Ngày hoàn thành thực tế",
    "Khó khăn/vướng mắc",
]
ROWS = [
    [
        "1",
        "Triển khai khung năng lực, chuẩn kỹ năng công nghệ thông tin tích hợp kỹ năng số "
        "cho cán bộ, công chức, viên chức",
        "Tháng 12/2026",
        "Đã hoàn thành",
        "Đã ban hành khung năng lực số (Quyết định số 1234/QĐ-UBND)",
        "20/11/2026",
        "",
    ],
    [
        "2",
        "Triển khai hồ sơ sức khỏe điện tử cho người dân trên địa bàn tỉnh",
        "Năm 2026",
        "Đang thực hiện",
        "Phối hợp Sở Y tế kết nối 70/96 trạm y tế",
        "",
        "Thiếu đường truyền tại xã miền núi",
    ],
    [
        "3",
        "Triển khai nền tảng dữ liệu",
        "Năm 2026",
        "Đang thực hiện",
        "Đang khảo sát",
        "",
        "",
    ],
    ["4", "Tổ chức giải bóng đá giao hữu của công đoàn", "30/4/2026", "Đã hoàn thành", "", "", ""],
]


@pytest.fixture
def sample():
    return reporting_sample()


def _table(rows=ROWS, name="ket-qua-skhcn.docx") -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph("UBND TỈNH QUẢNG NGÃI")
    document.add_paragraph("SỞ KHOA HỌC VÀ CÔNG NGHỆ")
    document.add_paragraph("Phụ lục I")
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    for cell, label in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = label
    for row, values in zip(table.rows[1:], rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    data = io.BytesIO()
    document.save(data)
    return SimpleUploadedFile(name, data.getvalue())


def _upload_url(report) -> str:
    return reverse("result-import-upload", args=[report.period_id, report.agency_id])


def _report_url(report) -> str:
    return reverse("report-detail", args=[report.period_id, report.agency_id])


def _uploaded(client, report, upload=None):
    response = client.post(_upload_url(report), {"file": upload or _table()})
    assert response.status_code == 302, response
    return response["Location"]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_another_agencys_reporter_cannot_upload_or_preview(client, sample):
    client.force_login(sample.reporter)
    preview = _uploaded(client, sample.report)
    client.force_login(sample.health_reporter)

    assert client.post(_upload_url(sample.report), {"file": _table()}).status_code == 403
    assert client.get(preview).status_code == 403
    assert client.post(preview, {"row-0": "1"}).status_code == 403


@pytest.mark.parametrize("who", ["coordinator", "leader"])
def test_only_the_agencys_reporters_may_upload(client, sample, who):
    client.force_login(getattr(sample, who))

    assert client.post(_upload_url(sample.report), {"file": _table()}).status_code == 403


def test_the_upload_fragment_is_shown_to_the_reporter_only(sample):
    def fragment(user):
        request = RequestFactory().get("/")
        request.user = user
        return render_to_string(
            "web/_result_import.html", {"report": sample.report, **access(request)}, request
        )

    shown = fragment(sample.reporter)
    assert "Nhập bảng kết quả (Word, Excel)" in shown
    assert _upload_url(sample.report) in shown
    assert 'name="csrfmiddlewaretoken"' in shown
    assert fragment(sample.coordinator).strip() == ""


@pytest.mark.parametrize(
    "upload, expected",
    [
        (
            SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.7"),
            "chỉ nhận tệp Word (.docx), Excel (.xlsx)",
        ),
        (SimpleUploadedFile("ket-qua.docx", b"not a zip"), "ket-qua.docx"),
        (
            SimpleUploadedFile("ke-hoach.txt", "KẾ HOẠCH\nNội dung\n".encode()),
            "không có bảng kết quả",
        ),
    ],
    ids=["type", "damaged", "no-table"],
)
def test_a_bad_file_gives_a_message_and_writes_nothing(client, sample, upload, expected):
    client.force_login(sample.reporter)
    version = sample.report.version

    response = client.post(_upload_url(sample.report), {"file": upload})

    assert response.status_code == 302
    assert response["Location"] == _report_url(sample.report)
    (message,) = _messages(response)
    assert expected in message
    assert SESSION_KEY not in client.session
    assert AgencyReport.objects.get(pk=sample.report.pk).version == version


def test_a_file_too_large_is_refused(client, sample, monkeypatch):
    monkeypatch.setattr("dxtrack.web.result_import_views.MAX_UPLOAD_BYTES", 1000)
    client.force_login(sample.reporter)

    response = client.post(_upload_url(sample.report), {"file": _table()})

    assert "vượt giới hạn" in _messages(response)[0]
    assert SESSION_KEY not in client.session


def test_the_preview_shows_each_row_its_match_and_candidates(client, sample):
    client.force_login(sample.reporter)
    preview = _uploaded(client, sample.report)

    response = client.get(preview)

    assert response.status_code == 200
    page = response.content.decode()
    assert "ket-qua-skhcn.docx" in page
    assert "Tháng 12/2026" in page
    assert "20/11/2026" in page
    assert "Đã hoàn thành" in page
    rows = {r["index"]: r for r in response.context["rows"]}
    first = rows[0]["row"]
    assert first.match.sure
    assert first.match.task_id == sample.catalogue.training.pk
    assert rows[0]["in_report"]
    assert sample.catalogue.training.name in page
    # The row that is like several tasks offers them, and "Không ghi dòng này".
    unsure = rows[2]
    assert not (unsure["row"].match and unsure["row"].match.sure)
    assert [c["candidate"].task_id for c in unsure["choices"]] == [sample.catalogue.old_task.pk]
    assert 'name="row-2"' in page
    assert "Không ghi dòng này" in page
    assert rows[3]["row"].match is None
    assert rows[3]["choices"] == []
    assert "Không tìm thấy nhiệm vụ tương ứng; dòng này sẽ không được ghi." in page


def test_a_row_whose_task_is_not_in_this_report_is_flagged(client, sample):
    client.force_login(sample.health_reporter)
    lgsp = [["1", sample.catalogue.old_task.name, "2024 - 2025", "Đã hoàn thành", "", "", ""]]
    preview = _uploaded(client, sample.health_report, _table(lgsp))

    response = client.get(preview)

    (row,) = response.context["rows"]
    assert row["row"].match.task_id == sample.catalogue.old_task.pk
    assert not row["in_report"]
    assert "không thuộc báo cáo của đơn vị" in response.content.decode()


def test_confirm_records_the_rows_and_returns_to_the_report(client, sample):
    client.force_login(sample.reporter)
    preview = _uploaded(client, sample.report)
    context_rows = client.get(preview).context["rows"]
    records = sample.records
    version = sample.report.version
    choices = {
        f"row-{r['index']}": r["row"].match.task_id
        for r in context_rows
        if r["row"].match and r["row"].match.sure
    }

    response = client.post(preview, choices)

    assert response.status_code == 302
    assert response["Location"] == _report_url(sample.report)
    message = _messages(response)[0]
    assert "Đã ghi" in message and "ket-qua-skhcn.docx" in message
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert report.version == version + 1
    updates = {u.task_id: u for u in report.task_updates.all()}
    first = context_rows[0]["row"].match.task_id
    assert updates[first].status == TaskStatus.DONE
    assert updates[first].description.startswith("Đã ban hành khung năng lực số")
    assert updates[first].completed_on.isoformat() == "2026-11-20"
    assert updates[records.pk].status == TaskStatus.IN_PROGRESS
    assert updates[records.pk].difficulties == "Thiếu đường truyền tại xã miền núi"
    assert updates[context_rows[2]["row"].candidates[0].task_id].status == ""  # unsure: skipped
    assert SESSION_KEY not in client.session
    assert client.get(preview).status_code == 404  # confirmed once


def test_a_row_left_unchecked_is_not_recorded(client, sample):
    client.force_login(sample.reporter)
    preview = _uploaded(client, sample.report, _table([ROWS[0]]))
    first = client.get(preview).context["rows"][0]["row"].match.task_id

    client.post(preview, {})

    assert (
        AgencyReport.objects.get(pk=sample.report.pk).task_updates.get(task_id=first).status == ""
    )


def test_a_choice_outside_the_offered_tasks_is_ignored(client, sample):
    client.force_login(sample.reporter)
    preview = _uploaded(client, sample.report, _table([ROWS[3]]))
    other = sample.report.task_updates.first().task_id

    client.post(preview, {"row-0": str(other)})

    assert (
        AgencyReport.objects.get(pk=sample.report.pk).task_updates.get(task_id=other).status == ""
    )


def test_an_invalid_row_is_shown_and_nothing_is_written(client, sample):
    client.force_login(sample.reporter)
    future = [*ROWS[0][:5], "20/11/2099", ""]
    preview = _uploaded(client, sample.report, _table([future]))
    first = client.get(preview).context["rows"][0]["row"].match.task_id
    version = sample.report.version

    response = client.post(preview, {"row-0": str(first)})

    assert response.status_code == 400
    assert (
        "Phụ lục I, TT 1: Ngày hoàn thành không được sau ngày hôm nay." in response.content.decode()
    )
    assert AgencyReport.objects.get(pk=sample.report.pk).version == version


def test_the_confirm_needs_the_csrf_token(sample):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sample.reporter)

    assert client.post(_upload_url(sample.report), {"file": _table()}).status_code == 403


def test_the_preview_runs_a_bounded_number_of_queries(
    client, sample, django_assert_max_num_queries
):
    client.force_login(sample.reporter)
    many = [[str(n), *ROWS[n % 4][1:]] for n in range(1, 61)]
    preview = _uploaded(client, sample.report, _table(many))

    with django_assert_max_num_queries(12):
        response = client.get(preview)

    assert len(response.context["rows"]) == 60
