"""The reporting loop in a browser: the coordinator opens a period, Sở KH&CN's reporter fills
in and sends its report, the coordinator returns it, the reporter corrects and resends it,
the coordinator approves it, and the history keeps both sendings."""

import re

import pytest
from playwright.sync_api import expect

from dxtrack.accounts.models import Role
from dxtrack.reporting.models import AgencyReport, EvidenceFile, ReportingPeriod
from factories import province_catalogue
from reporting.sample import account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-2025"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
RETURN_COMMENT = "Bổ sung số lớp bồi dưỡng đã tổ chức và văn bản minh chứng."


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def _sign_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()


def _nav(page, name: str) -> None:
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name).click()


def test_the_whole_reporting_loop(page, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    catalogue = province_catalogue()
    account("sokhcn", Role.COORDINATOR, first_name="Lan", last_name="Nguyễn Thị")
    account("baocao.skhcn", Role.REPORTER, catalogue.dost, first_name="Hoa", last_name="Lê Thị")
    base = live_server.url
    evidence = tmp_path / "Quyết định 1827-QĐ-UBND.pdf"
    evidence.write_bytes(PDF)

    # The coordinator creates the 2026 period for plans 25/KH-UBND and 38/KH-UBND, opens it.
    _sign_in(page, base, "sokhcn")
    _nav(page, "Kỳ báo cáo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kỳ báo cáo")
    page.get_by_role("link", name="Tạo kỳ báo cáo").click()
    page.get_by_label("Tên kỳ báo cáo").fill("Báo cáo năm 2026")
    page.get_by_label("Loại kỳ").select_option(label="Hằng năm")
    page.get_by_label("Từ ngày").fill("01/01/2026")
    page.get_by_label("Đến ngày").fill("31/12/2026")
    page.get_by_label(re.compile("25/KH-UBND")).check()
    page.get_by_label(re.compile("38/KH-UBND")).check()
    page.get_by_role("button", name="Tạo kỳ báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo năm 2026")
    expect(page.locator(".facts")).to_contain_text("30/11/2026")  # the plan's due date
    expect(page.locator(".facts")).to_contain_text("15/12/2026")
    page.get_by_role("button", name="Mở kỳ báo cáo").click()
    expect(page.get_by_role("status").filter(has_text="Đã mở kỳ báo cáo")).to_be_visible()
    period = ReportingPeriod.objects.get()
    dost_row = page.locator(f"#agency-{catalogue.dost.pk}")
    expect(dost_row).to_contain_text("Đang soạn")
    _sign_out(page)

    # The reporter finds its report from the navigation and saves a draft.
    _sign_in(page, base, "baocao.skhcn")
    _nav(page, "Báo cáo của đơn vị")
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo của tôi")
    page.get_by_role("link", name="Báo cáo năm 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sở Khoa học và Công nghệ")
    training = page.locator(f"#task-{catalogue.training.pk}")
    training.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    training.get_by_label("Kết quả thực hiện").fill("Đã xây dựng tài liệu bồi dưỡng kỹ năng số.")
    training.get_by_label("Văn bản, minh chứng").fill("Kế hoạch số 12/KH-SKHCN ngày 15/3/2026")
    training.get_by_label("Đính kèm tệp minh chứng").set_input_files(evidence)
    signature = page.locator(f"#indicator-{catalogue.signature.pk}")
    signature.get_by_label("Giá trị").fill("87,43%")
    signature.get_by_label("Nguồn số liệu").fill("Cục Chứng thực số")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu nháp (phiên bản 2).")).to_be_visible()

    page.reload()
    training = page.locator(f"#task-{catalogue.training.pk}")
    expect(training.get_by_label("Tình trạng")).to_have_value("in_progress")
    expect(training.get_by_label("Kết quả thực hiện")).to_have_value(
        "Đã xây dựng tài liệu bồi dưỡng kỹ năng số."
    )
    expect(training.get_by_role("link", name="Quyết định 1827-QĐ-UBND.pdf")).to_be_visible()
    expect(
        page.locator(f"#indicator-{catalogue.signature.pk}").get_by_label("Giá trị")
    ).to_have_value("87,43%")
    assert EvidenceFile.objects.get().original_name == "Quyết định 1827-QĐ-UBND.pdf"

    # Sending without every status is refused next to the task, and nothing typed is lost.
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("alert").first).to_contain_text("Báo cáo chưa được lưu")
    old = page.locator(f"#task-{catalogue.old_task.pk}")
    expect(old.locator(".field-error")).to_contain_text("Chưa chọn tình trạng")
    old.get_by_label("Tình trạng").select_option(label="Đã hoàn thành")
    old.get_by_label("Ngày hoàn thành thực tế").fill("20/10/2026")

    # Meanwhile the coordinator watches the period page; the table refreshes by itself.
    watcher_context = browser.new_context(locale="vi-VN")
    watcher = watcher_context.new_page()
    watcher.clock.install()
    _sign_in(watcher, base, "sokhcn")
    watcher.goto(base + f"/ky-bao-cao/{period.pk}/")
    watched = watcher.locator(f"#agency-{catalogue.dost.pk}")
    expect(watched).to_contain_text("Đang soạn")

    # A double click on "Gửi báo cáo" sends the report once.
    page.get_by_role("button", name="Gửi báo cáo").dblclick()
    expect(
        page.get_by_role("status").filter(has_text="Đã gửi báo cáo đến cơ quan thường trực.")
    ).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("Đã gửi")
    expect(page.get_by_role("button", name="Lưu nháp")).to_have_count(0)
    report = AgencyReport.objects.get(period=period, agency=catalogue.dost)
    assert list(report.versions.values_list("action", flat=True)).count("submit") == 1

    watcher.clock.run_for(31_000)
    expect(watched).to_contain_text("Đã gửi")
    watcher_context.close()
    _sign_out(page)

    # The coordinator returns it with a comment.
    _sign_in(page, base, "sokhcn")
    page.goto(base + f"/ky-bao-cao/{period.pk}/")
    page.locator(f"#agency-{catalogue.dost.pk}").get_by_role("link").click()
    expect(page.locator(f"#task-{catalogue.training.pk}")).to_contain_text(
        "Đã xây dựng tài liệu bồi dưỡng kỹ năng số."
    )
    page.get_by_role("button", name="Trả lại").click()  # no comment: the browser asks for one
    expect(page.locator("#report-status")).to_have_text("Đã gửi")
    page.get_by_label("Nội dung cần đơn vị bổ sung, sửa đổi").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Trả lại").click()
    expect(
        page.get_by_role("status").filter(has_text="Đã trả lại báo cáo; đơn vị được thông báo.")
    ).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("Trả lại để bổ sung")
    _sign_out(page)

    # The reporter reads the comment, corrects and sends again.
    _sign_in(page, base, "baocao.skhcn")
    _nav(page, "Báo cáo của đơn vị")
    page.get_by_role("link", name="Báo cáo năm 2026").click()
    expect(page.locator(".review-comment")).to_contain_text(RETURN_COMMENT)
    training = page.locator(f"#task-{catalogue.training.pk}")
    training.get_by_label("Kết quả thực hiện").fill(
        "Đã tổ chức 12 lớp bồi dưỡng kỹ năng số cho 1.250 cán bộ, công chức."
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#report-status")).to_have_text("Đã gửi")
    _sign_out(page)

    # The coordinator approves; the history shows both sendings and what changed.
    _sign_in(page, base, "sokhcn")
    page.goto(base + f"/ky-bao-cao/{period.pk}/don-vi/{catalogue.dost.pk}/")
    page.get_by_role("button", name="Duyệt").click()
    expect(page.get_by_role("status").filter(has_text="Đã duyệt báo cáo.")).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("Đã duyệt")
    history = page.locator("#lich-su")

    def version_rows(action: str):
        return history.locator("tr", has=page.get_by_role("cell", name=action, exact=True))

    expect(version_rows("Gửi báo cáo")).to_have_count(2)
    expect(version_rows("Trả lại")).to_contain_text(RETURN_COMMENT)
    expect(version_rows("Duyệt")).to_contain_text("Nguyễn Thị Lan")

    history.get_by_role("link", name="Xem thay đổi giữa hai phiên bản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch sử báo cáo")
    page.get_by_label("Từ phiên bản").select_option("4")  # the first sending
    page.get_by_label("Đến phiên bản").select_option("8")
    page.get_by_role("button", name="Xem thay đổi").click()
    changes = page.get_by_role("region", name="Các thay đổi")
    expect(changes).to_contain_text("Nhiệm vụ 4. Triển khai khung năng lực")
    expect(changes).to_contain_text("Đã tổ chức 12 lớp bồi dưỡng kỹ năng số")
    expect(changes).to_contain_text("Đã duyệt")
    report.refresh_from_db()
    assert report.status == AgencyReport.Status.APPROVED
    actions = list(report.versions.order_by("number").values_list("action", flat=True))
    assert actions == ["open", "save", "save", "submit", "return", "save", "submit", "approve"]
