"""Reads over periods and reports, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Max, Prefetch, Q, QuerySet, When
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, agencies_filter
from dxtrack.compiled import CompiledValues
from dxtrack.plans.models import Target
from dxtrack.reporting import workflow
from dxtrack.reporting.assessment import TOPICS
from dxtrack.reporting.deadlines import deadline_extended, task_deadline
from dxtrack.reporting.history import Change, snapshot_diff
from dxtrack.reporting.models import (
    AgencyReport,
    EvidenceFile,
    ExtensionRequest,
    IndicatorValue,
    PlanProposal,
    ProjectUpdate,
    ReportingPeriod,
    ReportVersion,
    TaskUpdate,
)


def period_list() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.annotate(
        report_count=Count("reports", distinct=True),
        submitted_count=Count(
            "reports",
            filter=Q(reports__status__in=workflow.SENT),
            distinct=True,
        ),
    ).prefetch_related("plans")


def report_lateness_of(
    *, report: AgencyReport, period: ReportingPeriod, as_of: dt.date
) -> workflow.ReportVerdict:
    """`workflow.report_lateness` of a report, in local time: to the minute when the
    period's deadline has a time of day (counted until now when `as_of` is today)."""
    return _lateness(
        status=report.status,
        submitted_at=report.submitted_at,
        period=period,
        as_of=as_of,
        now=_now_if_today(as_of),
    )


def _now_if_today(as_of: dt.date) -> dt.datetime | None:
    """Local now when `as_of` is today: lateness is then counted to the minute."""
    if as_of == timezone.localdate():
        return timezone.localtime().replace(tzinfo=None)
    return None


def _lateness(
    *,
    status: str,
    submitted_at: dt.datetime | None,
    period: ReportingPeriod,
    as_of: dt.date,
    now: dt.datetime | None,
) -> workflow.ReportVerdict:
    sent_at = timezone.localtime(submitted_at).replace(tzinfo=None) if submitted_at else None
    return workflow.report_lateness(
        status=status,
        submitted_on=sent_at.date() if sent_at else None,
        due_on=period.due_on,
        as_of=as_of,
        due_time=period.due_time,
        submitted_at=sent_at,
        now=now,
    )


@dataclass(frozen=True)
class ProgressRow:
    report: AgencyReport
    days_late: int

    @property
    def agency(self):
        return self.report.agency


def period_progress_reports(*, period: ReportingPeriod, user: Actor) -> QuerySet[AgencyReport]:
    """The reports of the period the user may read, by agency name (a page of them is
    `progress_rows`' input)."""
    return (
        AgencyReport.objects.filter(period=period)
        .filter(agencies_filter(user, Action.REPORT_READ))
        .select_related("agency")
        .order_by("agency__name", "pk")
    )


def progress_rows(
    *, reports: Iterable[AgencyReport], period: ReportingPeriod, today: dt.date
) -> list[ProgressRow]:
    """Each report with days late against the due date: until it was sent, or until today
    while it is not."""
    now = _now_if_today(today)
    return [
        ProgressRow(
            report=report,
            days_late=_lateness(
                status=report.status,
                submitted_at=report.submitted_at,
                period=period,
                as_of=today,
                now=now,
            ).days_late,
        )
        for report in reports
    ]


def period_progress(
    *, period: ReportingPeriod, user: Actor, today: dt.date | None = None
) -> list[ProgressRow]:
    """Each report of the period the user may read, with days late against the due date."""
    today = today or timezone.localdate()
    return progress_rows(
        reports=period_progress_reports(period=period, user=user), period=period, today=today
    )


def period_progress_values(
    *, period: ReportingPeriod, user: Actor, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """`period_progress` as plain values (agency id and name, status, version, sent at,
    days late), for the API: six columns of each report rather than two model instances
    with every column (the assessment's JSON among them) for each of a province's
    agencies. One query."""
    today = today or timezone.localdate()
    now = _now_if_today(today)
    columns = period_progress_reports(period=period, user=user).values_list(
        "agency_id", "agency__name", "status", "version", "submitted_at"
    )
    return [
        {
            "agency_id": agency_id,
            "agency": name,
            "status": status,
            "version": version,
            "submitted_at": sent,
            "days_late": _lateness(
                status=status, submitted_at=sent, period=period, as_of=today, now=now
            ).days_late,
        }
        for agency_id, name, status, version, sent in columns
    ]


@dataclass(frozen=True)
class ProgressSummary:
    """The reports of a period split four ways, which add up to `total`: sent by the due
    date, sent after it, not sent yet before it, not sent and past it."""

    sent_on_time: int
    sent_late: int
    waiting: int
    overdue: int

    @property
    def total(self) -> int:
        return self.sent_on_time + self.sent_late + self.waiting + self.overdue

    @property
    def sent(self) -> int:
        return self.sent_on_time + self.sent_late

    @property
    def not_sent(self) -> int:
        return self.waiting + self.overdue


def progress_summary(rows: list[ProgressRow]) -> ProgressSummary:
    return _summary((row.report.status, row.days_late) for row in rows)


def period_progress_summary(
    *, period: ReportingPeriod, user: Actor, today: dt.date | None = None
) -> ProgressSummary:
    """`progress_summary` of every report the user may read in the period, from two columns
    of each (one query, no objects): the page shows a page of rows, the counts of all."""
    today = today or timezone.localdate()
    columns = (
        AgencyReport.objects.filter(period=period)
        .filter(agencies_filter(user, Action.REPORT_READ))
        .values_list("status", "submitted_at")
    )
    now = _now_if_today(today)  # once, not per report
    return _summary(
        (
            status,
            _lateness(
                status=status, submitted_at=sent, period=period, as_of=today, now=now
            ).days_late,
        )
        for status, sent in columns
    )


def _summary(rows: Iterable[tuple[str, int]]) -> ProgressSummary:
    counts = {"sent_on_time": 0, "sent_late": 0, "waiting": 0, "overdue": 0}
    for status, days_late in rows:
        if workflow.is_sent(status):
            counts["sent_late" if days_late else "sent_on_time"] += 1
        else:
            counts["overdue" if days_late else "waiting"] += 1
    return ProgressSummary(**counts)


def reports_of(*, user: Actor) -> QuerySet[AgencyReport]:
    """The reports the user may read, newest period first."""
    return (
        AgencyReport.objects.filter(agencies_filter(user, Action.REPORT_READ))
        .select_related("period", "agency")
        .order_by("-period__ends_on", "agency__name")
    )


def task_deadlines(*, agency_id: int, task_ids: list[int]) -> dict[int, dt.date]:
    """The latest deadline each task was extended to for the agency (approved requests)."""
    rows = (
        ExtensionRequest.objects.filter(
            agency_id=agency_id,
            task_id__in=task_ids,
            kind=ExtensionRequest.Kind.EXTEND,
            status=ExtensionRequest.Status.APPROVED,
        )
        .values("task_id")
        .annotate(latest=Max("proposed_end"))
    )
    return {row["task_id"]: row["latest"] for row in rows}


@dataclass
class TaskRow:
    update: TaskUpdate
    deadline: dt.date | None  # `deadlines.task_deadline`; the plan's own stays on the task
    contributions: list[TaskUpdate] = field(default_factory=list)

    @property
    def task(self):
        return self.update.task

    @property
    def extended(self) -> bool:
        task = self.update.task
        return deadline_extended(
            ends_on=task.ends_on, deadline=self.deadline, recurring=bool(task.recurrence)
        )


@dataclass
class ReportDetail:
    report: AgencyReport
    lead_tasks: list[TaskRow]
    coordinating_tasks: list[TaskRow]
    indicators: list[IndicatorValue]
    topics: list[tuple[str, str, dict[str, str]]]
    versions: list[ReportVersion]
    # The key projects it leads (Phụ lục III), with their budgets.
    projects: list[ProjectUpdate] = field(default_factory=list)

    @property
    def tasks(self) -> list[TaskRow]:
        return self.lead_tasks + self.coordinating_tasks


def report_detail(*, period_id: int, agency_id: int) -> ReportDetail:
    """One report with its rows, the coordinators' contributions to the tasks it leads,
    the approved deadlines, its history. Raises AgencyReport.DoesNotExist."""
    report = AgencyReport.objects.select_related("period", "agency", "reviewed_by").get(
        period_id=period_id, agency_id=agency_id
    )
    updates = list(
        report.task_updates.select_related("task__plan", "task__section")
        .prefetch_related(
            Prefetch("files", queryset=EvidenceFile.objects.order_by("uploaded_at", "pk"))
        )
        .order_by("role", "position", "pk")
    )
    lead_ids = [u.task_id for u in updates if u.role == TaskUpdate.Role.LEAD]
    contributions: dict[int, list[TaskUpdate]] = defaultdict(list)
    for other in (
        TaskUpdate.objects.filter(
            report__period_id=period_id, task_id__in=lead_ids, role=TaskUpdate.Role.COORDINATING
        )
        .exclude(report=report)
        .select_related("report__agency")
        .order_by("report__agency__name")
    ):
        contributions[other.task_id].append(other)
    extended = task_deadlines(agency_id=agency_id, task_ids=[u.task_id for u in updates])
    rows = [
        TaskRow(
            update=u,
            deadline=task_deadline(
                ends_on=u.task.ends_on,
                extended_to=extended.get(u.task_id),
                recurring=bool(u.task.recurrence),
                period_end=report.period.ends_on,
            ),
            contributions=contributions.get(u.task_id, []),
        )
        for u in updates
    ]
    values = list(
        report.indicator_values.select_related("indicator__plan").prefetch_related(
            Prefetch("indicator__targets", queryset=Target.objects.order_by("position", "pk"))
        )
    )
    topics = [(key, label, (report.assessment or {}).get(key, {})) for key, label in TOPICS]
    versions = list(report.versions.select_related("actor").order_by("number", "pk"))
    projects = list(
        report.project_updates.select_related("project__plan").order_by("position", "pk")
    )
    return ReportDetail(
        projects=projects,
        report=report,
        lead_tasks=[r for r in rows if r.update.role == TaskUpdate.Role.LEAD],
        coordinating_tasks=[r for r in rows if r.update.role == TaskUpdate.Role.COORDINATING],
        indicators=values,
        topics=topics,
        versions=versions,
    )


@dataclass
class ReportRows:
    """A report and its rows as plain values (no model built): what the API shows.

    report: the report's columns with `period__name`, `period__due_on`, `period__ends_on`,
    `agency__name`; tasks: its task rows, those it leads first, each with its `task__`
    columns, `deadline` (`deadlines.task_deadline`) and `files`; indicators: its indicator
    rows with their `indicator__` columns and `targets` (milestone, text, year_from, year_to
    in the plan's order); projects: its key project rows with their `project__` columns.
    """

    report: dict[str, Any]
    tasks: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    projects: list[dict[str, Any]]


_REPORT_COLUMNS = (
    "pk",
    "status",
    "version",
    "assessment",
    "submitted_at",
    "reviewed_at",
    "review_comment",
    "period_id",
    "period__name",
    "period__due_on",
    "period__ends_on",
    "agency_id",
    "agency__name",
)
_TASK_COLUMNS = (
    "pk",
    "task_id",
    "role",
    "status",
    "description",
    "evidence",
    "completed_on",
    "difficulties",
    "proposals",
    "evaluation",
    "dispute_decision",
    "carried_over",
    "task__plan_id",
    "task__number",
    "task__name",
    "task__ends_on",
    "task__recurrence",
    "task__funding_source",
    "task__budget",
)
_INDICATOR_COLUMNS = (
    "pk",
    "indicator_id",
    "role",
    "value_text",
    "value_number",
    "value_met",
    "note",
    "source",
    "indicator__plan_id",
    "indicator__number",
    "indicator__name",
    "indicator__unit",
)
_PROJECT_COLUMNS = (
    "pk",
    "project_id",
    "status",
    "description",
    "budget_planned",
    "budget_disbursed",
    "project__name",
    "project__years",
    "project__funding_source",
)


_REPORT_HEAD = CompiledValues(
    lambda period, agency: AgencyReport.objects.filter(period_id=period, agency_id=agency)
    .order_by()
    .values(*_REPORT_COLUMNS),
    "period",
    "agency",
)
_TASKS = CompiledValues(
    lambda report: TaskUpdate.objects.filter(report_id=report)
    .order_by("role", "position", "pk")
    .values(*_TASK_COLUMNS),
    "report",
)
_FILES = CompiledValues(
    lambda report: EvidenceFile.objects.filter(update__report_id=report)
    .order_by("uploaded_at", "pk")
    .values("pk", "update_id", "original_name", "content_type", "size"),
    "report",
)
# The agency's approved extensions are few: all of them, rather than a hundred task ids.
_EXTENSIONS = CompiledValues(
    lambda agency: ExtensionRequest.objects.filter(
        agency_id=agency,
        kind=ExtensionRequest.Kind.EXTEND,
        status=ExtensionRequest.Status.APPROVED,
    )
    .order_by()
    .values("task_id", "proposed_end"),
    "agency",
)
_INDICATORS = CompiledValues(
    lambda report: IndicatorValue.objects.filter(report_id=report)
    .order_by("position", "pk")
    .values(*_INDICATOR_COLUMNS),
    "report",
)
_TARGETS = CompiledValues(
    lambda report: Target.objects.filter(indicator__values__report_id=report)
    .order_by("position", "pk")
    .values("indicator_id", "milestone", "text", "year_from", "year_to"),
    "report",
)
_PROJECTS = CompiledValues(
    lambda report: ProjectUpdate.objects.filter(report_id=report)
    .order_by("position", "pk")
    .values(*_PROJECT_COLUMNS),
    "report",
)


def report_rows(*, period_id: int, agency_id: int) -> ReportRows:
    """One report with its rows, in seven queries whatever its size, each compiled once
    (`compiled.CompiledValues`). Unlike `report_detail` it builds no model and reads neither
    the history nor the coordinators' contributions. Raises AgencyReport.DoesNotExist."""
    found = _REPORT_HEAD(period=period_id, agency=agency_id)
    if not found:
        raise AgencyReport.DoesNotExist
    report = found[0]
    tasks = _TASKS(report=report["pk"])
    files: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for file in _FILES(report=report["pk"]):
        files[file["update_id"]].append(file)
    extended: dict[int, dt.date] = {}
    for extension in _EXTENSIONS(agency=agency_id):
        task_id, end = extension["task_id"], extension["proposed_end"]
        if end is not None:
            extended[task_id] = max(end, extended.get(task_id, end))
    for row in tasks:
        row["deadline"] = task_deadline(
            ends_on=row["task__ends_on"],
            extended_to=extended.get(row["task_id"]),
            recurring=bool(row["task__recurrence"]),
            period_end=report["period__ends_on"],
        )
        row["files"] = files.get(row["pk"], [])
    indicators = _INDICATORS(report=report["pk"])
    targets: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for target in _TARGETS(report=report["pk"]):
        targets[target["indicator_id"]].append(target)
    for row in indicators:
        row["targets"] = targets.get(row["indicator_id"], [])
    lead = TaskUpdate.Role.LEAD
    return ReportRows(
        report=report,
        tasks=[t for t in tasks if t["role"] == lead] + [t for t in tasks if t["role"] != lead],
        indicators=indicators,
        projects=_PROJECTS(report=report["pk"]),
    )


def version_changes(*, report: AgencyReport, older: int, newer: int) -> list[Change]:
    """What changed in the report between two of its versions (by version number)."""
    snapshots = {
        v.number: v.snapshot
        for v in ReportVersion.objects.filter(report=report, number__in=[older, newer]).order_by(
            "pk"
        )
    }
    return snapshot_diff(snapshots.get(older, {}), snapshots.get(newer, {}))


@dataclass(frozen=True)
class ReportRowsCount:
    task_updates: int
    indicator_values: int


def report_rows_count(*, task_ids: list[int], indicator_ids: list[int]) -> ReportRowsCount:
    """How many report rows the tasks and indicators hold: what deleting them (a revised
    plan that drops them) deletes with them. Two queries at most."""
    return ReportRowsCount(
        task_updates=TaskUpdate.objects.filter(task__in=task_ids).count() if task_ids else 0,
        indicator_values=IndicatorValue.objects.filter(indicator__in=indicator_ids).count()
        if indicator_ids
        else 0,
    )


def plan_proposals() -> QuerySet[PlanProposal]:
    """Plans proposed from result tables, those waiting for the coordinator first."""
    waiting = Case(When(status=PlanProposal.Status.PENDING, then=0), default=1)
    return PlanProposal.objects.select_related("report__agency", "report__period", "plan").order_by(
        waiting, "-created_at", "-pk"
    )
