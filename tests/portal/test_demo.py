"""The demo's sample history, on the bundled plans, through the real services."""

import datetime as dt

import pytest

from dxtrack.agencies.services import directory_install
from dxtrack.ingest.services import bundled_plans_import
from dxtrack.plans.models import Indicator, Target
from dxtrack.portal.demo import HISTORY, SAMPLE, demo_history, sample_value
from dxtrack.portal.models import Publication, PublishedIndicatorValue
from dxtrack.portal.selectors import open_indicator_records, open_task_records
from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod
from dxtrack.reporting.values import parse_value
from reporting.sample import account

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def province(db):
    directory_install()
    bundled_plans_import()
    return account("sokhcn", "coordinator")


def _published_figures():
    return [
        {k: v for k, v in row.items() if k != "published_at"} for row in open_indicator_records()
    ], [{k: v for k, v in row.items() if k != "published_at"} for row in open_task_records()]


def test_the_demo_history_is_published_sample_data_and_runs_once(province):
    history = demo_history(coordinator=province, today=TODAY)
    assert [p.name for p in history.periods] == [s.name for s in HISTORY]
    assert all(SAMPLE in p.name for p in history.periods)
    assert history.reports_approved > 50 and history.reports_waiting > 0
    assert Publication.objects.count() == len(HISTORY)
    assert history.values_published == PublishedIndicatorValue.objects.count() > 10
    assert Indicator.objects.filter(public=True).count() >= 8
    colours = set(PublishedIndicatorValue.objects.values_list("colour", flat=True))
    assert {"green", "yellow", "red"} <= colours
    # Published dates and sending dates are the period's, not the day the demo ran.
    first = Publication.objects.get(period__name=HISTORY[0].name)
    assert first.published_at.date() == dt.date(2024, 12, 18)
    sent = AgencyReport.objects.filter(period=first.period, submitted_at__isnull=False)
    assert all(r.submitted_at.year == 2024 for r in sent)

    again = demo_history(coordinator=province, today=TODAY)
    assert again.periods == []
    assert ReportingPeriod.objects.count() == len(HISTORY)
    assert Publication.objects.count() == len(HISTORY)

    # Only approved reports reach the published figures.
    waiting = IndicatorValue.objects.exclude(report__status=AgencyReport.Status.APPROVED).exclude(
        value_text=""
    )
    assert waiting.exists()
    for value in PublishedIndicatorValue.objects.select_related("publication", "indicator"):
        if value.indicator.aggregation != Indicator.Aggregation.LEAD:
            continue
        sources = IndicatorValue.objects.filter(
            report__period_id=value.publication.period_id,
            indicator=value.indicator,
            role="lead",
        ).exclude(value_text="")
        assert {s.report.status for s in sources if s.value_text == value.value_text} == {
            AgencyReport.Status.APPROVED
        }


def test_the_same_history_every_time_and_only_periods_already_due(province):
    # Mid-2025: only the 2024 report is due.
    history = demo_history(coordinator=province, today=dt.date(2025, 6, 1))
    assert [p.name for p in history.periods] == [HISTORY[0].name]
    first = _published_figures()
    assert first[0] and first[1]
    ReportingPeriod.objects.all().delete()
    demo_history(coordinator=province, today=dt.date(2025, 6, 1))
    assert _published_figures() == first


@pytest.mark.parametrize(
    "unit, comparator, value, expected",
    [
        ("%", ">=", 50.0, "%"),
        ("Doanh nghiệp", ">=", 300.0, ""),
        ("Thứ bậc", "<=", 15.0, ""),
        ("", "done", None, ""),
    ],
)
def test_sample_values_read_as_agencies_write_them(unit, comparator, value, expected):
    indicator = Indicator(pk=7, unit=unit)
    target = Target(indicator=indicator, comparator=comparator, value=value, unit=unit)
    period = ReportingPeriod(name="Năm 2025", ends_on=dt.date(2025, 12, 31))
    text = sample_value(indicator=indicator, target=target, period=period)
    parsed = parse_value(text)
    assert text.endswith(expected)
    assert parsed.number is not None or parsed.met is not None
