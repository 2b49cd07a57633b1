"""Forecast and warning pages: an indicator's forecast with its chart, the warnings list and
the acknowledgement of a warning. Each checks access, calls one selector or service of
`dxtrack.forecasting` (the API calls the same), and renders."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dxtrack.accounts.access import Action, require
from dxtrack.consolidation.colours import COLOUR_METHOD
from dxtrack.forecasting.fitting import INTERVAL, MIN_VALUES
from dxtrack.forecasting.selectors import (
    forecast_readable,
    indicator_forecast,
    warning_counts,
    warnings_visible,
)
from dxtrack.forecasting.services import NOTE_MAX_LENGTH, WarningError, warning_acknowledge
from dxtrack.forecasting.task_risk import RISK_METHOD
from dxtrack.plans.models import Indicator
from dxtrack.reporting.models import ReportingPeriod


@login_required
def indicator_forecast_page(request: HttpRequest, indicator_id: int) -> HttpResponse:
    require(request.user, Action.FORECAST_READ)
    indicator = (
        Indicator.objects.select_related("plan").prefetch_related("targets").filter(pk=indicator_id)
    ).first()
    if indicator is None:
        raise Http404(_("Không tìm thấy chỉ tiêu."))
    if not forecast_readable(user=request.user, indicator_id=indicator_id):
        raise PermissionDenied
    forecast = indicator_forecast(indicator_id=indicator_id)
    return render(
        request,
        "forecasting/indicator_forecast.html",
        {
            "indicator": indicator,
            "forecast": forecast,
            "interval": round(INTERVAL * 100),
            "min_values": MIN_VALUES,
            "colour_method": COLOUR_METHOD["indicator"],
        },
    )


class WarningFilterForm(forms.Form):
    period = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.order_by("-ends_on", "-pk"),
        required=False,
        label=gettext_lazy("Kỳ báo cáo"),
        empty_label=gettext_lazy("Mọi kỳ"),
    )
    resolved = forms.BooleanField(required=False, label=gettext_lazy("Gồm cả cảnh báo đã hết"))


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.WARNING_READ)
    form = WarningFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    period = filters.get("period")
    warnings = list(
        warnings_visible(
            user=request.user, period=period, include_resolved=bool(filters.get("resolved"))
        )
    )
    return render(
        request,
        "forecasting/warning_list.html",
        {
            "form": form,
            "warnings": warnings,
            "counts": warning_counts(user=request.user, period=period),
            "risk_method": RISK_METHOD,
            "colour_method": COLOUR_METHOD["indicator"],
            "note_max_length": NOTE_MAX_LENGTH,
        },
    )


@login_required
@require_POST
def warning_acknowledge_view(request: HttpRequest, warning_id: int) -> HttpResponse:
    require(request.user, Action.WARNING_ACKNOWLEDGE)
    warning = (
        warnings_visible(user=request.user, include_resolved=True).filter(pk=warning_id).first()
    )
    if warning is None:
        raise Http404(_("Không tìm thấy cảnh báo."))
    try:
        warning_acknowledge(warning=warning, actor=request.user, note=request.POST.get("note", ""))
    except WarningError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ghi nhận xử lý cảnh báo “%s”.") % warning.title)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("warning-list")
    return redirect(f"{back}#canh-bao-{warning.pk}")
