"""Throttled sign-in: growing delays per account and address together, on the web sign-in
page and the API token endpoint. A guesser slows only itself; the owner, from its own
address, always gets in at once."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import ApiToken, LoginFailure
from dxtrack.accounts.throttle import (
    FREE_FAILURES,
    login_delay,
    login_failed,
    login_succeeded,
)

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem-2025"
OWNER, GUESSER = "198.51.100.7", "203.0.113.9"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def _web_sign_in(address: str, password: str, username: str = "baocao.skhcn", **meta):
    client = Client(REMOTE_ADDR=address, **meta)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def _api_token(address: str, password: str, username: str = "baocao.skhcn", **meta):
    return Client(REMOTE_ADDR=address, **meta).post(
        "/api/v1/auth/token", {"username": username, "password": password}, "application/json"
    )


def _age_failures(seconds: float) -> None:
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(seconds=seconds))


def test_delays_grow_with_each_failure_of_one_name_from_one_address():
    delays = []
    for _attempt in range(FREE_FAILURES + 6):
        delays.append(login_delay(username="baocao.skhcn", address=GUESSER))
        login_failed(username="baocao.skhcn", address=GUESSER)
        _age_failures(0)
    assert delays[: FREE_FAILURES + 1] == [dt.timedelta(0)] * (FREE_FAILURES + 1)
    assert delays[FREE_FAILURES + 1] > dt.timedelta(0)
    growing = delays[FREE_FAILURES + 1 :]
    assert growing == sorted(set(growing))
    # Never a lock: even a long run of guesses waits at most a quarter of an hour.
    for _attempt in range(40):
        login_failed(username="baocao.skhcn", address=GUESSER)
    assert login_delay(username="baocao.skhcn", address=GUESSER) <= dt.timedelta(minutes=15)


def test_the_delay_counts_from_the_last_failure():
    for _attempt in range(FREE_FAILURES + 2):
        login_failed(username="baocao.skhcn", address=GUESSER)
    delay = login_delay(username="baocao.skhcn", address=GUESSER)
    _age_failures(delay.total_seconds() + 1)
    assert login_delay(username="baocao.skhcn", address=GUESSER) == dt.timedelta(0)


def test_guesses_from_one_address_never_delay_the_name_elsewhere_or_other_names():
    for _attempt in range(50):
        login_failed(username="BaoCao.SKHCN", address=GUESSER)
    assert login_delay(username="baocao.skhcn", address=GUESSER) > dt.timedelta(0)
    assert login_delay(username="baocao.skhcn", address=OWNER) == dt.timedelta(0)
    # An office behind one address: one colleague's typos slow nobody else.
    assert login_delay(username="lanhdao", address=GUESSER) == dt.timedelta(0)


def test_signing_in_clears_only_the_failures_from_that_address():
    for _attempt in range(4):
        login_failed(username="baocao.skhcn", address=GUESSER)
        login_failed(username="baocao.skhcn", address=OWNER)

    login_succeeded(username="BaoCao.SKHCN", address=OWNER)

    assert not LoginFailure.objects.filter(address=OWNER).exists()
    assert LoginFailure.objects.filter(address=GUESSER).count() == 4


def test_an_outsider_s_guesses_never_keep_the_owner_out_of_the_web_page(users):
    for _attempt in range(30):
        _web_sign_in(GUESSER, "doan-mo-mat-khau")

    client, response = _web_sign_in(OWNER, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["reporter"].pk)


def test_the_web_page_says_how_long_to_wait_and_does_not_check_the_password(users):
    for _attempt in range(FREE_FAILURES + 1):
        _, response = _web_sign_in(GUESSER, "doan-mo-mat-khau")
        assert WRONG in response.content.decode()

    client, response = _web_sign_in(GUESSER, PASSWORD)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng thử lại sau" in page
    assert "giây" in page
    assert WRONG not in page
    assert "_auth_user_id" not in client.session
    # A refused attempt is not a failure: waiting ends on time.
    assert LoginFailure.objects.count() == FREE_FAILURES + 1

    _age_failures(3600)
    client, response = _web_sign_in(GUESSER, PASSWORD)
    assert response.status_code == 302


def test_an_outsider_s_guesses_never_keep_the_owner_from_a_token(users):
    for _attempt in range(30):
        _api_token(GUESSER, "doan-mo-mat-khau")

    assert _api_token(OWNER, PASSWORD).status_code == 200

    response = _api_token(GUESSER, PASSWORD)
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Đăng nhập sai nhiều lần")
    assert int(response["Retry-After"]) > 0
    assert ApiToken.objects.count() == 1


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(users, settings):
    settings.DXTRACK_TRUSTED_PROXIES = []
    # Without a trusted proxy, a guesser cannot escape its delay by inventing addresses.
    for n in range(FREE_FAILURES + 1):
        _api_token(GUESSER, "doan-mo-mat-khau", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {GUESSER}
    assert _api_token(GUESSER, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_throttled_on_its_own(users, settings):
    proxy = "10.0.0.5"
    settings.DXTRACK_TRUSTED_PROXIES = [proxy]
    for _attempt in range(FREE_FAILURES + 1):
        # The client put a made-up address first; the proxy appended the real one.
        _api_token(proxy, "doan-mo-mat-khau", HTTP_X_FORWARDED_FOR=f"192.0.2.1, {GUESSER}")
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {GUESSER}

    assert _api_token(proxy, PASSWORD, HTTP_X_FORWARDED_FOR=GUESSER).status_code == 429
    assert _api_token(proxy, PASSWORD, HTTP_X_FORWARDED_FOR=OWNER).status_code == 200
