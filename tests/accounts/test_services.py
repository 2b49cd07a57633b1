"""Accounts: creating users, API tokens and their expiry."""

import datetime as dt

import pytest
from django.utils import timezone

from dxtrack.accounts.models import ApiToken, Role
from dxtrack.accounts.services import (
    TOKEN_LIFETIME,
    AccountError,
    token_issue,
    token_user,
    user_add,
)

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem-2025"


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


def test_the_token_s_user_comes_whole_with_its_profile(users, django_assert_num_queries):
    reporter = users["reporter"]
    key = token_issue(user=reporter)
    token_user(key=key)  # the first use is written once

    with django_assert_num_queries(1):
        user = token_user(key=key)
        assert (user.profile.role, user.profile.agency_id) == (
            reporter.profile.role,
            reporter.profile.agency_id,
        )
        assert user.profile.user is user
    for field in ("pk", "username", "password", "is_active", "is_staff", "last_login"):
        assert getattr(user, field) == getattr(reporter, field)
    assert user.is_authenticated
    assert user._state.db == "default" and not user._state.adding


def test_a_token_of_a_user_without_a_profile_names_a_user_without_one(django_user_model):
    user = django_user_model.objects.create_user(username="khong.ho.so", password=PASSWORD)
    key = token_issue(user=user)

    found = token_user(key=key)

    assert found == user
    assert not hasattr(found, "profile")


def test_a_token_revoked_or_of_a_deactivated_user_after_use_gets_nobody(users):
    leader_key = token_issue(user=users["leader"])
    reporter_key = token_issue(user=users["reporter"])
    assert token_user(key=leader_key) == users["leader"]
    assert token_user(key=reporter_key) == users["reporter"]

    ApiToken.objects.filter(user=users["leader"]).update(revoked_at=timezone.now())
    users["reporter"].is_active = False
    users["reporter"].save()

    assert token_user(key=leader_key) is None
    assert token_user(key=reporter_key) is None
