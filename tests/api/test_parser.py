"""The API's parser refuses NUL wherever a JSON body can carry it, and only there."""

import json

import pytest
from django.test import RequestFactory
from ninja.errors import ValidationError

from dxtrack.api.parser import NulRefusingParser

REPORT = {
    "version": 3,
    "tasks": [{"task_id": 7, "status": "Đang thực hiện", "description": "Đang triển khai."}],
    "assessment": {"ha_tang": {"issues": "Mạng yếu", "proposals": ""}},
}


def _parsed(body: bytes):
    request = RequestFactory().post("/api/v1/x", body, content_type="application/json")
    return NulRefusingParser().parse_body(request)


def test_a_body_without_nul_is_read_as_sent():
    assert _parsed(json.dumps(REPORT, ensure_ascii=False).encode()) == REPORT
    # An escaped backslash before "u0000" is text, not NUL.
    assert _parsed(b'{"note": "a\\\\u0000"}') == {"note": "a\\u0000"}


def test_nul_deep_in_a_report_is_refused_naming_where_it_is():
    report = json.loads(json.dumps(REPORT))
    report["tasks"][0]["description"] = "Đang\x00 triển khai."
    report["assessment"]["ha_tang"]["issues"] = "\x00"

    with pytest.raises(ValidationError) as refused:
        _parsed(json.dumps(report, ensure_ascii=False).encode())

    assert [e["loc"] for e in refused.value.errors] == [
        ["body", "tasks", 0, "description"],
        ["body", "assessment", "ha_tang", "issues"],
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32-le"])
def test_nul_in_a_body_in_another_unicode_encoding_is_refused(encoding):
    body = json.dumps({"note": "a\x00"}).encode(encoding)

    with pytest.raises(ValidationError) as refused:
        _parsed(body)

    assert refused.value.errors[0]["loc"] == ["body", "note"]
