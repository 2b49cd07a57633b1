"""Django's PostgreSQL backend, with integer parameters checked against their type.

With parameters bound by the server (settings.py, docs/decisions/0230), Django sends an
integer column's value typed as that column's int2, int4 or int8, and psycopg's binary
dumpers then wrap a value out of range silently: 2³¹ reaches an int4 column as −2³¹. Bound
on the client, as before, the same value was refused by PostgreSQL ("integer out of range").
The dumpers registered here refuse it again, with the same kind of error, before it is sent.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base
from psycopg import DataError
from psycopg.types.numeric import (
    Int2,
    Int2BinaryDumper,
    Int4,
    Int4BinaryDumper,
    Int8,
    Int8BinaryDumper,
)


def _checked(dumper: type, bits: int) -> type:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    class Checked(dumper):  # type: ignore[valid-type, misc]
        def dump(self, obj: int) -> Any:
            if not low <= obj <= high:
                raise DataError(f"Giá trị {obj} vượt quá kiểu số nguyên {bits} bit.")
            return super().dump(obj)

    Checked.__name__ = f"Checked{dumper.__name__}"
    return Checked


_CHECKED = {
    Int2: _checked(Int2BinaryDumper, 16),
    Int4: _checked(Int4BinaryDumper, 32),
    Int8: _checked(Int8BinaryDumper, 64),
}


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict) -> Any:
        connection = super().get_new_connection(conn_params)
        for kind, dumper in _CHECKED.items():
            connection.adapters.register_dumper(kind, dumper)
        return connection
