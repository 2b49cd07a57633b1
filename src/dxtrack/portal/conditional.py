"""HTTP caching of the public data: ETag and Last-Modified follow the portal's edition, so
a client that already holds the current data gets 304 Not Modified, and the open data is
counted against the rate limit. Used by the open-data files and the open API alike."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from dxtrack.portal.selectors import Edition
from dxtrack.portal.throttle import client_address, throttle_hit

TOO_MANY = "Quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau {seconds} giây."


def open_data_throttled(request: HttpRequest) -> int | None:
    """Seconds to wait when the client is over the open data's rate, else None."""
    return throttle_hit(
        scope="open-data",
        client=client_address(request),
        limit=settings.DXTRACK_OPEN_DATA_RATE,
    )


def _last_modified(edition: Edition) -> int | None:
    # Whole seconds: HTTP dates have no fractions, and a fraction would never compare equal.
    return int(edition.changed_at.timestamp()) if edition.changed_at else None


def not_modified(request: HttpRequest, edition: Edition) -> HttpResponse | None:
    """304 when the request's If-None-Match / If-Modified-Since match the edition."""
    response = get_conditional_response(
        request, etag=edition.etag, last_modified=_last_modified(edition)
    )
    if response is not None:
        return with_validators(response, edition)
    return None


def with_validators(response: HttpResponse, edition: Edition) -> HttpResponse:
    response["ETag"] = edition.etag
    stamp = _last_modified(edition)
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    # Anyone may keep a copy, and must ask again (cheaply, with the validators) after a minute.
    response["Cache-Control"] = "public, max-age=60"
    return response
