from collections import Counter

import pytest

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.indicator_rollup import period_indicator_rows
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from factories import IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


def _link(*indicators, confirmed=True):
    family = IndicatorFamily.objects.create(name=indicators[0].name)
    for indicator in indicators:
        IndicatorFamilyMember.objects.create(
            family=family, indicator=indicator, confirmed=confirmed
        )
    return family


def test_indicators_use_the_lead_value_or_the_sum_or_average_of_implementers(year):
    rows = {row.indicator.pk: row for row in period_indicator_rows(period=year.period)}
    i = year.indicators

    assert (rows[i.signatures.pk].value, rows[i.signatures.pk].verdict) == (62.5, ev.MET)
    assert rows[i.signatures.pk].target.milestone == "2026-2027"
    enterprises = rows[i.enterprises.pk]
    assert (enterprises.value, enterprises.verdict) == (75, ev.NOT_MET)
    assert (enterprises.reported, enterprises.expected) == (2, 4)
    assert (rows[i.digitised.pk].value, rows[i.digitised.pk].verdict) == (81, ev.MET)
    assert (rows[i.datacenter.pk].met, rows[i.datacenter.pk].verdict) == (True, ev.MET)
    assert rows[i.pilot.pk].verdict == ev.NO_TARGET
    assert rows[i.fibre.pk].verdict == ev.NO_DATA
    # Not linked yet: the old plan's copy has no value of its own.
    assert rows[i.old_signatures.pk].verdict == ev.NO_DATA
    assert Counter(row.verdict for row in rows.values()) == {
        ev.MET: 3,
        ev.NOT_MET: 1,
        ev.NO_DATA: 2,
        ev.NO_TARGET: 1,
    }


def test_a_linked_indicator_serves_all_its_plans_each_against_its_own_target(year):
    _link(year.indicators.signatures, year.indicators.old_signatures)

    rows = {row.indicator.pk: row for row in period_indicator_rows(period=year.period)}

    old = rows[year.indicators.old_signatures.pk]
    assert old.value == 62.5
    assert old.shared and old.from_indicator_id == year.indicators.signatures.pk
    # Plan 38 sets 2025 and 2030 only: a 2026 value is judged against the 2030 target.
    assert (old.target.milestone, old.verdict) == ("2030", ev.NOT_MET)
    assert rows[year.indicators.signatures.pk].verdict == ev.MET


def test_an_unconfirmed_link_shares_nothing(year):
    _link(year.indicators.signatures, year.indicators.old_signatures, confirmed=False)

    rows = {row.indicator.pk: row for row in period_indicator_rows(period=year.period)}

    assert rows[year.indicators.old_signatures.pk].verdict == ev.NO_DATA


def test_an_indicator_not_asked_in_the_period_is_left_out(year):
    finished = IndicatorFactory(
        plan=year.plans.old, number="9", name="Tỷ lệ hộ gia đình có đường truyền cáp quang"
    )
    TargetFactory(indicator=finished, milestone="2025", text="80%", comparator=">=", value=80)

    rows = period_indicator_rows(period=year.period)

    assert finished.pk not in {row.indicator.pk for row in rows}
    assert len(rows) == 7
