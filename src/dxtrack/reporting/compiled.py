"""`values()` queries compiled once and run again with other ids.

Django builds and compiles a queryset anew at every call: for the report calls' seven small
queries that took longer than running them and reading their rows (about 0.3 ms each, most
of a report read; docs/decisions/0144-compiled-report-reads.md). A `CompiledValues` builds
its queryset once per database connection with stand-in ids, keeps the SQL, the columns and
Django's own converters, and then sends the same SQL with the real ids: the rows come back
exactly as `values()` gives them (dates, times, decimals, JSON converted by Django).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Stand-ins no table holds as an id, told apart by the parameter they stand for.
_STAND_IN = -7_000_000_000


class CompiledValues:
    """`build(**ids)` (a values() queryset) compiled once per connection; called with the
    same keyword ids, the list of its rows as dicts."""

    def __init__(self, build: Callable[..., QuerySet], *names: str) -> None:
        self.build = build
        self.names = names

    def __call__(self, **ids: int) -> list[dict[str, Any]]:
        sql, slots, columns, compiler, converters, alias = self._compiled()
        params = [ids[slot[1]] if slot[0] == "id" else slot[1] for slot in slots]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows: Any = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def _compiled(self) -> tuple:
        stand_ins = {_STAND_IN - n: name for n, name in enumerate(self.names)}
        queryset = self.build(**{name: value for value, name in stand_ins.items()})
        # One per connection: each thread has its own, and the compiler keeps it.
        connection = connections[queryset.db]
        cache = connection.__dict__.setdefault("_dxtrack_compiled", {})
        compiled = cache.get(id(self))
        if compiled is None:
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            slots = [("id", stand_ins[p]) if p in stand_ins else ("value", p) for p in params]
            if {name for kind, name in slots if kind == "id"} != set(self.names):
                raise RuntimeError(f"an id of {self.names} is not a parameter of {sql}")
            query = queryset.query
            columns = [*query.extra_select, *query.values_select, *query.annotation_select]
            converters = compiler.get_converters([column[0] for column in compiler.select])
            compiled = (sql, slots, columns, compiler, converters, queryset.db)
            cache[id(self)] = compiled
        return compiled
