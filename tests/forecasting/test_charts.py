"""The chart's geometry: everything inside the plot, in the SVG's own units."""

import datetime as dt

from dxtrack.forecasting.charts import chart_geometry
from dxtrack.forecasting.fitting import Goal, Point, forecast_indicator, no_forecast


def _forecast():
    history = [Point(i + 1, dt.date(2022 + i, 12, 31), v) for i, v in enumerate([40, 49, 61, 70])]
    goals = [Goal("2027", dt.date(2027, 12, 31), ">=", 80.0, "≥ 80%")]
    return forecast_indicator(history=history, goals=goals, percent=True)


def test_history_forecast_band_and_target_are_drawn_inside_the_plot():
    chart = chart_geometry(_forecast())
    assert len(chart.history_dots) == 4 and len(chart.forecast_dots) == 1
    assert len(chart.targets) == 1 and chart.targets[0].label == "Mục tiêu 2027: ≥ 80%"
    for dot in [*chart.history_dots, *chart.forecast_dots, *chart.targets]:
        assert chart.plot_left <= dot.x <= chart.plot_right
        assert chart.plot_top <= dot.y <= chart.plot_bottom
    # Higher values are higher up.
    assert chart.history_dots[-1].y < chart.history_dots[0].y
    assert chart.band.count(",") == 3  # last value, then high and low at 2027
    assert [t.label for t in chart.x_ticks] == ["2022", "2023", "2024", "2025", "2026", "2027"]
    assert chart.y_ticks[-1].label.endswith("%")


def test_no_history_draws_nothing():
    assert chart_geometry(no_forecast(reason="Chưa đủ số liệu")).empty
