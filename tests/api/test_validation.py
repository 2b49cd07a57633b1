"""Validation errors reach clients in Vietnamese: the error types, one by one, and every
operation of the OpenAPI document sent wrong types (no English sentence comes back)."""

import json
import re

import pytest

from dxtrack.accounts.services import token_issue, user_add
from dxtrack.api.validation import error_message, errors_vi, field_name

# Words of the library's English messages; a Vietnamese message has none of them.
ENGLISH = re.compile(
    r"\b(should|must|valid|field required|input|value error|expected|is not|"
    r"characters|at least|at most|greater|less than|integer|missing)\b",
    re.IGNORECASE,
)


def _english(text: str) -> bool:
    return text.isascii() and bool(ENGLISH.search(text))


@pytest.mark.parametrize(
    "error, message",
    [
        (
            {"type": "date_from_datetime_inexact", "loc": ("body", "payload", "completed_on")},
            "“completed_on” là một ngày: không ghi giờ (hoặc ghi 00:00:00), ví dụ 2026-11-30.",
        ),
        ({"type": "int_parsing", "loc": ("query", "plan")}, "“plan” phải là một số nguyên."),
        (
            {"type": "missing", "loc": ("body", "tasks", 0, "task_id")},
            "Thiếu “tasks[0].task_id” (bắt buộc).",
        ),
        (
            {"type": "string_too_long", "loc": ("body", "name"), "ctx": {"max_length": 255}},
            "“name” chỉ được có tối đa 255 ký tự.",
        ),
        (
            {
                "type": "literal_error",
                "loc": ("kind",),
                "ctx": {"expected": "'yearly' or 'ad_hoc'"},
            },
            "“kind” không phải một giá trị được chấp nhận; dùng một trong: 'yearly' hoặc 'ad_hoc'.",
        ),
        (
            {"type": "value_error", "loc": ("due",), "ctx": {"error": ValueError("Hạn sai.")}},
            "Hạn sai.",
        ),
        ({"type": "a_type_added_later", "loc": ("x",)}, "Giá trị của “x” không hợp lệ."),
    ],
)
def test_each_error_type_has_a_vietnamese_message_naming_the_field(error, message):
    assert error_message(error) == message


def test_the_errors_keep_where_and_which():
    (error,) = errors_vi([{"type": "int_type", "loc": ("path", "id"), "msg": "Input should…"}])
    assert error == {
        "loc": ["path", "id"],
        "msg": "“id” phải là một số nguyên.",
        "type": "int_type",
    }
    assert field_name(()) == "nội dung gửi lên"


WRONG = {
    "integer": "không-phải-số",
    "number": "không-phải-số",
    "string": {"a": 1},
    "boolean": "có lẽ",
    "array": 7,
    "object": [1],
}


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    for key in ("anyOf", "allOf", "oneOf"):
        if key in schema:
            options = [_resolve(s, document) for s in schema[key] if s.get("type") != "null"]
            if options:
                return options[0]
    return schema


def _wrong_value(schema: dict) -> object:
    if schema.get("format") == "date":
        return "2026-11-30T10:30:00"  # "Datetimes provided to dates should have zero time"
    if schema.get("format") == "date-time":
        return "30/11/2026"
    return WRONG.get(schema.get("type", "string"), {"a": 1})


def _wrong_body(schema: dict, document: dict) -> object:
    schema = _resolve(schema, document)
    if schema.get("type") != "object" or not schema.get("properties"):
        return _wrong_value(schema)
    body = {}
    for name, prop in schema["properties"].items():
        prop = _resolve(prop, document)
        if prop.get("type") == "array" and "items" in prop:
            item = _resolve(prop["items"], document)
            body[name] = [_wrong_body(item, document)] if item.get("properties") else [{"x": 1}]
        else:
            body[name] = _wrong_value(prop)
    return body


@pytest.fixture
def token(catalogue):
    user = user_add(username="sokhcn", role="coordinator", password="mat-khau-thu-nghiem-2025")
    return token_issue(user=user)


def test_no_route_answers_wrong_types_in_english(client, token):
    document = client.get("/api/v1/openapi.json").json()
    headers = {"Authorization": f"Bearer {token}"}
    checked, refused = 0, 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            url = re.sub(r"\{[^}]+\}", "1", path)
            query = {}
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    query[parameter["name"]] = _wrong_value(_resolve(parameter["schema"], document))
            query = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in query.items()}
            body = None
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = _wrong_body(content["application/json"]["schema"], document)
            call = getattr(client, method)
            if body is not None:
                response = call(
                    url + "?" + "&".join(f"{k}={v}" for k, v in query.items()),
                    json.dumps(body),
                    content_type="application/json",
                    headers=headers,
                )
            else:
                response = (
                    call(url, query, headers=headers)
                    if method == "get"
                    else call(url, headers=headers)
                )
            checked += 1
            if response.get("Content-Type", "").startswith("application/json"):
                answer = response.json()
                if response.status_code >= 400 and isinstance(answer, dict):
                    texts = [str(answer.get("detail", ""))] + [
                        str(e.get("msg", ""))
                        for e in answer.get("errors", [])
                        if isinstance(e, dict)
                    ]
                    english = [t for t in texts if _english(t)]
                    assert not english, f"{method.upper()} {path}: {english}"
                    refused += response.status_code in {400, 422}
    # Wrong types reach the validation of many routes, not a handful.
    assert checked >= 30 and refused >= 10, (checked, refused)
