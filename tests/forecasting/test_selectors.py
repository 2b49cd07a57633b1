"""Forecast inputs from stored reports, the stored forecasts, the warnings one may see."""

import datetime as dt

import pytest

from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from dxtrack.forecasting.models import IndicatorForecast
from dxtrack.forecasting.selectors import (
    forecast_inputs,
    forecast_readable,
    indicator_forecast,
    indicator_forecasts,
)
from dxtrack.plans.models import Indicator
from dxtrack.reporting.models import AgencyReport
from factories import AgencyFactory, PlanFactory
from forecasting.histories import indicator_with, record, user_with


def test_the_history_is_the_provinces_value_per_period(province):
    forecast = indicator_forecast(indicator_id=province.online.pk)
    assert [(p.end, p.value) for p in forecast.history] == [
        (dt.date(2022, 12, 31), 40.0),
        (dt.date(2023, 12, 31), 49.0),
        (dt.date(2024, 12, 31), 61.0),
        (dt.date(2025, 12, 31), 70.0),
    ]
    assert [f.milestone for f in forecast.forecasts] == ["2027", "2030"]
    assert forecast.forecasts[0].probability_met > 0.6
    assert forecast.percent


def test_drafts_and_returned_reports_do_not_count_and_submitted_ones_are_provisional(province):
    indicator = indicator_with(province.plan, province.dost, name="Tỷ lệ hộ có cáp quang")
    record(indicator, province.dost, {2022: 50.0, 2023: 55.0})
    record(indicator, province.health, {2024: 90.0}, status=AgencyReport.Status.DRAFT)
    AgencyReport.objects.filter(agency=province.health).update(status=AgencyReport.Status.RETURNED)
    inputs = forecast_inputs(indicator_ids=[indicator.pk])[indicator.pk]
    assert [p.value for p in inputs.history] == [50.0, 55.0]

    AgencyReport.objects.filter(agency=province.health).update(status=AgencyReport.Status.SUBMITTED)
    inputs = forecast_inputs(indicator_ids=[indicator.pk])[indicator.pk]
    assert [(p.value, p.provisional) for p in inputs.history] == [
        (50.0, False),
        (55.0, False),
        (90.0, True),
    ]


def test_a_value_serving_several_plans_counts_once(province):
    old_plan = PlanFactory(number="38/KH-UBND", issued_on=dt.date(2024, 2, 20))
    old = indicator_with(
        old_plan, province.dost, name="Tỷ lệ dân số trưởng thành có chữ ký số (2025)"
    )
    # The older plan's indicator was reported in 2022 and 2023; the new one from 2024, and
    # in 2024 both were (the same number, given twice).
    record(old, province.dost, {2020: 5.0, 2021: 10.0, 2024: 20.5})
    family = IndicatorFamily.objects.create(name="Tỷ lệ dân số trưởng thành có chữ ký số")
    for indicator in (old, province.signature):
        IndicatorFamilyMember.objects.create(family=family, indicator=indicator, confirmed=True)

    history = indicator_forecast(indicator_id=province.signature.pk).history
    assert [(p.end.year, p.value) for p in history] == [
        (2020, 5.0),
        (2021, 10.0),
        (2022, 20.0),
        (2023, 21.0),
        (2024, 20.5),
        (2025, 21.5),
    ]


def test_values_in_different_units_cannot_be_compared(province):
    old = indicator_with(
        PlanFactory(issued_on=dt.date(2024, 2, 20)),
        province.dost,
        name="Số người có chữ ký số",
        unit="người",
        targets=(("2030", ">=", 1000000.0, "≥ 1.000.000"),),
    )
    record(old, province.dost, {2020: 150000.0, 2021: 200000.0})
    family = IndicatorFamily.objects.create(name="Chữ ký số")
    for indicator in (old, province.signature):
        IndicatorFamilyMember.objects.create(family=family, indicator=indicator, confirmed=True)
    forecast = indicator_forecast(indicator_id=province.signature.pk)
    assert forecast.forecasts == ()
    assert forecast.reason.startswith("Số liệu không so sánh được")
    assert "“%”" in forecast.reason and "“người”" in forecast.reason


def test_an_indicator_answered_dat_khong_dat_has_no_forecast(province):
    indicator = indicator_with(province.plan, province.dost, name="Ban hành kiến trúc số")
    for year, met in ((2023, False), (2024, True), (2025, True)):
        record(indicator, province.dost, {year: None})
        indicator.values.filter(report__period__ends_on__year=year).update(value_met=met)
    forecast = indicator_forecast(indicator_id=indicator.pk)
    assert forecast.forecasts == ()
    assert "Đạt" in forecast.reason


def test_a_forecast_is_stored_and_fitted_again_only_when_its_values_change(
    province, django_assert_num_queries
):
    first = indicator_forecast(indicator_id=province.online.pk)
    stored = IndicatorForecast.objects.get(indicator=province.online)
    assert stored.method == first.method
    # Read again: the inputs and the stored row, nothing written.
    with django_assert_num_queries(5):
        again = indicator_forecast(indicator_id=province.online.pk)
    assert again.result == first.result
    assert IndicatorForecast.objects.get(pk=stored.pk).computed_at == stored.computed_at

    record(province.online, province.dost, {2026: 79.0})
    changed = indicator_forecast(indicator_id=province.online.pk)
    assert len(changed.history) == 5
    assert IndicatorForecast.objects.get(pk=stored.pk).fingerprint != stored.fingerprint


def test_forecasts_of_many_indicators_take_a_fixed_number_of_queries(
    province, django_assert_max_num_queries
):
    ids = []
    for n in range(25):
        indicator = indicator_with(province.plan, province.dost, name=f"Chỉ tiêu số {n}")
        record(indicator, province.dost, {2022: 10.0 + n, 2023: 20.0 + n, 2024: 25.0 + n})
        ids.append(indicator.pk)
    with django_assert_max_num_queries(7):
        found = indicator_forecasts(indicator_ids=ids)
    assert len(found) == 25
    assert all(f.forecasts for f in found.values())
    with django_assert_max_num_queries(5):
        indicator_forecasts(indicator_ids=ids)


def test_a_missing_indicator_is_not_found(db):
    with pytest.raises(Indicator.DoesNotExist):
        indicator_forecast(indicator_id=987654)


def test_a_reporter_reads_the_forecasts_of_its_own_indicators_only(province):
    own = user_with("reporter", agency=province.dost, username="baocao.skhcn")
    other = user_with("reporter", agency=AgencyFactory(name="Sở Tài chính"), username="baocao.stc")
    leader = user_with("leader", username="lanhdao")
    assert forecast_readable(user=own, indicator_id=province.online.pk)
    assert not forecast_readable(user=other, indicator_id=province.online.pk)
    assert forecast_readable(user=leader, indicator_id=province.online.pk)
