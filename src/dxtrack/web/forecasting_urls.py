"""Forecasts of indicators and early warnings."""

from django.urls import path

from dxtrack.web import forecasting_views

urlpatterns = [
    path(
        "du-bao/chi-tieu/<int:indicator_id>/",
        forecasting_views.indicator_forecast_page,
        name="indicator-forecast",
    ),
    path("canh-bao/", forecasting_views.warning_list, name="warning-list"),
    path(
        "canh-bao/<int:warning_id>/xu-ly/",
        forecasting_views.warning_acknowledge_view,
        name="warning-acknowledge",
    ),
]
