"""A leader opens the dashboard, clicks the red tile, finds the late task, and goes on to
the agency's report; the charts are drawn by ECharts from our own static files."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from consolidation.conftest import province_year
from dashboard.support import freeze_today, previous_year
from dxtrack.accounts.models import Role
from reporting.sample import account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-2025"
ECHARTS = Path(__file__).resolve().parents[2] / "src/dxtrack/static/vendor/echarts/echarts.min.js"

# Counts the painted pixels of a canvas: a chart that drew nothing has none.
PAINTED = """(canvas) => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) painted++; }
  return painted;
}"""


def test_a_leader_drills_down_from_a_red_tile_to_the_agencys_report(page, live_server, monkeypatch):
    assert ECHARTS.exists(), "ECharts is missing: run ./bin/setup"
    freeze_today(monkeypatch)
    year = province_year()
    previous_year(year)
    account("lanhdao.ubnd", Role.LEADER, first_name="Minh", last_name="Trần Văn")

    page.goto(live_server.url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao.ubnd")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    navigation = page.get_by_role("navigation", name="Điều hướng chính")
    navigation.get_by_role("link", name="Bảng điều khiển").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo năm 2026")

    # Every chart is drawn: a canvas with painted pixels, and its download buttons shown.
    for chart in ("chart-areas", "chart-agencies", "chart-indicators", "chart-timeliness"):
        canvas = page.locator(f"#{chart}-canvas canvas").first
        expect(canvas).to_be_visible()
        assert canvas.evaluate(PAINTED) > 1000, chart
    for kind in ("PNG", "SVG"):
        with page.expect_download() as download:
            page.get_by_role("button", name=f"Tải ảnh {kind}").first.click()
        assert download.value.suggested_filename == f"bieu-do-areas.{kind.lower()}"
        head = Path(download.value.path()).read_bytes()[:200]
        assert head.startswith(b"\x89PNG") if kind == "PNG" else b"<svg" in head

    # The red tile: five lead tasks late, five more than in 2025.
    red = page.get_by_role("link", name="Đỏ: Chậm, quá hạn")
    expect(red).to_contain_text("5")
    expect(red).to_contain_text("+5 so với kỳ trước")
    red.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ: chậm, quá hạn")
    late = page.get_by_role("row", name="Số hóa hồ sơ cán bộ, công chức, viên chức")
    expect(late).to_contain_text("Quá hạn, chưa hoàn thành 76 ngày")
    late.get_by_role("link", name="Số hóa hồ sơ cán bộ, công chức, viên chức").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "4. Số hóa hồ sơ cán bộ, công chức, viên chức"
    )
    this_year = page.get_by_role("row", name="Báo cáo năm 2026")
    expect(this_year).to_contain_text("Quá hạn, chưa hoàn thành 76 ngày")
    this_year.get_by_role("link", name="Sở Nội vụ").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Nội vụ")
    expect(page.get_by_text("Số hóa hồ sơ cán bộ, công chức, viên chức").first).to_be_visible()
