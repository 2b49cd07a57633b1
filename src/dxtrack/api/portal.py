"""Publication (coordinator) and the open data (no authentication).

`PATCH /indicators/{id}` marks a key indicator public; `POST /periods/{id}/publish` and
`…/unpublish` publish or withdraw a period's approved figures (the services check access and
audit). `GET /open/indicators` and `/open/tasks` serve the published figures to anyone, the
same bytes as the JSON files of /du-lieu-mo/, with ETag / Last-Modified and a rate limit.
"""

import datetime
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from dxtrack.api.schemas import ErrorOut, Id
from dxtrack.plans.models import Indicator
from dxtrack.portal import opendata, selectors
from dxtrack.portal.conditional import (
    TOO_MANY,
    not_modified,
    open_data_throttled,
    with_validators,
)
from dxtrack.portal.files import dataset_bytes
from dxtrack.portal.services import indicator_public_set, period_publish, period_unpublish
from dxtrack.reporting.models import ReportingPeriod

router = Router(tags=["Công khai, dữ liệu mở"])

_ERRORS = {401: ErrorOut, 403: ErrorOut}


class IndicatorPublicIn(Schema):
    public: bool


class IndicatorPublicOut(Schema):
    id: int
    plan_id: int
    name: str
    public: bool


class PublishOut(Schema):
    published_at: datetime.datetime
    indicators: int = Field(description="Số chỉ tiêu có số liệu được công khai")


class UnpublishOut(Schema):
    period_id: int
    indicators: int = Field(description="Số chỉ tiêu có số liệu đã rút lại")


class OpenIndicatorOut(Schema):
    indicator_id: int | None
    plan: str
    name: str
    unit: str
    milestone: str
    target: str
    period: str
    period_end: datetime.date
    value: float | str | None
    verdict: str
    colour: str
    agency: str
    published_at: datetime.datetime


class OpenTaskOut(Schema):
    plan: str
    period: str
    total: int
    by_status: dict[str, int]
    published_at: datetime.datetime


def _period_or_404(period_id: int) -> ReportingPeriod:
    try:
        return ReportingPeriod.objects.get(pk=period_id)
    except ReportingPeriod.DoesNotExist:
        raise Http404(_("Không tìm thấy kỳ báo cáo.")) from None


@router.patch(
    "/indicators/{indicator_id}",
    response={200: IndicatorPublicOut, 400: ErrorOut, 404: ErrorOut, **_ERRORS},
    summary="Đánh dấu chỉ tiêu công khai hoặc thôi công khai (cơ quan thường trực)",
)
def indicators_update(request: HttpRequest, indicator_id: Id, data: IndicatorPublicIn):
    """Thôi công khai một chỉ tiêu thì mọi số liệu đã công khai của nó được rút lại ngay."""
    try:
        indicator = Indicator.objects.get(pk=indicator_id)
    except Indicator.DoesNotExist:
        raise Http404(_("Không tìm thấy chỉ tiêu.")) from None
    return indicator_public_set(indicator=indicator, public=data.public, actor=request.user)


@router.post(
    "/periods/{period_id}/publish",
    response={200: PublishOut, 404: ErrorOut, 409: ErrorOut, **_ERRORS},
    summary="Công khai số liệu đã duyệt của kỳ (cơ quan thường trực)",
)
def periods_publish(request: HttpRequest, period_id: Id):
    """Công khai số liệu đã duyệt của các chỉ tiêu công khai và tiến độ nhiệm vụ theo kế
    hoạch; công khai lại thì thay bằng số liệu mới nhất đã duyệt."""
    publication = period_publish(period=_period_or_404(period_id), actor=request.user)
    return {
        "published_at": publication.published_at,
        "indicators": publication.indicator_values.count(),
    }


@router.post(
    "/periods/{period_id}/unpublish",
    response={200: UnpublishOut, 404: ErrorOut, 409: ErrorOut, **_ERRORS},
    summary="Rút số liệu của kỳ khỏi trang công khai và dữ liệu mở (cơ quan thường trực)",
)
def periods_unpublish(request: HttpRequest, period_id: Id):
    withdrawn = period_unpublish(period=_period_or_404(period_id), actor=request.user)
    return {"period_id": period_id, "indicators": withdrawn}


def _open_response(request: HttpRequest, dataset: opendata.Dataset) -> HttpResponse:
    wait = open_data_throttled(request)
    if wait is not None:
        response = HttpResponse(
            _json_error(TOO_MANY.format(seconds=wait)),
            status=429,
            content_type="application/json; charset=utf-8",
        )
        response["Retry-After"] = str(wait)
        return response
    edition = selectors.portal_edition()
    unchanged = not_modified(request, edition)
    if unchanged is not None:
        return unchanged
    response = HttpResponse(
        dataset_bytes(dataset=dataset, fmt="json", edition=edition),
        content_type="application/json; charset=utf-8",
    )
    return with_validators(response, edition)


def _json_error(detail: str) -> bytes:
    return json.dumps({"detail": detail, "errors": []}, ensure_ascii=False).encode("utf-8")


@router.get(
    "/open/indicators",
    auth=None,
    url_name="open_indicators",
    response={200: list[OpenIndicatorOut], 304: None, 429: ErrorOut},
    summary="Dữ liệu mở: số liệu đã công khai của các chỉ tiêu chính (không cần đăng nhập)",
)
def open_indicators(request: HttpRequest):
    """Mỗi chỉ tiêu công khai trong mỗi kỳ đã công khai một dòng. Có ETag, Last-Modified
    (304 khi chưa đổi) và giới hạn số yêu cầu mỗi phút (429 kèm Retry-After)."""
    return _open_response(request, opendata.INDICATORS)


@router.get(
    "/open/tasks",
    auth=None,
    url_name="open_tasks",
    response={200: list[OpenTaskOut], 304: None, 429: ErrorOut},
    summary="Dữ liệu mở: tiến độ nhiệm vụ theo kế hoạch và kỳ đã công khai",
)
def open_tasks(request: HttpRequest):
    return _open_response(request, opendata.TASKS)
