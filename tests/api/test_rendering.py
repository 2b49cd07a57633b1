"""The API's JSON: an answer that writes its moments itself (`dates_only`) is the same text
the API's encoder writes for the same data."""

import datetime as dt
from decimal import Decimal

from dxtrack.api.rendering import datetime_text, json_bytes, json_response


def _report(at: dt.datetime | None, shown) -> dict:
    return {
        "period": {"id": 1, "name": "Năm 2026", "due": dt.date(2026, 11, 30)},
        "submitted_at": shown(at),
        "reviewed_at": shown(None),
        "tasks": [
            {"deadline": dt.date(2026, 6, 30), "completed_on": None, "budget": 1500.5},
            {"deadline": dt.date(2026, 12, 31), "completed_on": dt.date(2026, 10, 15)},
        ],
        "note": Decimal("87.50"),
        7: "khóa số",
    }


def test_dates_only_writes_what_the_encoder_writes():
    for at in (
        dt.datetime(2026, 10, 15, 3, 12, 0, 123456, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 15, 3, 12, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 15, 10, 12, 5, 7, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        None,
    ):
        expected = json_bytes(_report(at, lambda value: value))

        answer = json_response(_report(at, datetime_text), dates_only=True)

        assert answer.content == expected
        assert answer["Content-Type"] == "application/json; charset=utf-8"
