"""Validation errors of the API in Vietnamese, whatever the library says.

Ninja hands over pydantic's errors (`type`, `loc`, `msg` in English, `ctx`); each becomes
`{"loc", "msg", "type"}` with a Vietnamese `msg` naming the field, chosen by the error's
type (pydantic's types are stable, its messages are not). Messages our own validators
raise (`value_error`) are already Vietnamese and are kept, without pydantic's "Value error,"
prefix. A type not listed gets a general message naming the field: never the English one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Where a value came from: not part of the field's name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "data"}

_NUMBER = gettext_lazy("“%(field)s” phải là một số.")
_INTEGER = gettext_lazy("“%(field)s” phải là một số nguyên.")
_DATE = gettext_lazy("“%(field)s” phải là một ngày theo dạng YYYY-MM-DD, ví dụ 2026-11-30.")
_DATETIME = gettext_lazy(
    "“%(field)s” phải là một thời điểm theo dạng YYYY-MM-DDTHH:MM[:SS][múi giờ], "
    "ví dụ 2026-11-30T16:00:00+07:00."
)
_TEXT = gettext_lazy("“%(field)s” phải là một chuỗi ký tự.")
_LIST = gettext_lazy("“%(field)s” phải là một danh sách.")
_OBJECT = gettext_lazy("“%(field)s” phải là một đối tượng JSON (các cặp tên: giá trị).")
_BOOLEAN = gettext_lazy("“%(field)s” phải là true hoặc false.")
_CHOICE = gettext_lazy(
    "“%(field)s” không phải một giá trị được chấp nhận; dùng một trong: %(expected)s."
)

MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("Thiếu “%(field)s” (bắt buộc)."),
    "extra_forbidden": gettext_lazy("Không nhận trường “%(field)s”."),
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_from_float": _INTEGER,
    "int_parsing_size": gettext_lazy("“%(field)s” là một số quá lớn."),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "finite_number": gettext_lazy("“%(field)s” phải là một số hữu hạn."),
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "decimal_max_digits": gettext_lazy("“%(field)s” có quá %(max_digits)s chữ số."),
    "decimal_max_places": gettext_lazy(
        "“%(field)s” có quá %(decimal_places)s chữ số sau dấu thập phân."
    ),
    "decimal_whole_digits": gettext_lazy(
        "“%(field)s” có quá %(whole_digits)s chữ số trước dấu thập phân."
    ),
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "string_type": _TEXT,
    "string_unicode": _TEXT,
    "string_too_short": gettext_lazy("“%(field)s” phải có ít nhất %(min_length)s ký tự."),
    "string_too_long": gettext_lazy("“%(field)s” chỉ được có tối đa %(max_length)s ký tự."),
    "string_pattern_mismatch": gettext_lazy("“%(field)s” không đúng dạng yêu cầu."),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": gettext_lazy(
        "“%(field)s” là một ngày: không ghi giờ (hoặc ghi 00:00:00), ví dụ 2026-11-30."
    ),
    "date_past": gettext_lazy("“%(field)s” phải là một ngày đã qua."),
    "date_future": gettext_lazy("“%(field)s” phải là một ngày trong tương lai."),
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "timezone_aware": gettext_lazy("“%(field)s” phải ghi múi giờ, ví dụ +07:00."),
    "timezone_naive": gettext_lazy("“%(field)s” không được ghi múi giờ."),
    "time_type": gettext_lazy("“%(field)s” phải là một giờ theo dạng HH:MM, ví dụ 16:00."),
    "time_parsing": gettext_lazy("“%(field)s” phải là một giờ theo dạng HH:MM, ví dụ 16:00."),
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "iterable_type": _LIST,
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dataclass_type": _OBJECT,
    "too_short": gettext_lazy("“%(field)s” phải có ít nhất %(min_length)s phần tử."),
    "too_long": gettext_lazy("“%(field)s” chỉ được có tối đa %(max_length)s phần tử."),
    "greater_than": gettext_lazy("“%(field)s” phải lớn hơn %(gt)s."),
    "greater_than_equal": gettext_lazy("“%(field)s” phải lớn hơn hoặc bằng %(ge)s."),
    "less_than": gettext_lazy("“%(field)s” phải nhỏ hơn %(lt)s."),
    "less_than_equal": gettext_lazy("“%(field)s” phải nhỏ hơn hoặc bằng %(le)s."),
    "multiple_of": gettext_lazy("“%(field)s” phải là bội số của %(multiple_of)s."),
    "enum": _CHOICE,
    "literal_error": _CHOICE,
    "union_tag_invalid": _CHOICE,
    "json_invalid": gettext_lazy("“%(field)s” không phải JSON hợp lệ."),
    "json_type": gettext_lazy("“%(field)s” phải là một chuỗi JSON."),
    "uuid_type": gettext_lazy("“%(field)s” phải là một UUID."),
    "uuid_parsing": gettext_lazy("“%(field)s” phải là một UUID."),
    "url_parsing": gettext_lazy("“%(field)s” phải là một địa chỉ URL."),
    "url_type": gettext_lazy("“%(field)s” phải là một địa chỉ URL."),
    "url_scheme": gettext_lazy("“%(field)s” phải là một địa chỉ URL (http hoặc https)."),
    "bytes_type": _TEXT,
    "none_required": gettext_lazy("“%(field)s” phải để trống (null)."),
    "is_instance_of": gettext_lazy("Giá trị của “%(field)s” không hợp lệ."),
}
_GENERAL = gettext_lazy("Giá trị của “%(field)s” không hợp lệ.")
_WHOLE = gettext_lazy("nội dung gửi lên")


def field_name(loc: Iterable[Any]) -> str:
    """The field an error is about, as the client wrote it: "tasks[0].completed_on"."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif not parts and str(part) in _SOURCES:
            continue
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or str(_WHOLE)


def _expected(ctx: Mapping[str, Any]) -> str:
    # pydantic writes "'a', 'b' or 'c'"; the Vietnamese list uses "hoặc".
    text = str(ctx.get("expected", ""))
    return text.replace(" or ", " " + _("hoặc") + " ")


def error_message(error: Mapping[str, Any]) -> str:
    """The Vietnamese message of one pydantic (or our own) error."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    field = field_name(error.get("loc") or ())
    if kind in {"value_error", "assertion_error"}:
        # Our validators' messages: Vietnamese already.
        own = ctx.get("error")
        if own is not None and str(own):
            return str(own)
    if kind == "nul_character":
        return str(error.get("msg", ""))
    template = MESSAGES.get(kind, _GENERAL)
    values = {key: value for key, value in ctx.items() if isinstance(value, int | float | str)}
    values.update(field=field, expected=_expected(ctx))
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(_GENERAL) % {"field": field}


def errors_vi(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The errors as the API returns them: where (`loc`), what (`msg`), which (`type`)."""
    return [
        {
            "loc": list(error.get("loc") or ()),
            "msg": error_message(error),
            "type": error.get("type", ""),
        }
        for error in errors
    ]
