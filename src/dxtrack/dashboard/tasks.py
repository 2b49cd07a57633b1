"""Lead task updates counted by colour, and listed for drill-down.

One grouped query judges every lead task update of one or more periods in SQL (verdict:
`aggregation.task_verdict_expression`; colour: `colour_queries.task_colour_expression`),
each period as of its own day. The rows whose agency asked to extend the task (approved:
the deadline changes; pending: unfinished work turns yellow) are few: they are judged again
in Python by `evaluation.task_verdict` and `colours.task_colour` and moved to their group.
Counting rule as in `aggregation`: a task led by several agencies counts once per agency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Case, CharField, Count, Q, QuerySet, When

from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.colour_queries import task_colour_expression, verdict_of
from dxtrack.plans.models import Section
from dxtrack.reporting.models import ExtensionRequest, ReportingPeriod, TaskStatus, TaskUpdate

# (period id, plan id, section id, agency id, status, colour)
TaskKey = tuple[int, int, int | None, int, str, str]

_KEYS = (
    "report__period_id",
    "task__plan_id",
    "task__section_id",
    "report__agency_id",
    "status",
    "colour",
)


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


def _with_extensions(extensions: dict[tuple[int, int], Extension]) -> Q:
    """The rows of an extended task of an agency that asked for an extension: a superset of
    the rows with an extension, which the callers judge again one by one. Plain lists, not
    a join to the requests: PostgreSQL walks every period's rows of each extended task for
    that join (seconds in a province of years), where this reads each asking agency's
    report of the period through its (report, task) index."""
    return Q(
        task_id__in=sorted({task for _, task in extensions}),
        report__agency_id__in=sorted({agency for agency, _ in extensions}),
    )


def task_counts(
    *,
    judged: dict[ReportingPeriod, dt.date],
    plan_id: int | None = None,
    agency_id: int | None = None,
    by: tuple[str, ...] = _KEYS,
    extensions: dict[tuple[int, int], Extension] | None = None,
) -> dict[tuple, int]:
    """Lead task updates of the periods counted by `by` (some of period, plan, section,
    agency, status and colour, in that order; the verdict follows from the status and the
    colour: `colour_queries.verdict_of`). Fewer keys, fewer groups: a comparison with the
    previous period needs only its status and colour. Two queries, three when an agency
    asked to extend a task (`extensions`, from `extensions_of`, saves one)."""
    positions = [_KEYS.index(key) for key in by]
    updates = judged_updates(judged=judged, plan_id=plan_id, agency_id=agency_id)
    grouped = updates.values(*by).annotate(n=Count("pk")).order_by().values_list(*by, "n")
    counts: dict[tuple, int] = {row[:-1]: row[-1] for row in _plain_rows(grouped)}
    if extensions is None:
        extensions = extensions_of(agency_id=agency_id)
    if not extensions:
        return counts
    ends = {p.pk: p.ends_on for p in judged}
    as_of = {p.pk: day for p, day in judged.items()}
    moved = (
        updates.filter(_with_extensions(extensions))
        .order_by()
        .values_list(
            "report__period_id",
            "task__plan_id",
            "task__section_id",
            "report__agency_id",
            "status",
            "completed_on",
            "task__recurrence",
            "task__ends_on",
            "task_id",
        )
    )
    for period_id, plan, section, agency, status, completed_on, recurrence, own, task in moved:
        common: dict[str, Any] = {
            "status": status,
            "completed_on": completed_on,
            "ends_on": own,
            "recurring": bool(recurrence),
            "period_end": ends[period_id],
            "as_of": as_of[period_id],
        }
        _, sql_colour, _ = task_judgement(**common)
        _, colour, _ = task_judgement(**common, extension=extensions.get((agency, task)))
        if colour == sql_colour:
            continue
        row = (period_id, plan, section, agency, status)
        before = tuple((*row, sql_colour)[i] for i in positions)
        after = tuple((*row, colour)[i] for i in positions)
        counts[after] = counts.get(after, 0) + 1
        counts[before] -= 1
        if not counts[before]:
            del counts[before]
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
) -> list[TaskLine]:
    """The lead task updates of the period that match the filters, each judged in Python
    (extensions included), in plan order. Three queries whatever the number of rows.
    section_ids: None stands for the tasks outside any heading."""
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
    # The SQL narrows the rows; the rows with an extension may change colour or verdict,
    # so they are kept whatever the SQL said and judged below.
    maybe = Q()
    if colour is not None:
        maybe &= Q(colour=colour)
    if verdict is not None:
        maybe &= Q(status__in=[s for s in _STATUSES if verdict in _verdicts(s)])
    if extensions and (colour is not None or verdict is not None):
        maybe |= _with_extensions(extensions)
    rows = (
        updates.filter(maybe)
        .select_related("task__plan", "task__section", "report__agency")
        .order_by(
            "task__plan__issued_on",
            "task__plan_id",
            "task__position",
            "task_id",
            "report__agency__name",
        )
    )
    lines = []
    for update in rows:
        judged_verdict, judged_colour, deadline = task_judgement(
            status=update.status,
            completed_on=update.completed_on,
            ends_on=update.task.ends_on,
            recurring=bool(update.task.recurrence),
            period_end=period.ends_on,
            as_of=as_of,
            extension=extensions.get((update.report.agency_id, update.task_id)),
        )
        if colour is not None and judged_colour != colour:
            continue
        if verdict is not None and judged_verdict.kind != verdict:
            continue
        lines.append(TaskLine(update, deadline, judged_verdict, judged_colour))
    return lines


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
