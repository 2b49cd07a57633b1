"""The consolidation of a reporting period: tasks by plan, section, area and agency;
indicators with the province's value and verdict; the agencies' scorecard and ranking.

Counting happens in the database: one grouped query over the period's task updates (the
verdict of each row is a CASE expression, `task_verdict_expression`, the SQL form of
`evaluation.task_verdict`), one over indicator values, one over reports; Python only folds
the grouped rows, whose number depends on the plans' structure, not on the number of
reports. A fixed number of queries whatever the size of the province.

Counting rule: a task led by several agencies (or by a group: "UBND các xã, phường, đặc
khu") counts once per lead agency, because each owes its own part and reports its own
status; so the totals by plan, by area and by agency always add up to the same number.
Coordinating agencies' rows are contributions and are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from dxtrack.agencies.models import Agency
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.models import IndicatorFamilyMember
from dxtrack.consolidation.selectors import score_weights_current
from dxtrack.plans.models import Indicator, Plan, Section, Target
from dxtrack.reporting.deadlines import deadline_extended
from dxtrack.reporting.models import (
    AgencyReport,
    ExtensionRequest,
    IndicatorValue,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.selectors import report_lateness_of

# ----------------------------------------------------------------------- tallies


@dataclass
class TaskTally:
    """Task counts by reported status ("" = not yet reported) and by verdict."""

    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_verdict: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, *, status: str, verdict: str, count: int) -> None:
        self.by_status[status] += count
        self.by_verdict[verdict] += count

    def merge(self, other: TaskTally) -> None:
        for key, n in other.by_status.items():
            self.by_status[key] += n
        for key, n in other.by_verdict.items():
            self.by_verdict[key] += n

    @property
    def total(self) -> int:
        return sum(self.by_verdict.values())

    @property
    def done(self) -> int:
        return self.by_verdict[ev.ON_TIME] + self.by_verdict[ev.DONE_LATE]

    @property
    def on_time(self) -> int:
        return self.by_verdict[ev.ON_TIME]

    @property
    def done_late(self) -> int:
        return self.by_verdict[ev.DONE_LATE]

    @property
    def in_progress(self) -> int:
        return self.by_verdict[ev.IN_PROGRESS]

    @property
    def overdue(self) -> int:
        return self.by_verdict[ev.OVERDUE]

    @property
    def not_started(self) -> int:
        return self.by_verdict[ev.NOT_STARTED]

    @property
    def not_done(self) -> int:
        return self.by_verdict[ev.NOT_DONE]

    @property
    def not_assigned(self) -> int:
        return self.by_verdict[ev.NOT_ASSIGNED]

    @property
    def no_report(self) -> int:
        return self.by_verdict[ev.NO_REPORT]

    @property
    def late(self) -> int:
        return self.done_late + self.overdue

    @property
    def done_share(self) -> float | None:
        return ev.share(self.done, self.total)

    @property
    def on_time_share(self) -> float | None:
        """Share completed by the deadline, of all tasks counted."""
        return ev.share(self.on_time, self.total)

    @property
    def late_share(self) -> float | None:
        return ev.share(self.late, self.total)

    def status_rows(self) -> list[tuple[str, str, int, float | None]]:
        """(value, label, count, share) for each status of the vocabulary, then "not reported"."""
        rows = [
            (value, label, self.by_status[value], ev.share(self.by_status[value], self.total))
            for value, label in TaskStatus.choices
        ]
        rows.append(
            (
                "",
                ev.TASK_VERDICT_LABELS[ev.NO_REPORT],
                self.by_status[""],
                ev.share(self.by_status[""], self.total),
            )
        )
        return rows

    def verdict_rows(self) -> list[tuple[str, str, int, float | None]]:
        return [
            (
                kind,
                ev.TASK_VERDICT_LABELS[kind],
                self.by_verdict[kind],
                ev.share(self.by_verdict[kind], self.total),
            )
            for kind in ev.TASK_VERDICTS
        ]


@dataclass
class SectionRow:
    """A top-level heading of a plan's appendix (None: tasks outside any heading)."""

    section: Section | None
    tally: TaskTally = field(default_factory=TaskTally)

    @property
    def title(self) -> str:
        return str(self.section) if self.section else "Nhiệm vụ khác"


@dataclass
class PlanRow:
    plan: Plan
    tally: TaskTally = field(default_factory=TaskTally)
    sections: list[SectionRow] = field(default_factory=list)
    task_count: int = 0  # distinct tasks (a task with two lead agencies counts once here)


@dataclass
class ReportTally:
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.missing

    def add(self, verdict: ev.ReportVerdict) -> None:
        if verdict.kind == ev.REPORT_ON_TIME:
            self.on_time += 1
        elif verdict.kind == ev.REPORT_LATE:
            self.late += 1
        else:
            self.missing += 1


@dataclass
class AreaRow:
    """A kind of agency (Sở, ban, ngành; UBND xã, phường, đặc khu; doanh nghiệp...)."""

    kind: str
    label: str
    agency_count: int = 0
    tally: TaskTally = field(default_factory=TaskTally)
    reports: ReportTally = field(default_factory=ReportTally)


@dataclass
class AgencyScore:
    """One line of the scorecard."""

    agency: Agency
    report: AgencyReport
    report_verdict: ev.ReportVerdict
    tally: TaskTally = field(default_factory=TaskTally)
    score: float = 0.0
    rank: int = 0


@dataclass
class IndicatorRow:
    """An indicator of one plan, with the province's value and its verdict."""

    indicator: Indicator
    target: Target | None
    value: float | None
    met: bool | None
    value_text: str
    verdict: str
    reported: int  # agencies that gave a value (number or Đạt / Không đạt)
    expected: int  # agencies asked for one
    family_id: int | None = None
    from_indicator_id: int | None = None  # the family member whose values were used

    @property
    def verdict_label(self) -> str:
        return ev.INDICATOR_VERDICT_LABELS[self.verdict]

    @property
    def shared(self) -> bool:
        return self.from_indicator_id is not None and self.from_indicator_id != self.indicator.pk


@dataclass
class Consolidation:
    period: ReportingPeriod
    as_of: dt.date
    total: TaskTally
    plans: list[PlanRow]
    areas: list[AreaRow]
    agencies: list[AgencyScore]  # ranked, best first
    indicators: list[IndicatorRow]
    reports: ReportTally
    score_weights: ev.ScoreWeights = ev.DEFAULT_SCORE_WEIGHTS

    @property
    def score_method(self) -> str:
        """How the scores of `agencies` were computed, with the weights used."""
        return ev.score_method(self.score_weights)

    @property
    def indicator_counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in ev.INDICATOR_VERDICT_LABELS}
        for row in self.indicators:
            counts[row.verdict] += 1
        return counts

    @property
    def indicator_verdict_rows(self) -> list[tuple[str, str, int]]:
        """(verdict, label, count) for every verdict, "no target" included."""
        counts = self.indicator_counts
        return [(kind, label, counts[kind]) for kind, label in ev.INDICATOR_VERDICT_LABELS.items()]


# ----------------------------------------------------------------------- tasks


def _approved_extension():
    return ExtensionRequest.objects.filter(
        agency_id=OuterRef("report__agency_id"),
        task_id=OuterRef("task_id"),
        kind=ExtensionRequest.Kind.EXTEND,
        status=ExtensionRequest.Status.APPROVED,
    )


def task_deadline_expression(*, period: ReportingPeriod, extensions: bool = True) -> Case:
    """`reporting.deadlines.task_deadline` as SQL: the period's end for a recurring task,
    else the latest approved extension for the agency, else the task's own deadline.
    `extensions=False` leaves the extensions out, for rows known to have none.
    tests/consolidation/test_aggregation.py checks the two agree."""
    own: Any = F("task__ends_on")
    if extensions:
        latest = _approved_extension().order_by("-proposed_end").values("proposed_end")[:1]
        own = Coalesce(Subquery(latest), F("task__ends_on"))
    return Case(
        When(task__recurrence="", then=own),
        default=Value(period.ends_on),
        output_field=DateField(),
    )


def task_verdict_expression(*, as_of: dt.date, deadline: str = "deadline") -> Case:
    """`evaluation.task_verdict` as SQL, over rows annotated with `deadline`.

    The two must agree; tests/consolidation/test_aggregation.py checks them on every case
    of the evaluation table. A comparison with a missing date is NULL, which no WHEN
    takes: so a task with no deadline is never late, as in task_verdict.
    """
    recurring = ~Q(task__recurrence="")
    completed = Q(status__in=[TaskStatus.DONE, TaskStatus.DONE_LATE])
    past_deadline = Q(**{f"{deadline}__lt": as_of})
    return Case(
        When(status="", then=Value(ev.NO_REPORT)),
        When(status=TaskStatus.NOT_DONE, then=Value(ev.NOT_DONE)),
        When(status=TaskStatus.NOT_ASSIGNED, then=Value(ev.NOT_ASSIGNED)),
        When(completed & Q(completed_on__gt=F(deadline)), then=Value(ev.DONE_LATE)),
        When(status=TaskStatus.DONE_LATE, then=Value(ev.DONE_LATE)),
        When(status=TaskStatus.DONE, then=Value(ev.ON_TIME)),
        When(Q(status=TaskStatus.IN_PROGRESS) & recurring, then=Value(ev.IN_PROGRESS)),
        When(Q(status=TaskStatus.IN_PROGRESS) & past_deadline, then=Value(ev.OVERDUE)),
        When(status=TaskStatus.IN_PROGRESS, then=Value(ev.IN_PROGRESS)),
        When(past_deadline, then=Value(ev.OVERDUE)),
        default=Value(ev.NOT_STARTED),
        output_field=CharField(),
    )


def lead_task_updates(period: ReportingPeriod, as_of: dt.date) -> QuerySet[TaskUpdate]:
    """The lead agencies' updates of the period, annotated with `deadline` and `verdict`."""
    return (
        TaskUpdate.objects.filter(report__period=period, role=TaskUpdate.Role.LEAD)
        .annotate(deadline=task_deadline_expression(period=period))
        .annotate(verdict=task_verdict_expression(as_of=as_of))
    )


def _plain_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list query straight from the cursor, for grouped rows of ids,
    status words and counts, which need no conversion: there are about as many groups as
    agencies times headings, and the ORM's work per row would cost more than the query."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_GROUP_KEYS = ("task__plan_id", "task__section_id", "report__agency_id", "status", "verdict")


# (plan id, section id, agency id, status, verdict): plain tuples, there are thousands.
TaskGroup = tuple[int, int | None, int, str, str]


def task_verdict_counts(*, period: ReportingPeriod, as_of: dt.date) -> dict[TaskGroup, int]:
    """Lead task updates counted by plan, section, agency, status and verdict. Two queries.

    Every row is first judged in SQL against the task's own deadline, then the few rows of
    an agency whose deadline was extended are judged again (`evaluation.task_verdict`) and
    moved to their right verdict. Looking the extension up on every row instead makes the
    count several times slower than a plain GROUP BY (SQLite repeats the lookup wherever
    the verdict uses the deadline).
    """
    lead = TaskUpdate.objects.filter(report__period=period, role=TaskUpdate.Role.LEAD)
    grouped = (
        lead.annotate(deadline=task_deadline_expression(period=period, extensions=False))
        .annotate(verdict=task_verdict_expression(as_of=as_of))
        .values(*_GROUP_KEYS)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*_GROUP_KEYS, "n")
    )
    counts: dict[TaskGroup, int] = {row[:-1]: row[-1] for row in _plain_rows(grouped)}
    # The rows of an agency whose deadline was extended: few, judged again one by one.
    # A semi-join from the period's rows: joining the extensions through the task instead
    # walks every period's rows of each extended task (seconds in a province of years).
    extended = lead.filter(Exists(_approved_extension())).values("pk")
    moved = (
        TaskUpdate.objects.filter(pk__in=extended)
        .annotate(deadline=task_deadline_expression(period=period))
        .order_by()
        .values_list(
            "task__plan_id",
            "task__section_id",
            "report__agency_id",
            "status",
            "completed_on",
            "task__recurrence",
            "task__ends_on",
            "deadline",
        )
    )
    for plan_id, section_id, agency_id, status, completed_on, recurrence, own, deadline in moved:
        verdicts = [
            ev.task_verdict(
                status=status,
                deadline=day,
                completed_on=completed_on,
                as_of=as_of,
                recurring=bool(recurrence),
                period_end=period.ends_on,
            ).kind
            for day in (own, deadline)
        ]
        if verdicts[0] == verdicts[1]:
            continue
        before = (plan_id, section_id, agency_id, status, verdicts[0])
        after = (plan_id, section_id, agency_id, status, verdicts[1])
        counts[after] = counts.get(after, 0) + 1
        counts[before] -= 1
        if not counts[before]:
            del counts[before]
    return counts


@dataclass(slots=True)
class RowTask:
    """A task as the period's rows show it: plain values, one object per task (thousands
    of model instances with their related objects would cost far more than the query)."""

    pk: int
    plan: Plan
    section_id: int | None
    number: str
    name: str
    lead_text: str
    timeframe_text: str
    recurrence: str
    ends_on: dt.date | None

    @property
    def plan_id(self) -> int:
        return self.plan.pk


@dataclass(slots=True)
class RowUpdate:
    """A lead agency's update of the period, as the rows show it."""

    pk: int
    report_id: int
    agency_id: int
    agency_name: str
    task: RowTask
    status: str
    completed_on: dt.date | None
    description: str
    evidence: str
    difficulties: str
    proposals: str
    evaluation: str  # the standing body's own words ("Đánh giá của Cơ quan Thường trực")
    verdict: str  # the SQL verdict (`task_verdict_expression`), checked against the Python one

    @property
    def task_id(self) -> int:
        return self.task.pk


@dataclass(frozen=True)
class TaskRow:
    """One task update with the deadline it is judged against and its verdict."""

    update: RowUpdate
    deadline: dt.date | None
    verdict: ev.TaskVerdict

    @property
    def task(self) -> RowTask:
        return self.update.task

    @property
    def extended(self) -> bool:
        task = self.update.task
        return deadline_extended(
            ends_on=task.ends_on, deadline=self.deadline, recurring=bool(task.recurrence)
        )


_ROW_FIELDS = (
    "pk",
    "report_id",
    "report__agency_id",
    "report__agency__name",
    "task_id",
    "task__plan_id",
    "task__section_id",
    "task__number",
    "task__name",
    "task__lead_text",
    "task__timeframe_text",
    "task__recurrence",
    "task__ends_on",
    "status",
    "completed_on",
    "description",
    "evidence",
    "difficulties",
    "proposals",
    "evaluation",
    "verdict",
    "deadline",
)


def period_task_rows(
    *,
    period: ReportingPeriod,
    as_of: dt.date | None = None,
    agency_id: int | None = None,
    plan_id: int | None = None,
) -> list[TaskRow]:
    """The lead agencies' task updates of the period's plans, in plan order, each judged by
    `evaluation.task_verdict` (days late included): the rows of the result appendix, of
    the report's tasks and of the chasing letter. Two queries."""
    as_of = as_of or timezone.localdate()
    plans = {p.pk: p for p in period.plans.all()}
    updates: QuerySet[TaskUpdate, Any] = lead_task_updates(period, as_of).filter(
        task__plan_id__in=list(plans)
    )
    if agency_id is not None:
        updates = updates.filter(report__agency_id=agency_id)
    if plan_id is not None:
        updates = updates.filter(task__plan_id=plan_id)
    updates = updates.order_by(
        "task__plan__issued_on",
        "task__plan_id",
        "task__position",
        "task_id",
        "report__agency__name",
    ).values_list(*_ROW_FIELDS)
    tasks: dict[int, RowTask] = {}
    rows = []
    for (
        pk,
        report_id,
        row_agency_id,
        agency_name,
        task_id,
        row_plan_id,
        section_id,
        number,
        name,
        lead_text,
        timeframe_text,
        recurrence,
        ends_on,
        status,
        completed_on,
        description,
        evidence,
        difficulties,
        proposals,
        evaluation,
        sql_verdict,
        deadline,
    ) in updates:
        task = tasks.get(task_id)
        if task is None:
            task = tasks[task_id] = RowTask(
                task_id,
                plans[row_plan_id],
                section_id,
                number,
                name,
                lead_text,
                timeframe_text,
                recurrence,
                ends_on,
            )
        update = RowUpdate(
            pk,
            report_id,
            row_agency_id,
            agency_name,
            task,
            status,
            completed_on,
            description,
            evidence,
            difficulties,
            proposals,
            evaluation,
            sql_verdict,
        )
        verdict = ev.task_verdict(
            status=status,
            deadline=deadline,
            completed_on=completed_on,
            as_of=as_of,
            recurring=bool(recurrence),
            period_end=period.ends_on,
        )
        rows.append(TaskRow(update=update, deadline=deadline, verdict=verdict))
    return rows


def _top_sections(plan_ids: list[int]) -> tuple[dict[int, int], dict[int, Section]]:
    """section id → the id of its top-level heading; and the top-level sections."""
    sections = {s.pk: s for s in Section.objects.filter(plan_id__in=plan_ids)}
    root: dict[int, int] = {}
    for pk in sections:
        current, seen = sections[pk], 0
        while current.parent_id in sections and seen < len(sections):
            current, seen = sections[current.parent_id], seen + 1
        root[pk] = current.pk
    return root, {pk: sections[pk] for pk in set(root.values())}


# ----------------------------------------------------------------------- indicators


def period_indicator_rows(
    *, period: ReportingPeriod, approved_only: bool = False
) -> list[IndicatorRow]:
    """The indicators of the period's plans with the province's value and verdict, as in
    `period_consolidation`; `approved_only` counts only the values of approved reports
    (what may be published). A fixed number of queries."""
    plan_ids = list(period.plans.values_list("pk", flat=True))
    return _indicator_rows(period, plan_ids, approved_only=approved_only)


def _indicator_rows(
    period: ReportingPeriod, plan_ids: list[int], *, approved_only: bool = False
) -> list[IndicatorRow]:
    indicators = list(
        Indicator.objects.filter(plan_id__in=plan_ids)
        .select_related("plan", "section")
        .order_by("plan__issued_on", "plan_id", "position", "pk")
    )
    # One query for the targets, without the prefetch machinery's cost per indicator.
    targets_of: dict[int, list[Target]] = defaultdict(list)
    target: Target | None
    for target in Target.objects.filter(indicator__plan_id__in=plan_ids).order_by(
        "indicator_id", "position", "pk"
    ):
        targets_of[target.indicator_id].append(target)
    met_as_number = Case(
        When(value_met=True, then=Value(1)),
        When(value_met=False, then=Value(0)),
        output_field=IntegerField(),
    )
    lead = Q(role="lead")
    reported = Q(value_number__isnull=False) | Q(value_met__isnull=False)
    values = IndicatorValue.objects.filter(report__period=period)
    if approved_only:
        values = values.filter(report__status=AgencyReport.Status.APPROVED)
    stats: dict[int, Any] = {
        row["indicator_id"]: row
        for row in values.values("indicator_id").annotate(
            expected=Count("pk"),
            reported=Count("pk", filter=reported),
            total=Sum("value_number"),
            average=Avg("value_number"),
            lead_number=Avg("value_number", filter=lead),
            lead_met_max=Max(met_as_number, filter=lead),
            lead_met_min=Min(met_as_number, filter=lead),
            lead_text=Max("value_text", filter=lead & reported),
        )
    }
    # Only the indicators asked in the period: one whose targets all lie before the
    # period's year has no row and nothing to judge.
    indicators = [i for i in indicators if i.pk in stats]
    family_of = dict(
        IndicatorFamilyMember.objects.filter(
            confirmed=True, indicator__plan_id__in=plan_ids
        ).values_list("indicator_id", "family_id")
    )
    # The family's value: from the member with the most agencies reporting, then the newest
    # plan (the order of `indicators` puts newer plans last). Values exist only for the
    # period's plans, so members in other plans have nothing to add.
    best_in_family: dict[int, int] = {}
    for indicator in indicators:
        family = family_of.get(indicator.pk)
        if family is None:
            continue
        count = stats.get(indicator.pk, {}).get("reported", 0)
        best = best_in_family.get(family)
        if best is None or count >= stats.get(best, {}).get("reported", 0):
            best_in_family[family] = indicator.pk
    by_pk = {i.pk: i for i in indicators}

    year = period.ends_on.year
    rows = []
    for indicator in indicators:
        family = family_of.get(indicator.pk)
        source_pk = best_in_family.get(family, indicator.pk) if family else indicator.pk
        source = by_pk[source_pk]
        value, met, text = _province_value(source.aggregation, stats.get(source_pk))
        targets = targets_of.get(indicator.pk, [])
        index = ev.milestone_for_year([(t.year_from, t.year_to) for t in targets], year=year)
        target = targets[index] if index is not None else None
        own = stats.get(indicator.pk, {})
        rows.append(
            IndicatorRow(
                indicator=indicator,
                target=target,
                value=value,
                met=met,
                value_text=text,
                verdict=ev.indicator_verdict(
                    comparator=(target.comparator or None) if target else None,
                    target=target.value if target else None,
                    value=value,
                    met=met,
                    percent=_is_percent(indicator, target),
                ),
                reported=stats.get(source_pk, {}).get("reported", 0),
                expected=own.get("expected", 0),
                family_id=family,
                from_indicator_id=source_pk,
            )
        )
    return rows


def _province_value(
    aggregation: str, stats: Mapping[str, Any] | None
) -> tuple[float | None, bool | None, str]:
    """The province's value from the grouped row of one indicator, by its aggregation rule:
    lead: the lead agency's value (several lead agencies: their average); sum / average:
    over every agency that reported a number."""
    if not stats:
        return None, None, ""
    if aggregation == Indicator.Aggregation.SUM:
        return stats["total"], None, ""
    if aggregation == Indicator.Aggregation.AVERAGE:
        average = stats["average"]
        return (round(average, 2) if average is not None else None), None, ""
    met = None
    if stats["lead_met_max"] is not None:
        # Several lead agencies: achieved only when every one says so.
        met = bool(stats["lead_met_min"])
    return stats["lead_number"], met, stats["lead_text"] or ""


def _is_percent(indicator: Indicator, target: Target | None) -> bool:
    units = [indicator.unit, target.unit if target else ""]
    return any((unit or "").strip().startswith("%") for unit in units)


# ----------------------------------------------------------------------- the consolidation


def period_consolidation(
    *,
    period: ReportingPeriod,
    as_of: dt.date | None = None,
    weights: ev.ScoreWeights | None = None,
) -> Consolidation:
    """Everything the consolidated report says about `period`, judged as of `as_of` (today
    by default: a task still in progress is overdue once its deadline has passed), the
    agencies scored with `weights` (by default the ones the province set)."""
    as_of = as_of or timezone.localdate()
    weights = weights or score_weights_current()
    plans = list(period.plans.order_by("issued_on", "pk"))
    plan_ids = [p.pk for p in plans]
    root_of, top_sections = _top_sections(plan_ids)

    grouped = task_verdict_counts(period=period, as_of=as_of)
    distinct_tasks = dict(
        TaskUpdate.objects.filter(report__period=period, role=TaskUpdate.Role.LEAD)
        .values("task__plan_id")
        .annotate(n=Count("task_id", distinct=True))
        .order_by()
        .values_list("task__plan_id", "n")
    )

    reports = list(
        AgencyReport.objects.filter(period=period).select_related("agency").order_by("agency__name")
    )
    scores = {
        r.agency_id: AgencyScore(
            agency=r.agency, report=r, report_verdict=_report_verdict(r, period, as_of)
        )
        for r in reports
    }

    plan_rows = {p.pk: PlanRow(plan=p, task_count=distinct_tasks.get(p.pk, 0)) for p in plans}
    section_rows: dict[tuple[int, int | None], SectionRow] = {}
    total = TaskTally()
    # Fold the groups into the two roll-ups with plain counters first: there are about as
    # many groups as rows, and a tally per group would cost more than the query.
    by_section: dict[tuple, int] = defaultdict(int)
    by_agency: dict[tuple, int] = defaultdict(int)
    for (plan_id, section_id, agency_id, status, verdict), n in grouped.items():
        if plan_id not in plan_rows:
            # A task of a plan taken out of the period after it opened: counted nowhere,
            # so that the agencies' rows add up to the province's total.
            continue
        top = root_of.get(section_id) if section_id else None
        by_section[(plan_id, top, status, verdict)] += n
        by_agency[(agency_id, status, verdict)] += n
    for (plan_id, top, status, verdict), n in by_section.items():
        plan_row = plan_rows[plan_id]
        key = (plan_id, top)
        if key not in section_rows:
            section_rows[key] = SectionRow(section=top_sections.get(top) if top else None)
        section_rows[key].tally.add(status=status, verdict=verdict, count=n)
        plan_row.tally.add(status=status, verdict=verdict, count=n)
        total.add(status=status, verdict=verdict, count=n)
    for (agency_id, status, verdict), n in by_agency.items():
        score = scores.get(agency_id)
        if score is not None:
            score.tally.add(status=status, verdict=verdict, count=n)

    def section_order(item: tuple[tuple[int, int | None], SectionRow]) -> tuple:
        section = item[1].section
        return (section is None, section.position if section else 0)

    for key, section_row in sorted(section_rows.items(), key=section_order):
        plan_rows[key[0]].sections.append(section_row)

    ranked = _ranked(list(scores.values()), weights)
    return Consolidation(
        period=period,
        as_of=as_of,
        total=total,
        plans=list(plan_rows.values()),
        areas=_areas(ranked),
        agencies=ranked,
        indicators=_indicator_rows(period, plan_ids),
        reports=_report_tally(ranked),
        score_weights=weights,
    )


def _report_verdict(
    report: AgencyReport, period: ReportingPeriod, as_of: dt.date
) -> ev.ReportVerdict:
    return report_lateness_of(report=report, period=period, as_of=as_of)


def _ranked(scores: list[AgencyScore], weights: ev.ScoreWeights) -> list[AgencyScore]:
    for score in scores:
        score.score = ev.agency_score(
            verdict_counts=dict(score.tally.by_verdict),
            report=score.report_verdict,
            weights=weights,
        )
    scores.sort(key=lambda s: (-s.score, s.agency.name))
    previous, rank = None, 0
    for position, score in enumerate(scores, start=1):
        # Equal scores share a rank: 1, 2, 2, 4.
        if score.score != previous:
            rank, previous = position, score.score
        score.rank = rank
    return scores


def _areas(scores: list[AgencyScore]) -> list[AreaRow]:
    areas: dict[str, AreaRow] = {}
    labels = dict(Agency.Kind.choices)
    for score in scores:
        kind = score.agency.kind
        area = areas.setdefault(kind, AreaRow(kind=kind, label=labels.get(kind, kind)))
        area.agency_count += 1
        area.tally.merge(score.tally)
        area.reports.add(score.report_verdict)
    order = list(labels)
    return sorted(areas.values(), key=lambda a: order.index(a.kind) if a.kind in order else 99)


def _report_tally(scores: list[AgencyScore]) -> ReportTally:
    tally = ReportTally()
    for score in scores:
        tally.add(score.report_verdict)
    return tally
