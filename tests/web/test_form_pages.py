"""Pages of the Excel form, extension requests and notifications: who may do what."""

import datetime as dt
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from dxtrack.reporting.extension_services import extension_request
from dxtrack.reporting.models import ExtensionRequest, Notification
from dxtrack.reporting.selectors import task_deadlines
from dxtrack.web.context_processors import access
from reporting.sample import account, reporting_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return reporting_sample()


def _excel(report) -> str:
    return reverse("report-excel", args=[report.period_id, report.agency_id])


# ----------------------------------------------------------------------- Excel form


def test_a_reporter_cannot_download_or_upload_another_agencys_form(client, sample):
    client.force_login(sample.reporter)  # Sở Khoa học và Công nghệ
    other = sample.health_report

    assert client.get(_excel(other)).status_code == 403
    response = client.post(_excel(other), {"file": SimpleUploadedFile("f.xlsx", b"PK\x03\x04")})
    assert response.status_code == 403
    assert client.get(_excel(sample.report)).status_code == 200


@pytest.mark.parametrize("who", ["coordinator", "leader"])
def test_readers_download_any_form_but_cannot_upload(client, sample, who):
    client.force_login(getattr(sample, who))

    response = client.get(_excel(sample.health_report))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert "Đơn vị báo cáo: Sở Y tế" in wb["Nhiệm vụ chủ trì"]["A3"].value
    upload = client.post(
        _excel(sample.health_report), {"file": SimpleUploadedFile("f.xlsx", response.content)}
    )
    assert upload.status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, sample):
    response = client.get(_excel(sample.report))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_form_of_an_agency_without_a_report_is_not_found(client, sample):
    client.force_login(sample.coordinator)
    dic = sample.catalogue.dic  # no longer exists: its work went to Sở KH&CN

    assert client.get(reverse("report-excel", args=[sample.period.pk, dic.pk])).status_code == 404


def test_an_upload_without_a_file_says_so(client, sample):
    client.force_login(sample.reporter)

    response = client.post(_excel(sample.report), {})

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Chọn tệp Excel đã điền để tải lên."]


def _fragment(user, report, path="/") -> str:
    request = RequestFactory().get(path)
    request.user = user
    return render_to_string(
        "web/_excel_form.html", {"report": report, **access(request)}, request=request
    )


def test_the_fragment_offers_the_upload_only_to_the_reporter_of_an_editable_report(sample):
    mine = _fragment(sample.reporter, sample.report)
    assert f'href="{_excel(sample.report)}"' in mine
    assert 'enctype="multipart/form-data"' in mine
    assert 'name="csrfmiddlewaretoken"' in mine
    assert "Tải biểu mẫu Excel" in mine

    leader = _fragment(sample.leader, sample.report)
    assert f'href="{_excel(sample.report)}"' in leader
    assert "multipart/form-data" not in leader

    sample.report.status = "submitted"
    assert "multipart/form-data" not in _fragment(sample.reporter, sample.report)


# ----------------------------------------------------------------------- extensions


def test_a_reporter_asks_to_extend_a_task_its_agency_leads(client, sample):
    client.force_login(sample.reporter)
    training = sample.catalogue.training

    page = client.get(reverse("extension-new") + f"?task={training.pk}").content.decode()
    assert "Đề nghị gia hạn, điều chỉnh nhiệm vụ" in page
    assert f'<option value="{training.pk}" selected>' in page
    assert f'value="{sample.records.pk}"' not in page  # only coordinated: not offered

    response = client.post(
        reverse("extension-new"),
        {
            "task": training.pk,
            "kind": "extend",
            "proposed_end": "30/06/2027",
            "reason": "Chờ Bộ Nội vụ ban hành khung năng lực số thống nhất.",
        },
    )

    created = ExtensionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("extension-detail", args=[created.pk])
    assert (created.agency, created.task, created.proposed_end) == (
        sample.catalogue.dost,
        training,
        dt.date(2027, 6, 30),
    )
    assert created.original_end == training.ends_on
    assert created.requested_by == sample.reporter


def test_an_extension_without_a_new_deadline_is_refused_with_the_reason(client, sample):
    client.force_login(sample.reporter)

    response = client.post(
        reverse("extension-new"),
        {"task": sample.catalogue.training.pk, "kind": "extend", "reason": "Thiếu kinh phí"},
    )

    assert response.status_code == 400
    assert "Nêu thời hạn mới đề nghị." in response.content.decode()
    assert not ExtensionRequest.objects.exists()


def test_a_task_the_agency_does_not_lead_cannot_be_chosen(client, sample):
    client.force_login(sample.reporter)

    response = client.post(
        reverse("extension-new"),
        {
            "task": sample.records.pk,
            "kind": "adjust",
            "proposed_content": "Bỏ chỉ tiêu số hồ sơ",
            "reason": "Không phù hợp",
        },
    )

    assert response.status_code == 400
    assert not ExtensionRequest.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "leader"])
def test_only_reporters_ask_for_extensions(client, sample, who):
    client.force_login(getattr(sample, who))

    assert client.get(reverse("extension-new")).status_code == 403


@pytest.fixture
def requests_(sample):
    dost = extension_request(
        task=sample.catalogue.training,
        agency_id=sample.catalogue.dost.pk,
        actor=sample.reporter,
        kind="extend",
        reason="Chờ hướng dẫn của Bộ Nội vụ",
        proposed_end=dt.date(2027, 6, 30),
    )
    health = extension_request(
        task=sample.records,
        agency_id=sample.catalogue.health.pk,
        actor=sample.health_reporter,
        kind="adjust",
        reason="Dữ liệu tiêm chủng chưa được kết nối",
        proposed_content="Điều chỉnh kết quả thành 70% người dân có hồ sơ sức khỏe điện tử",
    )
    return dost, health


def test_reporters_see_only_their_agencys_requests(client, sample, requests_):
    dost, health = requests_
    client.force_login(sample.reporter)

    page = client.get(reverse("extension-list")).content.decode()

    assert "Đề nghị gia hạn, điều chỉnh" in page
    assert reverse("extension-detail", args=[dost.pk]) in page
    assert reverse("extension-detail", args=[health.pk]) not in page
    assert client.get(reverse("extension-detail", args=[health.pk])).status_code == 403


def test_the_coordinator_sees_every_pending_request(client, sample, requests_):
    client.force_login(sample.coordinator)

    page = client.get(reverse("extension-list") + "?status=pending").content.decode()

    for item in requests_:
        assert reverse("extension-detail", args=[item.pk]) in page
    assert "Chờ xem xét" in page
    assert "30/06/2027" in page


def test_the_coordinator_approves_and_the_new_deadline_applies_to_the_agency(
    client, sample, requests_
):
    dost, _health = requests_
    training = sample.catalogue.training
    client.force_login(sample.coordinator)
    page = client.get(reverse("extension-detail", args=[dost.pk])).content.decode()
    assert 'value="approve"' in page

    response = client.post(
        reverse("extension-detail", args=[dost.pk]),
        {"decision": "approve", "comment": "Đồng ý gia hạn đến 30/6/2027."},
    )

    assert response.status_code == 302
    dost.refresh_from_db()
    assert dost.status == ExtensionRequest.Status.APPROVED
    assert dost.decided_by == sample.coordinator
    training.refresh_from_db()
    assert training.ends_on == dt.date(2030, 12, 31)  # the plan keeps its deadline
    assert task_deadlines(agency_id=sample.catalogue.dost.pk, task_ids=[training.pk]) == {
        training.pk: dt.date(2027, 6, 30)
    }
    notice = Notification.objects.get(user=sample.reporter)
    assert "được chấp thuận" in notice.message
    page = client.get(reverse("extension-detail", args=[dost.pk])).content.decode()
    assert "Đã chấp thuận" in page
    assert 'value="approve"' not in page  # decided: no second decision


def test_refusing_needs_a_reason(client, sample, requests_):
    _dost, health = requests_
    client.force_login(sample.coordinator)

    response = client.post(reverse("extension-detail", args=[health.pk]), {"decision": "refuse"})

    assert response.status_code == 400
    assert "Nêu lý do không chấp thuận." in response.content.decode()
    health.refresh_from_db()
    assert health.status == ExtensionRequest.Status.PENDING


def test_a_reporter_cannot_decide_its_own_request(client, sample, requests_):
    dost, _health = requests_
    client.force_login(sample.reporter)

    page = client.get(reverse("extension-detail", args=[dost.pk])).content.decode()
    assert 'value="approve"' not in page
    response = client.post(reverse("extension-detail", args=[dost.pk]), {"decision": "approve"})

    assert response.status_code == 403
    dost.refresh_from_db()
    assert dost.status == ExtensionRequest.Status.PENDING


def test_the_list_of_requests_runs_a_fixed_number_of_queries(
    client, sample, django_assert_max_num_queries
):
    for n in range(30):
        extension_request(
            task=sample.catalogue.training,
            agency_id=sample.catalogue.dost.pk,
            actor=sample.reporter,
            kind="extend",
            reason=f"Lần đề nghị {n + 1}",
            proposed_end=dt.date(2027, 1, 1) + dt.timedelta(days=n),
        )
    client.force_login(sample.coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("extension-list"))

    assert response.content.decode().count("Sở Khoa học và Công nghệ</td>") == 30


# ----------------------------------------------------------------------- notifications


def test_the_notifications_page_lists_the_users_notices_and_marks_them_read(client, sample):
    Notification.objects.create(
        user=sample.reporter,
        message="Báo cáo kỳ “Báo cáo năm 2026” được trả lại để bổ sung: thiếu minh chứng.",
        url="/ky-bao-cao/1/don-vi/1/",
    )
    Notification.objects.create(user=sample.health_reporter, message="Thông báo của Sở Y tế")
    client.force_login(sample.reporter)

    page = client.get(reverse("notification-list")).content.decode()

    assert "được trả lại để bổ sung: thiếu minh chứng" in page
    assert 'href="/ky-bao-cao/1/don-vi/1/"' in page
    assert "Thông báo của Sở Y tế" not in page
    assert "1 thông báo chưa đọc." in page

    response = client.post(reverse("notification-list"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=sample.reporter, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=sample.health_reporter, read_at__isnull=True).exists()
    page = client.get(reverse("notification-list")).content.decode()
    assert "Đã đánh dấu 1 thông báo là đã đọc." in page
    assert "chưa đọc" not in page


def test_the_notifications_page_runs_a_fixed_number_of_queries(
    client, sample, django_assert_max_num_queries
):
    user = account("nhieu.thongbao", "reporter", sample.catalogue.dost)
    Notification.objects.bulk_create(
        Notification(user=user, message=f"Thông báo số {n}") for n in range(80)
    )
    client.force_login(user)

    with django_assert_max_num_queries(8):
        page = client.get(reverse("notification-list")).content.decode()

    assert page.count('class="notification notification--unread"') == 50
    assert "Trang 1/2" in page
