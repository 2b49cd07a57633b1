"""Kỳ báo cáo pages: the list, creating and opening a period, and its progress table."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from dxtrack.accounts.models import Role
from dxtrack.agencies.models import Agency
from dxtrack.reporting.models import AgencyReport, ReportingPeriod
from dxtrack.reporting.period_services import period_create
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_save, report_submit
from factories import CommuneFactory
from reporting.sample import DUE_ON, account, reporting_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return reporting_sample()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _send(report, actor) -> None:
    """Fill in a status for every task the agency leads, then send the report."""
    leads = report.task_updates.filter(role="lead").values_list("task_id", flat=True)
    data = ReportInput(tasks={pk: TaskInput(status="Đang thực hiện") for pk in leads})
    saved = report_save(report=report, actor=actor, data=data, version=report.version)
    report_submit(report=saved, actor=actor)


def _main(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _draft(sample, name="Báo cáo quý I/2027") -> ReportingPeriod:
    return period_create(
        actor=sample.coordinator,
        name=name,
        kind="quarterly",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 3, 31),
        due_on=dt.date(2027, 4, 10),
        plan_ids=[sample.catalogue.plan.pk],
    )


def test_every_period_page_sends_an_anonymous_visitor_to_the_login_page(client, sample):
    for url in (
        reverse("period-list"),
        reverse("period-new"),
        reverse("period-detail", args=[sample.period.pk]),
        reverse("period-progress", args=[sample.period.pk]),
        reverse("report-mine"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url


# ----------------------------------------------------------------------- the list


def test_the_coordinator_sees_every_period_and_may_create_one(client, sample):
    draft = _draft(sample)
    client.force_login(sample.coordinator)

    page = client.get(reverse("period-list")).content.decode()

    assert "<h1>Kỳ báo cáo</h1>" in page
    assert f'href="{reverse("period-detail", args=[sample.period.pk])}">Báo cáo năm 2026<' in page
    assert f'href="{reverse("period-detail", args=[draft.pk])}">Báo cáo quý I/2027<' in page
    assert "Chưa mở" in page and "Đang nhận báo cáo" in page
    assert "30/11/2026" in page
    assert "25/KH-UBND" in page and "38/KH-UBND" in page
    assert f'href="{reverse("period-new")}"' in page


@pytest.mark.parametrize("who", ["reporter", "leader"])
def test_others_see_the_opened_periods_only_and_no_create_button(client, sample, who):
    draft = _draft(sample)
    client.force_login(getattr(sample, who))

    page = client.get(reverse("period-list")).content.decode()

    assert "Báo cáo năm 2026" in page
    assert "Báo cáo quý I/2027" not in page
    assert f'href="{reverse("period-new")}"' not in page
    assert client.get(reverse("period-detail", args=[draft.pk])).status_code == 404


def test_the_navigation_links_periods_for_all_and_the_agencys_reports_for_reporters(client, sample):
    client.force_login(sample.reporter)
    page = client.get(reverse("period-list")).content.decode()
    assert f'href="{reverse("period-list")}" aria-current="page">Kỳ báo cáo<' in page
    assert f'href="{reverse("report-mine")}">Báo cáo của đơn vị<' in page

    client.force_login(sample.leader)
    page = client.get(reverse("plan-list")).content.decode()
    assert f'href="{reverse("period-list")}">Kỳ báo cáo<' in page
    assert "Báo cáo của đơn vị" not in page


def test_the_list_runs_a_bounded_number_of_queries(client, sample, django_assert_max_num_queries):
    for n in range(30):
        _draft(sample, name=f"Báo cáo tháng {n + 1}")
    client.force_login(sample.coordinator)

    with django_assert_max_num_queries(10):
        page = client.get(reverse("period-list")).content.decode()

    assert page.count("Báo cáo tháng") == 30


# ----------------------------------------------------------------------- creating


def _new(**overrides) -> dict:
    return {
        "name": "Báo cáo năm 2027",
        "kind": "yearly",
        "starts_on": "01/01/2027",
        "ends_on": "31/12/2027",
        "due_on": "",
        "consolidated_due_on": "",
        **overrides,
    }


def test_a_period_left_without_due_dates_takes_those_the_plans_set(client, sample):
    client.force_login(sample.coordinator)

    response = client.post(reverse("period-new"), _new(plans=[sample.catalogue.plan.pk]))

    period = ReportingPeriod.objects.get(name="Báo cáo năm 2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("period-detail", args=[period.pk])
    assert (period.due_on, period.consolidated_due_on) == (
        dt.date(2027, 11, 30),
        dt.date(2027, 12, 15),
    )
    assert period.status == ReportingPeriod.Status.DRAFT
    assert list(period.plans.all()) == [sample.catalogue.plan]
    assert period.created_by == sample.coordinator


def test_a_monthly_period_is_due_on_the_tenth_of_the_next_month(client, sample):
    client.force_login(sample.coordinator)

    client.post(
        reverse("period-new"),
        _new(
            name="Báo cáo tháng 3/2027",
            kind="monthly",
            starts_on="01/03/2027",
            ends_on="31/03/2027",
            plans=[sample.catalogue.plan.pk],
        ),
    )

    period = ReportingPeriod.objects.get(name="Báo cáo tháng 3/2027")
    assert period.due_on == dt.date(2027, 4, 10)
    assert period.consolidated_due_on == dt.date(2027, 4, 15)


def test_a_due_date_given_is_kept(client, sample):
    client.force_login(sample.coordinator)

    client.post(
        reverse("period-new"),
        _new(due_on="2027-11-20", plans=[sample.catalogue.plan.pk]),
    )

    assert ReportingPeriod.objects.get(name="Báo cáo năm 2027").due_on == dt.date(2027, 11, 20)


def test_an_invalid_period_is_shown_again_with_the_errors_and_what_was_typed(client, sample):
    client.force_login(sample.coordinator)

    response = client.post(
        reverse("period-new"), _new(starts_on="01/01/2027", ends_on="31/13/2027")
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ghi ngày theo dạng dd/mm/yyyy" in page
    assert "Chọn ít nhất một kế hoạch." in page
    assert 'value="Báo cáo năm 2027"' in page
    assert 'value="31/13/2027"' in page
    assert not ReportingPeriod.objects.filter(name="Báo cáo năm 2027").exists()

    response = client.post(
        reverse("period-new"),
        _new(ends_on="31/12/2026", plans=[sample.catalogue.plan.pk]),
    )
    assert response.status_code == 400
    assert "Ngày kết thúc kỳ phải sau ngày bắt đầu." in response.content.decode()


@pytest.mark.parametrize("who", ["reporter", "leader"])
def test_only_the_coordinator_creates_and_opens_periods(client, sample, who):
    draft = _draft(sample)
    client.force_login(getattr(sample, who))

    assert client.get(reverse("period-new")).status_code == 403
    assert (
        client.post(reverse("period-new"), _new(plans=[sample.catalogue.plan.pk])).status_code
        == 403
    )
    assert client.post(reverse("period-open", args=[draft.pk])).status_code == 403
    assert client.post(reverse("period-close", args=[sample.period.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ReportingPeriod.Status.DRAFT
    assert not ReportingPeriod.objects.filter(name="Báo cáo năm 2027").exists()


# ----------------------------------------------------------------------- opening


def test_the_coordinator_opens_a_period_with_a_button(client, sample):
    draft = _draft(sample)
    client.force_login(sample.coordinator)
    page = client.get(reverse("period-detail", args=[draft.pk])).content.decode()
    assert f'action="{reverse("period-open", args=[draft.pk])}"' in page
    assert "Mở kỳ báo cáo" in page
    assert "Kỳ chưa mở" in page

    assert client.get(reverse("period-open", args=[draft.pk])).status_code == 405
    response = client.post(reverse("period-open", args=[draft.pk]))

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("period-detail", args=[draft.pk])
    assert draft.status == ReportingPeriod.Status.OPEN
    agencies = set(AgencyReport.objects.filter(period=draft).values_list("agency__name", flat=True))
    assert agencies == {"Sở Khoa học và Công nghệ", "Sở Y tế", "UBND xã Tịnh Khê"}
    assert _messages(response)[0].startswith("Đã mở kỳ báo cáo: tạo 3 báo cáo của đơn vị")
    page = client.get(reverse("period-detail", args=[draft.pk])).content.decode()
    assert "Mở kỳ báo cáo" not in page
    assert "Đóng kỳ báo cáo" in page


def test_the_coordinator_closes_an_open_period(client, sample):
    client.force_login(sample.coordinator)

    response = client.post(reverse("period-close", args=[sample.period.pk]))

    sample.period.refresh_from_db()
    assert response.status_code == 302
    assert sample.period.status == ReportingPeriod.Status.CLOSED
    assert _messages(response) == ["Đã đóng kỳ báo cáo."]
    again = client.post(reverse("period-open", args=[sample.period.pk]))
    assert _messages(again)[-1] == "Kỳ báo cáo đã đóng, không thể mở lại."


# ----------------------------------------------------------------------- progress


def test_the_coordinator_sees_each_agencys_status_and_days_late(client, sample):
    _send(sample.health_report, sample.health_reporter)
    client.force_login(sample.coordinator)
    late = (timezone.localdate() - DUE_ON).days

    page = client.get(reverse("period-detail", args=[sample.period.pk])).content.decode()

    assert "<h1>Báo cáo năm 2026</h1>" in page
    for agency in ("Sở Khoa học và Công nghệ", "Sở Y tế", "UBND xã Tịnh Khê"):
        report = sample.reports[Agency.objects.get(name=agency).pk]
        link = reverse("report-detail", args=[sample.period.pk, report.agency_id])
        assert f'<a href="{link}">{agency}</a>' in page
    dost = page[page.index(f'id="agency-{sample.catalogue.dost.pk}"') :]
    dost = dost[: dost.index("</tr>")]
    health = page[page.index(f'id="agency-{sample.catalogue.health.pk}"') :]
    health = health[: health.index("</tr>")]
    if late > 0:
        # Not sent and past its due date: counted until today, highlighted.
        assert 'class="row--late"' in dost
        assert f'<span class="late">{late}</span>' in dost
    assert "Đang soạn" in dost
    assert "Đã gửi" in health
    assert (
        timezone.localtime(
            sample.health_report.__class__.objects.get(pk=sample.health_report.pk).submitted_at
        ).strftime("%d/%m/%Y %H:%M")
        in health
    )
    assert "1/3 đơn vị đã gửi báo cáo" in page


def test_the_page_refreshes_its_table_from_a_fragment(client, sample):
    client.force_login(sample.coordinator)
    fragment_url = reverse("period-progress", args=[sample.period.pk])

    page = client.get(reverse("period-detail", args=[sample.period.pk])).content.decode()
    assert f'data-refresh-url="{fragment_url}"' in page
    assert 'data-refresh-seconds="30"' in page
    assert "/static/dxtrack/reporting.js" in page

    _send(sample.report, sample.reporter)
    fragment = client.get(fragment_url)
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body and "site-header" not in body
    assert 'class="data-table progress-table"' in body
    assert "1/3 đơn vị đã gửi báo cáo" in body
    assert fragment["Cache-Control"] == "private, no-store"


def test_the_refresh_script_is_our_own_and_served(client, sample):
    client.force_login(sample.coordinator)
    page = client.get(reverse("period-detail", args=[sample.period.pk])).content.decode()

    assert '<script src="/static/dxtrack/reporting.js" defer></script>' in page
    assert "http://" not in page.split("<main", 1)[1] and "https://" not in page


def test_a_reporter_sees_only_its_own_agencys_row(client, sample):
    client.force_login(sample.health_reporter)

    page = client.get(reverse("period-detail", args=[sample.period.pk])).content.decode()
    fragment = client.get(reverse("period-progress", args=[sample.period.pk])).content.decode()

    for body in (_main(page), fragment):
        assert "Sở Y tế" in body
        assert reverse("report-detail", args=[sample.period.pk, sample.catalogue.health.pk]) in body
        assert "Sở Khoa học và Công nghệ" not in body
        assert "UBND xã Tịnh Khê" not in body
        assert (
            reverse("report-detail", args=[sample.period.pk, sample.catalogue.dost.pk]) not in body
        )
    assert "Mở kỳ báo cáo" not in page and "Đóng kỳ báo cáo" not in page


def test_a_leader_sees_every_row_but_no_period_buttons(client, sample):
    client.force_login(sample.leader)

    page = client.get(reverse("period-detail", args=[sample.period.pk])).content.decode()

    assert "Sở Khoa học và Công nghệ" in page and "UBND xã Tịnh Khê" in page
    assert "Đóng kỳ báo cáo" not in page
    assert reverse("consolidation-detail", args=[sample.period.pk]) in page


def test_the_period_page_runs_a_bounded_number_of_queries_with_many_agencies(
    client, sample, django_assert_max_num_queries
):
    communes = [CommuneFactory() for _ in range(110)]
    AgencyReport.objects.bulk_create(
        [AgencyReport(period=sample.period, agency=agency) for agency in communes]
    )
    client.force_login(sample.coordinator)
    url = reverse("period-detail", args=[sample.period.pk])

    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    with django_assert_max_num_queries(10):
        fragment = client.get(reverse("period-progress", args=[sample.period.pk])).content.decode()

    # A page of 100 rows; the summary counts all 113 reports.
    assert page.count('<tr id="agency-') == 100
    assert fragment.count('<tr id="agency-') == 100
    assert "0/113 đơn vị đã gửi báo cáo" in fragment
    assert f'href="{url}?page=2#tien-do" rel="next"' in fragment
    with django_assert_max_num_queries(12):
        second = client.get(url, {"page": 2}).content.decode()
    assert second.count('<tr id="agency-') == 13
    assert '<td class="col-number">101</td>' in second
    # The table refreshes the page it shows.
    assert f'data-refresh-url="{reverse("period-progress", args=[sample.period.pk])}?page=2"' in (
        second
    )


def test_the_reporters_own_reports_newest_period_first(client, sample):
    older = period_create(
        actor=sample.coordinator,
        name="Báo cáo năm 2025",
        kind="yearly",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2025, 12, 31),
        due_on=dt.date(2025, 11, 30),
        plan_ids=[sample.catalogue.old_plan.pk],
    )
    AgencyReport.objects.create(period=older, agency=sample.catalogue.dost)
    account("baocao.xa", Role.REPORTER, sample.catalogue.commune)
    client.force_login(sample.reporter)

    page = client.get(reverse("report-mine")).content.decode()

    assert "<h1>Báo cáo của tôi</h1>" in page
    assert page.index("Báo cáo năm 2026") < page.index("Báo cáo năm 2025")
    assert reverse("report-detail", args=[sample.period.pk, sample.catalogue.dost.pk]) in page
    assert reverse("report-detail", args=[older.pk, sample.catalogue.dost.pk]) in page
    assert "Sở Y tế" not in page and "UBND xã Tịnh Khê" not in page
