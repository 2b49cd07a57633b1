"""The coordinator's publication page (/quan-ly-cong-khai/): key indicators made public,
periods published to the portal or withdrawn. The services check access again and audit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxtrack.accounts.access import Action, require
from dxtrack.plans.models import Indicator, Plan
from dxtrack.portal import selectors, services
from dxtrack.reporting.models import ReportingPeriod


class IndicatorFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.order_by("issued_on", "pk"),
        required=False,
        empty_label=_("Mọi kế hoạch"),
        label=_("Kế hoạch"),
    )
    q = forms.CharField(required=False, max_length=200, label=_("Tên chỉ tiêu"))


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_GET
def publication_manage(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PUBLICATION_MANAGE)
    form = IndicatorFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    plan = filters.get("plan")
    indicators = selectors.indicator_choices(
        plan_id=plan.pk if plan else None, query=filters.get("q", "")
    )
    return render(
        request,
        "web/publication_manage.html",
        {
            "periods": selectors.publication_periods(),
            "form": form,
            "indicators": indicators,
            "public_count": Indicator.objects.filter(public=True).count(),
            "portal_url": reverse("portal-home"),
            "opendata_url": reverse("opendata-index"),
        },
    )


@login_required
@require_POST
def indicator_public(request: HttpRequest, indicator_id: int) -> HttpResponse:
    require(request.user, Action.PUBLICATION_MANAGE)
    indicator = get_object_or_404(Indicator, pk=indicator_id)
    public = request.POST.get("public") == "1"
    services.indicator_public_set(indicator=indicator, public=public, actor=request.user)
    if public:
        messages.success(
            request,
            _(
                "Chỉ tiêu “%(name)s” là chỉ tiêu công khai; số liệu đã duyệt của nó sẽ được "
                "công khai khi công khai một kỳ báo cáo."
            )
            % {"name": indicator.name[:120]},
        )
    else:
        messages.success(
            request,
            _(
                "Chỉ tiêu “%(name)s” không còn công khai; số liệu đã công khai của nó đã được "
                "rút lại."
            )
            % {"name": indicator.name[:120]},
        )
    return _back(request, "publication-manage")


@login_required
@require_POST
def period_publish(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.PUBLICATION_MANAGE)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    try:
        publication = services.period_publish(period=period, actor=request.user)
    except services.PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã công khai kỳ “%(period)s” lúc %(at)s: %(n)s chỉ tiêu.")
            % {
                "period": period,
                "at": timezone.localtime(publication.published_at).strftime("%H:%M %d/%m/%Y"),
                "n": publication.indicator_values.count(),
            },
        )
    return _back(request, "publication-manage")


@login_required
@require_POST
def period_unpublish(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.PUBLICATION_MANAGE)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    try:
        withdrawn = services.period_unpublish(period=period, actor=request.user)
    except services.PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã rút kỳ “%(period)s” khỏi trang công khai và dữ liệu mở (%(n)s chỉ tiêu).")
            % {"period": period, "n": withdrawn},
        )
    return _back(request, "publication-manage")
