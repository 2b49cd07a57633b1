"""The API's request parser: JSON bodies and query strings, refusing the NUL character.

PostgreSQL text cannot hold NUL (0x00): a string carrying one would fail deep in a query as
a server error. It is refused here instead, for every route, as invalid input (400) naming
where it was; Django's forms do the same for the web pages.
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

_MESSAGE = "Không được chứa ký tự NUL (\\x00)."


def _nul_locations(value: Any, where: tuple) -> list[tuple]:
    if isinstance(value, str):
        return [where] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            found += _nul_locations(key, (*where, key)) + _nul_locations(item, (*where, key))
        return found
    if isinstance(value, list):
        return [
            loc for index, item in enumerate(value) for loc in _nul_locations(item, (*where, index))
        ]
    return []


def _refuse_nul(value: Any, where: str) -> None:
    locations = _nul_locations(value, (where,))
    if locations:
        raise ValidationError(
            [{"loc": list(loc), "msg": _MESSAGE, "type": "nul_character"} for loc in locations]
        )


def _may_hold_nul(body: bytes) -> bool:
    """Whether the JSON `body` can hold NUL once parsed. JSON writes it as the escape
    \\u0000 (a raw control character is refused by the parser); a body in UTF-16 or UTF-32,
    which json.loads also reads, has zero bytes throughout and is walked as well."""
    return b"\\u0000" in body or b"\x00" in body


class NulRefusingParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict:
        body = request.body
        data = json.loads(body)
        # Walking every string of a hundred-row report is needless when none can hold NUL.
        if _may_hold_nul(body):
            _refuse_nul(data, "body")
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_nul(result, "query")
        return result
