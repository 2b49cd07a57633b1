"""The API's JSON: orjson, with the same text for dates and times as Ninja's encoder.

orjson writes a report of a hundred rows several times faster than the standard library,
and writes Vietnamese as UTF-8 rather than \\uXXXX escapes (a third of the bytes). Dates and
times go through Django's encoder (`OPT_PASSTHROUGH_DATETIME`) so that they read as before
("2026-11-30", "2026-10-15T03:12:00.123Z"); so do decimals, lazy translations and the
types Ninja's encoder knows. See docs/decisions/0141-api-json-orjson.md.
"""

import datetime as dt
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
_encoder = NinjaJSONEncoder()


def _default(value: Any) -> Any:
    # A report holds a date or two per row: written here as Django's encoder writes them
    # (isoformat), without walking its list of types for each.
    if type(value) is dt.date:
        return value.isoformat()
    return _encoder.default(value)


def json_bytes(data: Any) -> bytes:
    return orjson.dumps(data, default=_default, option=_OPTIONS)


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return json_bytes(data)


def datetime_text(value: dt.datetime | None) -> str | None:
    """A moment as the API writes it (Django's encoder: "2026-10-15T03:12:00.123Z")."""
    return None if value is None else _encoder.default(value)


def json_response(data: Any, *, status: int = 200, dates_only: bool = False) -> HttpResponse:
    """`data` as the API's JSON, for a route that built its answer in the shape its response
    schema declares (tests hold it to that schema) and needs no validation on the way out.

    dates_only: `data` holds dates but no moment (datetime) or time of day, those already
    written as text (`datetime_text`): orjson writes the dates itself, the same text as
    `date.isoformat`, without calling back into Python for each of a report's hundreds."""
    content = (
        orjson.dumps(data, default=_encoder.default, option=orjson.OPT_NON_STR_KEYS)
        if dates_only
        else json_bytes(data)
    )
    return HttpResponse(content, status=status, content_type="application/json; charset=utf-8")
