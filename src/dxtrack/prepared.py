"""Writes whose statement and parameters are made before the transaction that sends them.

On SQLite a transaction that writes holds the database's only write lock until it commits:
every other worker's save waits for it. Building a model, running its `pre_save`, encoding
its JSON and adapting its values took longer than sending the statements, and ran inside
that lock (docs/decisions/0193-save-prepared-before-lock.md). A `Prepared` holds the SQL
and the parameters, already in the form the driver takes; `prepared_run` only sends it.

The models written this way have no signal receivers; a write that needs the saved
instance (its pk, its signals) keeps using the ORM.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    Field,
    FloatField,
    JSONField,
    Model,
    TextField,
)

from dxtrack.compiled import sqlite_cursor, sqlite_sql


@dataclass(frozen=True)
class Prepared:
    """One statement and its parameters (a list of rows of them when `many`)."""

    sql: str
    params: list[Any]
    many: bool = False


def insert_prepare(model: type[Model], values: dict[str, Any]) -> Prepared:
    """The INSERT of one row of `model` holding `values` (field name → value, a model
    instance for a foreign key), adapted as `Model.save` adapts them. Fields not named
    take their default; an `auto_now_add` field must be named (its time is the caller's)."""
    meta: Any = model._meta
    quote = connection.ops.quote_name
    columns, params = [], []
    for field in meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname in values:
            value = values[field.attname]
        elif field.name in values:
            value = values[field.name]
            if isinstance(value, Model):
                value = value.pk
        elif getattr(field, "auto_now_add", False):
            raise ValueError(f"{meta.label}.{field.name}: give the time of the write")
        else:
            value = field.get_default()
        columns.append(quote(field.column))
        if isinstance(field, JSONField) and field.encoder is None:
            params.append(_json(field, value))
        else:
            params.append(field.get_db_prep_save(value, connection))
    # Only the model's own table and column names go into the statement; values are params.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table), ", ".join(columns), ", ".join(["%s"] * len(columns))
    )
    return Prepared(sql=sql, params=params)


def _json(field: JSONField, value: Any) -> Any:
    """`value` as its JSON column takes it, encoded by orjson (several times faster than
    json.dumps, which Django uses; the same JSON, UTF-8 kept rather than escaped). A value
    orjson does not take (a non-text key, an integer past 64 bits) goes through Django."""
    if value is None:
        return field.get_db_prep_save(value, connection)
    try:
        text = orjson.dumps(value).decode()
    except TypeError:
        return field.get_db_prep_save(value, connection)
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        # Encoded now, not when the driver sends it (inside the transaction).
        return Jsonb(value, dumps=lambda _value: text)
    return text


def update_rows_prepare(
    model: type[Model], rows: list[dict[str, Any]], fields: tuple[str, ...]
) -> Prepared | None:
    """One UPDATE per row writing `fields` of `rows` (dicts of `model`'s rows with their
    pk), to be sent as one batch; None when there are no rows.

    bulk_update builds a CASE per field and row; for a report of a hundred tasks that took
    longer than all the rest of the save together.
    """
    if not rows:
        return None
    meta: Any = model._meta
    columns = [meta.get_field(name) for name in fields]
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    # Only the model's own table and column names go into the statement; values are params.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(f"{quote(column.column)} = %s" for column in columns),
        quote(meta.pk.column),
    )
    preps = [_column_prep(column, db) for column in columns]
    names = [column.attname for column in columns]
    params = [
        [
            value if type(value) in plain else prep(value)
            for (plain, prep), value in zip(preps, [row[name] for name in names], strict=True)
        ]
        + [row["pk"]]
        for row in rows
    ]
    return Prepared(sql=sql, params=params, many=True)


_NONE = type(None)


def _column_prep(column: Field, db: Any) -> tuple[tuple[type, ...], Callable[[Any], Any]]:
    """How `column` readies a value for the driver, as `get_db_prep_save`: the types whose
    values it hands back unchanged, and the preparation of any other. A report's save
    prepares a few hundred values; the field's chain of calls cost more than sending them
    (docs/decisions/0221-save-changes-from-the-rows.md)."""

    def django(value: Any) -> Any:
        return column.get_db_prep_save(value, db)

    kind = type(column)
    if kind in (CharField, TextField):
        return (str,), django
    if kind is FloatField:
        return (float, _NONE), django
    if kind is BooleanField:
        return (bool, _NONE), django
    if kind is DateField:
        adapt = db.ops.adapt_datefield_value

        def date(value: Any) -> Any:
            return adapt(value) if type(value) is dt.date else django(value)

        return (_NONE,), date
    return (), django


def prepared_run(*statements: Prepared | None) -> int:
    """Send `statements` in order (None skipped), on the default database: the number of
    rows the last one sent touched (its rowcount). On SQLite, when nothing records the
    statements, they go to sqlite3 in its own placeholders (`compiled.sqlite_cursor`)."""
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        direct = sqlite_cursor(db, cursor)
        for statement in statements:
            if statement is None:
                continue
            if direct is not None:
                sql = sqlite_sql(direct, statement.sql)
                db.validate_no_broken_transaction()
                with db.wrap_database_errors:
                    if statement.many:
                        _sqlite_executemany(direct, sql, statement.params)
                    else:
                        _sqlite_execute(direct, sql, statement.params)
            elif statement.many:
                cursor.executemany(statement.sql, statement.params)
            else:
                cursor.execute(statement.sql, statement.params)
        return cursor.rowcount


_sqlite_execute = sqlite3.Cursor.execute
_sqlite_executemany = sqlite3.Cursor.executemany
