"""The page that creates a series of reporting periods from a plan's regime. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dxtrack.accounts.access import Action, require
from dxtrack.reporting import errors
from dxtrack.reporting.period_services import period_series_create
from dxtrack.web.period_forms import PeriodSeriesForm


@login_required
@require_http_methods(["GET", "POST"])
def period_series_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PERIOD_MANAGE)
    form = PeriodSeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            periods = period_series_create(
                actor=request.user,
                plan_id=data["plan"].pk,
                kind=data["kind"],
                first_start=data["first_start"],
                count=data["count"],
                due_rule=data["due_rule"],
            )
        except errors.ReportInvalid as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(
                request,
                _("Đã tạo %(count)d kỳ báo cáo, từ “%(first)s” đến “%(last)s”.")
                % {"count": len(periods), "first": periods[0].name, "last": periods[-1].name},
            )
            return redirect("period-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "web/period_series_form.html", {"form": form}, status=status)
