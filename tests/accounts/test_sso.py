"""Single sign-on through OpenID Connect, against a real provider on 127.0.0.1: the whole
authorization code flow (discovery, redirect, code, signed ID token, userinfo), the mapping
of the provider's user to a local account, and no role unless the administrator gives one."""

from urllib.parse import urlparse

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.oidc_provider_support import CLIENT_ID, CLIENT_SECRET, RunningProvider
from dxtrack.accounts.models import Profile, Role, SsoIdentity
from dxtrack.accounts.services import user_add
from factories import AgencyFactory

pytestmark = pytest.mark.django_db

SSO_BUTTON = "Đăng nhập bằng tài khoản một lần"
PASSWORD = "mat-khau-thu-nghiem-2025"


@pytest.fixture
def provider(settings):
    with RunningProvider() as provider:
        settings.DXTRACK_OIDC_ISSUER = provider.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        provider.user = {
            "sub": "vneid-7f3a",
            "email": "tran.binh@quangngai.gov.vn",
            "email_verified": True,
            "preferred_username": "tran.binh",
            "given_name": "Bình",
            "family_name": "Trần Văn",
        }
        yield provider


def _sso_sign_in(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302, start
    assert start["Location"].startswith(provider.issuer + "/authorize?")
    # The browser at the provider, where the user is signed in: it sends it back.
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    return client.get(back.path + "?" + back.query)


def test_the_login_page_offers_single_sign_on_only_when_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert SSO_BUTTON not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404

    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.DXTRACK_OIDC_ISSUER = "http://127.0.0.1:9"
    assert SSO_BUTTON in client.get(reverse("login")).content.decode()


def _signed_in(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def _tied(subject: str):
    return SsoIdentity.objects.get(subject=subject).user


def test_a_new_user_is_known_after_the_provider_but_gets_in_only_once_given_a_role(
    client, provider
):
    response = _sso_sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?sso=cho-phan-quyen"
    assert _signed_in(client) is None
    page = client.get(response["Location"]).content.decode()
    assert "tài khoản chưa được phân vai trò trong hệ thống" in page
    user = _tied("vneid-7f3a")
    assert (user.username, user.email) == ("tran.binh", "tran.binh@quangngai.gov.vn")
    assert (user.last_name, user.first_name) == ("Trần Văn", "Bình")
    assert not user.has_usable_password()
    assert not Profile.objects.filter(user=user).exists()
    # Every step went to the provider: discovery, code exchange, keys, userinfo.
    assert {
        "/.well-known/openid-configuration",
        "/authorize",
        "/token",
        "/jwks",
        "/userinfo",
    } <= set(provider.requests)

    Profile.objects.create(user=user, role=Role.LEADER)
    response = _sso_sign_in(client, provider)

    assert response["Location"] == reverse("plan-list")
    assert _signed_in(client) == user
    assert client.get(reverse("plan-list")).status_code == 200


def test_the_same_subject_signs_in_to_the_same_account_whatever_its_e_mail(client, provider):
    _sso_sign_in(client, provider)
    user = _tied("vneid-7f3a")
    Profile.objects.create(user=user, role=Role.LEADER)
    provider.user = {**provider.user, "email": "binh.tv@quangngai.gov.vn"}

    _sso_sign_in(client, provider)

    assert _signed_in(client) == user
    assert get_user_model().objects.count() == 1


def test_an_existing_account_is_matched_by_e_mail_only_when_configured(client, provider, settings):
    local = user_add(
        username="binh.skhcn",
        role="coordinator",
        password=PASSWORD,
        email="tran.binh@quangngai.gov.vn",
    )
    _sso_sign_in(client, provider)
    assert _tied("vneid-7f3a") != local  # a new, separate account, not signed in
    assert _signed_in(client) is None
    SsoIdentity.objects.all().delete()
    get_user_model().objects.exclude(pk=local.pk).delete()

    settings.DXTRACK_OIDC_MATCH_EMAIL = True
    _sso_sign_in(client, provider)

    assert _signed_in(client) == local
    assert _tied("vneid-7f3a") == local
    # The local password still works beside the provider.
    client.logout()
    response = client.post(reverse("login"), {"username": "binh.skhcn", "password": PASSWORD})
    assert response.status_code == 302
    assert _signed_in(client) == local


def test_an_unverified_e_mail_never_matches_an_account(client, provider, settings):
    local = user_add(
        username="binh.skhcn", role="admin", password=PASSWORD, email="tran.binh@quangngai.gov.vn"
    )
    settings.DXTRACK_OIDC_MATCH_EMAIL = True
    provider.user = {**provider.user, "email_verified": False}

    _sso_sign_in(client, provider)

    assert _signed_in(client) is None
    assert _tied("vneid-7f3a") != local


def test_a_role_comes_from_the_provider_only_with_an_explicit_mapping(client, provider, settings):
    provider.user = {**provider.user, "dxtrack_role": "coordinator"}
    _sso_sign_in(client, provider)
    assert _signed_in(client) is None
    assert not Profile.objects.filter(user=_tied("vneid-7f3a")).exists()

    settings.DXTRACK_OIDC_ROLE_CLAIM = "dxtrack_role"
    provider.user = {**provider.user, "sub": "vneid-8b21", "preferred_username": "le.c"}
    _sso_sign_in(client, provider)
    assert _signed_in(client) == _tied("vneid-8b21")
    assert _tied("vneid-8b21").profile.role == Role.COORDINATOR
    client.logout()

    # Administration is never granted by the provider.
    provider.user = {**provider.user, "sub": "vneid-9c32", "dxtrack_role": "admin"}
    _sso_sign_in(client, provider)
    assert _signed_in(client) is None
    admin = _tied("vneid-9c32")
    assert not Profile.objects.filter(user=admin).exists()
    assert not admin.is_superuser


def test_a_reply_with_a_forged_state_signs_nobody_in(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = urlparse(at_provider.headers["Location"])
    forged = back.query.replace("state=", "state=gia-mao")

    response = client.get(back.path + "?" + forged)

    assert _signed_in(client) is None
    assert response.status_code in (302, 400)
    assert not SsoIdentity.objects.exists()


def test_an_id_token_meant_for_another_application_signs_nobody_in(client, provider):
    provider.audience = "ung-dung-khac"

    response = _sso_sign_in(client, provider)

    assert response["Location"] == reverse("login") + "?sso=loi"
    assert _signed_in(client) is None
    assert not SsoIdentity.objects.exists()


def test_an_unreachable_provider_is_said_on_the_sign_in_page(client, settings):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.DXTRACK_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens there

    response = client.get(reverse("oidc_authentication_init"))

    assert response["Location"] == reverse("login") + "?sso=loi"
    page = client.get(response["Location"]).content.decode()
    assert "Đăng nhập một lần không thành công" in page


def test_a_reporter_from_the_provider_belongs_to_the_agency_its_claim_names(
    client, provider, settings
):
    dost = AgencyFactory(name="Sở Khoa học và Công nghệ")
    settings.DXTRACK_OIDC_ROLE_CLAIM = "dxtrack_role"
    settings.DXTRACK_OIDC_AGENCY_CLAIM = "dxtrack_agency"
    # Written by the provider in another case: still the same agency.
    provider.user = {
        **provider.user,
        "dxtrack_role": "reporter",
        "dxtrack_agency": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    }
    _sso_sign_in(client, provider)
    assert _signed_in(client) == _tied("vneid-7f3a")
    profile = _tied("vneid-7f3a").profile
    assert (profile.role, profile.agency) == (Role.REPORTER, dost)
    client.logout()

    # An agency the directory does not know gives no role at all.
    provider.user = {**provider.user, "sub": "vneid-5d10", "dxtrack_agency": "Sở Không Có"}
    _sso_sign_in(client, provider)
    assert _signed_in(client) is None
    assert not Profile.objects.filter(user=_tied("vneid-5d10")).exists()
