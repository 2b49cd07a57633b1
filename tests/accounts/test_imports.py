"""`dxtrack user import FILE --passwords-out FILE`: accounts for the 96 communes at once,
all or nothing, and a second run that changes nothing."""

import csv

import pytest
from django.contrib.auth import get_user_model

from dxtrack.accounts.access import SYSTEM
from dxtrack.accounts.csv_table import ImportRejected
from dxtrack.accounts.imports import users_import
from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.cli import main

from .communes import accounts_csv, communes_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return communes_loaded()


def test_the_96_communes_get_their_reporters_and_passwords_once(communes, tmp_path, capsys):
    source = tmp_path / "taikhoan.csv"
    source.write_text(accounts_csv(communes), encoding="utf-8")
    passwords = tmp_path / "matkhau.csv"

    assert main(["user", "import", str(source), "--passwords-out", str(passwords)]) == 0

    assert "Đã tạo 97 tài khoản" in capsys.readouterr().out
    reporters = Profile.objects.filter(role=Role.REPORTER).select_related("agency", "user")
    assert reporters.count() == 96
    assert {p.agency.code for p in reporters} == {u["unit_code"] for u in communes}
    kontum = reporters.get(user__username="baocao.kontum")
    assert kontum.agency.name == "UBND phường Kon Tum"
    assert (kontum.user.last_name, kontum.user.first_name) == ("Nguyễn Văn", "An")
    with passwords.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == 97
    assert (passwords.stat().st_mode & 0o777) == 0o600
    user = get_user_model().objects.get(username=written[0]["username"])
    assert user.check_password(written[0]["password"])

    # The same file again: nothing changes, no password file is needed, and it says so.
    before = list(get_user_model().objects.order_by("pk").values_list("pk", "password"))
    assert main(["user", "import", str(source)]) == 0
    assert "Không có thay đổi nào: 97 tài khoản" in capsys.readouterr().out
    assert list(get_user_model().objects.order_by("pk").values_list("pk", "password")) == before


def test_a_row_that_differs_updates_the_account_and_keeps_its_password(communes):
    created = []
    users_import(data=accounts_csv(communes), actor=SYSTEM, passwords_keep=created.extend)
    user = get_user_model().objects.get(username="baocao.kontum")
    text = accounts_csv(communes).replace(
        "vp.kontum@quangngai.gov.vn", "vanphong.kontum@quangngai.gov.vn"
    )

    result = users_import(data=text, actor=SYSTEM)

    assert result.updated == ["baocao.kontum"] and result.unchanged == 96
    user.refresh_from_db()
    assert user.email == "vanphong.kontum@quangngai.gov.vn"
    assert user.check_password(dict(created)["baocao.kontum"])


def test_every_error_is_listed_with_its_row_and_column_and_nothing_is_created(communes):
    text = accounts_csv(communes).splitlines()
    text[3] = "baocao.x,reporter,Xã Không Có,vp@quangngai.gov.vn,"
    text[5] = "Bao Cao Sai,giamdoc,,khong-phai-email,"
    text[7] = text[2]  # the same user name twice
    text.append("tonghop2,coordinator,Phường Kon Tum,,")

    with pytest.raises(ImportRejected) as caught:
        users_import(data="\n".join(text), actor=SYSTEM, passwords_keep=lambda created: None)

    errors = caught.value.errors
    assert "Dòng 4, cột “agency”: không tìm thấy đơn vị “Xã Không Có”" in errors[0]
    assert errors[1].startswith("Dòng 6, cột “username”")
    assert errors[2].startswith("Dòng 6, cột “role”: vai trò “giamdoc” không có")
    assert errors[3].startswith("Dòng 6, cột “email”: “khong-phai-email” không phải")
    assert errors[4] == "Dòng 8, cột “username”: tên đăng nhập “baocao.camthanh” đã có ở dòng 3."
    assert errors[5].startswith("Dòng 99, cột “agency”: chỉ cán bộ báo cáo")
    assert get_user_model().objects.count() == 0


def test_new_accounts_without_a_password_file_are_refused(communes, tmp_path, capsys):
    source = tmp_path / "taikhoan.csv"
    source.write_text(accounts_csv(communes[:3]), encoding="utf-8")

    assert main(["user", "import", str(source)]) == 2

    assert "--passwords-out" in capsys.readouterr().err
    assert get_user_model().objects.count() == 0


def test_a_password_file_that_cannot_be_written_creates_nothing(communes):
    def fail(created):
        raise OSError("disk full")

    with pytest.raises(OSError):
        users_import(data=accounts_csv(communes[:3]), actor=SYSTEM, passwords_keep=fail)
    assert get_user_model().objects.count() == 0


def test_a_file_that_is_not_utf8_or_lacks_columns_is_refused(db):
    Agency.objects.create(name="UBND Xã Bình Sơn")
    with pytest.raises(ImportRejected, match="UTF-8"):
        users_import(data="username,role\nbaocao,Lãnh đạo\n".encode("utf-16"), actor=SYSTEM)
    with pytest.raises(ImportRejected, match="thiếu cột “role”"):
        users_import(data="username,agency\nbaocao,Xã Bình Sơn\n", actor=SYSTEM)


def test_only_an_administrator_imports_accounts_and_each_change_is_audited(communes):
    from django.core.exceptions import PermissionDenied

    from dxtrack.audit.models import AuditEntry
    from reporting.sample import account

    coordinator = account("dieuphoi", Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        users_import(data=accounts_csv(communes[:2]), actor=coordinator, passwords_keep=print)
    admin = account("quantri", Role.ADMIN)

    users_import(data=accounts_csv(communes[:2]), actor=admin, passwords_keep=lambda c: None)

    entries = AuditEntry.objects.filter(action="user.import_create")
    assert entries.count() == 3 and {e.actor for e in entries} == {admin}
    assert not any("password" in str(e.details) for e in entries)
