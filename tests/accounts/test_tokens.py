"""API tokens end when their holder signs out or changes password, and the administrator
sees each user's active tokens and can revoke them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import ApiToken
from dxtrack.accounts.services import token_issue, token_user, tokens_revoke

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem-2025"


def _opens_the_api(key: str) -> bool:
    response = Client().get("/api/v1/periods", headers={"Authorization": f"Bearer {key}"})
    return response.status_code == 200


def test_signing_out_of_the_web_revokes_the_user_s_tokens(users):
    reporter = users["reporter"]
    key = token_issue(user=reporter)
    other = token_issue(user=users["leader"])
    browser = Client()
    browser.post(reverse("login"), {"username": "baocao.skhcn", "password": PASSWORD})
    assert _opens_the_api(key)

    browser.post(reverse("logout"))

    assert not _opens_the_api(key)
    assert _opens_the_api(other)
    assert ApiToken.objects.get(user=reporter).revoked_at is not None


def test_a_new_password_revokes_the_user_s_tokens(users):
    reporter = users["reporter"]
    key = token_issue(user=reporter)

    reporter.set_password("mat-khau-moi-rat-dai-2026")
    reporter.save()

    assert not _opens_the_api(key)
    # A token asked for with the new password works.
    assert _opens_the_api(token_issue(user=reporter))


def test_a_password_changed_in_the_admin_revokes_the_user_s_tokens(users, client):
    reporter = users["reporter"]
    key = token_issue(user=reporter)
    client.force_login(users["admin"])
    url = reverse("admin:auth_user_password_change", args=[reporter.pk])

    response = client.post(
        url,
        {"password1": "mat-khau-moi-rat-dai-2026", "password2": "mat-khau-moi-rat-dai-2026"},
    )

    assert response.status_code == 302
    assert not _opens_the_api(key)


def test_a_revoked_token_names_no_user(users):
    key = token_issue(user=users["reporter"])
    assert tokens_revoke(user=users["reporter"]) == 1
    assert token_user(key=key) is None
    assert tokens_revoke(user=users["reporter"]) == 0


def test_the_admin_lists_a_user_s_active_tokens_and_revokes_them(users, client):
    reporter = users["reporter"]
    keys = [token_issue(user=reporter) for _ in range(3)]
    token_issue(user=users["leader"])
    ApiToken.objects.filter(user=reporter).order_by("pk").first().delete()
    expired = ApiToken.objects.filter(user=reporter).order_by("pk").first()
    expired.expires_at = timezone.now()
    expired.save()
    client.force_login(users["admin"])
    changelist = reverse("admin:accounts_apitoken_changelist")

    page = client.get(changelist, {"active": "yes", "user__id__exact": reporter.pk})

    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    active = ApiToken.objects.get(user=reporter, expires_at__gt=timezone.now())

    response = client.post(
        changelist,
        {"action": "tokens_revoke_selected", "_selected_action": [active.pk]},
    )

    assert response.status_code == 302
    assert not _opens_the_api(keys[2])
    assert ApiToken.objects.get(pk=active.pk).revoked_at is not None


def test_the_user_page_in_the_admin_shows_the_active_tokens(users, client):
    token_issue(user=users["reporter"])
    client.force_login(users["admin"])
    url = reverse("admin:auth_user_change", args=[users["reporter"].pk])

    page = client.get(url).content.decode()

    assert "Khóa truy cập API đang dùng" in page
    assert get_user_model().objects.get(pk=users["reporter"].pk).api_tokens.count() == 1
