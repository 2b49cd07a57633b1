"""The dashboard's cache: a change to what the numbers are read from shows at once, and an
agency's reporter never meets another scope's entry."""

import datetime as dt

import pytest
from django.urls import reverse

from dxtrack.accounts.models import Role
from dxtrack.consolidation.services import score_weights_update
from dxtrack.dashboard.cache import dashboard_cache, dashboard_data_cached
from dxtrack.dashboard.selectors import dashboard_data, dashboard_scope
from dxtrack.reporting.extension_services import extension_decide, extension_request
from dxtrack.reporting.models import AgencyReport, ExtensionRequest, TaskUpdate
from dxtrack.reporting.report_input import ReportInput, TaskInput
from dxtrack.reporting.report_services import report_approve, report_save

from .support import AS_OF, freeze_today, leader, user

pytestmark = pytest.mark.django_db


def _cached(year, **filters):
    scope = dashboard_scope(user=leader_of(year), period_id=year.period.pk, **filters)
    return dashboard_data_cached(scope=scope, as_of=AS_OF)


def leader_of(year):
    if not hasattr(year, "leader"):
        year.leader = leader()
    return year.leader


def _fresh(year):
    scope = dashboard_scope(user=leader_of(year), period_id=year.period.pk)
    return dashboard_data(scope=scope, as_of=AS_OF)


def _colours(data):
    return {colour: count.value for colour, count in data.tasks_by_colour.items()}


def _line(data, agency):
    return next(line for line in data.agencies if line.agency_id == agency.pk)


def test_nothing_changed_nothing_is_read_again(year, django_assert_max_num_queries):
    scope = dashboard_scope(user=leader(), period_id=year.period.pk)
    first = dashboard_data_cached(scope=scope, as_of=AS_OF)

    with django_assert_max_num_queries(1):  # the fingerprint
        again = dashboard_data_cached(scope=scope, as_of=AS_OF)

    assert _colours(again) == _colours(first)


def test_the_day_is_part_of_the_key(year):
    scope = dashboard_scope(user=leader(), period_id=year.period.pk)

    today = dashboard_cache(scope=scope, as_of=AS_OF).key("data")
    tomorrow = dashboard_cache(scope=scope, as_of=AS_OF + dt.timedelta(days=1)).key("data")

    assert today != tomorrow


def test_a_saved_report_shows_at_once(year):
    before = _cached(year)
    health = year.agencies.health
    report = AgencyReport.objects.get(period=year.period, agency=health)
    unreported = TaskUpdate.objects.get(report=report, role="lead", status="")

    report_save(
        report=report,
        actor=user(Role.REPORTER, agency=health, username="baocao.syt"),
        data=ReportInput(tasks={unreported.task_id: TaskInput(status="in_progress")}),
        version=report.version,
    )

    after = _cached(year)
    assert after.tasks_by_status[""].value == before.tasks_by_status[""].value - 1
    assert after.tasks_by_status["in_progress"].value == (
        before.tasks_by_status["in_progress"].value + 1
    )
    assert _colours(after) == _colours(_fresh(year))


def test_an_approval_shows_at_once(year):
    dost = year.agencies.dost
    assert _line(_cached(year), dost).report_status == AgencyReport.Status.SUBMITTED

    report_approve(
        report=AgencyReport.objects.get(period=year.period, agency=dost),
        actor=user(Role.COORDINATOR),
    )

    assert _line(_cached(year), dost).report_status == AgencyReport.Status.APPROVED


def test_an_extension_shows_at_once(year):
    home = year.agencies.home
    # T3: in progress, due 30/09/2026, overdue on 15/12/2026: red.
    overdue = TaskUpdate.objects.get(
        report__period=year.period,
        report__agency=home,
        role="lead",
        status="in_progress",
        task__ends_on=dt.date(2026, 9, 30),
    )
    before = _colours(_cached(year))
    request = extension_request(
        task=overdue.task,
        agency_id=home.pk,
        actor=user(Role.REPORTER, agency=home, username="baocao.snv"),
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ bố trí kinh phí",
        proposed_end=dt.date(2027, 6, 30),
    )
    assert _colours(_cached(year)) == before  # asked, not decided: still overdue

    extension_decide(request=request, actor=user(Role.COORDINATOR), approve=True)

    after = _colours(_cached(year))
    assert after["red"] == before["red"] - 1
    assert after["green"] == before["green"] + 1
    assert after == _colours(_fresh(year))


def test_new_score_weights_show_at_once(year):
    before = {line.agency_id: line.score for line in _cached(year).agencies}

    score_weights_update(
        actor=user(Role.COORDINATOR), task_points=20, report_points=80, grace_days=5
    )

    after = {line.agency_id: line.score for line in _cached(year).agencies}
    assert after != before
    assert after == {line.agency_id: line.score for line in _fresh(year).agencies}


def test_a_reporter_never_gets_another_scopes_page(client, year, monkeypatch):
    freeze_today(monkeypatch)
    url = reverse("dashboard")
    dost, health = year.agencies.dost, year.agencies.health
    client.force_login(leader())
    province = client.get(url, {"period": year.period.pk}).content.decode()
    own_dost = client.get(url, {"period": year.period.pk, "agency": dost.pk}).content.decode()

    def report_link(agency):
        return f'href="{reverse("report-detail", args=[year.period.pk, agency.pk])}"'

    assert report_link(year.agencies.home) in province
    assert report_link(dost) in own_dost

    client.force_login(user(Role.REPORTER, agency=health, username="baocao.syt"))
    page = client.get(url, {"period": year.period.pk}).content.decode()
    assert page not in (province, own_dost)
    assert report_link(health) in page
    assert report_link(year.agencies.home) not in page and report_link(dost) not in page
    assert client.get(url, {"period": year.period.pk, "agency": dost.pk}).status_code == 403
    api = client.get("/api/v1/dashboard", {"period": year.period.pk}).json()
    assert [a["agency"] for a in api["agencies"]] == ["Sở Y tế"]
    assert (
        client.get("/api/v1/dashboard", {"period": year.period.pk, "agency": dost.pk}).status_code
        == 403
    )


def test_a_leader_looking_at_one_agency_keeps_the_agency_filter(client, year, monkeypatch):
    """The reporter's page of its agency and a leader's page of the same agency are cached
    apart: the leader keeps the choice of agency."""
    freeze_today(monkeypatch)
    health = year.agencies.health
    url = reverse("dashboard")
    client.force_login(user(Role.REPORTER, agency=health, username="baocao.syt"))
    assert 'id="f-agency"' not in client.get(url, {"period": year.period.pk}).content.decode()

    client.force_login(leader())
    page = client.get(url, {"period": year.period.pk, "agency": health.pk}).content.decode()
    assert 'id="f-agency"' in page


def test_the_cached_lists_follow_new_score_weights(client, year, monkeypatch):
    freeze_today(monkeypatch)
    client.force_login(leader_of(year))
    url = reverse("dashboard-agencies")
    before = client.get(url, {"period": year.period.pk}).content.decode()

    score_weights_update(
        actor=user(Role.COORDINATOR), task_points=20, report_points=80, grace_days=5
    )

    after = client.get(url, {"period": year.period.pk}).content.decode()
    assert after != before
    expected = {line.agency_id: line.score for line in _fresh(year).agencies}
    assert all(f"{score:.1f}".replace(".", ",") in after for score in expected.values()), expected


def test_the_numbers_kept_in_the_process_follow_the_cache(year, django_assert_max_num_queries):
    """The computed numbers stay in the process under a token in the cache: a cleared cache
    (or an expired entry) computes them again, as a pickled entry would have been."""
    from django.core.cache import cache

    scope = dashboard_scope(user=leader_of(year), period_id=year.period.pk)
    first = dashboard_data_cached(scope=scope, as_of=AS_OF)
    with django_assert_max_num_queries(1):  # the fingerprint
        assert dashboard_data_cached(scope=scope, as_of=AS_OF) is first

    cache.clear()

    again = dashboard_data_cached(scope=scope, as_of=AS_OF)
    assert again is not first
    assert _colours(again) == _colours(first)


def test_a_target_edited_in_the_admin_shows_at_once(year):
    """A target has no timestamp of its own: its save moves the catalogue's count."""
    signatures = year.indicators.signatures
    before = _achievement(_cached(year), signatures)
    target = signatures.targets.get(milestone="2026-2027")
    target.text, target.value = "≥ 90%", 90
    target.save()

    after = _achievement(_cached(year), signatures)
    assert after != before
    assert after == _achievement(_fresh(year), signatures)


def _achievement(data, indicator):
    line = next(line for line in data.indicators if line.indicator == indicator)
    return line.target.text, line.achievement
