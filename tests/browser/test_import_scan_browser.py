"""A coordinator uploads a scanned plan: the progress bar fills page by page while the scan
is read in the background, then the preview opens by itself; no script runs inline."""

import shutil

import pytest
from playwright.sync_api import expect

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.services import directory_install
from dxtrack.office import soffice_path
from factories import UserFactory
from ingest.scans import plan_word, scan_write

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        soffice_path() is None or shutil.which("tesseract") is None,
        reason="LibreOffice and Tesseract are installed by ./bin/setup",
    ),
]

PASSWORD = "mat-khau-thu-nghiem-2025"


def test_the_progress_bar_fills_then_the_preview_opens(page, live_server, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    directory_install()
    user = UserFactory(username="thu.skhcn")
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    scan = scan_write(word=plan_word(tasks=6), folder=tmp_path, stem="Kế hoạch quét")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/nhap-ke-hoach/")
    page.get_by_label("Tên đăng nhập").fill("thu.skhcn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/nhap-ke-hoach/")
    page.get_by_label("Tệp kế hoạch").set_input_files(scan)
    page.get_by_role("button", name="Tải lên và xem trước").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đang đọc bản quét", timeout=60_000)
    bar = page.locator("#import-progress-bar")
    expect(bar).to_be_visible()
    expect(page.get_by_role("button", name="Hủy đọc bản quét")).to_be_visible()
    page.screenshot(path=str(tmp_path / "tien-do.png"))

    # The page asks the server until every page is read, then opens the preview itself.
    expect(page.get_by_text("0 chỉ tiêu, 6 nhiệm vụ, 0 dự án")).to_be_visible(timeout=240_000)
    assert not [e for e in errors if "Content Security Policy" in e]
