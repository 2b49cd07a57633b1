"""A series of periods created from the regime an imported plan states (003: monthly
reports due by the 10th of the next month; 002: yearly by 30/11)."""

import datetime as dt

import pytest

from dxtrack.accounts.access import SYSTEM
from dxtrack.agencies.services import directory_install
from dxtrack.ingest.services import BUNDLED_DIR, plan_file_import
from dxtrack.reporting.period_services import period_series_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "seed, kind, due_rule, first_due, count",
    [
        ("003_001c1e89ae4db487.txt", "monthly", "next_month:10", dt.date(2026, 2, 10), 12),
        ("002_e25588e8cebfd0eb.txt", "yearly", "date:11-30", dt.date(2026, 11, 30), 5),
    ],
)
def test_a_series_follows_the_regime_read_from_the_plans_text(
    seed, kind, due_rule, first_due, count
):
    directory_install()
    plan = plan_file_import(path=BUNDLED_DIR / seed, actor=SYSTEM).plan
    assert (plan.report_kind, plan.report_due_rule) == (kind, due_rule)

    periods = period_series_create(
        actor=SYSTEM, plan_id=plan.pk, first_start=dt.date(2026, 1, 1), count=count
    )

    assert len(periods) == count
    assert {p.kind for p in periods} == {kind}
    first = min(periods, key=lambda p: p.starts_on)
    assert first.due_on == first_due


def test_the_plans_funding_sentence_reaches_its_tasks_and_projects():
    directory_install()
    plan = plan_file_import(path=BUNDLED_DIR / "002_e25588e8cebfd0eb.txt", actor=SYSTEM).plan

    sources = set(plan.tasks.values_list("funding_source", flat=True))
    sources |= set(plan.keyprojects.values_list("funding_source", flat=True))
    assert len(sources) == 1
    assert sources.pop().startswith("Ngân sách nhà nước theo phân cấp ngân sách hiện hành")
