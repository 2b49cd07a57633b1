"""`dxtrack user add USERNAME --role ROLE [--agency "NAME"] --password-stdin`."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dxtrack.accounts.models import Role
from dxtrack.cli import main

pytestmark = pytest.mark.django_db

PASSWORD = "Quang-Ngai-chuyen-doi-so-2026"


@pytest.fixture
def data_dir(settings, tmp_path):
    """Keep what the command writes outside the working copy."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def user_add(data_dir, monkeypatch, capsys):
    """Run the command with `password` on standard input, as a deployment script does."""

    def run(*args: str, password: str = PASSWORD):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code = main(["user", "add", *args, "--password-stdin"])
        return code, capsys.readouterr()

    return run


def _user(username: str):
    return get_user_model().objects.select_related("profile__agency").get(username=username)


@pytest.mark.parametrize(
    "written",
    ["Sở KH&CN", "Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe", "SỞ KH&CN"],
)
def test_a_reporter_is_bound_to_the_agency_by_name_or_abbreviation(user_add, written):
    code, output = user_add("hoa.skhcn", "--role", "reporter", "--agency", written)

    assert code == 0, output.err
    assert output.out == (
        "Đã tạo tài khoản “hoa.skhcn” (Cán bộ báo cáo của đơn vị, "
        "đơn vị “Sở Khoa học và Công nghệ”).\n"
    )
    user = _user("hoa.skhcn")
    assert user.profile.role == Role.REPORTER
    assert user.profile.agency.name == "Sở Khoa học và Công nghệ"
    assert user.check_password(PASSWORD)


def test_a_former_agency_s_name_binds_the_reporter_to_its_successor(user_add):
    # Sở Thông tin và Truyền thông passed its work to Sở Khoa học và Công nghệ on 1/3/2025.
    code, _output = user_add("nam.tttt", "--role", "reporter", "--agency", "Sở TT&TT")

    assert code == 0
    assert _user("nam.tttt").profile.agency.name == "Sở Khoa học và Công nghệ"


def test_a_leader_is_created_with_a_name_and_e_mail(user_add):
    code, output = user_add(
        "lanhdao", "--role", "leader", "--name", "Trần Văn Minh", "--email", "minh@quangngai.gov.vn"
    )

    assert code == 0
    assert output.out == "Đã tạo tài khoản “lanhdao” (Lãnh đạo).\n"
    user = _user("lanhdao")
    assert (user.profile.role, user.profile.agency) == (Role.LEADER, None)
    assert (user.get_full_name(), user.email) == ("Minh Trần Văn", "minh@quangngai.gov.vn")


def test_an_agency_not_in_the_directory_is_refused(user_add):
    code, output = user_add("ai-do", "--role", "reporter", "--agency", "Sở Hàng không Vũ trụ")

    assert code == 2
    assert output.err == "Lỗi: Không tìm thấy đơn vị “Sở Hàng không Vũ trụ” trong danh bạ.\n"
    assert not get_user_model().objects.filter(username="ai-do").exists()


def test_a_reporter_without_an_agency_is_refused(user_add):
    code, output = user_add("hoa.skhcn", "--role", "reporter")

    assert code == 2
    assert output.err == "Lỗi: Cán bộ báo cáo phải thuộc một đơn vị (--agency).\n"
    assert not get_user_model().objects.filter(username="hoa.skhcn").exists()


def test_an_agency_for_another_role_is_refused(user_add):
    code, output = user_add("sokhcn", "--role", "coordinator", "--agency", "Sở KH&CN")

    assert code == 2
    assert output.err == "Lỗi: Chỉ cán bộ báo cáo mới gắn với một đơn vị.\n"


@pytest.mark.parametrize("password", ["12345678", "matkhau", ""])
def test_a_weak_password_is_refused(user_add, password):
    code, output = user_add("lanhdao", "--role", "leader", password=password)

    assert code == 2
    assert output.err.startswith("Lỗi: Mật khẩu chưa đạt yêu cầu: ")
    assert not get_user_model().objects.filter(username="lanhdao").exists()


def test_a_common_password_is_named_as_such(user_add):
    _code, output = user_add("lanhdao", "--role", "leader", password="12345678")

    assert output.err == "Lỗi: Mật khẩu chưa đạt yêu cầu: Mật khẩu này quá phổ biến.\n"


def test_a_user_name_cannot_be_created_twice(user_add):
    assert user_add("lanhdao", "--role", "leader")[0] == 0

    code, output = user_add("lanhdao", "--role", "admin")

    assert code == 2
    assert output.err == "Lỗi: Tên đăng nhập “lanhdao” đã có.\n"
    assert _user("lanhdao").profile.role == Role.LEADER


def test_an_unknown_role_is_refused_by_the_command_line(user_add):
    with pytest.raises(SystemExit) as exited:
        user_add("ai-do", "--role", "giam-doc")

    assert exited.value.code == 2


def test_only_the_first_line_of_standard_input_is_the_password(user_add):
    code, _output = user_add("lanhdao", "--role", "leader", password=PASSWORD + "\ndong-thu-hai")

    assert code == 0
    assert _user("lanhdao").check_password(PASSWORD)


def test_the_created_reporter_gets_a_token_and_reads_its_agency_s_reports(user_add):
    user_add("hoa.skhcn", "--role", "reporter", "--agency", "Sở KH&CN")
    client = Client()

    response = client.post(
        "/api/v1/auth/token",
        {"username": "hoa.skhcn", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 200
    headers = {"Authorization": f"Bearer {response.json()['token']}"}
    assert client.get("/api/v1/reports", headers=headers).json() == []
    assert client.get("/api/v1/periods", headers=headers).status_code == 200
    wrong = client.post(
        "/api/v1/auth/token",
        {"username": "hoa.skhcn", "password": "sai"},
        content_type="application/json",
    )
    assert wrong.status_code == 401
