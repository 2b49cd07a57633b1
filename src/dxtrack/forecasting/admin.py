"""Warnings and stored forecasts, read-only: they are made by `dxtrack forecast` and handled
on /canh-bao/, where the acknowledgement is checked and audited."""

from django.contrib import admin
from django.http import HttpRequest

from dxtrack.forecasting.models import IndicatorForecast, Warning


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Warning)
class WarningAdmin(ReadOnlyAdmin):
    list_display = (
        "title",
        "kind",
        "severity",
        "agency",
        "period",
        "acknowledged_by",
        "resolved_at",
    )
    list_filter = ("kind", "severity", "period")
    list_select_related = ("agency", "period", "acknowledged_by")
    search_fields = ("title", "agency__name")


@admin.register(IndicatorForecast)
class IndicatorForecastAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "method", "computed_at")
    list_filter = ("method",)
    list_select_related = ("indicator",)
    search_fields = ("indicator__name",)
