"""Under the strict Content-Security-Policy, the pages and the admin run without a single
violation: the browser reports every blocked script, style or handler to the console."""

import pytest

from factories import UserFactory
from reporting.sample import reporting_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-2025"


def test_pages_and_admin_run_without_a_policy_violation(page, live_server):
    sample = reporting_sample()
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))

    def sign_in(username: str) -> None:
        page.context.clear_cookies()
        page.goto(live_server.url + "/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")

    for path in ("/cong-khai/", "/du-lieu-mo/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")

    sign_in(sample.reporter.username)
    report = sample.report
    for path in (
        "/ke-hoach/",
        f"/ke-hoach/{sample.catalogue.plan.pk}/",
        f"/ky-bao-cao/{report.period_id}/",
        f"/ky-bao-cao/{report.period_id}/don-vi/{report.agency_id}/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")

    sign_in("quantri")
    for path in (
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{sample.reporter.pk}/change/",
        "/admin/plans/task/add/",
        f"/admin/plans/indicator/{sample.catalogue.signature.pk}/change/",
        "/admin/accounts/apitoken/",
        "/bang-dieu-khien/",
        "/canh-bao/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")

    assert violations == []
