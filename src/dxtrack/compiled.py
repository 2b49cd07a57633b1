"""`values()` queries built and compiled once and run again with other keys.

Django builds and compiles a queryset anew at every call: for the report calls' small
queries that took longer than running them and reading their rows (about 0.3 ms each, most
of a report read; docs/decisions/0144-compiled-report-reads.md). A `CompiledValues` builds
its queryset once per process with stand-in keys and compiles it once per database
connection, keeping the SQL, the columns and Django's own converters; then it sends the same
SQL with the real keys: the rows come back exactly as `values()` gives them (dates, times,
decimals, JSON converted by Django). Building the queryset at each call, only to find the
connection, cost as much as compiling it (docs/decisions/0190-report-calls-cpu.md).

A key is an id (int) or a text compared with a text column (str): the stand-in is an int
that no table holds, and a text column receives it as its text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet

# sqlite3's own execute, below the rewriting of Django's SQLite cursor (a subclass of it).
_sqlite_execute = sqlite3.Cursor.execute

# Stand-ins no table holds as an id, told apart by the parameter they stand for.
_STAND_IN = -7_000_000_000


def _converted(rows: list[tuple], converters: dict, connection: Any) -> Any:
    """The rows with Django's converters applied as `apply_converters` applies them, but a
    column at a time: most columns need none (ints, text), and its loop over every row and
    every converted column cost as much as the conversions (docs/decisions/0199)."""
    columns: list[Any] = list(zip(*rows, strict=True))
    for position, (functions, expression) in converters.items():
        values = columns[position]
        for function in functions:
            values = [function(value, expression, connection) for value in values]
        columns[position] = values
    return zip(*columns, strict=True)


def sqlite_cursor(db: Any, cursor: Any) -> Any | None:
    """The sqlite3 cursor under Django's `cursor` of `db`, when a statement may be sent to it
    directly, already in sqlite3's placeholders (`sqlite_sql`): on SQLite, when nothing
    records the statements (not the debug cursor of DEBUG, the query log and the tests'
    query counts; no execute wrapper). Else None: send through `cursor` as usual.

    Django's SQLite cursor rewrites each statement's `%s` into `?` with a pattern over the
    whole text at every call; for the report calls' small statements that cost more than
    sqlite3 took to run them (docs/decisions/0222-compiled-reads-in-sqlite-placeholders.md).
    The caller keeps the rest of what Django's cursor does around a statement:
    `db.validate_no_broken_transaction()`, then the call inside `db.wrap_database_errors`.
    """
    if db.vendor == "sqlite" and type(cursor) is CursorWrapper and not db.execute_wrappers:
        return cursor.cursor
    return None


_SQLITE_SQL: dict[str, str] = {}


def sqlite_sql(direct: Any, sql: str) -> str:
    """`sql` as Django's SQLite cursor `direct` rewrites it, rewritten once per text (the
    statements sent this way are made from models' tables and columns: a few dozen)."""
    rewritten = _SQLITE_SQL.get(sql)
    if rewritten is None:
        rewritten = _SQLITE_SQL[sql] = direct.convert_query(sql)
    return rewritten


class CompiledValues:
    """`build(**keys)` (a values() queryset) compiled once per connection; called with the
    same keyword keys, the list of its rows as dicts."""

    def __init__(self, build: Callable[..., QuerySet], *names: str) -> None:
        self.build = build
        self.names = names
        self._queryset: QuerySet | None = None
        self._stand_ins: dict[Any, str] = {}
        self._alias = ""

    def __call__(self, **keys: int | str) -> list[dict[str, Any]]:
        sql, slots, columns, compiler, converters, qmark = self._compiled()
        params = [keys[slot[1]] if slot[0] == "key" else slot[1] for slot in slots]
        # The compiler keeps the connection it was made for: this thread's (see _compiled).
        db = compiler.connection
        rows: Any
        with db.cursor() as cursor:
            direct = sqlite_cursor(db, cursor)
            if direct is not None and qmark is not None:
                db.validate_no_broken_transaction()
                with db.wrap_database_errors:
                    rows = _sqlite_execute(direct, qmark, params).fetchall()
            else:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        if not rows:
            return []
        if converters:
            rows = _converted(rows, converters, compiler.connection)
        return [dict(zip(columns, row, strict=True)) for row in rows]

    @property
    def alias(self) -> str:
        """The database the query reads (its rows' models' `_state.db`)."""
        self._built()
        return self._alias

    def _built(self) -> QuerySet:
        if self._queryset is None:
            stand_ins = {_STAND_IN - n: name for n, name in enumerate(self.names)}
            queryset = self.build(**{name: value for value, name in stand_ins.items()})
            self._stand_ins = {**stand_ins, **{str(v): name for v, name in stand_ins.items()}}
            # The router is asked once: the query names no instance it could route by.
            self._alias = queryset.db
            # Set last: another thread that finds it finds the rest set too.
            self._queryset = queryset
        return self._queryset

    def _slot(self, param: Any) -> tuple[str, Any]:
        if isinstance(param, int | str) and param in self._stand_ins:
            return ("key", self._stand_ins[param])
        return ("value", param)

    def _compiled(self) -> tuple:
        queryset = self._built()
        # One per connection: each thread has its own, and the compiler keeps it.
        connection = connections[self._alias]
        cache = connection.__dict__.setdefault("_dxtrack_compiled", {})
        compiled = cache.get(id(self))
        if compiled is None:
            compiler = queryset.query.get_compiler(using=self._alias)
            sql, params = compiler.as_sql()
            slots = [self._slot(p) for p in params]
            if {name for kind, name in slots if kind == "key"} != set(self.names):
                raise RuntimeError(f"a key of {self.names} is not a parameter of {sql}")
            query = queryset.query
            columns = [*query.extra_select, *query.values_select, *query.annotation_select]
            converters = compiler.get_converters([column[0] for column in compiler.select])
            qmark = None
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    # The rewriting Django's SQLite cursor does to every statement it sends.
                    qmark = cursor.cursor.convert_query(sql)
            compiled = (sql, slots, columns, compiler, converters, qmark)
            cache[id(self)] = compiled
        return compiled
