"""The benchmarks' province builder: a small province, consistent with the rules of the
reporting loop (who reports what, the workflow's states, carried-over tasks)."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from django.db.models import Count

from dxtrack.accounts.models import Profile, Role
from dxtrack.agencies.models import Agency
from dxtrack.plans.models import Assignment, Plan
from dxtrack.reporting import workflow
from dxtrack.reporting.expectations import period_expectations
from dxtrack.reporting.models import (
    AgencyReport,
    ExtensionRequest,
    IndicatorValue,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from province import (  # noqa: E402 (the benchmarks' folder is not a package)
    AGENCIES_PER_SCALE,
    province_build,
)
from shipped_province import ADMIN_UNITS  # noqa: E402

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not ADMIN_UNITS.exists(), reason="../shared/data is not there"),
]

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """One small province for the module (building it is the slow part)."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            province = province_build(scale=1, years=1, today=TODAY, password="mat-khau-mau-1")
            yield province
            transaction.set_rollback(True)


def test_a_year_of_quarters_the_last_one_open(built):
    periods = list(ReportingPeriod.objects.order_by("starts_on"))
    assert [p.name for p in periods] == [
        "Báo cáo quý I/2026",
        "Báo cáo quý II/2026",
        "Báo cáo quý III/2026",
        "Báo cáo quý IV/2026",
    ]
    assert [p.status for p in periods] == ["closed", "closed", "closed", "open"]
    assert built.open_period.pk == periods[-1].pk
    assert all(p.plans.count() == Plan.objects.count() for p in periods)


def test_the_size_of_scale_one(built):
    assert Agency.objects.count() >= AGENCIES_PER_SCALE
    assert 4_500 <= Assignment.objects.count() <= 5_500
    assert len(built.agency_ids) >= 125
    assert built.counts["assignments"] == Assignment.objects.count()
    assert built.counts["task_updates"] == TaskUpdate.objects.count()
    # Every sample row is marked as such.
    generated = Plan.objects.filter(key__startswith="ke-hoach-mau-")
    assert generated.exists() and all("dữ liệu mẫu" in p.title for p in generated)


def test_who_reports_what_follows_the_expectations(built):
    period = built.open_period
    expected = period_expectations(
        plan_ids=list(period.plans.values_list("pk", flat=True)),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        on=period.due_on,
    )
    reports = AgencyReport.objects.filter(period=period)
    assert set(reports.values_list("agency_id", flat=True)) == set(expected)
    rows = set(
        TaskUpdate.objects.filter(report__period=period).values_list(
            "report__agency_id", "task_id", "role"
        )
    )
    assert rows == {(a, t, r) for a, e in expected.items() for t, r in e.tasks.items()}
    values = IndicatorValue.objects.filter(report__period=period).count()
    assert values == sum(len(e.indicators) for e in expected.values())


def test_reports_are_in_states_the_workflow_knows(built):
    past = AgencyReport.objects.exclude(period=built.open_period)
    states = dict(past.values_list("status").annotate(n=Count("pk")))
    assert states["approved"] > 0.85 * past.count()
    assert set(states) <= {"approved", "submitted", "draft"}
    current = dict(
        AgencyReport.objects.filter(period=built.open_period)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    assert set(current) == {"draft", "submitted", "returned", "approved"}
    for status, sent_at in AgencyReport.objects.values_list("status", "submitted_at"):
        assert (sent_at is not None) == workflow.is_sent(status) or status == "returned"


def test_a_task_done_and_approved_is_carried_over(built):
    carried = TaskUpdate.objects.filter(carried_over=True).select_related("report__period")
    assert carried.exists()
    for update in carried[:50]:
        assert update.status in (TaskStatus.DONE, TaskStatus.DONE_LATE)
        earlier = TaskUpdate.objects.get(
            report__agency_id=update.report.agency_id,
            task_id=update.task_id,
            carried_over=False,
            report__period__ends_on__lt=update.report.period.starts_on,
            report__status="approved",
            status__in=(TaskStatus.DONE, TaskStatus.DONE_LATE),
        )
        assert earlier.completed_on == update.completed_on


def test_accounts_for_a_load_test(built, client):
    assert len(built.reporters) == len(built.agency_ids)
    profiles = Profile.objects.filter(role=Role.REPORTER)
    assert set(profiles.values_list("agency_id", flat=True)) == set(built.agency_ids)
    assert ExtensionRequest.objects.filter(status="approved").exists()
    assert ExtensionRequest.objects.filter(status="pending").exists()
    reporter = built.reporters[0]
    response = client.post(
        "/api/v1/auth/token",
        {"username": reporter.username, "password": built.password},
        content_type="application/json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    report = client.get(
        f"/api/v1/reports/{built.open_period.pk}/{reporter.agency_id}",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert report.status_code == 200
