from django.apps import AppConfig


class ForecastingConfig(AppConfig):
    name = "dxtrack.forecasting"
    verbose_name = "Dự báo, cảnh báo sớm"
