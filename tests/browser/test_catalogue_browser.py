"""An official signs in, reads a plan, opens an agency and searches without diacritics."""

import re

import pytest
from playwright.sync_api import expect

from factories import UserFactory, province_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-2025"


def test_official_reads_a_plan_an_agency_and_finds_a_task_without_diacritics(page, live_server):
    catalogue = province_catalogue()
    UserFactory(username="lan.skhcn", first_name="Lan", last_name="Nguyễn Thị")

    # Signing in
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill("lan.skhcn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Kế hoạch, chương trình chuyển đổi số")).to_be_visible()
    expect(page.get_by_text("Nguyễn Thị Lan")).to_be_visible()

    # The plan: sections, targets per milestone, tasks, key projects
    page.get_by_role("link", name=catalogue.plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(catalogue.plan.title)
    expect(page.get_by_text("10/02/2026")).to_be_visible()
    indicators = page.locator("#chi-tieu table")
    expect(indicators.get_by_role("columnheader", name="2026-2027")).to_be_visible()
    expect(indicators.get_by_role("columnheader", name="2028-2030")).to_be_visible()
    signature_row = page.locator(f"#indicator-{catalogue.signature.pk}")
    expect(signature_row).to_contain_text("≥ 50%")
    expect(page.get_by_role("rowheader", name="III Phát triển xã hội số")).to_be_visible()
    training_row = page.locator(f"#task-{catalogue.training.pk}")
    expect(training_row).to_contain_text("Tháng 12/2026")
    expect(training_row.locator(".unresolved")).to_contain_text("Sở Nội vụ tỉnh")
    expect(training_row.locator(".unresolved__mark")).to_be_visible()
    pilot_row = page.locator(f"#project-{catalogue.pilot.pk}")
    expect(pilot_row.locator("td.year-mark")).to_have_text(["", "x", ""])

    # The agency: everything assigned, and how it got there
    training_row.get_by_role("link", name="Sở Khoa học và Công nghệ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sở Khoa học và Công nghệ")
    expect(page.get_by_text("qua đơn vị tiền nhiệm Sở Thông tin và Truyền thông")).to_be_visible()
    expect(page.get_by_text("qua nhóm Các sở, ban, ngành").first).to_be_visible()
    expect(page.get_by_role("table", name="Chủ trì (4)")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("cấp tỉnh \\(LGSP\\)"))).to_be_visible()

    # Searching from the header, without diacritics
    search_box = page.get_by_role("searchbox", name="Tìm nhiệm vụ, chỉ tiêu")
    search_box.fill("chu ky so")
    search_box.press("Enter")
    expect(page.get_by_role("heading", name="Chỉ tiêu (1)")).to_be_visible()
    result = page.get_by_role("link", name=re.compile("có chữ ký số hoặc chữ ký điện tử"))
    result.click()
    expect(page).to_have_url(re.compile(f"#indicator-{catalogue.signature.pk}$"))
    expect(page.locator(f"#indicator-{catalogue.signature.pk}")).to_be_in_viewport()
