"""The tasks of a period rolled up by plan, by the plan's top-level headings and by agency.

Counting rule: a task led by several agencies (or by a group: "UBND các xã, phường, đặc
khu") counts once per lead agency, because each owes its own part and reports its own
status; so the totals by plan, by area and by agency always add up to the same number.
Coordinating agencies' rows are contributions and are not counted.

The counting itself is done in the database (`verdict_queries.task_verdict_counts`);
Python only folds the grouped rows, whose number depends on the plans' structure, not on
the number of reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.verdict_queries import TaskGroup
from dxtrack.plans.models import Plan, Section
from dxtrack.reporting.models import ReportingPeriod, TaskStatus, TaskUpdate


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
class TaskRollup:
    """The period's tasks by plan (each with its top-level headings), in total and by agency."""

    plans: list[PlanRow]
    total: TaskTally
    agencies: dict[int, TaskTally]


def task_rollup(
    *,
    period: ReportingPeriod,
    plans: list[Plan],
    grouped: dict[TaskGroup, int],
    sections: Mapping[int, Section] | None = None,
) -> TaskRollup:
    """Fold the grouped task counts of `period` (`task_verdict_counts`) into the rows of
    `plans`, their headings, the province's total and each agency's tally. `sections`:
    every section of the plans by id (`plan_sections`), read here when not given. Two
    queries (one when `sections` is given)."""
    if sections is None:
        sections = plan_sections(plan_ids=[p.pk for p in plans])
    root_of, top_sections = _top_sections(sections)
    distinct_tasks = dict(
        TaskUpdate.objects.filter(report__period=period, role=TaskUpdate.Role.LEAD)
        .values("task__plan_id")
        .annotate(n=Count("task_id", distinct=True))
        .order_by()
        .values_list("task__plan_id", "n")
    )
    plan_rows = {p.pk: PlanRow(plan=p, task_count=distinct_tasks.get(p.pk, 0)) for p in plans}
    section_rows: dict[tuple[int, int | None], SectionRow] = {}
    total = TaskTally()
    agencies: dict[int, TaskTally] = {}
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
        agencies.setdefault(agency_id, TaskTally()).add(status=status, verdict=verdict, count=n)

    def section_order(item: tuple[tuple[int, int | None], SectionRow]) -> tuple:
        section = item[1].section
        return (section is None, section.position if section else 0)

    for key, section_row in sorted(section_rows.items(), key=section_order):
        plan_rows[key[0]].sections.append(section_row)
    return TaskRollup(plans=list(plan_rows.values()), total=total, agencies=agencies)


def plan_sections(*, plan_ids: list[int]) -> dict[int, Section]:
    """Every section of the plans, by id. One query."""
    return {s.pk: s for s in Section.objects.filter(plan_id__in=plan_ids)}


def _top_sections(sections: Mapping[int, Section]) -> tuple[dict[int, int], dict[int, Section]]:
    """section id → the id of its top-level heading; and the top-level sections."""
    root: dict[int, int] = {}
    for pk in sections:
        current, seen = sections[pk], 0
        while current.parent_id is not None and current.parent_id in sections:
            if seen >= len(sections):
                break
            current, seen = sections[current.parent_id], seen + 1
        root[pk] = current.pk
    return root, {pk: sections[pk] for pk in set(root.values())}
