"""Forecasts kept with the fingerprint of their inputs, so that a page never waits for a fit
unless the values or targets it rests on changed."""

from __future__ import annotations

from django.utils import timezone

from dxtrack.forecasting.fitting import ForecastResult
from dxtrack.forecasting.models import IndicatorForecast


def forecasts_store(*, results: dict[int, tuple[str, ForecastResult]]) -> None:
    """Store forecasts by indicator id: (fingerprint, result). One statement for all."""
    now = timezone.now()
    IndicatorForecast.objects.bulk_create(
        [
            IndicatorForecast(
                indicator_id=indicator_id,
                fingerprint=fingerprint,
                method=result.method or "",
                result=result.as_dict(),
                computed_at=now,
            )
            for indicator_id, (fingerprint, result) in results.items()
        ],
        update_conflicts=True,
        unique_fields=["indicator"],
        update_fields=["fingerprint", "method", "result", "computed_at"],
    )
