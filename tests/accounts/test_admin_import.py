"""The import pages of the admin's account and agency lists: the commands' checks and
messages, from the browser."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxtrack.agencies.models import Agency
from factories import UserFactory

from .communes import accounts_csv, communes_loaded, contacts_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def _upload(client, url: str, text: str, name: str = "tep.csv"):
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_the_user_list_links_the_import_page_which_shows_new_passwords_once(admin_client):
    communes = communes_loaded()
    url = reverse("admin:auth_user_csv_import")
    assert url in admin_client.get(reverse("admin:auth_user_changelist")).content.decode()

    page = _upload(admin_client, url, accounts_csv(communes)).content.decode()

    assert "Đã tạo 97 tài khoản" in page
    user = get_user_model().objects.get(username="baocao.kontum")
    password = page.split("baocao.kontum</td><td><code>")[1].split("</code>")[0]
    assert user.check_password(password)

    again = _upload(admin_client, url, accounts_csv(communes), "lai.csv")
    assert again.status_code == 302
    assert get_user_model().objects.count() == 98


def test_errors_are_listed_and_nothing_is_created(admin_client):
    communes = communes_loaded()
    text = accounts_csv(communes[:3]) + "baocao.x,reporter,Xã Không Có,,\n"

    response = _upload(admin_client, reverse("admin:auth_user_csv_import"), text)

    assert response.status_code == 400
    assert "Dòng 6, cột “agency”: không tìm thấy đơn vị “Xã Không Có”" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_only_csv_files_are_taken(admin_client):
    response = _upload(admin_client, reverse("admin:auth_user_csv_import"), "x", "tep.xlsx")
    assert response.status_code == 400
    assert "Chỉ nhận tệp .csv." in response.content.decode()


def test_the_agency_list_imports_contacts(admin_client):
    communes = communes_loaded()
    url = reverse("admin:agencies_agency_csv_import")
    assert url in admin_client.get(reverse("admin:agencies_agency_changelist")).content.decode()

    response = _upload(admin_client, url, contacts_csv(communes))

    assert response.status_code == 302
    assert Agency.objects.exclude(email="").count() == 96


def test_staff_who_may_not_change_agencies_cannot_import(client):
    client.force_login(UserFactory(username="nhanvien", is_staff=True))
    assert client.get(reverse("admin:agencies_agency_csv_import")).status_code == 403
