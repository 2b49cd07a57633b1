"""The import preview shows what the importer records beyond the cells: a target range as
written with its two ends, the duties under "Tổ chức thực hiện" marked as such, and the plans
the file replaces (those of the catalogue named, which the import marks replaced)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.services import directory_install
from factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

PLAN = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "",
        "Số: 77/KH-UBND",
        "",
        "Quảng Ngãi, ngày 05 tháng 01 năm 2027",
        "",
        "**KẾ HOẠCH**",
        "**Chuyển đổi số tỉnh Quảng Ngãi năm 2027**",
        "",
        "Kế hoạch này thay thế Kế hoạch số 45/KH-UBND ngày 10/3/2025 của UBND tỉnh.",
        "",
        "IV. TỔ CHỨC THỰC HIỆN",
        "",
        "1. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch.",
        "",
        "2. Sở Nội vụ: Tập huấn kỹ năng số cho công chức.",
        "",
        "Nơi nhận:",
        "",
        "**Phụ lục I**",
        "**CHỈ TIÊU CHUYỂN ĐỔI SỐ NĂM 2027**",
        "",
        "\t".join(["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu năm 2027", "Cơ quan chủ trì"]),
        "\t".join(["1", "Tỷ lệ dân số trưởng thành có chữ ký số", "%", "30-40%", "Sở Nội vụ"]),
        "",
    ]
)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def coordinator(client, db):
    directory_install()
    user = UserFactory(username="dieu.phoi")
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    client.force_login(user)
    return client


def test_the_preview_shows_the_range_the_duty_and_the_plan_replaced(coordinator):
    old = PlanFactory(number="45/KH-UBND")
    upload = SimpleUploadedFile("ke-hoach-77.txt", PLAN.encode("utf-8"))
    response = coordinator.post(reverse("import-upload"), {"file": upload})
    assert response.status_code == 302

    preview = coordinator.get(response["Location"])
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", preview.content.decode()))

    assert "30-40% (khoảng từ 30 đến 40)" in page
    # Duties are shown with the tasks even when the plan has no task table.
    assert "0 nhiệm vụ, 0 dự án, 2 trách nhiệm tại mục Tổ chức thực hiện" in page
    assert "Bố trí kinh phí thực hiện Kế hoạch. Trách nhiệm tại mục Tổ chức thực hiện" in page
    assert "Thay thế, bãi bỏ Kế hoạch số 45/KH-UBND" in page
    assert reverse("plan-detail", args=[old.pk]) in preview.content.decode()
