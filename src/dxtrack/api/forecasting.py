"""Forecasts of indicators and early warnings (spec insight.md, "Forecasts and warnings").

Each route asks `accounts.access` first, then calls one selector or service of
`dxtrack.forecasting`; the page at /du-bao/ and /canh-bao/ read the same functions.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from dxtrack.accounts.access import Action, require
from dxtrack.api.schemas import ErrorOut, Id
from dxtrack.forecasting.models import Warning
from dxtrack.forecasting.selectors import forecast_readable, indicator_forecast, warnings_visible
from dxtrack.forecasting.services import WarningError, warning_acknowledge
from dxtrack.plans.models import Indicator

router = Router(tags=["Dự báo, cảnh báo"])

_ERRORS = {401: ErrorOut, 403: ErrorOut}


class HistoryPointOut(Schema):
    period_id: int
    end: datetime.date
    value: float


class MilestoneForecastOut(Schema):
    milestone: str
    date: datetime.date
    value: float
    low: float = Field(description="Cận dưới của khoảng dự báo 80%")
    high: float = Field(description="Cận trên của khoảng dự báo 80%")
    probability_met: float | None = Field(
        description="Xác suất đạt mục tiêu của mốc (0–1); null khi mục tiêu không phải số"
    )
    target: str = Field("", description="Mục tiêu như kế hoạch ghi")


class ForecastOut(Schema):
    indicator_id: int
    method: str | None = Field(description="linear, drift hoặc damped; null khi không dự báo")
    method_label: str
    unit: str
    history: list[HistoryPointOut]
    forecasts: list[MilestoneForecastOut]
    reason: str = Field(description="Vì sao không dự báo (rỗng khi có dự báo)")


class WarningOut(Schema):
    id: int
    kind: str
    object_id: int
    period_id: int
    title: str
    severity: str
    reasons: list[str]
    agency_id: int | None
    agency: str | None
    url: str
    created: datetime.datetime
    acknowledged_by: str | None
    acknowledged_at: datetime.datetime | None
    note: str


class AcknowledgeIn(Schema):
    note: str = ""


def _person(user) -> str:
    # Vietnamese order: family name first.
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _warning_out(warning: Warning) -> dict:
    by = warning.acknowledged_by
    return {
        "id": warning.pk,
        "kind": warning.kind,
        "object_id": warning.object_id,
        "period_id": warning.period_id,
        "title": warning.title,
        "severity": warning.severity,
        "reasons": warning.reasons,
        "agency_id": warning.agency_id,
        "agency": warning.agency.name if warning.agency else None,
        "url": warning.url,
        "created": warning.created_at,
        "acknowledged_by": _person(by) if by else None,
        "acknowledged_at": warning.acknowledged_at,
        "note": warning.acknowledgement_note,
    }


@router.get(
    "/indicators/{indicator_id}/forecast",
    response={200: ForecastOut, 404: ErrorOut, **_ERRORS},
    summary="Dự báo chỉ tiêu đến các mốc: giá trị, khoảng dự báo 80%, xác suất đạt",
)
def indicators_forecast(request: HttpRequest, indicator_id: Id):
    """Không đủ số liệu (dưới 3 kỳ) hoặc số liệu không so sánh được: `forecasts` rỗng và
    `reason` nói vì sao; không bao giờ đưa ra một con số không có căn cứ."""
    require(request.user, Action.FORECAST_READ)
    if not Indicator.objects.filter(pk=indicator_id).exists():
        raise Http404(_("Không tìm thấy chỉ tiêu."))
    if not forecast_readable(user=request.user, indicator_id=indicator_id):
        raise PermissionDenied
    return indicator_forecast(indicator_id=indicator_id).as_api()


@router.get(
    "/warnings",
    response={200: list[WarningOut], **_ERRORS},
    summary="Cảnh báo sớm: chỉ tiêu có nguy cơ không đạt, nhiệm vụ có nguy cơ trễ, báo cáo trễ",
)
def warnings_list(request: HttpRequest, period: Id | None = None, resolved: bool = False):
    """Lãnh đạo, cơ quan thường trực xem mọi cảnh báo; cán bộ báo cáo xem cảnh báo của đơn
    vị mình. `resolved=true` gồm cả cảnh báo đã hết (báo cáo đã gửi, nhiệm vụ đã xong)."""
    require(request.user, Action.WARNING_READ)
    warnings = warnings_visible(user=request.user, period=period, include_resolved=resolved)
    return [_warning_out(w) for w in warnings]


@router.post(
    "/warnings/{warning_id}/acknowledge",
    response={200: WarningOut, 400: ErrorOut, 404: ErrorOut, **_ERRORS},
    summary="Ghi nhận đã xử lý một cảnh báo, kèm ghi chú (lãnh đạo, cơ quan thường trực)",
)
def warnings_acknowledge(request: HttpRequest, warning_id: Id, data: AcknowledgeIn):
    warning = (
        warnings_visible(user=request.user, include_resolved=True).filter(pk=warning_id).first()
    )
    if warning is None:
        raise Http404(_("Không tìm thấy cảnh báo."))
    try:
        warning = warning_acknowledge(warning=warning, actor=request.user, note=data.note)
    except WarningError as error:
        raise HttpError(400, str(error)) from None
    return _warning_out(
        warnings_visible(user=request.user, include_resolved=True).get(pk=warning.pk)
    )
