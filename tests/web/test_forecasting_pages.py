"""The forecast page with its chart and tables, the warnings page and its acknowledgement
forms, and the warnings on an agency's page."""

import re

import pytest

from dxtrack.forecasting.models import Warning
from dxtrack.forecasting.services import warnings_refresh
from factories import AgencyFactory
from forecasting.histories import AS_OF, indicator_with, open_year, province_history, user_with


@pytest.fixture
def province(db):
    return province_history()


@pytest.fixture
def year(province):
    year = open_year(province)
    warnings_refresh(period=year.period, as_of=AS_OF)
    return year


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_forecast_page_draws_history_forecast_interval_and_target(client, province):
    page = _signed_in(client, user_with("leader", username="lanhdao")).get(
        f"/du-bao/chi-tieu/{province.online.pk}/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert 'class="fc-history"' in html
    assert 'class="fc-forecast"' in html
    assert 'class="fc-band"' in html
    assert 'class="fc-target"' in html
    assert "Xu hướng tuyến tính" in html
    # The data as a table beside the chart, Vietnamese numbers and dates.
    assert "31/12/2022" in html and "40%" in html and "61%" in html
    assert "31/12/2027" in html
    assert "style=" not in html and "<script" not in html
    # SVG coordinates are never written the Vietnamese way (a comma would break them).
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert re.search(r'cx="\d+\.\d+"', svg) and not re.search(r'c[xy]="\d+,\d', svg)


def test_too_little_history_says_so_and_draws_no_forecast(client, province):
    short = indicator_with(province.plan, province.dost, name="Tỷ lệ hộ gia đình có cáp quang")
    page = _signed_in(client, user_with("coordinator", username="sokhcn")).get(
        f"/du-bao/chi-tieu/{short.pk}/"
    )
    html = page.content.decode()
    assert "Chưa đủ số liệu: cần ít nhất 3 kỳ có số liệu, hiện có 0" in html
    assert "fc-forecast" not in html


def test_the_forecast_page_of_another_agencys_indicator_is_refused(client, province):
    other = user_with("reporter", agency=AgencyFactory(name="Sở Tài chính"), username="bc.stc")
    page = _signed_in(client, other).get(f"/du-bao/chi-tieu/{province.online.pk}/")
    assert page.status_code == 403


def test_the_warnings_page_lists_reasons_and_acknowledgement_forms(client, year):
    page = _signed_in(client, user_with("leader", username="lanhdao")).get(
        "/canh-bao/", {"period": year.period.pk}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Còn 16 ngày đến hạn (31/12/2026) mà chưa báo cáo tiến độ" in html
    assert html.count('name="csrfmiddlewaretoken"') >= 3
    assert html.count("Ghi nhận đã xử lý") == 3
    assert "3 cảnh báo mức cao" in html


def test_acknowledging_from_the_page(client, year):
    client = _signed_in(client, user_with("coordinator", username="sokhcn"))
    warning = Warning.objects.get(kind="task_at_risk")
    response = client.post(
        f"/canh-bao/{warning.pk}/xu-ly/", {"note": "Đã họp với Sở KH&CN", "next": "/canh-bao/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/canh-bao/#canh-bao-{warning.pk}"
    warning.refresh_from_db()
    assert warning.acknowledgement_note == "Đã họp với Sở KH&CN"
    html = client.get("/canh-bao/").content.decode()
    assert "Đã xử lý: Nguyễn Thị Lan" in html
    assert "“Đã họp với Sở KH&amp;CN”" in html


def test_acknowledging_redirects_only_to_this_site(client, year):
    client = _signed_in(client, user_with("coordinator", username="sokhcn"))
    warning = Warning.objects.first()
    response = client.post(
        f"/canh-bao/{warning.pk}/xu-ly/", {"note": "", "next": "https://example.com/"}
    )
    assert response["Location"].startswith("/canh-bao/#")


def test_acknowledging_needs_the_csrf_token(year):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with("coordinator", username="sokhcn"))
    warning = Warning.objects.first()
    assert client.post(f"/canh-bao/{warning.pk}/xu-ly/", {"note": "x"}).status_code == 403
    assert Warning.objects.get(pk=warning.pk).acknowledged_at is None


def test_a_reporter_reads_its_warnings_without_forms(client, province, year):
    reporter = user_with("reporter", agency=province.dost, username="bc.skhcn")
    html = _signed_in(client, reporter).get("/canh-bao/").content.decode()
    assert "Còn 16 ngày đến hạn" in html
    assert "Ghi nhận đã xử lý" not in html
    warning = Warning.objects.first()
    assert client.post(f"/canh-bao/{warning.pk}/xu-ly/", {"note": "x"}).status_code == 403


def test_the_agency_page_shows_its_warnings_to_those_allowed(client, province, year):
    own = user_with("reporter", agency=province.dost, username="bc.skhcn")
    html = _signed_in(client, own).get(f"/co-quan/{province.dost.pk}/").content.decode()
    assert "Cảnh báo sớm" in html and "Còn 16 ngày đến hạn" in html
    other = user_with("reporter", agency=province.health, username="bc.syt")
    html = _signed_in(client, other).get(f"/co-quan/{province.dost.pk}/").content.decode()
    assert "Còn 16 ngày đến hạn" not in html


def test_the_warnings_page_takes_a_fixed_number_of_queries(
    client, year, django_assert_max_num_queries
):
    for n in range(40):
        Warning.objects.create(
            period=year.period,
            kind="report_late",
            object_id=1000 + n,
            agency=AgencyFactory(name=f"UBND xã số {n}"),
            key=f"report_late:{1000 + n}:0",
            title=f"UBND xã số {n} chưa gửi báo cáo",
            severity="low",
            reasons=["Hạn gửi báo cáo: 30/11/2026; đã quá 3 ngày"],
        )
    client = _signed_in(client, user_with("leader", username="lanhdao"))
    with django_assert_max_num_queries(15):
        page = client.get("/canh-bao/")
    assert page.content.decode().count('class="warning warning--') == 43


def test_the_admin_lists_warnings_and_forecasts_read_only(admin_client, year):
    page = admin_client.get("/admin/forecasting/warning/")
    assert page.status_code == 200
    assert "Còn 16 ngày" not in page.content.decode()  # reasons are not in the list
    assert "Kho dữ liệu dùng chung" in page.content.decode()
    assert admin_client.get("/admin/forecasting/warning/add/").status_code == 403
    assert admin_client.get("/admin/forecasting/indicatorforecast/").status_code == 200
