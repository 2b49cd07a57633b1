"""The deadline benchmark's "scaled" setup: a generated province whose open quarter is
measured, every report a fresh draft, one reporter per agency."""

import sys
from pathlib import Path

import pytest

from dxtrack.accounts.models import Profile, Role
from dxtrack.reporting.models import AgencyReport, IndicatorValue, TaskUpdate

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from deadline_client import report_changes  # noqa: E402
from deadline_data import SETUPS, reset, scale_limit  # noqa: E402 (not a package)
from shipped_province import ADMIN_UNITS  # noqa: E402

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not ADMIN_UNITS.exists(), reason="../shared/data is not there"),
]


def test_scaled_setup_gives_a_load_its_drafts_and_reporters(client):
    setup = SETUPS["scaled"](clients=5, scale=1, years=1)

    assert set(setup) >= {"period_id", "password", "coordinator", "reporters", "marks"}
    assert set(setup["marks"]) == {"version", "audit", "token", "failure"}
    reports = AgencyReport.objects.filter(period_id=setup["period_id"])
    assert reports.count() == len(setup["reporters"]) >= scale_limit(1, "scaled")
    assert set(reports.values_list("status", "version", "reviewed_at")) == {("draft", 1, None)}
    assert (
        not TaskUpdate.objects.filter(report__in=reports, carried_over=False)
        .exclude(status="")
        .exists()
    )
    assert not IndicatorValue.objects.filter(
        report__in=reports, value_number__isnull=False
    ).exists()

    agencies = [r["agency_id"] for r in setup["reporters"]]
    assert len(set(agencies)) == len(agencies)
    for reporter in setup["reporters"][:5]:
        profile = Profile.objects.get(user__username=reporter["username"])
        assert (profile.role, profile.agency_id) == (Role.REPORTER, reporter["agency_id"])

    # A reporter does what a client of the load does; reset puts the report back.
    first = setup["reporters"][0]
    token = client.post(
        "/api/v1/auth/token",
        {"username": first["username"], "password": setup["password"]},
        content_type="application/json",
    ).json()["token"]
    path = f"/api/v1/reports/{setup['period_id']}/{first['agency_id']}"
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    report = client.get(path, **bearer).json()
    saved = client.put(path, report_changes(report), content_type="application/json", **bearer)
    assert saved.status_code == 200, saved.content
    sent = client.post(path + "/submit", **bearer)
    assert sent.status_code == 200, sent.json()
    assert reset(setup=setup) == {"sent": 1}
    assert set(reports.values_list("status", "version")) == {("draft", 1)}
