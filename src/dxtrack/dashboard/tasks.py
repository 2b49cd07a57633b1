"""Lead task updates counted by colour, and listed for drill-down.

One grouped query judges every lead task update of one or more periods in SQL (verdict:
`verdict_queries.task_verdict_expression`; colour: `colour_queries.task_colour_expression`),
each period as of its own day. The rows whose agency asked to extend the task (approved:
the deadline changes; pending: unfinished work turns yellow) are few: they are judged again
in Python by `evaluation.task_verdict` and `colours.task_colour` and moved to their group.
Counting rule as in `verdict_queries`: a task led by several agencies counts once per agency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db import connections
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)

from dxtrack.agencies.models import Agency
from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.colour_queries import task_colour_expression, verdict_of
from dxtrack.plans.models import Section
from dxtrack.reporting.models import ExtensionRequest, ReportingPeriod, TaskStatus, TaskUpdate

# (period id, plan id, section id, agency id, status, colour); plan, section and agency
# are None in a period counted by status and colour only.
TaskKey = tuple[int, int | None, int | None, int | None, str, str]


def judged_updates(
    *,
    judged: dict[ReportingPeriod, dt.date],
    plan_id: int | None = None,
    agency_id: int | None = None,
) -> QuerySet[TaskUpdate]:
    """Lead task updates of the periods annotated with their `colour`, each period judged
    as of its own day, extensions left out."""
    updates = TaskUpdate.objects.filter(
        report__period_id__in=[p.pk for p in judged], role=TaskUpdate.Role.LEAD
    )
    if plan_id is not None:
        updates = updates.filter(task__plan_id=plan_id)
    if agency_id is not None:
        updates = updates.filter(report__agency_id=agency_id)
    expressions = {
        p.pk: task_colour_expression(period_end=p.ends_on, as_of=day) for p, day in judged.items()
    }
    if len(expressions) == 1:
        colour = next(iter(expressions.values()))
    else:
        colour = Case(
            *[When(report__period_id=pk, then=e) for pk, e in expressions.items()],
            output_field=CharField(),
        )
    return updates.annotate(colour=colour)


@dataclass(frozen=True)
class Extension:
    """What an agency asked about one task's deadline: the latest approved new deadline,
    and whether a request is waiting for a decision."""

    deadline: dt.date | None
    pending: bool


def extensions_of(*, agency_id: int | None = None) -> dict[tuple[int, int], Extension]:
    """(agency id, task id) → its extension requests, approved or pending. One query."""
    requests = ExtensionRequest.objects.filter(
        kind=ExtensionRequest.Kind.EXTEND,
        status__in=[ExtensionRequest.Status.APPROVED, ExtensionRequest.Status.PENDING],
    )
    if agency_id is not None:
        requests = requests.filter(agency_id=agency_id)
    found: dict[tuple[int, int], Extension] = {}
    for agency, task, status, proposed_end in requests.values_list(
        "agency_id", "task_id", "status", "proposed_end"
    ):
        before = found.get((agency, task), Extension(None, False))
        if status == ExtensionRequest.Status.PENDING:
            found[(agency, task)] = Extension(before.deadline, True)
        elif before.deadline is None or (
            proposed_end is not None and proposed_end > before.deadline
        ):
            found[(agency, task)] = Extension(proposed_end, before.pending)
    return found


def task_judgement(
    *,
    status: str,
    completed_on: dt.date | None,
    ends_on: dt.date | None,
    recurring: bool,
    period_end: dt.date,
    as_of: dt.date,
    extension: Extension | None = None,
) -> tuple[ev.TaskVerdict, str, dt.date | None]:
    """The verdict, colour and deadline of one lead task update, by the Python rules."""
    deadline = ends_on
    if extension is not None and extension.deadline is not None:
        deadline = extension.deadline
    verdict = ev.task_verdict(
        status=status,
        deadline=deadline,
        completed_on=completed_on,
        as_of=as_of,
        recurring=recurring,
        period_end=period_end,
    )
    judged_deadline = period_end if recurring else deadline
    colour = colours.task_colour(
        verdict=verdict,
        deadline=judged_deadline,
        as_of=as_of,
        recurring=recurring,
        extension_pending=bool(extension and extension.pending),
    )
    return verdict, colour, judged_deadline


def _plain_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a grouped values_list straight from the cursor: ids, status words and
    counts need no conversion, and there are about as many groups as rows."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# (agency, task) as one number, so that SQL can tell the few rows with an extension by an
# IN list on both databases (ids past 2³¹ would only make a row be judged again for nothing:
# the pair itself is checked in Python). Typed as bigint: PostgreSQL binds an integer
# column's parameters as int4 (docs/decisions/0230), which 2³¹ does not fit.
_PAIR_BASE = 2**31
_PAIR = ExpressionWrapper(
    F("report__agency_id") * Value(_PAIR_BASE, output_field=BigIntegerField()) + F("task_id"),
    output_field=BigIntegerField(),
)


def _pair(agency_id: int, task_id: int) -> int:
    return agency_id * _PAIR_BASE + task_id


def _date(value: dt.date | str | None) -> dt.date | None:
    # A raw cursor on SQLite gives dates as text.
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _only(condition: Q | None, field: str) -> F | Case:
    """The column where `condition` holds, NULL elsewhere (a grouping key that splits only
    the rows that need it)."""
    if condition is None:
        return F(field)
    return Case(When(condition, then=F(field)), default=None)


def task_counts(
    *,
    judged: dict[ReportingPeriod, dt.date],
    plan_id: int | None = None,
    agency_id: int | None = None,
    detailed: Iterable[int] | None = None,
    extensions: dict[tuple[int, int], Extension] | None = None,
) -> dict[TaskKey, int]:
    """Lead task updates of the periods counted by period, plan, section, agency, status
    and colour (the verdict follows from the status and the colour:
    `colour_queries.verdict_of`). detailed: the periods counted by plan, section and
    agency (all by default); the others only by status and colour, with None in those
    three places: a comparison with the previous period needs no more, and fewer groups
    travel. One grouped query for every period, plus `extensions_of` unless given.

    The rows of a task an agency asked to extend are few: the grouped query keeps each
    apart (its id as one more grouping key, NULL for every other row); a second query, by
    those ids, reads what judging them again with the extension needs.
    """
    if extensions is None:
        extensions = extensions_of(agency_id=agency_id)
    ids = [p.pk for p in judged]
    wanted = set(ids if detailed is None else detailed)
    in_detail = None if wanted >= set(ids) else Q(report__period_id__in=sorted(wanted))
    updates = judged_updates(judged=judged, plan_id=plan_id, agency_id=agency_id)
    keys: dict[str, Any] = {
        "k_period": F("report__period_id"),
        "k_plan": _only(in_detail, "task__plan_id"),
        "k_section": _only(in_detail, "task__section_id"),
        "k_agency": _only(in_detail, "report__agency_id"),
        "k_status": F("status"),
        "k_colour": F("colour"),
    }
    if extensions:
        updates = updates.annotate(pair=_PAIR)
        asked = sorted(_pair(agency, task) for agency, task in extensions)
        keys["k_update"] = _only(Q(pair__in=asked), "pk")
    names = list(keys)
    grouped = updates.values(**keys).annotate(n=Count("pk")).order_by().values_list(*names, "n")
    counts: dict[TaskKey, int] = {}
    apart: dict[int, TaskKey] = {}  # update id → its key, colour as SQL judged it
    for row in _plain_rows(grouped):
        key: TaskKey = row[:6]
        counts[key] = counts.get(key, 0) + row[-1]
        if extensions and row[6] is not None:
            apart[row[6]] = key
    if not apart:
        return counts
    ends = {p.pk: p.ends_on for p in judged}
    as_of = {p.pk: day for p, day in judged.items()}
    rows = TaskUpdate.objects.filter(pk__in=list(apart)).values_list(
        "pk", "report__agency_id", "task_id", "completed_on", "task__recurrence", "task__ends_on"
    )
    for pk, agency, task, completed_on, recurrence, own in rows:
        extension = extensions.get((agency, task))
        key = apart[pk]
        period_id = key[0]
        _, colour, _ = task_judgement(
            status=key[4],
            completed_on=completed_on,
            ends_on=own,
            recurring=bool(recurrence),
            period_end=ends[period_id],
            as_of=as_of[period_id],
            extension=extension,
        )
        if extension is None or colour == key[5]:
            continue
        moved = (*key[:5], colour)
        counts[moved] = counts.get(moved, 0) + 1
        counts[key] -= 1
        if not counts[key]:
            del counts[key]
    return counts


_STATUSES = ["", *TaskStatus.values]


def _verdicts(status: str) -> set[str]:
    return {verdict_of(status=status, colour=c) for c in colours.COLOURS}


@dataclass(frozen=True)
class TaskLine:
    """One lead task update on a drill-down list."""

    update: TaskUpdate
    deadline: dt.date | None
    verdict: ev.TaskVerdict
    colour: str

    @property
    def task(self):
        return self.update.task

    @property
    def agency(self):
        return self.update.report.agency


# The drill-down's order: plan order, then the agency's name (see `task_lines`).
_TASK_ORDER = ("task__plan__issued_on", "task__plan_id", "task__position", "task_id")

# What decides whether a row matches (`shown`: the colour SQL gave, see `task_lines`).
_LINE_FIELDS = (
    "pk",
    "status",
    "shown",
    "report__agency_id",
    "task_id",
    "extended_completed_on",
    "extended_ends_on",
    "task__recurrence",
)


class TaskLines(Sequence[TaskLine]):
    """The lead task updates of a drill-down, judged, in plan order.

    Which rows match is decided on light rows (ids, status and the colour SQL gave; the
    few rows with an extension judged in Python); the updates with their task, plan,
    section and agency are read only for the part asked for (a page: one query), so a
    list of thousands of rows costs as much as its page.
    """

    def __init__(
        self,
        *,
        ids: list[int],
        period: ReportingPeriod,
        as_of: dt.date,
        extensions: dict[tuple[int, int], Extension],
    ) -> None:
        self._ids = ids
        self._period = period
        self._as_of = as_of
        self._extensions = extensions

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> TaskLine: ...

    @overload
    def __getitem__(self, index: slice) -> list[TaskLine]: ...

    def __getitem__(self, index: int | slice) -> TaskLine | list[TaskLine]:
        if isinstance(index, slice):
            return self._lines(self._ids[index])
        return self._lines([self._ids[index]])[0]

    def __iter__(self) -> Iterator[TaskLine]:
        return iter(self._lines(self._ids))

    def _lines(self, ids: list[int]) -> list[TaskLine]:
        """The lines of these updates, in this order. One query."""
        if not ids:
            return []
        found = TaskUpdate.objects.select_related(
            "task__plan", "task__section", "report__agency"
        ).in_bulk(ids)
        lines = []
        for pk in ids:
            update = found[pk]
            verdict, colour, deadline = task_judgement(
                status=update.status,
                completed_on=update.completed_on,
                ends_on=update.task.ends_on,
                recurring=bool(update.task.recurrence),
                period_end=self._period.ends_on,
                as_of=self._as_of,
                extension=self._extensions.get((update.report.agency_id, update.task_id)),
            )
            lines.append(TaskLine(update, deadline, verdict, colour))
        return lines


def task_lines(
    *,
    period: ReportingPeriod,
    as_of: dt.date,
    plan_id: int | None = None,
    agency_id: int | None = None,
    section_ids: Iterable[int | None] | None = None,
    colour: str | None = None,
    status: str | None = None,
    verdict: str | None = None,
) -> TaskLines:
    """The lead task updates of the period that match the filters, judged as the counts of
    `task_counts` judge them (extensions included), in plan order. Three queries, and one
    for each part read (a page). section_ids: None stands for the tasks outside any
    heading."""
    updates = judged_updates(judged={period: as_of}, plan_id=plan_id, agency_id=agency_id)
    if section_ids is not None:
        wanted = list(section_ids)
        in_sections = Q(task__section_id__in=[pk for pk in wanted if pk is not None])
        if None in wanted:
            in_sections |= Q(task__section__isnull=True)
        updates = updates.filter(in_sections)
    if status is not None:
        updates = updates.filter(status=status)
    extensions = extensions_of(agency_id=agency_id)
    pairs = sorted(_pair(agency, task) for agency, task in extensions)
    # The SQL narrows the rows; the rows with an extension may change colour or verdict,
    # so they are kept whatever the SQL said and judged below.
    maybe = Q()
    if colour is not None:
        maybe &= Q(colour=colour)
    if verdict is not None:
        maybe &= Q(status__in=[s for s in _STATUSES if verdict in _verdicts(s)])
    if pairs:
        updates = updates.annotate(pair=_PAIR)
        if colour is not None or verdict is not None:
            maybe |= Q(pair__in=pairs)
    # The colour SQL gave is read only where it is not already the colour asked for:
    # projecting the CASE for every row costs as much as filtering on it.
    shown: Any = Value(colour)
    if colour is None:
        shown = F("colour") if verdict is not None else Value("")
    elif pairs:
        shown = Case(When(Q(pair__in=pairs), then=F("colour")), default=Value(colour))
    # Dates matter only on the rows judged here: the others' are not read (nor parsed).
    extended = Q(pair__in=pairs) if pairs else Q(pk__in=[])
    rows = _plain_rows(
        updates.filter(maybe)
        .annotate(
            shown=shown,
            extended_completed_on=_only(extended, "completed_on"),
            extended_ends_on=_only(extended, "task__ends_on"),
        )
        .order_by(*_TASK_ORDER)
        .values_list(*_LINE_FIELDS)
    )
    # Within a task, agencies by name: their rank by the database's own ordering of names
    # (one query of ~150 rows), instead of comparing each row's name in the sort.
    rank = {
        pk: n
        for n, pk in enumerate(Agency.objects.order_by("name", "pk").values_list("pk", flat=True))
    }
    found: list[tuple[int, int, int]] = []  # (task's place, agency's rank, update id)
    place, last_task = -1, None
    for pk, row_status, row_colour, agency, task, completed_on, ends_on, recurrence in rows:
        if task != last_task:
            place, last_task = place + 1, task
        kind = verdict_of(status=row_status, colour=row_colour) if verdict else None
        extension = extensions.get((agency, task))
        if extension is not None:
            judged_verdict, row_colour, _ = task_judgement(
                status=row_status,
                completed_on=_date(completed_on),
                ends_on=_date(ends_on),
                recurring=bool(recurrence),
                period_end=period.ends_on,
                as_of=as_of,
                extension=extension,
            )
            kind = judged_verdict.kind
        if colour is not None and row_colour != colour:
            continue
        if verdict is not None and kind != verdict:
            continue
        found.append((place, rank[agency], pk))
    found.sort()
    ids = [pk for _, _, pk in found]
    return TaskLines(ids=ids, period=period, as_of=as_of, extensions=extensions)


def section_roots(*, plan_ids: Iterable[int]) -> tuple[dict[int, int], dict[int, Section]]:
    """section id → the id of its top-level heading (a plan's lĩnh vực), and those
    headings. One query."""
    sections = {s.pk: s for s in Section.objects.filter(plan_id__in=list(plan_ids))}
    root: dict[int, int] = {}
    for pk, section in sections.items():
        current, steps = section, 0
        while current.parent_id in sections and steps < len(sections):
            current, steps = sections[current.parent_id], steps + 1
        root[pk] = current.pk
    return root, {pk: sections[pk] for pk in set(root.values())}
