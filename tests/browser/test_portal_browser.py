"""A visitor without an account opens the public portal on a phone, searches without
diacritics, opens an indicator's page and downloads the open data, whose Vietnamese text
arrives intact; axe-core checks each public page for WCAG 2.1 AA."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from portal.scenario import HIDDEN, published_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed by `bin/setup --with-browser` from npm into a git-ignored folder.
AXE = (
    Path(__file__).resolve().parents[2] / "node_tools" / "node_modules" / "axe-core" / "axe.min.js"
)
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    # The test injects axe-core into the page, which the site's Content-Security-Policy rightly
    # refuses; the policy itself is checked on the public pages by test_csp_browser.py.
    context = browser.new_context(
        locale="vi-VN", viewport=PHONE, accept_downloads=True, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def _axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
             runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
           })"""
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


def _no_horizontal_scroll(page) -> None:
    # Wide tables scroll inside their own box; the page itself fits a 360 px screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_a_visitor_reads_the_portal_on_a_phone_and_downloads_the_csv(phone, live_server):
    cache.clear()
    scenario = published_scenario()
    page = phone
    checks = AXE.exists()

    page.goto(live_server.url + "/cong-khai/")
    expect(page).to_have_title(re.compile("^Chỉ số chính · Công khai chỉ số chuyển đổi số"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Chỉ số chính về chuyển đổi số tỉnh Quảng Ngãi"
    )
    expect(page.get_by_text("61,37%")).to_be_visible()
    expect(page.get_by_text("Xanh · Đạt").first).to_be_visible()
    for hidden in HIDDEN:
        expect(page.get_by_text(hidden)).to_have_count(0)
    _no_horizontal_scroll(page)
    if checks:
        assert _axe_violations(page) == []

    # Searching without diacritics, from the keyboard
    search = page.get_by_role("searchbox", name="Tìm chỉ tiêu (gõ có dấu hoặc không dấu)")
    search.fill("chu ky so")
    search.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 chỉ tiêu khớp với “chu ky so”")
    cards = page.locator(".card")
    expect(cards).to_have_count(1)
    link = page.get_by_role("link", name=re.compile("có chữ ký số hoặc chữ ký điện tử"))
    link.click()

    # The indicator's page: value, target, colour in words, source, history chart and table
    expect(page.get_by_role("heading", level=1)).to_contain_text("chữ ký số")
    expect(page).to_have_url(
        re.compile(f"/cong-khai/chi-tieu/{scenario.indicators.signatures.pk}/$")
    )
    expect(page.get_by_role("img", name=re.compile("qua các kỳ"))).to_be_visible()
    history = page.get_by_role("table", name=re.compile("qua các kỳ đã công khai"))
    expect(history.get_by_role("rowheader", name="Báo cáo năm 2025")).to_be_visible()
    expect(history).to_contain_text("61,37%")
    expect(page.get_by_text("Sở Khoa học và Công nghệ").first).to_be_visible()
    _no_horizontal_scroll(page)
    if checks:
        assert _axe_violations(page) == []

    # The open data: licence, columns, and the CSV opens with its Vietnamese text
    page.get_by_role("navigation", name="Trang công khai").get_by_role(
        "link", name="Dữ liệu mở"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dữ liệu mở")
    expect(page.get_by_text("CC BY 4.0").first).to_be_visible()
    _no_horizontal_scroll(page)
    if checks:
        assert _axe_violations(page) == []
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Tải CSV — Chỉ số chính về chuyển đổi số").click()
    download = waiting.value
    assert download.suggested_filename == "chi-tieu.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {row["name"] for row in rows} >= {
        "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân"
    }
    assert {row["agency"] for row in rows} == {"Sở Khoa học và Công nghệ"}
    assert not [
        row for row in rows for hidden in HIDDEN if hidden.replace(",", ".") in row["value"]
    ]


def test_axe_core_is_installed_for_the_accessibility_checks():
    """Without it the test above still runs, but checks no WCAG rules: say so loudly."""
    if not AXE.exists():
        pytest.skip("axe-core chưa được cài: chạy ./bin/setup --with-browser (cần npm)")
    assert AXE.stat().st_size > 100_000
