"""The delivery log of the packets pushed up (QCVN 125) for the standing body: the outbox
with each packet's state, a packet's delivery attempts, and sending one again now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.accounts.access import Action, require
from dxtrack.exchange.push import RetryError, exchange_packet_retry
from dxtrack.exchange.selectors import (
    OUTBOX_STATES,
    outbox_counts,
    outbox_list,
    outbox_packet_detail,
)

PACKETS_PER_PAGE = 50


@login_required
def outbox_page(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EXCHANGE_MANAGE)
    state = request.GET.get("trang-thai", "")
    if state not in OUTBOX_STATES:
        state = ""
    page = Paginator(outbox_list(state=state), PACKETS_PER_PAGE).get_page(request.GET.get("page"))
    counts = outbox_counts()
    return render(
        request,
        "web/exchange_outbox.html",
        {
            "page": page,
            "state": state,
            "states": [
                (key, label, counts[key.replace("-", "_")]) for key, label in OUTBOX_STATES.items()
            ],
            "total": sum(counts.values()),
        },
    )


@login_required
def outbox_packet_page(request: HttpRequest, packet_id: int) -> HttpResponse:
    require(request.user, Action.EXCHANGE_MANAGE)
    found = outbox_packet_detail(packet_id=packet_id)
    if found is None:
        raise Http404(_("Không tìm thấy gói tin."))
    packet, attempts = found
    return render(request, "web/exchange_packet.html", {"packet": packet, "attempts": attempts})


@login_required
@require_POST
def outbox_packet_retry(request: HttpRequest, packet_id: int) -> HttpResponse:
    require(request.user, Action.EXCHANGE_MANAGE)
    try:
        delivered, error = exchange_packet_retry(packet_id=packet_id, actor=request.user)
    except RetryError as problem:
        messages.error(request, str(problem))
    else:
        if delivered:
            messages.success(request, _("Đã gửi lại; bên nhận đã xác nhận gói tin."))
        else:
            messages.error(request, _("Gửi lại chưa thành công: %s") % error)
    return redirect("exchange-packet", packet_id=packet_id)
