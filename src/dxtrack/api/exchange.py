"""QCVN 125:2021/BTTTT packets for the provincial LGSP to pull: the same packets as
`dxtrack exchange export`, built from approved reports only."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from dxtrack.api.schemas import ErrorOut
from dxtrack.exchange.clients import exchange_pull_require
from dxtrack.exchange.export import packet_dumps, packet_for_period
from dxtrack.exchange.packets import KINDS
from dxtrack.reporting.models import ReportingPeriod

router = Router(tags=["Trao đổi dữ liệu (QCVN 125:2021/BTTTT)"])


@router.get(
    "/exchange/{period_id}/{kind}",
    response={200: dict, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Một gói tin của kỳ báo cáo (cơ quan thường trực hoặc tài khoản hệ thống)",
)
def exchange_packet(request: HttpRequest, period_id: int, kind: str):
    exchange_pull_require(request.user)
    if kind not in KINDS:
        raise Http404(_("Không có loại gói tin “%(kind)s”.") % {"kind": kind})
    period = ReportingPeriod.objects.filter(pk=period_id).first()
    if period is None:
        raise Http404(_("Không tìm thấy kỳ báo cáo."))
    packet = packet_for_period(period=period, kind=kind)
    return HttpResponse(packet_dumps(packet), content_type="application/json; charset=utf-8")
