"""Forecasts of hand-made histories whose right answer is known."""

import datetime as dt

import numpy as np
import pytest

from dxtrack.forecasting.fitting import (
    DAMPED,
    DRIFT,
    LINEAR,
    ForecastResult,
    Goal,
    Point,
    Predictive,
    forecast_indicator,
    inputs_fingerprint,
    milestone_date,
    probability_met,
)


def yearly(values, start=2020):
    return [Point(i + 1, dt.date(start + i, 12, 31), v) for i, v in enumerate(values)]


def quarterly(values, start=2022):
    ends = [(3, 31), (6, 30), (9, 30), (12, 31)]
    return [
        Point(i + 1, dt.date(start + i // 4, *ends[i % 4]), float(v)) for i, v in enumerate(values)
    ]


def goal(year, comparator, target, text=""):
    return Goal(str(year), dt.date(year, 12, 31), comparator, target, text)


def test_rising_to_its_target_is_on_track():
    # +10 points a year from 30% in 2020 reaches 80% in 2025.
    result = forecast_indicator(
        history=yearly([30.0, 41.0, 49.0, 61.0]), goals=[goal(2025, ">=", 70.0)], percent=True
    )
    (item,) = result.forecasts
    assert result.method == LINEAR
    assert result.reason == ""
    assert 75 < item.value < 85
    assert item.low < item.value < item.high
    assert item.probability_met > 0.8


def test_stalling_far_below_its_target_is_off_track():
    result = forecast_indicator(
        history=yearly([20.0, 21.0, 20.5, 21.5, 21.0]), goals=[goal(2030, ">=", 80.0)], percent=True
    )
    (item,) = result.forecasts
    assert item.value < 30
    assert item.high < 80
    assert item.probability_met < 0.05


@pytest.mark.parametrize("count", [0, 1, 2])
def test_fewer_than_three_values_give_no_forecast_and_say_why(count):
    result = forecast_indicator(
        history=yearly([30.0, 40.0][:count]), goals=[goal(2030, ">=", 80.0)], percent=True
    )
    assert result.forecasts == ()
    assert result.method is None
    assert result.reason == f"Chưa đủ số liệu: cần ít nhất 3 kỳ có số liệu, hiện có {count}"


def test_a_percentage_near_100_never_exceeds_100():
    result = forecast_indicator(
        history=yearly([88.0, 93.0, 97.0, 99.0]),
        goals=[goal(2025, ">=", 100.0), goal(2030, "=", 100.0)],
        percent=True,
    )
    for item in result.forecasts:
        assert item.value <= 100 and item.high <= 100 and item.low <= 100
        # Running past 100, the share is all but certain to reach its ceiling.
        assert item.probability_met > 0.9


def test_a_count_is_not_clipped_at_100():
    result = forecast_indicator(
        history=yearly([60.0, 80.0, 100.0, 120.0]), goals=[goal(2025, ">=", 150.0)], percent=False
    )
    (item,) = result.forecasts
    assert item.value > 130


@pytest.mark.parametrize(
    "values, expected",
    [
        # Paper records falling towards ≤ 10%: met.
        ([40.0, 31.0, 20.0, 12.0], "met"),
        # Rising away from it: missed.
        ([12.0, 15.0, 19.0, 22.0], "missed"),
    ],
)
def test_an_at_most_target_is_met_by_falling(values, expected):
    result = forecast_indicator(
        history=yearly(values), goals=[goal(2025, "<=", 10.0, "≤ 10%")], percent=True
    )
    (item,) = result.forecasts
    if expected == "met":
        assert item.probability_met > 0.8
    else:
        assert item.probability_met < 0.1


def test_only_milestones_after_the_last_value_are_forecast():
    result = forecast_indicator(
        history=yearly([30.0, 40.0, 50.0, 60.0]),
        goals=[goal(2022, ">=", 40.0), goal(2025, ">=", 80.0), goal(2030, ">=", 100.0)],
        percent=True,
    )
    assert [f.milestone for f in result.forecasts] == ["2025", "2030"]
    assert result.forecasts[0].date == dt.date(2025, 12, 31)


def test_no_coming_milestone_gives_no_forecast():
    result = forecast_indicator(
        history=yearly([30.0, 40.0, 50.0]), goals=[goal(2021, ">=", 40.0)], percent=True
    )
    assert result.forecasts == ()
    assert "đã qua" in result.reason


def test_gaps_are_years_apart_not_steps():
    # 2020, 2021, then 2024: a straight line in time, not in steps.
    history = [
        Point(1, dt.date(2020, 12, 31), 10.0),
        Point(2, dt.date(2021, 12, 31), 20.0),
        Point(3, dt.date(2024, 12, 31), 50.0),
    ]
    result = forecast_indicator(history=history, goals=[goal(2026, ">=", 60.0)], percent=True)
    assert result.forecasts[0].value == pytest.approx(70.0, abs=0.2)


def test_the_backtest_chooses_and_says_so():
    rng = np.random.default_rng(7)
    # A random walk with a small drift: straight lines through it forecast badly.
    walk = 50 + np.cumsum(rng.normal(0.5, 3.0, 8))
    result = forecast_indicator(
        history=yearly(list(walk), start=2015), goals=[goal(2030, ">=", 80.0)], percent=True
    )
    assert result.chosen_by_backtest
    assert set(result.backtest_mae) == {LINEAR, DRIFT}
    assert result.method == min(result.backtest_mae, key=result.backtest_mae.get)
    assert "kiểm tra lại" in result.method_note


def test_a_long_flattening_quarterly_series_can_use_the_damped_trend():
    t = np.arange(16)
    series = 20 + 60 * (1 - np.exp(-t / 5)) + np.random.default_rng(3).normal(0, 0.8, 16)
    result = forecast_indicator(
        history=quarterly(series), goals=[goal(2030, ">=", 100.0)], percent=True
    )
    assert DAMPED in result.backtest_mae
    assert result.method == DAMPED
    (item,) = result.forecasts
    # The share levels off near 80%: far from 100%.
    assert 70 < item.value < 95
    assert item.probability_met < 0.5


def test_a_forecast_survives_storage():
    result = forecast_indicator(
        history=yearly([30.0, 41.0, 49.0, 61.0]), goals=[goal(2025, ">=", 70.0)], percent=True
    )
    assert ForecastResult.from_dict(result.as_dict()) == result


def test_the_fingerprint_follows_values_and_targets():
    history, goals = yearly([30.0, 40.0, 50.0]), [goal(2025, ">=", 70.0)]
    same = inputs_fingerprint(history=history, goals=goals, percent=True)
    assert same == inputs_fingerprint(history=list(history), goals=list(goals), percent=True)
    changed = yearly([30.0, 40.0, 51.0])
    assert same != inputs_fingerprint(history=changed, goals=goals, percent=True)
    assert same != inputs_fingerprint(history=history, goals=[goal(2025, ">=", 75.0)], percent=True)


@pytest.mark.parametrize(
    "comparator, target, bounds, expected",
    [
        (">=", 50.0, None, 0.5),
        (">", 50.0, None, 0.5),
        ("<=", 50.0, None, 0.5),
        ("<", 55.0, None, pytest.approx(0.8413, abs=1e-3)),
        (">=", 100.0, (0.0, 100.0), pytest.approx(0.0, abs=1e-6)),
        ("=", 100.0, (0.0, 100.0), pytest.approx(0.0, abs=1e-6)),
        ("approx", 50.0, None, pytest.approx(0.6827, abs=1e-3)),  # 45–55 is ±1 sd
        ("=", 50.0, None, pytest.approx(0.6827, abs=1e-3)),
        ("done", None, (0.0, 100.0), pytest.approx(0.0, abs=1e-6)),
        ("done", None, None, None),
        (None, None, None, None),
        (">=", 0.0, (0.0, 100.0), 1.0),
    ],
)
def test_probability_met_respects_the_comparator(comparator, target, bounds, expected):
    pred = Predictive(mean=50.0, scale=5.0, df=None)
    assert (
        probability_met(pred=pred, comparator=comparator, target=target, bounds=bounds) == expected
    )


def test_a_share_forecast_past_100_reaches_it():
    pred = Predictive(mean=104.0, scale=2.0, df=None)
    p = probability_met(pred=pred, comparator="=", target=100.0, bounds=(0.0, 100.0))
    assert p == pytest.approx(0.977, abs=1e-3)


@pytest.mark.parametrize(
    "year_from, year_to, expected",
    [(2025, 2025, dt.date(2025, 12, 31)), (2026, 2027, dt.date(2027, 12, 31)), (None, None, None)],
)
def test_a_milestone_is_judged_at_the_end_of_its_last_year(year_from, year_to, expected):
    assert milestone_date(year_from=year_from, year_to=year_to) == expected


@pytest.mark.parametrize(
    "p, text",
    [(0.0, "dưới 1%"), (0.004, "dưới 1%"), (0.125, "13%"), (0.5, "50%"), (0.999, "trên 99%")],
)
def test_probability_label(p, text):
    from dxtrack.forecasting.fitting import probability_label

    assert probability_label(p) == text


def test_the_damped_forecast_is_statsmodels_own_for_the_fitted_parameters():
    """The smoothing recursion and the ETS(A,Ad,N) variance are computed without building
    statsmodels models (bench/forecast.py): they must give statsmodels' numbers, with
    ETSModel's trend parameter β = α·β* of holtwinters' component form."""
    import warnings

    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    from dxtrack.forecasting import fitting

    y = 20 + np.cumsum(np.random.default_rng(5).normal(1.2, 1.0, 16))
    alpha, beta, phi = params = fitting._damped_params(y[:12])
    start = {"initial_level": float(y[0]), "initial_trend": float((y[2] - y[0]) / 2)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        holt = ExponentialSmoothing(
            y, trend="add", damped_trend=True, initialization_method="known", **start
        ).fit(smoothing_level=alpha, smoothing_trend=beta, damping_trend=phi, optimized=False)
        ets = ETSModel(
            pd.Series(y),
            error="add",
            trend="add",
            damped_trend=True,
            initialization_method="known",
            **start,
        ).smooth(np.array([alpha, alpha * beta, phi]))
        expected = ets.get_prediction(start=len(y), end=len(y) + 7)
    np.testing.assert_allclose(fitting._damped_one_step(y, params), holt.fittedvalues)
    np.testing.assert_allclose(
        [p.mean for p in fitting._damped_predict(y, 0.25, np.arange(1, 9) / 4, params)],
        np.asarray(expected.predicted_mean),
    )
    np.testing.assert_allclose(
        [p.scale for p in fitting._damped_predict(y, 0.25, np.arange(1, 9) / 4, params)],
        np.sqrt(np.asarray(expected.forecast_variance)),
    )


def test_intervals_widen_past_a_year_ahead(monkeypatch):
    from dxtrack.forecasting import fitting

    history = yearly([10.0, 14.0, 17.5, 22.0, 25.0, 29.5])
    goals = [goal(2026, ">=", 50.0), goal(2030, ">=", 80.0)]
    near, far = forecast_indicator(history=history, goals=goals, percent=False).forecasts
    monkeypatch.setattr(fitting, "HORIZON_WIDENING", 0.0)
    own_near, own_far = forecast_indicator(history=history, goals=goals, percent=False).forecasts
    # A year ahead: the model's own interval; five years ahead: 4 × 2.5% wider than it.
    assert near.high - near.low == pytest.approx(own_near.high - own_near.low, abs=1e-3)
    assert far.high - far.low == pytest.approx(1.1 * (own_far.high - own_far.low), rel=1e-3)
    assert far.value == own_far.value
