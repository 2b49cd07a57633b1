"""An agency's report page: every role against every action, the form that keeps what was
typed, the version guard, evidence files, review, comments, history and query counts."""

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dxtrack.reporting.evidence_services import evidence_attach
from dxtrack.reporting.models import (
    AgencyReport,
    EvidenceFile,
    ExtensionRequest,
    IndicatorValue,
    ReportComment,
    ReportingPeriod,
    ReportVersion,
    TaskUpdate,
)
from dxtrack.reporting.period_services import period_create, period_open
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_return, report_save, report_submit
from factories import UserFactory, large_catalogue
from reporting.sample import account, reporting_sample

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
EVIDENCE_NAME = "Quyết định 1827-QĐ-UBND.pdf"


@pytest.fixture
def sample():
    return reporting_sample()


def _url(report, name="report-detail", *extra) -> str:
    return reverse(name, args=[report.period_id, report.agency_id, *extra])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


class _FormReader(HTMLParser):
    """What a browser would send from the report form, as rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "report-form":
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "checkbox", "submit"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "select":
            self._select = name
            self.data[name] = ""
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the newline right after <textarea>.
            self.data[self._textarea] += data.removeprefix("\n")


def _form(client, report) -> dict[str, str]:
    response = client.get(_url(report))
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    assert reader.data, "the page has no report form"
    return reader.data


def _lead(sample, attr="training") -> str:
    return f"task-{getattr(sample.catalogue, attr).pk}"


def _sendable(sample, data: dict) -> dict:
    """The form with a status for every task Sở KH&CN leads."""
    data[f"{_lead(sample)}-status"] = "in_progress"
    data[f"{_lead(sample, 'old_task')}-status"] = "done"
    data[f"{_lead(sample, 'old_task')}-completed_on"] = "15/10/2026"
    return data


# ----------------------------------------------------------------------- access


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, sample):
    for url in (_url(sample.report), _url(sample.report, "report-history")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_reporter_cannot_read_or_change_another_agencys_report(client, sample):
    other = sample.health_report
    evidence = evidence_attach(
        update=other.task_updates.get(task=sample.records),
        actor=sample.health_reporter,
        name="Báo cáo hồ sơ sức khỏe.pdf",
        data=PDF,
    )
    client.force_login(sample.reporter)  # Sở Khoa học và Công nghệ

    assert client.get(_url(other)).status_code == 403
    assert client.get(_url(other, "report-history")).status_code == 403
    assert client.get(_url(other, "evidence-download", evidence.pk)).status_code == 403
    posted = {"version": other.version, f"task-{sample.records.pk}-status": "done"}
    assert client.post(_url(other), {**posted, "action": "save"}).status_code == 403
    assert client.post(_url(other), {**posted, "action": "submit"}).status_code == 403
    assert client.post(_url(other, "report-return"), {"comment": "Bổ sung"}).status_code == 403
    assert client.post(_url(other, "report-approve")).status_code == 403
    assert client.post(_url(other, "report-comment"), {"text": "Tốt"}).status_code == 403
    other.refresh_from_db()
    assert (other.status, other.version) == (AgencyReport.Status.DRAFT, 1)
    assert other.task_updates.get(task=sample.records).status == ""


def test_a_reporter_without_a_report_in_the_period_finds_nothing(client, sample):
    client.force_login(sample.reporter)
    dic = sample.catalogue.dic  # its work passed to Sở KH&CN

    assert client.get(reverse("report-detail", args=[sample.period.pk, dic.pk])).status_code == 403
    client.force_login(sample.coordinator)
    assert client.get(reverse("report-detail", args=[sample.period.pk, dic.pk])).status_code == 404


def test_a_reporters_own_report_is_a_form_with_both_buttons(client, sample):
    client.force_login(sample.reporter)

    page = client.get(_url(sample.report)).content.decode()

    assert "<h1>Sở Khoa học và Công nghệ</h1>" in page
    assert 'id="report-form"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="version" value="1"' in page
    assert '<button type="submit" name="action" value="save">Lưu nháp</button>' in page
    assert 'value="submit" class="button">Gửi báo cáo</button>' in page
    assert "data-submit-once" in page
    for label in (
        "Đã hoàn thành",
        "Hoàn thành quá hạn",
        "Đang thực hiện",
        "Chưa thực hiện",
        "Không thực hiện",
    ):
        assert f">{label}</option>" in page
    assert "Phần A. Chỉ tiêu" in page and "Phần C. Đánh giá, kiến nghị theo lĩnh vực" in page
    assert "Tồn tại, hạn chế" in page and "Đề xuất, kiến nghị" in page
    assert "An toàn thông tin mạng và an ninh mạng" in page
    assert "≥ 50%" in page  # the indicator's target
    assert "Xem xét báo cáo" not in page  # no review for the agency itself


@pytest.mark.parametrize("who", ["leader", "coordinator"])
def test_leaders_and_the_coordinator_read_any_report_but_cannot_save_it(client, sample, who):
    client.force_login(getattr(sample, who))

    page = client.get(_url(sample.health_report)).content.decode()

    assert "<h1>Sở Y tế</h1>" in page
    assert "Triển khai hồ sơ sức khỏe điện tử" in page
    assert 'id="report-form"' not in page and "Lưu nháp" not in page
    assert "chế độ chỉ đọc" in page
    response = client.post(
        _url(sample.health_report),
        {"version": 1, "action": "save", f"task-{sample.records.pk}-status": "done"},
    )
    assert response.status_code == 403
    assert sample.health_report.task_updates.get(task=sample.records).status == ""


def test_a_leader_cannot_return_or_approve(client, sample):
    report_submit(report=_with_statuses(sample), actor=sample.reporter)
    client.force_login(sample.leader)

    page = client.get(_url(sample.report)).content.decode()
    assert "Xem xét báo cáo" not in page
    assert client.post(_url(sample.report, "report-return"), {"comment": "Sửa"}).status_code == 403
    assert client.post(_url(sample.report, "report-approve")).status_code == 403
    sample.report.refresh_from_db()
    assert sample.report.status == AgencyReport.Status.SUBMITTED


def test_actions_are_refused_on_get(client, sample):
    client.force_login(sample.coordinator)
    for name in ("report-return", "report-approve", "report-comment"):
        assert client.get(_url(sample.report, name)).status_code == 405


# ----------------------------------------------------------------------- saving


def test_a_reporter_saves_a_draft_and_finds_it_again(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    training = _lead(sample)
    data.update(
        {
            "action": "save",
            f"{training}-status": "in_progress",
            f"{training}-description": "Đã tổ chức 12 lớp kỹ năng số cho 1.250 công chức.",
            f"{training}-evidence": "Quyết định số 1827-QĐ/TU ngày 11/02/2025",
            f"{training}-difficulties": "Thiếu giảng viên tại các xã miền núi.",
            f"{training}-proposals": "Bổ sung kinh phí năm 2027.",
            f"{_lead(sample, 'old_task')}-status": "done_late",
            f"{_lead(sample, 'old_task')}-completed_on": "15/10/2026",
            f"indicator-{sample.catalogue.signature.pk}-value": "87,43%",
            f"indicator-{sample.catalogue.signature.pk}-note": "Số liệu đến 31/10/2026",
            f"indicator-{sample.catalogue.signature.pk}-source": "Cục Chứng thực số",
            "topic-ha_tang-issues": "Hạ tầng mạng ở vùng sâu còn yếu.",
            "topic-ha_tang-proposals": "Hỗ trợ phủ sóng 4G.",
        }
    )

    response = client.post(_url(sample.report), data)

    assert response.status_code == 302
    assert response["Location"] == _url(sample.report)
    assert _messages(response) == ["Đã lưu nháp (phiên bản 2)."]
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert (report.version, report.status) == (2, AgencyReport.Status.DRAFT)
    update = report.task_updates.get(task=sample.catalogue.training)
    assert update.status == "in_progress"
    assert update.description == "Đã tổ chức 12 lớp kỹ năng số cho 1.250 công chức."
    assert update.evidence == "Quyết định số 1827-QĐ/TU ngày 11/02/2025"
    assert report.task_updates.get(task=sample.catalogue.old_task).completed_on == dt.date(
        2026, 10, 15
    )
    value = report.indicator_values.get(indicator=sample.catalogue.signature)
    assert (value.value_text, value.value_number) == ("87,43%", 87.43)
    assert (value.note, value.source) == ("Số liệu đến 31/10/2026", "Cục Chứng thực số")
    assert report.assessment["ha_tang"] == {
        "issues": "Hạ tầng mạng ở vùng sâu còn yếu.",
        "proposals": "Hỗ trợ phủ sóng 4G.",
    }
    page = client.get(_url(report)).content.decode()
    assert 'name="version" value="2"' in page
    assert 'value="87,43%"' in page
    assert 'value="15/10/2026"' in page
    assert '<option value="in_progress" selected>Đang thực hiện</option>' in page
    assert "Thiếu giảng viên tại các xã miền núi." in page


def test_a_date_from_the_browsers_date_picker_is_read(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    data.update(
        {
            "action": "save",
            f"{_lead(sample, 'old_task')}-status": "done",
            f"{_lead(sample, 'old_task')}-completed_on": "2026-06-30",
        }
    )

    assert client.post(_url(sample.report), data).status_code == 302
    update = TaskUpdate.objects.get(report=sample.report, task=sample.catalogue.old_task)
    assert update.completed_on == dt.date(2026, 6, 30)


def test_saving_nothing_new_makes_no_version(client, sample):
    client.force_login(sample.reporter)
    data = {**_form(client, sample.report), "action": "save"}

    response = client.post(_url(sample.report), data)

    assert _messages(response) == ["Nội dung không thay đổi so với bản đã lưu."]
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 1
    assert ReportVersion.objects.filter(report=sample.report).count() == 1


def test_invalid_input_is_shown_again_next_to_its_field_with_everything_typed(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    training, old = _lead(sample), _lead(sample, "old_task")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    data.update(
        {
            "action": "save",
            f"{training}-status": "in_progress",
            f"{training}-completed_on": "01/10/2026",  # not completed: no completion date
            f"{training}-description": "Đang xây dựng tài liệu bồi dưỡng.",
            f"{old}-status": "done",
            f"{old}-completed_on": tomorrow,
            f"indicator-{sample.catalogue.signature.pk}-value": "khoảng một nửa",
            f"indicator-{sample.catalogue.online.pk}-value": "1.250",
            "topic-the_che-issues": "Chưa có quy chế chia sẻ dữ liệu.",
        }
    )

    response = client.post(_url(sample.report), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Báo cáo chưa được lưu: 3 ô cần sửa" in page
    signature = page[page.index(f'id="indicator-{sample.catalogue.signature.pk}"') :]
    signature = signature[: signature.index("</tr>")]
    assert "“khoảng một nửa” không phải là một số liệu" in signature
    task = page[page.index(f'id="{training}"') :]
    task = task[: task.index("</article>")]
    assert "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành." in task
    assert 'value="01/10/2026"' in task
    task = page[page.index(f'id="{old}"') :]
    task = task[: task.index("</article>")]
    assert "Ngày hoàn thành không được sau ngày hôm nay." in task
    # Everything typed is still in its box.
    assert 'value="khoảng một nửa"' in page
    assert 'value="1.250"' in page
    assert f'value="{tomorrow}"' in task
    assert "Đang xây dựng tài liệu bồi dưỡng." in page
    assert "Chưa có quy chế chia sẻ dữ liệu." in page
    assert '<option value="done" selected>Đã hoàn thành</option>' in task
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 1
    assert not IndicatorValue.objects.filter(report=sample.report).exclude(value_text="").exists()

    # A date that is no date: refused by the form, the text kept as typed.
    data[f"{old}-completed_on"] = "31/13/2026"
    response = client.post(_url(sample.report), data)
    page = response.content.decode()
    assert response.status_code == 400
    task = page[page.index(f'id="{old}"') :]
    task = task[: task.index("</article>")]
    assert "Ghi ngày theo dạng dd/mm/yyyy, ví dụ 30/11/2026." in task
    assert 'value="31/13/2026"' in task
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 1


def test_a_stale_save_keeps_what_was_typed_and_lists_what_the_other_person_changed(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)  # read at version 1
    # Meanwhile a colleague of the same agency saves the training task.
    report_save(
        report=sample.report,
        actor=sample.colleague,
        data=ReportInput(
            tasks={
                sample.catalogue.training.pk: TaskInput(
                    status="Đang thực hiện", description="Đã ban hành kế hoạch bồi dưỡng."
                )
            }
        ),
        version=1,
    )
    signature = f"indicator-{sample.catalogue.signature.pk}"
    data.update(
        {
            "action": "save",
            f"{signature}-value": "52,5%",
            "topic-nhan_luc_so-issues": "Thiếu nhân lực.",
        }
    )

    response = client.post(_url(sample.report), data)

    page = response.content.decode()
    assert response.status_code == 409
    assert "Báo cáo đã được người khác cập nhật trong lúc bạn soạn" in page
    assert "Các thay đổi người khác vừa lưu" in page
    stale = page[page.index('class="notice notice--error stale-notice"') :]
    stale = stale[: stale.index("</section>")]
    assert "Nhiệm vụ 4. Triển khai khung năng lực" in stale
    assert "Kết quả thực hiện" in stale and "Đã ban hành kế hoạch bồi dưỡng." in stale
    assert "Đang thực hiện" in stale  # the status by its label, not "in_progress"
    # What the user typed is kept; what only the colleague changed is brought in.
    assert 'value="52,5%"' in page
    assert "Thiếu nhân lực." in page
    assert 'name="version" value="2"' in page
    assert "Đã ban hành kế hoạch bồi dưỡng.</textarea>" in page
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 2
    assert (
        IndicatorValue.objects.get(
            report=sample.report, indicator=sample.catalogue.signature
        ).value_text
        == ""
    )

    # Saving the page as shown keeps both people's work.
    reader = _FormReader()
    reader.feed(page)
    response = client.post(_url(sample.report), {**reader.data, "action": "save"})
    assert response.status_code == 302
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert report.version == 3
    value = report.indicator_values.get(indicator=sample.catalogue.signature)
    assert value.value_text == "52,5%"
    assert report.task_updates.get(task=sample.catalogue.training).description == (
        "Đã ban hành kế hoạch bồi dưỡng."
    )
    assert report.assessment["nhan_luc_so"]["issues"] == "Thiếu nhân lực."


def test_a_field_both_people_changed_keeps_the_users_text_and_shows_the_other(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    report_save(
        report=sample.report,
        actor=sample.colleague,
        data=ReportInput(
            tasks={sample.catalogue.training.pk: TaskInput(description="Bản của đồng nghiệp.")}
        ),
        version=1,
    )
    data.update({"action": "save", f"{_lead(sample)}-description": "Bản của tôi."})

    page = client.post(_url(sample.report), data).content.decode()

    assert "Bản của tôi.</textarea>" in page
    assert "Người khác vừa lưu ô này là: “Bản của đồng nghiệp.”" in page


# ----------------------------------------------------------------------- sending


def _with_statuses(sample) -> AgencyReport:
    return report_save(
        report=sample.report,
        actor=sample.reporter,
        data=ReportInput(
            tasks={
                sample.catalogue.training.pk: TaskInput(status="Đang thực hiện"),
                sample.catalogue.old_task.pk: TaskInput(status="Chưa thực hiện"),
            }
        ),
        version=sample.report.version,
    )


def test_sending_saves_what_was_typed_and_sends_once_on_a_double_click(client, sample):
    client.force_login(sample.reporter)
    data = _sendable(sample, {**_form(client, sample.report), "action": "submit"})

    first = client.post(_url(sample.report), data)
    second = client.post(_url(sample.report), data)  # the same page, sent again

    assert first.status_code == second.status_code == 302
    assert _messages(first) == ["Đã gửi báo cáo đến cơ quan thường trực."]
    assert _messages(second)[-1] == "Báo cáo đã được gửi cơ quan thường trực."
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert report.status == AgencyReport.Status.SUBMITTED
    actions = list(report.versions.order_by("number").values_list("action", flat=True))
    assert actions == ["open", "save", "submit"]
    page = client.get(_url(report)).content.decode()
    assert 'id="report-form"' not in page
    assert "Báo cáo đang ở trạng thái “Đã gửi”: chỉ xem, không sửa được." in page


def test_sending_without_a_status_for_every_led_task_says_which(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    data.update(
        {
            "action": "submit",
            f"{_lead(sample)}-status": "in_progress",
            f"{_lead(sample)}-description": "Đang triển khai.",
        }
    )

    response = client.post(_url(sample.report), data)

    page = response.content.decode()
    assert response.status_code == 400
    old = page[page.index(f'id="{_lead(sample, "old_task")}"') :]
    old = old[: old.index("</article>")]
    assert "Chưa chọn tình trạng cho nhiệm vụ 1" in old
    assert "Đang triển khai." in page
    report = AgencyReport.objects.get(pk=sample.report.pk)
    # Nothing half done: neither saved nor sent.
    assert (report.status, report.version) == (AgencyReport.Status.DRAFT, 1)


def test_a_sent_report_cannot_be_saved(client, sample):
    client.force_login(sample.reporter)
    data = _sendable(sample, {**_form(client, sample.report), "action": "submit"})
    client.post(_url(sample.report), data)

    response = client.post(_url(sample.report), {**data, "action": "save"})

    assert response.status_code == 302
    assert _messages(response)[-1] == "Báo cáo đang ở trạng thái “Đã gửi”, không sửa được."


# ----------------------------------------------------------------------- review


def test_the_coordinator_returns_a_report_with_a_comment_the_reporter_then_reads(client, sample):
    report_submit(report=_with_statuses(sample), actor=sample.reporter)
    client.force_login(sample.coordinator)
    page = client.get(_url(sample.report)).content.decode()
    assert "Xem xét báo cáo" in page
    assert f'action="{_url(sample.report, "report-return")}"' in page
    assert f'action="{_url(sample.report, "report-approve")}"' in page

    empty = client.post(_url(sample.report, "report-return"), {"comment": "  "})
    assert empty.status_code == 400
    assert "Nêu nội dung cần đơn vị bổ sung, sửa đổi." in empty.content.decode()
    assert AgencyReport.objects.get(pk=sample.report.pk).status == AgencyReport.Status.SUBMITTED

    comment = "Bổ sung số liệu chữ ký số đến 31/10/2026 và văn bản minh chứng."
    response = client.post(_url(sample.report, "report-return"), {"comment": comment})
    assert response.status_code == 302
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert (report.status, report.review_comment) == (AgencyReport.Status.RETURNED, comment)

    client.force_login(sample.reporter)
    page = client.get(_url(report)).content.decode()
    assert "Cơ quan thường trực trả lại báo cáo để bổ sung:" in page
    assert comment in page
    assert 'id="report-form"' in page  # may be corrected again


def test_the_coordinator_approves_a_sent_report(client, sample):
    report_submit(report=_with_statuses(sample), actor=sample.reporter)
    client.force_login(sample.coordinator)

    response = client.post(_url(sample.report, "report-approve"))

    assert _messages(response) == ["Đã duyệt báo cáo."]
    report = AgencyReport.objects.get(pk=sample.report.pk)
    assert (report.status, report.reviewed_by) == (AgencyReport.Status.APPROVED, sample.coordinator)
    again = client.post(_url(sample.report, "report-approve"))
    assert _messages(again)[-1] == "Không thể duyệt báo cáo đang ở trạng thái “Đã duyệt”."


def test_a_draft_cannot_be_approved(client, sample):
    client.force_login(sample.coordinator)

    page = client.get(_url(sample.report)).content.decode()
    response = client.post(_url(sample.report, "report-approve"))

    assert "Xem xét báo cáo" not in page
    assert _messages(response) == ["Không thể duyệt báo cáo đang ở trạng thái “Đang soạn”."]


@pytest.mark.parametrize("who", ["leader", "coordinator"])
def test_leaders_and_the_coordinator_comment_on_a_report(client, sample, who):
    user = getattr(sample, who)
    client.force_login(user)

    empty = client.post(_url(sample.report, "report-comment"), {"text": ""})
    assert empty.status_code == 400
    assert "Ý kiến không được để trống." in empty.content.decode()

    text = "Đề nghị đẩy nhanh tiến độ bồi dưỡng kỹ năng số cho cấp xã."
    response = client.post(_url(sample.report, "report-comment"), {"text": text})
    assert response.status_code == 302
    assert response["Location"].endswith("#y-kien")
    assert ReportComment.objects.get().author == user

    client.force_login(sample.reporter)
    page = client.get(_url(sample.report)).content.decode()
    assert text in page
    assert f"{user.last_name} {user.first_name}" in page
    assert (
        client.post(_url(sample.report, "report-comment"), {"text": "Tự nhận xét"}).status_code
        == 403
    )


# ----------------------------------------------------------------------- evidence


def test_a_reporter_attaches_a_file_which_readers_download_under_its_name(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    data.update(
        {
            "action": "save",
            f"{_lead(sample)}-files": SimpleUploadedFile(EVIDENCE_NAME, PDF, "application/pdf"),
        }
    )

    response = client.post(_url(sample.report), data)

    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.update.task == sample.catalogue.training
    assert evidence.original_name == EVIDENCE_NAME
    download = _url(sample.report, "evidence-download", evidence.pk)
    assert (
        f'href="{download}">{EVIDENCE_NAME}</a>' in client.get(_url(sample.report)).content.decode()
    )
    for user in (sample.reporter, sample.colleague, sample.coordinator, sample.leader):
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert (
            "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in response["Content-Disposition"]
        )
    client.force_login(sample.health_reporter)
    assert client.get(download).status_code == 403
    # The file is found only under the report it belongs to.
    wrong = reverse(
        "evidence-download",
        args=[sample.period.pk, sample.catalogue.health.pk, evidence.pk],
    )
    assert client.get(wrong).status_code == 404


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(client, sample):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    data.update(
        {
            "action": "save",
            f"{_lead(sample)}-description": "Đính kèm kế hoạch.",
            f"{_lead(sample)}-files": SimpleUploadedFile("Kế hoạch.pdf", b"MZ\x90\x00 not a pdf"),
        }
    )

    response = client.post(_url(sample.report), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung tệp “Kế hoạch.pdf” không phải là PDF như tên tệp cho biết." in page
    assert "Đính kèm kế hoạch." in page
    assert not EvidenceFile.objects.exists()
    assert AgencyReport.objects.get(pk=sample.report.pk).version == 1


def test_a_file_attached_to_a_refused_submit_is_not_kept(client, sample, settings):
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    # No status for the lead tasks: the submit is refused after the file was stored.
    data.update(
        {
            "action": "submit",
            f"{_lead(sample)}-files": SimpleUploadedFile(EVIDENCE_NAME, PDF, "application/pdf"),
        }
    )

    response = client.post(_url(sample.report), data)

    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()
    uploads = Path(settings.MEDIA_ROOT)
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))


def test_a_reporter_removes_a_file_when_saving(client, sample):
    update = TaskUpdate.objects.get(report=sample.report, task=sample.catalogue.training)
    evidence = evidence_attach(update=update, actor=sample.reporter, name=EVIDENCE_NAME, data=PDF)
    client.force_login(sample.reporter)
    data = _form(client, sample.report)
    data.update({"action": "save", f"{_lead(sample)}-remove": [str(evidence.pk)]})

    response = client.post(_url(sample.report), data)

    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()


# ----------------------------------------------------------------------- rows


def test_the_lead_agency_sees_what_coordinating_agencies_wrote(client, sample):
    report_save(
        report=sample.report,
        actor=sample.reporter,
        data=ReportInput(
            tasks={
                sample.records.pk: TaskInput(
                    status="Đang thực hiện",
                    description="Kết nối dữ liệu dân cư với hồ sơ sức khỏe.",
                )
            }
        ),
        version=1,
    )
    client.force_login(sample.health_reporter)

    page = client.get(_url(sample.health_report)).content.decode()

    records = page[page.index(f'id="task-{sample.records.pk}"') :]
    records = records[: records.index("</article>")]
    assert "Đơn vị phối hợp báo cáo" in records
    assert "<strong>Sở Khoa học và Công nghệ</strong>: Đang thực hiện" in records
    assert "Kết nối dữ liệu dân cư với hồ sơ sức khỏe." in records
    assert "task-" + str(sample.records.pk) + "-status" in records  # its own status to fill

    # The coordinating agency: status and description only.
    client.force_login(sample.reporter)
    page = client.get(_url(sample.report)).content.decode()
    own = page[page.index(f'id="task-{sample.records.pk}"') :]
    own = own[: own.index("</article>")]
    assert f'name="task-{sample.records.pk}-status"' in own
    assert f'name="task-{sample.records.pk}-description"' in own
    assert f'name="task-{sample.records.pk}-evidence"' not in own
    assert "Chủ trì: Sở Y tế" in own


def test_an_extended_deadline_shows_with_the_original_one(client, sample):
    ExtensionRequest.objects.create(
        task=sample.catalogue.training,
        agency=sample.catalogue.dost,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ khung năng lực của Bộ Nội vụ.",
        original_end=sample.catalogue.training.ends_on,
        proposed_end=dt.date(2031, 6, 30),
        status=ExtensionRequest.Status.APPROVED,
    )
    client.force_login(sample.reporter)

    page = client.get(_url(sample.report)).content.decode()

    task = page[page.index(f'id="{_lead(sample)}"') :]
    task = task[: task.index("</article>")]
    assert "Hạn: <strong>30/06/2031</strong>" in task
    assert "đã gia hạn; hạn ban đầu 31/12/2030" in task


# ----------------------------------------------------------------------- history


def test_the_history_lists_versions_and_what_changed_between_two(client, sample):
    saved = _with_statuses(sample)
    report_submit(report=saved, actor=sample.reporter)
    report_return(report=saved, actor=sample.coordinator, comment="Bổ sung minh chứng.")
    client.force_login(sample.leader)

    page = client.get(_url(sample.report)).content.decode()
    history = page[page.index('id="lich-su"') :]
    for label in ("Mở kỳ, tạo báo cáo", "Lưu nháp", "Gửi báo cáo", "Trả lại"):
        assert f"<td>{label}</td>" in history
    assert "Bổ sung minh chứng." in history
    assert "Lê Thị Hoa" in history and "Nguyễn Thị Lan" in history

    response = client.get(_url(sample.report, "report-history"), {"older": 1, "newer": 2})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Từ phiên bản 1 đến phiên bản 2:" in page
    assert "Nhiệm vụ 4. Triển khai khung năng lực" in page
    assert "Nhiệm vụ 1. Triển khai Nền tảng tích hợp" in page
    assert "Tình trạng" in page and "Chưa thực hiện" in page and "Đang thực hiện" in page
    assert "in_progress" not in page

    reversed_ = client.get(_url(sample.report, "report-history"), {"older": 4, "newer": 3})
    assert "Từ phiên bản 3 đến phiên bản 4:" in reversed_.content.decode()
    assert "<td>Trả lại</td>" in reversed_.content.decode()


# ----------------------------------------------------------------------- scale


@pytest.fixture
def big(db):
    """Sở KH&CN leads 150 tasks and reports 60 indicators; three coordinators contribute."""
    catalogue = large_catalogue()
    coordinator = account("sokhcn", "coordinator")
    reporter = account("baocao.skhcn", "reporter", catalogue.dost)
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
        plan_ids=[plan.pk for plan in catalogue.plans],
    )
    period_open(period=period, actor=coordinator)
    report = AgencyReport.objects.get(period=period, agency=catalogue.dost)
    for update in report.task_updates.all()[:20]:
        evidence_attach(update=update, actor=reporter, name="Minh chứng.pdf", data=PDF)
    return report, reporter, coordinator


def test_the_report_page_runs_a_bounded_number_of_queries(
    client, big, django_assert_max_num_queries
):
    report, reporter, coordinator = big
    leads = report.task_updates.filter(role="lead").count()
    assert leads >= 60
    assert report.indicator_values.count() >= 60
    client.force_login(reporter)

    with django_assert_max_num_queries(20):
        page = client.get(_url(report)).content.decode()
    assert page.count('<article class="task-card') == report.task_updates.count()

    reader = _FormReader()
    reader.feed(page)
    assert len(reader.data) > 1000  # more fields than Django accepts by default
    data = {**reader.data, "action": "save"}
    first = report.task_updates.filter(role="lead").order_by("position").first()
    data[f"task-{first.task_id}-status"] = "in_progress"
    with django_assert_max_num_queries(40):
        response = client.post(_url(report), data)
    assert response.status_code == 302
    assert TaskUpdate.objects.get(pk=first.pk).status == "in_progress"

    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(_url(report)).status_code == 200
    with django_assert_max_num_queries(20):
        assert (
            client.get(_url(report, "report-history"), {"older": 1, "newer": 2}).status_code == 200
        )


def test_an_account_without_a_role_sees_no_report(client, sample):
    client.force_login(UserFactory(username="khach"))

    assert client.get(_url(sample.report)).status_code == 403
    assert ReportingPeriod.objects.count() == 1
