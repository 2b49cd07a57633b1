"""Template helpers for forecasts and warnings: the chart's geometry and their numbers."""

from typing import Any

from django import template

from dxtrack.forecasting.charts import ChartGeometry, chart_geometry
from dxtrack.forecasting.fitting import ForecastResult, probability_label
from dxtrack.plans.vn_numbers import format_vn_number

register = template.Library()


@register.simple_tag
def forecast_chart(forecast: Any) -> ChartGeometry:
    """The chart of a forecast (a selectors.Forecast or a fitting.ForecastResult)."""
    result = forecast if isinstance(forecast, ForecastResult) else forecast.result
    return chart_geometry(result)


@register.filter
def forecast_value(value: float | None, percent: bool = False) -> str:
    """A forecast number the Vietnamese way: 62.5 → "62,5", with "%" for a share."""
    if value is None:
        return "—"
    text = format_vn_number(round(value, 2), None if abs(value) < 1000 else 0)
    return f"{text}%" if percent else text


@register.filter
def probability(value: float | None) -> str:
    """0.125 → "13%", 0.001 → "dưới 1%"; none → "—"."""
    if value is None:
        return "—"
    return probability_label(value)
