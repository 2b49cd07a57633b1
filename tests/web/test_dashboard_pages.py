"""The leaders' dashboard pages: access, the colour in context, drill-down, query counts."""

import re

import pytest
from django.urls import reverse

from consolidation.conftest import many_agencies, province_year
from dashboard.support import freeze_today, previous_year, user
from dxtrack.accounts.models import Role
from dxtrack.plans.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(db, monkeypatch):
    freeze_today(monkeypatch)
    return province_year()


@pytest.fixture
def leader(db):
    return user(Role.LEADER)


def _overdue_task(year) -> Task:
    # Sở Nội vụ, due 30/09/2026, in progress: overdue 76 days on 15/12/2026.
    return Task.objects.get(plan=year.plans.new, number="4")


def _pages(year):
    task = _overdue_task(year)
    period = year.period.pk
    return [
        reverse("dashboard"),
        f"{reverse('dashboard-tasks')}?period={period}&colour=red",
        f"{reverse('dashboard-indicators')}?period={period}",
        f"{reverse('dashboard-agencies')}?period={period}",
        reverse("dashboard-task", args=[task.pk]),
        reverse("dashboard-indicator", args=[year.indicators.signatures.pk]),
    ]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, year):
    for url in _pages(year):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.LEADER, Role.COORDINATOR, Role.ADMIN])
def test_leaders_and_the_coordinator_see_the_whole_province(client, year, role):
    client.force_login(user(role))

    page = client.get(reverse("dashboard")).content.decode()

    for agency in ("Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Y tế", "UBND xã Tịnh Khê"):
        assert agency in page
    for url in _pages(year):
        assert client.get(url).status_code == 200, url


def test_every_page_explains_how_colours_are_decided(client, year, leader):
    client.force_login(leader)

    for url in _pages(year):
        page = client.get(url).content.decode()
        assert "Cách tính" in page, url
        assert "đỏ khi quá hạn chưa hoàn thành" in page, url


def test_an_overdue_task_is_red_from_the_tile_to_the_task(client, year, leader):
    client.force_login(leader)
    period = year.period.pk

    dashboard = client.get(reverse("dashboard")).content.decode()
    red_tile = f"{reverse('dashboard-tasks')}?period={period}&amp;colour=red"
    assert f'href="{red_tile}"' in dashboard
    assert re.search(r"Đỏ: Chậm, quá hạn</span>\s*<span class=\"tile__count\">5<", dashboard)

    listing = client.get(f"{reverse('dashboard-tasks')}?period={period}&colour=red")
    page = listing.content.decode()
    task = _overdue_task(year)
    task_url = f"{reverse('dashboard-task', args=[task.pk])}?period={period}"
    assert task_url in page
    assert "Quá hạn, chưa hoàn thành 76 ngày" in page
    rows = page[page.index("<tbody>") : page.index("</tbody>")]
    assert rows.count('class="colour colour--red"') == 5
    assert "colour--green" not in rows
    assert len(listing.context["page"].object_list) == 5

    detail = client.get(task_url).content.decode()
    report_url = reverse("report-detail", args=[period, year.agencies.home.pk])
    assert f'href="{report_url}"' in detail
    row = detail[detail.index(report_url) :]
    assert 'colour--red"' in row[: row.index("</tr>")]


def test_the_drill_down_lists_keep_the_filters_of_the_dashboard(client, year, leader):
    client.force_login(leader)
    period, dost = year.period.pk, year.agencies.dost.pk

    page = client.get(f"{reverse('dashboard')}?period={period}&agency={dost}").content.decode()

    assert f"{reverse('dashboard-tasks')}?period={period}&amp;agency={dost}&amp;colour=red" in page
    listing = client.get(f"{reverse('dashboard-tasks')}?period={period}&agency={dost}&colour=red")
    assert {line.agency.pk for line in listing.context["page"].object_list} == {dost}
    assert len(listing.context["page"].object_list) == 2


def test_a_task_list_by_lĩnh_vực_and_by_status(client, year, leader):
    client.force_login(leader)
    period = year.period.pk
    society = year.sections.society.pk

    by_area = client.get(f"{reverse('dashboard-tasks')}?period={period}&section={society}")
    assert {line.task.section_id for line in by_area.context["page"].object_list} == {society}
    unreported = client.get(f"{reverse('dashboard-tasks')}?period={period}&status=none")
    assert [line.task.number for line in unreported.context["page"].object_list] == ["8"]


def test_a_reporter_sees_only_its_own_agency(client, year):
    home, health = year.agencies.home, year.agencies.health
    client.force_login(user(Role.REPORTER, agency=home))

    page = client.get(reverse("dashboard")).content.decode()
    assert "Sở Nội vụ" in page
    assert "Sở Y tế" not in page and "UBND xã Tịnh Khê" not in page

    # Another agency's id in the URL is refused.
    for name in ("dashboard", "dashboard-tasks", "dashboard-indicators", "dashboard-agencies"):
        response = client.get(f"{reverse(name)}?agency={health.pk}")
        assert response.status_code == 403, name
    # A task of another agency, and an indicator it does not report, are not found.
    other = Task.objects.get(plan=year.plans.old, number="1")
    assert client.get(reverse("dashboard-task", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("dashboard-indicator", args=[year.indicators.signatures.pk])).status_code
        == 404
    )
    own = client.get(reverse("dashboard-task", args=[_overdue_task(year).pk])).content.decode()
    assert "Sở Nội vụ" in own


def test_the_indicator_page_has_its_history_and_a_place_for_the_forecast(client, year, leader):
    previous_year(year)
    client.force_login(leader)

    page = client.get(reverse("dashboard-indicator", args=[year.indicators.signatures.pk]))
    html = page.content.decode()

    assert [p.period.name for p in page.context["detail"].points] == [
        "Báo cáo năm 2025",
        "Báo cáo năm 2026",
    ]
    assert "62,5" in html and "40" in html
    assert 'id="du-bao"' in html
    report_url = reverse("report-detail", args=[year.period.pk, year.agencies.dost.pk])
    assert report_url in html


def test_charts_have_their_data_in_json_blocks_and_no_inline_code(client, year, leader):
    client.force_login(leader)

    html = client.get(reverse("dashboard")).content.decode()

    for chart in ("chart-areas", "chart-agencies", "chart-indicators", "chart-timeliness"):
        assert f'<script id="{chart}" type="application/json">' in html
        assert f'data-chart="{chart}"' in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html and "onclick" not in html
    assert "vendor/echarts/echarts.min.js" in html


def test_the_navigation_links_to_the_dashboard(client, year):
    for role, agency in (
        (Role.LEADER, None),
        (Role.COORDINATOR, None),
        (Role.REPORTER, year.agencies.home),
    ):
        client.force_login(user(role, agency=agency, username=f"nav.{role}"))
        page = client.get(reverse("plan-list")).content.decode()
        assert f'href="{reverse("dashboard")}"' in page, role


@pytest.mark.parametrize("agencies", [5, 80])
def test_dashboard_pages_read_in_a_fixed_number_of_queries(
    client, leader, django_assert_max_num_queries, agencies
):
    period = many_agencies(agencies, tasks_each=4)
    client.force_login(leader)

    for url in (
        f"{reverse('dashboard')}?period={period.pk}",
        f"{reverse('dashboard-tasks')}?period={period.pk}&colour=grey",
        f"{reverse('dashboard-indicators')}?period={period.pk}",
        f"{reverse('dashboard-agencies')}?period={period.pk}",
    ):
        with django_assert_max_num_queries(21):
            assert client.get(url).status_code == 200


def test_the_period_progress_shows_each_reports_colour(client, year, leader):
    client.force_login(leader)

    page = client.get(reverse("period-progress", args=[year.period.pk])).content.decode()
    rows = page[page.index("<tbody>") : page.index("</tbody>")]

    # Sent on time: Sở KH&CN, Tịnh Khê; late: Sở Nội vụ; not sent after 30/11: the others.
    assert rows.count("colour--green") == 2
    assert rows.count("colour--yellow") == 1
    assert rows.count("colour--red") == 2
    assert "Cách tính" in page


def test_the_indicator_page_shows_the_forecast_and_its_warnings(client, year, leader):
    from dxtrack.forecasting.models import Warning

    previous_year(year)
    signatures = year.indicators.signatures
    Warning.objects.create(
        period=year.period,
        kind=Warning.Kind.INDICATOR_OFF_TRACK,
        object_id=signatures.pk,
        key=f"indicator_off_track:{signatures.pk}",
        title="Tỷ lệ dân số trưởng thành có chữ ký số có nguy cơ không đạt mục tiêu 2027",
        severity=Warning.Severity.MEDIUM,
        reasons=["Dự báo năm 2027: 58%, xác suất đạt 35%"],
    )
    client.force_login(leader)

    response = client.get(reverse("dashboard-indicator", args=[signatures.pk]))
    html = response.content.decode()
    block = html[html.index('id="du-bao"') : html.index('id="don-vi-bao-cao"')]

    forecast = response.context["forecast"]
    # Two reported years are too few to forecast: the page says why, with no number.
    assert forecast.forecasts == ()
    assert forecast.reason in block
    assert "có nguy cơ không đạt mục tiêu 2027" in block
    assert "xác suất đạt 35%" in block


def test_the_agencies_table_is_one_click_from_its_full_version(client, leader):
    period = many_agencies(25, tasks_each=2)
    client.force_login(leader)

    page = client.get(reverse("dashboard"), {"period": period.pk}).content.decode()
    table = page[page.index('id="don-vi"') : page.index('id="chi-tieu"')]
    assert table.count("<tr>") == 1 + 20  # the heading and the first twenty
    full = f"{reverse('dashboard-agencies')}?period={period.pk}"
    assert f'href="{full}"' in table

    listing = client.get(full).content.decode()
    rows = re.findall(r"<tr>.*?</tr>", listing.split("<tbody>")[1], re.S)
    assert len(rows) == 25
    # Each agency's lead tasks by colour, each count linking to its tasks.
    assert all(row.count("colour=") == 4 for row in rows)


def test_a_province_of_many_agencies_and_indicators_is_shown_a_page_at_a_time(
    client, leader, django_assert_max_num_queries
):
    from dxtrack.reporting.models import AgencyReport, IndicatorValue
    from factories import IndicatorFactory

    period = many_agencies(130, tasks_each=1)
    plan = period.plans.get()
    report = AgencyReport.objects.filter(period=period).first()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=report, indicator=indicator, value_number=60, value_text="60")
        for indicator in IndicatorFactory.create_batch(40, plan=plan)
    )
    client.force_login(leader)
    query = f"?period={period.pk}"

    with django_assert_max_num_queries(21):
        page = client.get(reverse("dashboard") + query).content.decode()
    # 42 indicators asked: the chart and the table show the first 30 and link to all.
    table = page[page.index('id="chi-tieu-title"') : page.index('id="gui-bao-cao"')]
    assert table.count("<tr>") == 1 + 30
    assert "xem đủ 42 chỉ tiêu" in table
    chart = re.search(r'<script id="chart-indicators"[^>]*>(.*?)</script>', page, re.S)
    assert chart is not None and chart.group(1).count('"url"') <= 30

    agencies = reverse("dashboard-agencies") + query
    with django_assert_max_num_queries(21):
        first = client.get(agencies).content.decode()
    second = client.get(agencies + "&page=2").content.decode()
    assert "130 đơn vị" in first
    assert first.count("UBND phường số") == 100 and second.count("UBND phường số") == 30
    assert f'href="?period={period.pk}&amp;page=2" rel="next"' in first
    indicators = client.get(reverse("dashboard-indicators") + query).content.decode()
    assert "42 chỉ tiêu" in indicators
