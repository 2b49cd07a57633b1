"""Reporting periods: created one by one or as a series from a plan's regime, opened,
closed, and the agencies' progress in each.

Every route reads through `accounts.access`, then calls one service or selector; errors
from the services become responses in main.py (400 invalid, 409 wrong state).
"""

import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from dxtrack.accounts.access import Action, require
from dxtrack.api.rendering import json_response
from dxtrack.api.reporting_schemas import (
    ConflictOut,
    PeriodIn,
    PeriodOpenOut,
    PeriodOut,
    ProgressOut,
    RecurringIn,
)
from dxtrack.api.schemas import ErrorOut, Id
from dxtrack.reporting.errors import FieldError, ReportInvalid
from dxtrack.reporting.models import ReportingPeriod
from dxtrack.reporting.period_services import (
    period_close,
    period_create,
    period_open,
    period_series_create,
)
from dxtrack.reporting.selectors import period_list, period_progress_values

router = Router(tags=["Báo cáo"])

_ERRORS = {401: ErrorOut, 403: ErrorOut}
_NOT_FOUND = {404: ErrorOut}


# ----------------------------------------------------------------------- periods


def _period_or_404(period_id: Id) -> ReportingPeriod:
    try:
        return period_list().get(pk=period_id)
    except ReportingPeriod.DoesNotExist:
        raise Http404(_("Không tìm thấy kỳ báo cáo.")) from None


@router.get("/periods", response={200: list[PeriodOut], **_ERRORS}, summary="Các kỳ báo cáo")
def periods_list(request: HttpRequest):
    require(request.user, Action.PERIOD_READ)
    return list(period_list())


@router.post(
    "/periods",
    response={201: PeriodOut, 400: ErrorOut, **_ERRORS},
    summary="Tạo kỳ báo cáo (cơ quan thường trực)",
)
def periods_create(request: HttpRequest, data: PeriodIn):
    due_on, due_time = _due(data.due)
    period = period_create(
        actor=request.user,
        name=data.name,
        kind=data.kind,
        starts_on=data.start,
        ends_on=data.end,
        due_on=due_on,
        due_time=due_time,
        consolidated_due_on=data.consolidated_due,
        plan_ids=data.plans,
    )
    return 201, _period_or_404(period.pk)


def _due(text: str) -> tuple[datetime.date, datetime.time | None]:
    """A date (due by the end of that day) or a date-time with its offset, read in the
    province's time: "2026-12-07T16:00:00+07:00" is before 16:00 on 07/12/2026."""
    text = (text or "").strip()
    try:
        if "T" not in text and " " not in text:
            return datetime.date.fromisoformat(text), None
        moment = datetime.datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            moment = timezone.localtime(moment)
    except (ValueError, OverflowError):
        raise ReportInvalid(
            [
                FieldError(
                    "due",
                    f"Hạn gửi “{text}” không hợp lệ; ghi ngày (2026-11-30) hoặc ngày giờ kèm "
                    "múi giờ (2026-12-07T16:00:00+07:00).",
                )
            ]
        ) from None
    if moment.tzinfo is None:
        raise ReportInvalid([FieldError("due", "Hạn gửi có giờ phải kèm múi giờ (+07:00).")])
    return moment.date(), moment.time().replace(tzinfo=None)


@router.post(
    "/periods/recurring",
    response={201: list[PeriodOut], 400: ErrorOut, **_ERRORS},
    summary="Tạo một chuỗi kỳ báo cáo theo chế độ báo cáo của kế hoạch (cơ quan thường trực)",
)
def periods_recurring(request: HttpRequest, data: RecurringIn):
    """Ví dụ 12 kỳ tháng, hạn ngày 10 tháng sau: `{"plan": 3, "kind": "monthly",
    "first_start": "2026-01-01", "count": 12, "due_rule": "next_month:10"}`."""
    periods = period_series_create(
        actor=request.user,
        plan_id=data.plan,
        kind=data.kind,
        first_start=data.first_start,
        count=data.count,
        due_rule=data.due_rule,
    )
    return 201, list(period_list().filter(pk__in=[p.pk for p in periods]).order_by("starts_on"))


@router.get(
    "/periods/{period_id}",
    response={200: PeriodOut, **_NOT_FOUND, **_ERRORS},
    summary="Một kỳ báo cáo",
)
def periods_detail(request: HttpRequest, period_id: Id):
    require(request.user, Action.PERIOD_READ)
    return _period_or_404(period_id)


@router.post(
    "/periods/{period_id}/open",
    response={200: PeriodOpenOut, **_NOT_FOUND, 409: ConflictOut, **_ERRORS},
    summary="Mở kỳ báo cáo: tạo báo cáo cho từng đơn vị có nhiệm vụ, chỉ tiêu trong kỳ",
)
def periods_open(request: HttpRequest, period_id: Id):
    """Mở lại một kỳ đang mở chỉ thêm những gì còn thiếu, không xóa hay ghi đè nội dung."""
    result = period_open(period=_period_or_404(period_id), actor=request.user)
    return {
        "period": _period_or_404(period_id),
        "reports_created": result.reports_created,
        "rows_created": result.rows_created,
    }


@router.post(
    "/periods/{period_id}/close",
    response={200: PeriodOut, **_NOT_FOUND, 409: ConflictOut, **_ERRORS},
    summary="Đóng kỳ báo cáo",
)
def periods_close(request: HttpRequest, period_id: Id):
    period_close(period=_period_or_404(period_id), actor=request.user)
    return _period_or_404(period_id)


@router.get(
    "/periods/{period_id}/progress",
    response={200: list[ProgressOut], **_NOT_FOUND, **_ERRORS},
    summary="Tiến độ gửi báo cáo của các đơn vị trong kỳ",
)
def periods_progress(request: HttpRequest, period_id: Id):
    """Mỗi đơn vị một dòng (cán bộ báo cáo chỉ thấy đơn vị mình), kèm số ngày quá hạn."""
    require(request.user, Action.PERIOD_READ)
    try:
        period = ReportingPeriod.objects.get(pk=period_id)
    except ReportingPeriod.DoesNotExist:
        raise Http404(_("Không tìm thấy kỳ báo cáo.")) from None
    # Built in ProgressOut's shape (tests/api hold it to it): a province's thousand rows
    # need no second pass through the schema.
    return json_response(period_progress_values(period=period, user=request.user))
