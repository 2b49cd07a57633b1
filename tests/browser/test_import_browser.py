"""A coordinator uploads a plan, teaches the directory a name it did not know, and imports."""

import re

import pytest
from playwright.sync_api import expect

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.services import directory_install
from dxtrack.plans.models import Plan
from factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-2025"
UNKNOWN = "Sở Tư pháp tỉnh X"
SUBJECT = "Ứng dụng công nghệ thông tin trong cơ quan nhà nước năm 2027"
TITLE = f"Kế hoạch {SUBJECT}"  # as the reader titles it
PLAN = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "",
        "Số: 77/KH-UBND",
        "",
        "Quảng Ngãi, ngày 05 tháng 01 năm 2027",
        "",
        "**KẾ HOẠCH**",
        f"**{SUBJECT}**",
        "",
        "**Phụ lục II**",
        "**DANH MỤC NHIỆM VỤ**",
        "",
        "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tTiến độ",
        "<b>I</b>\t<b>Hạ tầng số</b>\t\t\t",
        "1\tNâng cấp mạng nội bộ các cơ quan nhà nước\tSở KH&CN\tCác sở, ban, ngành\tQuý II/2027",
        f"2\tRà soát thủ tục hành chính để cung cấp trực tuyến\t{UNKNOWN}\tSở Nội vụ\tNăm 2027",
        "3\tTrang bị máy tính cho bộ phận một cửa cấp xã\tSở Tài chính\tSở Nội vụ\tTháng 12/2027",
        "",
    ]
)


def test_coordinator_previews_fixes_an_agency_name_and_imports_a_plan(
    page, live_server, settings, tmp_path
):
    settings.DATA_DIR = tmp_path / "data"
    directory_install()
    user = UserFactory(username="thu.skhcn", first_name="Thu", last_name="Trần Thị")
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    plan_file = tmp_path / "Kế hoạch 77-KH-UBND.txt"
    plan_file.write_text(PLAN, encoding="utf-8")

    page.goto(live_server.url + "/")
    page.get_by_label("Tên đăng nhập").fill("thu.skhcn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # Upload from the navigation
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Nhập kế hoạch"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập kế hoạch")
    page.get_by_label("Tệp kế hoạch").set_input_files(plan_file)
    page.get_by_role("button", name="Tải lên và xem trước").click()

    # The preview: the plan that would be created, the warning next to its row
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("0 chỉ tiêu, 3 nhiệm vụ, 0 dự án")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Hạ tầng số")).to_be_visible()
    first = page.locator("#task-1")
    expect(first).to_contain_text("→ Sở Khoa học và Công nghệ")
    row = page.locator("#task-2")
    expect(row.locator(".unresolved")).to_contain_text(UNKNOWN)
    warning = page.locator("#task-2 + tr.row-warnings")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(f"không xác định được cơ quan “{UNKNOWN}”")
    expect(page.locator("#task-1 + tr.row-warnings")).to_have_count(0)
    assert not Plan.objects.exists()

    # From the row to the name's form; choose the suggested agency
    row.get_by_role("link", name=re.compile(re.escape(UNKNOWN))).click()
    expect(page).to_have_url(re.compile("#ten-1$"))
    choice = page.get_by_label(f"Cơ quan tương ứng với “{UNKNOWN}”")
    expect(choice.locator("option").nth(1)).to_have_text("Sở Tư pháp")
    choice.select_option(label="Sở Tư pháp")
    page.locator("#ten-1").get_by_role("button", name="Thêm tên gọi khác").click()

    # Read again: the name resolves, the warning is gone
    expect(page.get_by_role("status")).to_have_text(
        f"Đã thêm “{UNKNOWN}” làm tên gọi khác của “Sở Tư pháp”."
    )
    expect(page.locator("#task-2")).to_contain_text("→ Sở Tư pháp")
    expect(page.locator("#task-2 .unresolved")).to_have_count(0)
    expect(page.locator("tr.row-warnings")).to_have_count(0)
    expect(page.get_by_role("heading", name=re.compile("Tên cơ quan chưa xác định"))).to_have_count(
        0
    )

    # Confirm: the plan page
    page.get_by_role("button", name="Xác nhận nhập kế hoạch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    plan = Plan.objects.get()
    expect(page).to_have_url(re.compile(f"/ke-hoach/{plan.pk}/$"))
    lead = page.locator(f"#task-{plan.tasks.get(number='2').pk}")
    expect(lead.get_by_role("link", name=UNKNOWN)).to_be_visible()
    lead.get_by_role("link", name=UNKNOWN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sở Tư pháp")
