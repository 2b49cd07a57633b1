import pytest

from dxtrack.consolidation.indicator_rollup import period_indicator_rows
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from dxtrack.consolidation.series import indicator_judge, indicator_series, targets_of
from dxtrack.plans.models import Indicator

pytestmark = pytest.mark.django_db


def _in_plan_order(period):
    return list(
        Indicator.objects.filter(plan__in=period.plans.all()).order_by(
            "plan__issued_on", "plan_id", "position", "pk"
        )
    )


@pytest.mark.parametrize("linked", [False, True])
def test_the_series_gives_each_period_the_consolidations_values_and_verdicts(year, linked):
    if linked:
        family = IndicatorFamily.objects.create(name=year.indicators.signatures.name)
        for indicator in (year.indicators.signatures, year.indicators.old_signatures):
            IndicatorFamilyMember.objects.create(family=family, indicator=indicator, confirmed=True)
    period = year.period
    indicators = _in_plan_order(period)

    series = indicator_series(periods=[period], indicators=indicators)
    targets = targets_of(indicator_ids=[i.pk for i in indicators])

    rows = period_indicator_rows(period=period)
    assert rows
    for row in rows:
        value = series[(row.indicator.pk, period.pk)]
        assert (value.value, value.met, value.text) == (row.value, row.met, row.value_text)
        assert (value.reported, value.expected) == (row.reported, row.expected)
        judged = indicator_judge(
            indicator=row.indicator, targets=targets[row.indicator.pk], period=period, value=value
        )
        assert (judged.target, judged.verdict) == (row.target, row.verdict)
    assert len(series) == len(rows)


def test_one_agencys_series_is_its_own_value_whatever_its_role(year):
    period = year.period
    indicators = _in_plan_order(period)

    series = indicator_series(
        periods=[period], indicators=indicators, agency_id=year.agencies.tinh_khe.pk
    )

    # The enterprises are summed over the communes; one commune's series is its own 40.
    own = series[(year.indicators.enterprises.pk, period.pk)]
    assert (own.value, own.reported, own.expected) == (40, 1, 1)
