"""Accounts: creating users, API tokens and their expiry, and the limit on wrong passwords
(in the services and on the web sign-in form)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import ApiToken, LoginFailure, Role
from dxtrack.accounts.services import (
    LOGIN_FAILURE_LIMIT,
    LOGIN_FAILURE_WINDOW,
    TOKEN_LIFETIME,
    AccountError,
    login_blocked,
    login_failed,
    login_succeeded,
    token_issue,
    token_user,
    user_add,
)

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem-2025"
BLOCKED = (
    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị hệ thống."
)
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


# ------------------------------------------------------------------------ users


def test_a_reporter_is_created_with_its_role_agency_and_name(dost):
    user = user_add(
        username="hoa.skhcn",
        role="reporter",
        password=PASSWORD,
        agency=dost,
        full_name="Lê Thị Hoa",
        email="hoa@skhcn.quangngai.gov.vn",
    )

    assert (user.profile.role, user.profile.agency) == (Role.REPORTER, dost)
    assert (user.last_name, user.first_name) == ("Lê Thị", "Hoa")
    assert user.check_password(PASSWORD)
    assert not user.is_staff


def test_only_an_administrator_gets_the_back_office(db):
    admin = user_add(username="quantri", role="admin", password=PASSWORD)
    coordinator = user_add(username="sokhcn", role="coordinator", password=PASSWORD)

    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert (coordinator.is_staff, coordinator.is_superuser) == (False, False)


@pytest.mark.parametrize(
    ("role", "with_agency", "message"),
    [
        ("reporter", False, "Cán bộ báo cáo phải thuộc một đơn vị (--agency)."),
        ("leader", True, "Chỉ cán bộ báo cáo mới gắn với một đơn vị."),
        ("coordinator", True, "Chỉ cán bộ báo cáo mới gắn với một đơn vị."),
    ],
)
def test_an_agency_goes_with_the_reporter_role_only(dost, role, with_agency, message):
    with pytest.raises(AccountError) as refused:
        user_add(
            username="nguoi-dung",
            role=role,
            password=PASSWORD,
            agency=dost if with_agency else None,
        )

    assert str(refused.value) == message


def test_a_user_name_is_taken_once(users):
    with pytest.raises(AccountError) as refused:
        user_add(username="lanhdao", role="leader", password=PASSWORD)

    assert str(refused.value) == "Tên đăng nhập “lanhdao” đã có."


def test_a_common_password_is_refused_in_vietnamese(db):
    with pytest.raises(AccountError) as refused:
        user_add(username="lanhdao", role="leader", password="12345678")

    assert str(refused.value) == "Mật khẩu chưa đạt yêu cầu: Mật khẩu này quá phổ biến."


# ----------------------------------------------------------------------- tokens


def test_a_token_names_its_user_until_it_expires(users, monkeypatch):
    reporter = users["reporter"]
    issued = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: issued)
    key = token_issue(user=reporter)

    monkeypatch.setattr(timezone, "now", lambda: issued + TOKEN_LIFETIME - dt.timedelta(minutes=1))
    assert token_user(key=key) == reporter
    monkeypatch.setattr(timezone, "now", lambda: issued + TOKEN_LIFETIME)
    assert token_user(key=key) is None


def test_tokens_last_thirty_days(users):
    before = timezone.now()
    token_issue(user=users["leader"])

    token = ApiToken.objects.get()
    assert TOKEN_LIFETIME == dt.timedelta(days=30)
    assert before + TOKEN_LIFETIME <= token.expires_at <= timezone.now() + TOKEN_LIFETIME


def test_an_unknown_key_or_a_deactivated_user_gets_nobody(users):
    key = token_issue(user=users["leader"])

    assert token_user(key="khong-phai-khoa-that") is None
    users["leader"].is_active = False
    users["leader"].save()
    assert token_user(key=key) is None


def test_each_token_is_stored_as_a_hash_only(users):
    first, second = token_issue(user=users["reporter"]), token_issue(user=users["reporter"])

    assert first != second
    stored = set(ApiToken.objects.values_list("key_hash", flat=True))
    assert len(stored) == 2
    assert not stored & {first, second}
    assert token_user(key=first) == token_user(key=second) == users["reporter"]


def test_use_is_recorded_without_a_write_on_every_call(users, django_assert_num_queries):
    key = token_issue(user=users["reporter"])

    with django_assert_num_queries(2):  # read, and the first use written
        token_user(key=key)
    first_use = ApiToken.objects.get().last_used_at
    assert first_use is not None
    with django_assert_num_queries(1):
        token_user(key=key)
    assert ApiToken.objects.get().last_used_at == first_use


# --------------------------------------------------------------- login throttling


def test_five_wrong_passwords_lock_the_name():
    for _attempt in range(LOGIN_FAILURE_LIMIT - 1):
        login_failed(username="baocao.skhcn", address="10.51.0.7")
    assert not login_blocked(username="baocao.skhcn", address="10.51.0.7")

    login_failed(username="baocao.skhcn", address="10.51.0.7")

    assert LOGIN_FAILURE_LIMIT == 5
    assert login_blocked(username="baocao.skhcn", address="10.51.0.7")
    # The name is locked from anywhere, whatever its case.
    assert login_blocked(username="BaoCao.SKHCN", address="10.51.0.99")
    assert not login_blocked(username="baocao.yte", address="10.51.0.99")


def test_the_lock_ends_when_the_failures_are_older_than_the_window():
    for _attempt in range(5):
        login_failed(username="baocao.skhcn", address=None)
    LoginFailure.objects.update(at=timezone.now() - LOGIN_FAILURE_WINDOW - dt.timedelta(seconds=1))

    assert LOGIN_FAILURE_WINDOW == dt.timedelta(minutes=15)
    assert not login_blocked(username="baocao.skhcn", address=None)


def test_one_address_guessing_many_names_is_locked_after_twenty():
    for n in range(19):
        login_failed(username=f"can-bo-{n}", address="203.162.10.1")
    assert not login_blocked(username="lanhdao", address="203.162.10.1")

    login_failed(username="can-bo-19", address="203.162.10.1")

    assert login_blocked(username="lanhdao", address="203.162.10.1")
    assert not login_blocked(username="lanhdao", address="203.162.10.2")


def test_signing_in_clears_the_name_s_failures():
    for _attempt in range(4):
        login_failed(username="baocao.skhcn", address="10.51.0.7")

    login_succeeded(username="BaoCao.SKHCN")

    assert not LoginFailure.objects.filter(username="baocao.skhcn").exists()


def _sign_in(client, password: str):
    return client.post(reverse("login"), {"username": "baocao.skhcn", "password": password})


def test_the_login_page_says_in_vietnamese_that_the_name_is_locked(client, users):
    for _attempt in range(5):
        response = _sign_in(client, "doan-mo-mat-khau")
        assert response.status_code == 200
        assert WRONG in response.content.decode()

    response = _sign_in(client, PASSWORD)

    page = response.content.decode()
    assert response.status_code == 200
    assert BLOCKED in page
    assert WRONG not in page
    assert "_auth_user_id" not in client.session
    # The password is not even checked while locked, so the lock ends on time.
    assert LoginFailure.objects.filter(username="baocao.skhcn").count() == 5


def test_the_login_page_lets_the_user_in_once_the_lock_has_passed(client, users):
    for _attempt in range(5):
        _sign_in(client, "doan-mo-mat-khau")
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=16))

    response = _sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["reporter"].pk)
    assert not LoginFailure.objects.exists()
