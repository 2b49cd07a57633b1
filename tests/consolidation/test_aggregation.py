import pytest

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.aggregation import period_consolidation

from .conftest import AS_OF, many_agencies

pytestmark = pytest.mark.django_db


def test_areas_group_agencies_by_kind(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)

    departments, communes = result.areas
    assert (departments.label, departments.agency_count, departments.tally.total) == (
        "Sở, ban, ngành tỉnh",
        3,
        9,
    )
    assert (departments.reports.on_time, departments.reports.late) == (1, 1)
    assert departments.reports.missing == 1
    assert (communes.agency_count, communes.tally.total, communes.reports.on_time) == (2, 2, 1)


def test_scorecard_and_ranking(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)

    ranking = [(s.rank, s.agency.name, s.score) for s in result.agencies]
    assert ranking == [
        (1, "UBND xã Tịnh Khê", 100.0),
        (2, "Sở Khoa học và Công nghệ", 76.7),
        (3, "Sở Nội vụ", 71.7),
        (4, "UBND xã Bình Sơn", 70.0),
        (5, "Sở Y tế", 0.0),
    ]
    home = result.agencies[2]
    assert (home.tally.on_time, home.tally.overdue, home.tally.in_progress) == (1, 1, 1)
    assert home.report_verdict == ev.ReportVerdict(ev.REPORT_LATE, 5)
    health = result.agencies[4]
    assert health.report_verdict == ev.ReportVerdict(ev.REPORT_MISSING, 15)
    # Returned for revision: owed again, whatever was sent before.
    assert result.agencies[3].report_verdict.kind == ev.REPORT_MISSING
    assert (result.reports.on_time, result.reports.late, result.reports.missing) == (2, 1, 2)


@pytest.mark.parametrize("count", [10, 100])
def test_the_number_of_queries_does_not_grow_with_agencies(db, count, django_assert_num_queries):
    period = many_agencies(count)

    # Ten for the period, one for the score weights in force.
    with django_assert_num_queries(11):
        result = period_consolidation(period=period, as_of=AS_OF)

    assert result.total.total == 3 * count
    assert len(result.agencies) == count


def test_indicators_are_counted_by_verdict(year):
    result = period_consolidation(period=year.period, as_of=AS_OF)

    assert result.indicator_counts == {
        ev.MET: 3,
        ev.NOT_MET: 1,
        ev.NO_DATA: 2,
        ev.NO_TARGET: 1,
    }
