import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F, Sum
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from dxtrack.accounts.models import Role
from dxtrack.consolidation.aggregation import period_consolidation
from dxtrack.dashboard.selectors import comparable_day, dashboard_data, dashboard_scope
from dxtrack.plans.models import Indicator
from dxtrack.reporting.models import AgencyReport, IndicatorValue

from .conftest import many_agencies
from .support import AS_OF, leader, previous_year, user

pytestmark = pytest.mark.django_db


def _data(year, **filters):
    scope = dashboard_scope(user=leader(), period_id=year.period.pk, **filters)
    return dashboard_data(scope=scope, as_of=AS_OF)


def _values(counts):
    return {key: count.value for key, count in counts.items()}


def test_tasks_are_counted_by_colour_and_status(year):
    data = _data(year)

    # T1 on time, T10 on time (extended), T4 in progress (16 days left: yellow), T5 recurring
    # in progress (green), T5 not started (grey), T8 unreported due 31/12 (yellow), T2 T9
    # done late, T3 T6 overdue, T7 not done past due: red.
    assert _values(data.tasks_by_colour) == {"green": 3, "yellow": 2, "red": 5, "grey": 1}
    assert data.tasks_total.value == 11
    assert _values(data.tasks_by_status) == {
        "done": 3,
        "done_late": 1,
        "in_progress": 3,
        "not_started": 2,
        "not_done": 1,
        "not_assigned": 0,
        "": 1,
    }


def test_the_numbers_are_those_of_the_consolidation(year):
    data = _data(year)
    result = period_consolidation(period=year.period, as_of=AS_OF)

    assert data.tasks_total.value == result.total.total
    assert [(a.name, a.score, a.rank) for a in data.agencies] == [
        (s.agency.name, s.score, s.rank) for s in result.agencies
    ]
    assert [(i.indicator.pk, i.value.value, i.judged.verdict) for i in data.indicators] == [
        (r.indicator.pk, r.value, r.verdict) for r in result.indicators
    ]
    reports = data.reports_by_colour
    assert (reports["green"].value, reports["yellow"].value, reports["red"].value) == (
        result.reports.on_time,
        result.reports.late,
        result.reports.missing,
    )


def test_lines_of_lĩnh_vực_are_the_top_headings_of_each_plan(year):
    data = _data(year)

    areas = {(a.plan.number, a.title): a.by_colour for a in data.areas}
    assert areas == {
        ("25/KH-UBND", "I Phát triển Chính quyền số"): {
            "green": 2, "yellow": 0, "red": 3, "grey": 0,
        },
        ("25/KH-UBND", "II Phát triển xã hội số"): {"green": 1, "yellow": 2, "red": 0, "grey": 1},
        ("38/KH-UBND", "Nhiệm vụ khác"): {"green": 0, "yellow": 0, "red": 2, "grey": 0},
    }  # fmt: skip


def test_each_tile_has_the_change_since_the_previous_period_of_its_kind(year):
    before = previous_year(year)
    data = _data(year)

    assert data.previous == before
    colours = data.tasks_by_colour
    assert {c: (n.value, n.previous) for c, n in colours.items()} == {
        "green": (3, 1),
        "yellow": (2, 1),
        "red": (5, 0),
        "grey": (1, 1),
    }
    assert colours["red"].change == 5
    reports = data.reports_by_colour
    assert {c: (n.value, n.previous) for c, n in reports.items()} == {
        "green": (2, 1),
        "yellow": (1, 0),
        "red": (2, 2),
        "grey": (0, 0),
    }
    signatures = next(i for i in data.indicators if i.indicator == year.indicators.signatures)
    assert [(p.name, v.value if v else None, j.colour) for p, v, j in signatures.history] == [
        ("Báo cáo năm 2025", 40.0, "yellow"),
        ("Báo cáo năm 2026", 62.5, "green"),
    ]
    assert data.indicators_by_colour["yellow"].previous == 1


def test_an_earlier_period_is_judged_at_the_same_distance_from_its_end(year):
    before = previous_year(year)

    assert comparable_day(period=before, chosen=year.period, as_of=AS_OF) == dt.date(2025, 12, 15)
    assert comparable_day(period=year.period, chosen=year.period, as_of=AS_OF) == AS_OF


def test_one_agency_sees_its_own_tasks_values_and_report(year):
    data = _data(year, agency_id=year.agencies.home.pk)

    assert _values(data.tasks_by_colour) == {"green": 1, "yellow": 1, "red": 1, "grey": 0}
    assert [a.name for a in data.agencies] == ["Sở Nội vụ"]
    assert data.reports_by_colour["yellow"].value == 1


def test_a_plan_filter_keeps_its_tasks_and_indicators(year):
    data = _data(year, plan_id=year.plans.old.pk)

    assert data.tasks_total.value == 2
    assert {i.indicator.plan_id for i in data.indicators} == {year.plans.old.pk}


def test_a_reporter_is_held_to_its_own_agency(year):
    reporter = user(Role.REPORTER, agency=year.agencies.health)

    scope = dashboard_scope(user=reporter, period_id=year.period.pk)
    assert scope.agency == year.agencies.health
    with pytest.raises(PermissionDenied):
        dashboard_scope(user=reporter, agency_id=year.agencies.dost.pk)


def test_unknown_filters_are_not_found(year):
    with pytest.raises(Http404):
        dashboard_scope(user=leader(), period_id=year.period.pk + 100)


@pytest.mark.parametrize("agencies", [5, 60])
def test_the_dashboard_reads_in_a_fixed_number_of_queries(django_assert_max_num_queries, agencies):
    period = many_agencies(agencies, tasks_each=6)
    scope = dashboard_scope(user=leader(), period_id=period.pk)

    with django_assert_max_num_queries(13):
        data = dashboard_data(scope=scope, as_of=AS_OF)

    assert data.tasks_total.value == agencies * 6
    assert len(data.agencies) == agencies


def _earlier_copies(period, count):
    """`count` earlier quarters with the same reports, task rows and indicator rows."""
    from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod, TaskUpdate

    for n in range(1, count + 1):
        starts_on = dt.date(period.starts_on.year, period.starts_on.month, 1)
        shift = dt.timedelta(days=92 * n)
        copy = ReportingPeriod.objects.create(
            name=f"Quý trước {n}",
            kind=period.kind,
            starts_on=starts_on - shift,
            ends_on=period.ends_on - shift,
            due_on=period.due_on - shift,
            status=ReportingPeriod.Status.CLOSED,
        )
        copy.plans.set(period.plans.all())
        reports = {
            r.agency_id: r
            for r in AgencyReport.objects.bulk_create(
                AgencyReport(period=copy, agency_id=a)
                for a in period.reports.values_list("agency_id", flat=True)
            )
        }
        TaskUpdate.objects.bulk_create(
            TaskUpdate(report=reports[a], task_id=t, role=role, status=s)
            for a, t, role, s in TaskUpdate.objects.filter(report__period=period).values_list(
                "report__agency_id", "task_id", "role", "status"
            )
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(report=reports[a], indicator_id=i, role=role, value_number=v)
            for a, i, role, v in IndicatorValue.objects.filter(report__period=period).values_list(
                "report__agency_id", "indicator_id", "role", "value_number"
            )
        )


@pytest.mark.parametrize("earlier", [1, 8])
def test_the_history_costs_no_query_per_period(django_assert_max_num_queries, earlier):
    period = many_agencies(20, tasks_each=3)
    _earlier_copies(period, earlier)
    scope = dashboard_scope(user=leader(), period_id=period.pk)

    with django_assert_max_num_queries(15):
        data = dashboard_data(scope=scope, as_of=AS_OF)

    assert len(data.history) == earlier + 1
    assert len(data.timeliness) == earlier + 1
    assert all(len(line.history) == earlier + 1 for line in data.indicators)
    assert data.tasks_total.previous == 60


def test_a_report_saved_in_the_period_leaves_the_earlier_periods_values_kept():
    period = many_agencies(20, tasks_each=3)
    _earlier_copies(period, 4)
    value = IndicatorValue.objects.filter(report__period=period).first()
    # The implementing agencies' numbers add up to the province's value.
    Indicator.objects.filter(pk=value.indicator_id).update(aggregation="sum")
    scope = dashboard_scope(user=leader(), period_id=period.pk)

    def line_of(data):
        return next(x for x in data.indicators if x.indicator.pk == value.indicator_id)

    def total(of_period):
        return IndicatorValue.objects.filter(
            report__period=of_period, indicator_id=value.indicator_id
        ).aggregate(n=Sum("value_number"))["n"]

    with CaptureQueriesContext(connection) as cold:
        first = dashboard_data(scope=scope, as_of=AS_OF)
    IndicatorValue.objects.filter(pk=value.pk).update(value_number=1000)
    AgencyReport.objects.filter(pk=value.report_id).update(version=F("version") + 1)

    # The earlier periods come from the cache: their values are not read again.
    with CaptureQueriesContext(connection) as kept:
        again = dashboard_data(scope=scope, as_of=AS_OF)

    def value_reads(queries):
        return sum("reporting_indicatorvalue" in q["sql"] for q in queries.captured_queries)

    assert value_reads(cold) == 2 and value_reads(kept) == 1

    assert line_of(again).value.value == total(period)
    assert [(p.pk, v, j.colour) for p, v, j in line_of(again).history[:-1]] == [
        (p.pk, v, j.colour) for p, v, j in line_of(first).history[:-1]
    ]
    # A report of an earlier period changed: that period's values are read again.
    earlier = again.history[0]
    old = IndicatorValue.objects.filter(
        report__period=earlier, indicator_id=value.indicator_id
    ).first()
    IndicatorValue.objects.filter(pk=old.pk).update(value_number=2000)
    AgencyReport.objects.filter(pk=old.report_id).update(version=F("version") + 1)
    third = dashboard_data(scope=scope, as_of=AS_OF)
    assert line_of(third).history[0][1].value == total(earlier)
    assert line_of(third).history[1][1].value == line_of(first).history[1][1].value
