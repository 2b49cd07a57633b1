import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        reverse("plan-list"),
        reverse("plan-detail", args=[1]),
        reverse("agency-list"),
        reverse("agency-detail", args=[1]),
        reverse("search") + "?q=chu+ky+so",
    ],
)
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_login_page_is_in_vietnamese(client):
    page = client.get(reverse("login")).content.decode()

    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page
    assert 'lang="vi"' in page


def test_signing_in_leads_to_the_list_of_plans(client, official):
    response = client.post(
        reverse("login"),
        {"username": official.username, "password": "mat-khau-thu-nghiem-2025"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("plan-list")


def test_a_wrong_password_is_refused_with_a_message(client, official):
    response = client.post(reverse("login"), {"username": official.username, "password": "sai"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_home_goes_to_the_list_of_plans(signed_in):
    response = signed_in.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("plan-list")


def test_every_page_has_the_search_box_and_a_logout_button(signed_in, catalogue):
    for url in (
        reverse("plan-list"),
        reverse("plan-detail", args=[catalogue.plan.pk]),
        reverse("agency-list"),
        reverse("agency-detail", args=[catalogue.dost.pk]),
        reverse("search"),
    ):
        page = signed_in.get(url).content.decode()
        assert f'action="{reverse("search")}"' in page, url
        assert 'role="search"' in page, url
        assert f'action="{reverse("logout")}"' in page, url


def test_logging_out_ends_the_session(signed_in):
    response = signed_in.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in signed_in.session
