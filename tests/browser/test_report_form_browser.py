"""Sở Y tế's reporter fills a report of 160 items on one page: with the filter "Chưa điền"
and the counter, saving one item from the keyboard and whole parts with a click, following
the list of what blocks sending, then sends it; and the page works on a phone."""

import re

import pytest
from playwright.sync_api import expect

from dxtrack.audit.models import AuditEntry
from dxtrack.reporting.models import AgencyReport, TaskUpdate
from reporting.health_form import health_form_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-2025"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def _ids(report, **filters) -> list[int]:
    rows = report.task_updates.filter(**filters).order_by("position", "pk")
    return list(rows.values_list("task_id", flat=True))


def _visible_items(page) -> int:
    return page.evaluate(
        "Array.from(document.querySelectorAll('.report-form .form-item'))"
        ".filter(e => e.getClientRects().length > 0).length"
    )


def _save_part(page, part: str, count: int) -> None:
    page.locator(f"#{part}").get_by_role("button", name="Lưu phần này").click()
    expect(page.locator("#form-live")).to_contain_text(f"Đã lưu {count} mục")


def test_a_reporter_fills_and_sends_a_160_item_report(page, live_server):
    built = health_form_report()
    report = built.report
    leads = _ids(report, role="lead")
    coordinating = _ids(report, role="coordinating")
    indicators = list(
        report.indicator_values.order_by("position", "pk").values_list("indicator_id", flat=True)
    )
    project = report.project_updates.get().project_id
    _sign_in(page, live_server.url, built.reporter.username)
    page.goto(live_server.url + f"/ky-bao-cao/{report.period_id}/don-vi/{report.agency_id}/")

    progress = page.locator("#form-progress")
    blockers = page.locator("#form-blockers")
    expect(progress).to_contain_text("Đã điền 0/167 mục, còn 167 mục chưa điền.")
    expect(progress.locator("#progress-lead")).to_contain_text("0/66")
    expect(blockers).to_contain_text("Chưa gửi được báo cáo: còn 66 mục phải điền")
    expect(blockers.get_by_role("link")).to_have_count(66)
    expect(page.locator("#phim-tat")).to_contain_text("Alt")

    # Only what is not filled yet; the address keeps the choice.
    page.get_by_role("link", name="Chưa điền (167)").first.click()
    expect(page).to_have_url(re.compile(r"\?loc=chua-dien$"))
    assert _visible_items(page) == 167

    # One indicator from the keyboard: typing marks it, Enter saves it in place.
    first = page.locator(f"#indicator-{indicators[0]}")
    value = first.get_by_label("Giá trị")
    value.fill("87,5%")
    expect(first.locator(".item-dirty")).to_be_visible()
    scrolled = page.evaluate("window.scrollY")
    value.press("Enter")
    expect(page.locator("#form-live")).to_contain_text("Đã lưu 1 mục (phiên bản 2).")
    expect(page.locator("#report-version-shown")).to_have_text("2")
    expect(progress.locator("#progress-indicators")).to_contain_text("1/52")
    expect(page.get_by_role("link", name="Chưa điền (166)").first).to_be_visible()
    first = page.locator(f"#indicator-{indicators[0]}")
    expect(first).to_have_attribute("data-filled", "1")
    expect(first).to_be_visible()  # saved a moment ago: stays in view under the filter
    expect(first.get_by_label("Giá trị")).to_be_focused()
    assert abs(page.evaluate("window.scrollY") - scrolled) < 50  # the page kept its place
    assert page.url.endswith("?loc=chua-dien")  # no reload

    # Alt+↓ goes into the next item, j / k move between items outside the boxes.
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator(f"#indicator-{indicators[1]}").get_by_label("Giá trị")).to_be_focused()
    page.locator(f"#indicator-{indicators[1]}").focus()
    page.keyboard.press("j")
    expect(page.locator(f"#indicator-{indicators[2]}")).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("k")
    expect(page.locator(f"#indicator-{indicators[0]}")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page.locator(f"#indicator-{indicators[1]}").get_by_label("Giá trị")).to_be_focused()

    # The blocking list leads to the item.
    blockers.get_by_role("link").nth(3).click()
    expect(page.locator(f"#task-{leads[3]}").get_by_label("Tình trạng")).to_be_focused()

    # Choosing the filter again hides what was filled; the rest part by part.
    page.get_by_role("link", name="Chưa điền (166)").first.click()
    assert _visible_items(page) == 166
    for indicator_id in indicators[1:]:
        page.locator(f"#indicator-{indicator_id}").get_by_label("Giá trị").fill("80%")
    _save_part(page, "phan-a", 51)
    expect(progress.locator("#progress-indicators")).to_contain_text("52/52")

    for task_id in leads:
        page.locator(f"#task-{task_id}").get_by_label("Tình trạng").select_option(
            label="Đang thực hiện"
        )
    _save_part(page, "phan-b", 66)
    expect(blockers).to_contain_text("Đủ điều kiện gửi báo cáo")
    expect(progress.locator("#progress-lead")).to_contain_text("66/66")

    page.get_by_role("link", name="Chưa điền (49)").first.click()
    assert _visible_items(page) == 49  # 41 coordinating tasks, the project, 7 topics
    for task_id in coordinating:
        page.locator(f"#task-{task_id}").get_by_label("Tình trạng").select_option(
            label="Đang thực hiện"
        )
    _save_part(page, "phoi-hop", 41)
    project_item = page.locator(f"#project-{project}")
    project_item.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    project_item.get_by_label("Kinh phí kế hoạch (triệu đồng)").fill("12.500")
    project_item.get_by_role("button", name="Lưu mục này").click()
    expect(page.locator("#form-live")).to_contain_text("Đã lưu 1 mục")
    for textarea in page.locator("#phan-c").get_by_label("Tồn tại, hạn chế").all():
        textarea.fill("Nhân lực công nghệ thông tin của ngành y tế còn thiếu.")
    _save_part(page, "phan-c", 7)

    expect(progress).to_contain_text("Đã điền 167/167 mục, còn 0 mục chưa điền.")
    page.get_by_role("link", name="Chưa điền (0)").first.click()
    assert _visible_items(page) == 0
    page.get_by_role("link", name="Tất cả (167)").first.click()
    assert _visible_items(page) == 167
    assert not page.url.endswith("loc=chua-dien")

    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(
        page.get_by_role("status").filter(has_text="Đã gửi báo cáo đến cơ quan thường trực.")
    ).to_be_visible()
    report = AgencyReport.objects.get(pk=report.pk)
    assert report.status == "submitted"
    assert TaskUpdate.objects.filter(report=report, status="in_progress").count() == 107
    assert report.project_updates.get().budget_planned == 12500
    # Every save is one version and one audit entry: 1 + 1 + 5 parts/items, then the sending.
    saves = AuditEntry.objects.filter(action="report.save", target_id=report.pk).count()
    assert saves == 6
    assert report.versions.filter(action="save").count() == 6


def test_the_form_fits_a_phone(browser, live_server):
    built = health_form_report()
    report = built.report
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    _sign_in(page, live_server.url, built.reporter.username)
    page.goto(live_server.url + f"/ky-bao-cao/{report.period_id}/don-vi/{report.agency_id}/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    task = page.locator(f"#task-{_ids(report, role='lead')[0]}")
    task.scroll_into_view_if_needed()
    box = task.get_by_label("Kết quả thực hiện").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    task.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    task.get_by_role("button", name="Lưu mục này").click()
    expect(page.locator("#form-live")).to_contain_text("Đã lưu 1 mục")
    expect(page.locator(".report-actions")).to_contain_text("Đã điền 1/167")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
