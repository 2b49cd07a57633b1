"""GET /api/v1/dashboard: the spec's shape, the page's numbers, the same access rules."""

import pytest

from consolidation.conftest import many_agencies, province_year
from dashboard.support import AS_OF, freeze_today, previous_year, user
from dxtrack.accounts.models import Role
from dxtrack.dashboard.selectors import dashboard_data, dashboard_scope

pytestmark = pytest.mark.django_db

URL = "/api/v1/dashboard"


@pytest.fixture
def year(db, monkeypatch):
    freeze_today(monkeypatch)
    return province_year()


def test_the_dashboard_has_the_shape_of_the_spec(client, year):
    before = previous_year(year)
    client.force_login(user(Role.LEADER))

    body = client.get(URL, {"period": year.period.pk}).json()

    assert body["period"]["id"] == year.period.pk
    assert body["period"]["as_of"] == AS_OF.isoformat()
    tasks = body["tasks"]
    assert tasks["total"] == 11
    assert tasks["by_colour"] == {"green": 3, "yellow": 2, "red": 5, "grey": 1}
    assert tasks["by_status"] == {
        "Đã hoàn thành": 3,
        "Hoàn thành quá hạn": 1,
        "Đang thực hiện": 3,
        "Chưa thực hiện": 2,
        "Không thực hiện": 1,
        "Không thuộc chức năng, nhiệm vụ": 0,
        "Chưa báo cáo": 1,
    }
    signatures = next(
        i for i in body["indicators"] if i["indicator_id"] == year.indicators.signatures.pk
    )
    assert {k: signatures[k] for k in ("name", "unit", "target", "value", "verdict", "colour")} == {
        "name": year.indicators.signatures.name,
        "unit": "%",
        "target": "≥ 50%",
        "value": 62.5,
        "verdict": "met",
        "colour": "green",
    }
    assert signatures["history"] == [
        {"period_id": before.pk, "end": "2025-12-31", "value": 40.0},
        {"period_id": year.period.pk, "end": "2026-12-31", "value": 62.5},
    ]
    home = next(a for a in body["agencies"] if a["agency"] == "Sở Nội vụ")
    assert {k: home[k] for k in ("status", "days_late", "score", "colour")} == {
        "status": "late",
        "days_late": 5,
        "score": 71.7,
        "colour": "yellow",
    }


def test_the_api_gives_the_numbers_of_the_page(client, year):
    leader = user(Role.LEADER)
    client.force_login(leader)
    page = client.get("/bang-dieu-khien/", {"period": year.period.pk}).context["data"]

    body = client.get(URL, {"period": year.period.pk, "plan": year.plans.new.pk}).json()
    whole = client.get(URL, {"period": year.period.pk}).json()

    assert whole["tasks"]["by_colour"] == {c: n.value for c, n in page.tasks_by_colour.items()}
    assert [a["agency_id"] for a in whole["agencies"]] == [a.agency_id for a in page.agencies]
    assert body["tasks"]["total"] == 9
    assert {i["indicator_id"] for i in body["indicators"]} <= set(
        year.plans.new.indicators.values_list("pk", flat=True)
    )


def test_an_overdue_task_is_red_in_the_api(client, year):
    client.force_login(user(Role.COORDINATOR))

    body = client.get(URL, {"period": year.period.pk, "agency": year.agencies.home.pk}).json()

    # Sở Nội vụ: T3 overdue (red), T4 due in 16 days (yellow), T10 done on time (green).
    assert body["tasks"]["by_colour"] == {"green": 1, "yellow": 1, "red": 1, "grey": 0}


def test_anonymous_callers_are_refused(client, year):
    assert client.get(URL).status_code == 401


def test_a_reporter_gets_its_own_agency_and_nothing_else(client, year):
    client.force_login(user(Role.REPORTER, agency=year.agencies.health))

    body = client.get(URL, {"period": year.period.pk}).json()
    refused = client.get(URL, {"period": year.period.pk, "agency": year.agencies.dost.pk})

    assert [a["agency"] for a in body["agencies"]] == ["Sở Y tế"]
    assert body["tasks"]["total"] == 3
    assert body["period"]["agency_id"] == year.agencies.health.pk
    assert refused.status_code == 403
    assert refused.json()["detail"]


def test_an_unknown_period_is_not_found(client, year):
    client.force_login(user(Role.LEADER))

    response = client.get(URL, {"period": 999999})

    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy kỳ báo cáo."


@pytest.mark.parametrize("agencies", [5, 80])
def test_the_dashboard_api_reads_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, agencies
):
    period = many_agencies(agencies, tasks_each=4)
    leader = user(Role.LEADER)
    client.force_login(leader)

    # The numbers' queries (the catalogue's change count among them) and the fingerprint.
    with django_assert_max_num_queries(17):
        body = client.get(URL, {"period": period.pk}).json()
    # Again, from the cache: the user, the scope, the fingerprint.
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"period": period.pk}).json() == body

    assert len(body["agencies"]) == agencies
    scope = dashboard_scope(user=leader, period_id=period.pk)
    assert body["tasks"]["total"] == dashboard_data(scope=scope).tasks_total.value
