"""The consolidation of a period through the API: every total with all of its parts."""

import datetime as dt

import pytest

from consolidation.conftest import many_agencies, province_year
from dxtrack.accounts.models import Profile, Role
from dxtrack.consolidation.aggregation import period_consolidation
from dxtrack.consolidation.evaluation import TASK_VERDICTS
from factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/periods/{}/consolidation"


def _login(client, role, agency=None):
    user = UserFactory(username=f"nguoidung.{role}")
    Profile.objects.create(user=user, role=role, agency=agency)
    client.force_login(user)
    return user


def _closes(counts: dict) -> bool:
    return counts["total"] == sum(n for key, n in counts.items() if key != "total")


def test_every_total_is_the_sum_of_its_parts_and_agrees_with_the_consolidation(client, db):
    year = province_year()
    _login(client, Role.LEADER)

    body = client.get(URL.format(year.period.pk), {"as_of": "2026-12-15"}).json()

    assert body["reports"] == {"total": 5, "on_time": 2, "late": 1, "missing": 2}
    assert body["tasks"] == {
        "total": 11,
        "on_time": 2,
        "done_late": 2,
        "in_progress": 2,
        "overdue": 2,
        "not_started": 1,
        "not_done": 1,
        "not_assigned": 0,
        "no_report": 1,
    }
    assert _closes(body["indicators"]) and body["indicators"]["no_target"] >= 1
    for counts in (
        body["reports"],
        body["tasks"],
        *(plan["tasks"] for plan in body["plans"]),
        *(agency["tasks"] for agency in body["agencies"]),
    ):
        assert _closes(counts)
    for kind in TASK_VERDICTS:
        assert sum(a["tasks"][kind] for a in body["agencies"]) == body["tasks"][kind]
        assert sum(p["tasks"][kind] for p in body["plans"]) == body["tasks"][kind]
    result = period_consolidation(period=year.period, as_of=dt.date(2026, 12, 15))
    assert body["weights"]["method"] == result.score_method
    assert [(a["name"], a["rank"], a["score"]) for a in body["agencies"]] == [
        (s.agency.name, s.rank, s.score) for s in result.agencies
    ]


def test_a_reporter_may_not_read_the_consolidation(client, db):
    year = province_year()
    _login(client, Role.REPORTER, agency=year.agencies.health)

    assert client.get(URL.format(year.period.pk)).status_code == 403


def test_an_unknown_period_is_not_found(client, db):
    _login(client, Role.COORDINATOR)

    response = client.get(URL.format(999999))

    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy kỳ báo cáo."


@pytest.mark.parametrize("count", [10, 100])
def test_the_consolidation_runs_a_bounded_number_of_queries(
    client, db, count, django_assert_max_num_queries
):
    period = many_agencies(count)
    _login(client, Role.COORDINATOR)

    with django_assert_max_num_queries(16):
        body = client.get(URL.format(period.pk)).json()

    assert len(body["agencies"]) == count
    assert body["tasks"]["total"] == 3 * count


def test_the_period_list_says_how_many_reports_are_not_sent(client, db):
    year = province_year()
    _login(client, Role.LEADER)

    (period,) = client.get("/api/v1/periods").json()

    assert period["id"] == year.period.pk
    # Sent: Sở KH&CN, Sở Nội vụ, Tịnh Khê (approved); not sent: Sở Y tế, Bình Sơn (returned).
    assert (period["report_count"], period["submitted_count"], period["waiting_count"]) == (5, 3, 2)
