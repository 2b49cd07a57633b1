"""`dxtrack agencies contacts FILE`: the communes' addresses and phone numbers."""

import pytest

from accounts.communes import communes_loaded, contacts_csv
from dxtrack.accounts.access import SYSTEM
from dxtrack.accounts.csv_table import ImportRejected
from dxtrack.agencies.contacts import contacts_import
from dxtrack.agencies.models import Agency
from dxtrack.cli import main

pytestmark = pytest.mark.django_db


def test_the_96_communes_contacts_load_once(tmp_path, capsys):
    communes = communes_loaded()
    source = tmp_path / "lienhe.csv"
    source.write_text(contacts_csv(communes), encoding="utf-8")

    assert main(["agencies", "contacts", str(source)]) == 0
    assert "Đã cập nhật địa chỉ liên hệ của 96 đơn vị" in capsys.readouterr().out
    kontum = Agency.objects.get(code="23293")
    assert (kontum.email, kontum.phone) == ("ubnd.kontum@quangngai.gov.vn", "0255 3000000")
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE).exclude(email="").count() == 96

    assert main(["agencies", "contacts", str(source)]) == 0
    assert "Không có thay đổi nào: 96 đơn vị" in capsys.readouterr().out


def test_an_empty_cell_keeps_what_the_agency_has(db):
    Agency.objects.create(name="UBND Xã Bình Sơn", email="ubnd.binhson@quangngai.gov.vn")

    contacts_import(data="agency,email,phone\nXã Bình Sơn,,0255 3851 234\n", actor=SYSTEM)

    agency = Agency.objects.get()
    assert (agency.email, agency.phone) == ("ubnd.binhson@quangngai.gov.vn", "0255 3851 234")


def test_errors_name_row_and_column_and_nothing_changes(db, tmp_path, capsys):
    Agency.objects.create(name="UBND Xã Bình Sơn")
    Agency.objects.create(name="UBND Phường Cẩm Thành")
    text = (
        "agency,email,phone\n"
        "Phường Cẩm Thành,camthanh@quangngai.gov.vn,\n"
        "Xã Không Có,a@quangngai.gov.vn,\n"
        "Xã Bình Sơn,binhson@,số máy bàn\n"
        "UBND Phường Cẩm Thành,khac@quangngai.gov.vn,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        contacts_import(data=text, actor=SYSTEM)
    assert caught.value.errors == [
        "Dòng 3, cột “agency”: không tìm thấy đơn vị “Xã Không Có” trong danh bạ "
        "(ghi tên, tên viết tắt hoặc mã đơn vị).",
        "Dòng 4, cột “email”: “binhson@” không phải địa chỉ e-mail.",
        "Dòng 4, cột “phone”: “số máy bàn” không phải số điện thoại "
        "(chỉ gồm chữ số, dấu cách và + ( ) . - /).",
        "Dòng 5, cột “agency”: đơn vị “UBND Phường Cẩm Thành” đã có ở dòng 2.",
    ]
    assert not Agency.objects.exclude(email="").exists()

    source = tmp_path / "lienhe.csv"
    source.write_text(text, encoding="utf-8")
    assert main(["agencies", "contacts", str(source)]) == 2
    assert "Dòng 3, cột “agency”" in capsys.readouterr().err
