"""Signing in to the API: bearer tokens for other systems, the browser's session (with its
CSRF check) for the web pages, and the limit on wrong passwords."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import ApiToken
from dxtrack.accounts.services import user_add
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.period_services import period_create, period_open

pytestmark = pytest.mark.django_db

API = "/api/v1"
PASSWORD = "mat-khau-thu-nghiem-2025"
UNAUTHENTICATED = "Chưa đăng nhập hoặc thông tin xác thực không hợp lệ."


def _token_response(username: str, password: str, client: Client | None = None):
    return (client or Client()).post(
        f"{API}/auth/token", {"username": username, "password": password}, "application/json"
    )


@pytest.fixture
def reporter(catalogue):
    return user_add(
        username="baocao.skhcn", role="reporter", password=PASSWORD, agency=catalogue.dost
    )


@pytest.fixture
def report(catalogue):
    """Sở KH&CN's draft report for 2026."""
    coordinator = user_add(username="sokhcn", role="coordinator", password=PASSWORD)
    period = period_create(
        actor=coordinator,
        name="Báo cáo năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
        plan_ids=[catalogue.plan.pk],
    )
    period_open(period=period, actor=coordinator)
    return AgencyReport.objects.get(period=period, agency=catalogue.dost)


def _report_path(report: AgencyReport) -> str:
    return f"{API}/reports/{report.period_id}/{report.agency_id}"


def _status_update(report: AgencyReport, status: str = "Đang thực hiện") -> dict:
    task_id = report.task_updates.get().task_id
    return {"version": report.version, "tasks": [{"task_id": task_id, "status": status}]}


# ------------------------------------------------------------------------ tokens


def test_a_user_name_and_password_give_a_token_that_opens_the_api(reporter):
    response = _token_response("baocao.skhcn", PASSWORD)

    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) >= 40
    periods = Client().get(f"{API}/periods", headers={"Authorization": f"Bearer {token}"})
    assert periods.status_code == 200
    # Only a hash is kept: the token cannot be read back from the database.
    assert not ApiToken.objects.filter(key_hash=token).exists()
    assert ApiToken.objects.get(user=reporter).key_hash != token


def test_a_wrong_password_or_unknown_user_gets_no_token(reporter):
    for username, password in (("baocao.skhcn", "sai-mat-khau"), ("khong-co-ai", PASSWORD)):
        response = _token_response(username, password)
        assert response.status_code == 401
        assert response.json() == {
            "detail": "Tên đăng nhập hoặc mật khẩu không đúng.",
            "errors": [],
        }
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(reporter):
    token = _token_response("baocao.skhcn", PASSWORD).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = Client().get(f"{API}/periods", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHENTICATED, "errors": []}


def test_the_token_of_a_deactivated_user_is_refused(reporter):
    token = _token_response("baocao.skhcn", PASSWORD).json()["token"]
    reporter.is_active = False
    reporter.save()

    response = Client().get(f"{API}/periods", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401


def test_a_bearer_token_needs_no_csrf_token_to_change_a_report(reporter, report):
    token = _token_response("baocao.skhcn", PASSWORD).json()["token"]
    client = Client(enforce_csrf_checks=True)

    response = client.put(
        _report_path(report),
        _status_update(report),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.status_code == 200
    assert response.json()["tasks"][0]["status"] == "Đang thực hiện"


# ----------------------------------------------------------------------- sessions


@pytest.fixture
def browser(reporter):
    """A signed-in browser that gets Django's CSRF cookie from the sign-in page, as a page
    using the API with fetch() does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    client.get(reverse("login"))
    return client


def test_a_browser_session_reads_the_api(browser, report):
    response = browser.get(_report_path(report))

    assert response.status_code == 200
    assert response.json()["agency"]["name"] == "Sở Khoa học và Công nghệ"


def test_a_browser_session_cannot_change_a_report_without_the_csrf_token(browser, report):
    response = browser.put(_report_path(report), _status_update(report), "application/json")

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Bạn không có quyền thực hiện thao tác này.",
        "errors": [
            {
                "msg": "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF) của phiên đăng nhập "
                "trình duyệt."
            }
        ],
    }
    report.refresh_from_db()
    assert report.version == 1
    assert browser.post(_report_path(report) + "/submit").status_code == 403


def test_a_browser_session_changes_a_report_with_the_csrf_token(browser, report):
    csrf = browser.cookies["csrftoken"].value

    response = browser.put(
        _report_path(report),
        _status_update(report),
        "application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_signing_out_ends_the_api_session(browser, report):
    csrf = browser.cookies["csrftoken"].value
    assert browser.post(reverse("logout"), headers={"X-CSRFToken": csrf}).status_code == 302

    response = browser.get(_report_path(report))

    assert response.status_code == 401
