"""What each document shows, read from the consolidation and the reporting data.

The consolidation gives the verdicts, the province's indicator values, the tallies and the
ranking (`period_consolidation`), and the per-task lines already judged
(`period_task_rows`), so the documents and the consolidation page cannot disagree. This
module only reads and reshapes, and states every count with all its categories
(`Breakdown`): a fixed number of queries per document, whatever the number of reports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from dxtrack.agencies.models import Agency
from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.agency_scores import ReportTally
from dxtrack.consolidation.aggregation import Consolidation, period_consolidation
from dxtrack.consolidation.indicator_rollup import IndicatorRow as ConsolidatedIndicator
from dxtrack.consolidation.task_rollup import TaskTally
from dxtrack.consolidation.task_rows import RowUpdate, TaskRow, period_task_rows
from dxtrack.documents.content import (
    AgencyNote,
    AppendixContent,
    Breakdown,
    ChasingContent,
    IndicatorGroup,
    IndicatorLine,
    IndicatorRow,
    IndicatorsContent,
    IndicatorSection,
    IndicatorTable,
    OwedTask,
    OwingAgency,
    Part,
    PeriodInfo,
    PlanPart,
    ProjectLine,
    ReportContent,
    ReportCounts,
    ResultGroup,
    ResultLine,
    ScorecardContent,
    ScoreLine,
    TaskGroup,
    TaskLine,
    TopicNotes,
)
from dxtrack.documents.vn_dates import vn_date
from dxtrack.plans.models import Plan, Section, Target
from dxtrack.reporting.assessment import TOPICS
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ProjectUpdate,
    ReportingPeriod,
    TaskStatus,
)

STATUS_LABELS = dict(TaskStatus.choices)
# How long agencies have to answer a chasing letter unless the department says otherwise.
DEFAULT_REPLY_DAYS = 7


# ----------------------------------------------------------------------- counts

# The categories of each count, in the words the sentences print after the number; the
# task and report ones are the labels of the tables' "Đánh giá" column, lower-cased, so a
# reader finds each category in the table.
TASK_PARTS: dict[str, str] = {
    kind: label[0].lower() + label[1:] for kind, label in ev.TASK_VERDICT_LABELS.items()
}
INDICATOR_PARTS: dict[str, str] = {
    ev.MET: "chỉ tiêu đạt",
    ev.NOT_MET: "chỉ tiêu chưa đạt",
    ev.NO_DATA: "chỉ tiêu chưa có số liệu",
    ev.NO_TARGET: "chỉ tiêu không đặt mục tiêu cho kỳ này",
}
REPORT_PARTS: dict[str, str] = {
    kind: label[0].lower() + label[1:] for kind, label in ev.REPORT_VERDICT_LABELS.items()
}


def _breakdown(labels: dict[str, str], counts: Mapping[str, int]) -> Breakdown:
    """Every category of `labels`, zeros included, in their order."""
    parts = tuple(Part(label, counts.get(kind, 0)) for kind, label in labels.items())
    return Breakdown(total=sum(counts.values()), parts=parts)


def task_breakdown(tally: TaskTally) -> Breakdown:
    return _breakdown(TASK_PARTS, tally.by_verdict)


def indicator_breakdown(rows: Iterable[ConsolidatedIndicator]) -> Breakdown:
    return _breakdown(INDICATOR_PARTS, Counter(row.verdict for row in rows))


def report_breakdown(reports: ReportTally) -> Breakdown:
    counts = {
        ev.REPORT_ON_TIME: reports.on_time,
        ev.REPORT_LATE: reports.late,
        ev.REPORT_MISSING: reports.missing,
    }
    return _breakdown(REPORT_PARTS, counts)


def period_info(period: ReportingPeriod, as_of: dt.date) -> PeriodInfo:
    return PeriodInfo(
        name=period.name,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_on=period.due_on,
        as_of=as_of,
    )


def _plan_label(plan: Plan) -> str:
    return f"{plan.number} {plan.title}".strip() if plan.number else plan.title


def _plan_reference(plan: Plan) -> str:
    """How a sentence cites a plan: by kind and number when it has one."""
    if plan.number:
        return f"{plan.kind or 'Kế hoạch'} số {plan.number}"
    return plan.title


def _section_title(section: Section | None) -> str:
    if section is None:
        return ""
    return f"{section.label}. {section.title}" if section.label else section.title


# The province's values are averages and sums: two decimals are all a report shows.
VALUE_DECIMALS = 2


def _value_shown(row: ConsolidatedIndicator) -> tuple[float | None, str]:
    if row.value is not None:
        return round(row.value, VALUE_DECIMALS), row.value_text
    if row.met is not None:
        return None, row.value_text or ("Đạt" if row.met else "Không đạt")
    return None, row.value_text


def _deadline_text(row: TaskRow) -> str:
    task = row.task
    if task.recurrence or row.deadline is None:
        return task.timeframe_text
    return vn_date(row.deadline)


def _described(update: RowUpdate) -> str:
    parts = [update.description, update.evidence]
    return "\n".join(part for part in parts if part)


def _plans_of(consolidation: Consolidation, plan: Plan | None) -> list[Plan]:
    plans = [row.plan for row in consolidation.plans]
    return [p for p in plans if plan is None or p.pk == plan.pk]


def _indicator_sections(
    rows: list[ConsolidatedIndicator],
) -> list[tuple[Section | None, list[ConsolidatedIndicator]]]:
    groups: list[tuple[Section | None, list[ConsolidatedIndicator]]] = []
    for row in rows:
        section = row.indicator.section
        if not groups or groups[-1][0] != section:
            groups.append((section, []))
        groups[-1][1].append(row)
    return groups


# ----------------------------------------------------------------------- report


def report_content(
    *, period: ReportingPeriod, plan: Plan | None = None, as_of: dt.date | None = None
) -> ReportContent:
    as_of = as_of or timezone.localdate()
    consolidation = period_consolidation(period=period, as_of=as_of)
    plans = _plans_of(consolidation, plan)
    plan_ids = [p.pk for p in plans]
    rows = period_task_rows(
        period=period, as_of=as_of, plan_id=plan.pk if plan is not None else None
    )
    sections = {s.pk: s for s in Section.objects.filter(plan_id__in=plan_ids)}
    indicators = [r for r in consolidation.indicators if r.indicator.plan_id in plan_ids]

    parts = []
    for each in plans:
        indicator_groups = tuple(
            IndicatorGroup(
                title=_section_title(section),
                lines=tuple(
                    IndicatorLine(
                        number=row.indicator.number,
                        name=row.indicator.name,
                        lead=row.indicator.lead_text,
                        unit=row.indicator.unit,
                        milestone=row.target.milestone if row.target else "",
                        target=row.target.text if row.target else "",
                        value=_value_shown(row)[0],
                        value_text=_value_shown(row)[1],
                        verdict=row.verdict_label,
                    )
                    for row in group
                ),
            )
            for section, group in _indicator_sections(
                [r for r in indicators if r.indicator.plan_id == each.pk]
            )
        )
        parts.append(
            PlanPart(
                title=each.title,
                number=each.number,
                reference=_plan_reference(each),
                indicator_groups=indicator_groups,
                task_groups=_task_groups([r for r in rows if r.task.plan_id == each.pk], sections),
            )
        )

    tally = consolidation.total
    if plan is not None:
        tally = next(row.tally for row in consolidation.plans if row.plan.pk == plan.pk)
    counts = ReportCounts(
        reports=report_breakdown(consolidation.reports),
        approved=sum(
            1 for s in consolidation.agencies if s.report.status == AgencyReport.Status.APPROVED
        ),
        tasks=task_breakdown(tally),
        tasks_done=tally.done,
        tasks_late=tally.late,
        indicators=indicator_breakdown(indicators),
    )
    return ReportContent(
        period=period_info(period, as_of),
        counts=counts,
        plans=tuple(parts),
        topics=_topics(period),
    )


def _chain(section_id: int | None, sections: dict[int, Section]) -> list[Section]:
    chain: list[Section] = []
    current = sections.get(section_id) if section_id else None
    while current is not None and len(chain) < len(sections):
        chain.append(current)
        current = sections.get(current.parent_id) if current.parent_id else None
    return list(reversed(chain))


def _task_groups(rows: list[TaskRow], sections: dict[int, Section]) -> tuple[TaskGroup, ...]:
    """The plan's tasks under their headings (A, I, 1 ...), each heading once, in order."""
    by_task: dict[int, list[TaskRow]] = defaultdict(list)
    for row in rows:
        by_task[row.update.task_id].append(row)
    groups: list[TaskGroup] = []
    pending: list[TaskLine] = []
    current: tuple[int, ...] | None = None
    shown: set[int] = set()
    head: tuple[str, str, int] = ("", "Nhiệm vụ", 0)

    def flush() -> None:
        if pending:
            groups.append(TaskGroup(head[0], head[1], head[2], tuple(pending)))
            pending.clear()

    for task_rows in by_task.values():
        task = task_rows[0].task
        chain = _chain(task.section_id, sections)
        key = tuple(s.pk for s in chain)
        if key != current:
            flush()
            current = key
            for depth, section in enumerate(chain):
                if section.pk in shown:
                    continue
                shown.add(section.pk)
                if depth < len(chain) - 1:
                    groups.append(TaskGroup(section.label, section.title, depth, ()))
            last = chain[-1] if chain else None
            head = (last.label, last.title, len(chain) - 1) if last else ("", "Nhiệm vụ khác", 0)
        pending.append(
            TaskLine(
                number=task.number,
                name=task.name,
                lead=task.lead_text,
                timeframe=task.timeframe_text,
                completion=_completion(task_rows),
                details=_details(task_rows),
            )
        )
    flush()
    return tuple(groups)


def _completion(rows: list[TaskRow]) -> str:
    verdicts = [row.verdict for row in rows]
    if len(verdicts) == 1:
        return verdicts[0].label
    counts: defaultdict[str, int] = defaultdict(int)
    for verdict in verdicts:
        counts[verdict.kind] += 1
    return "\n".join(
        f"{ev.TASK_VERDICT_LABELS[kind]}: {counts[kind]}/{len(verdicts)} đơn vị"
        for kind in ev.TASK_VERDICTS
        if counts[kind]
    )


def _details(rows: list[TaskRow]) -> str:
    if len(rows) == 1:
        return _described(rows[0].update)
    return "\n".join(
        f"- {row.update.agency_name}: {_described(row.update)}"
        for row in rows
        if _described(row.update)
    )


def _topics(period: ReportingPeriod) -> tuple[TopicNotes, ...]:
    reports = list(
        AgencyReport.objects.filter(period=period)
        .exclude(assessment={})
        .select_related("agency")
        .order_by("agency__name")
    )
    topics = []
    for key, label in TOPICS:
        issues, proposals = [], []
        for report in reports:
            entry = (report.assessment or {}).get(key) or {}
            if entry.get("issues"):
                issues.append(AgencyNote(report.agency.name, entry["issues"]))
            if entry.get("proposals"):
                proposals.append(AgencyNote(report.agency.name, entry["proposals"]))
        topics.append(TopicNotes(label, tuple(issues), tuple(proposals)))
    return tuple(topics)


# ----------------------------------------------------------------------- appendix


def appendix_content(
    *, period: ReportingPeriod, agency: Agency | None = None, as_of: dt.date | None = None
) -> AppendixContent:
    """The result table of one agency's tasks (by plan), or of every agency's (by agency)."""
    as_of = as_of or timezone.localdate()
    rows = period_task_rows(period=period, as_of=as_of, agency_id=agency.pk if agency else None)
    if agency is None:
        rows.sort(key=lambda row: row.update.agency_name)
    grouped: dict[str, list[ResultLine]] = defaultdict(list)
    for row in rows:
        update = row.update
        title = _plan_label(row.task.plan) if agency else update.agency_name
        grouped[title].append(
            ResultLine(
                number=row.task.number,
                name=row.task.name,
                deadline=_deadline_text(row),
                status=STATUS_LABELS.get(update.status, ""),
                description=_described(update),
                completed_on=vn_date(update.completed_on),
                difficulties=update.difficulties,
                proposals=update.proposals,
                verdict=row.verdict.label,
                evaluation=update.evaluation,
            )
        )
    return AppendixContent(
        period=period_info(period, as_of),
        agency=agency.name if agency else None,
        groups=tuple(ResultGroup(title, tuple(lines)) for title, lines in grouped.items()),
        verdicts=_breakdown(TASK_PARTS, Counter(row.verdict.kind for row in rows)),
        projects=_project_lines(period, agency),
    )


def _project_lines(period: ReportingPeriod, agency: Agency | None) -> tuple[ProjectLine, ...]:
    updates = ProjectUpdate.objects.filter(report__period=period).select_related(
        "project", "report__agency"
    )
    if agency is not None:
        updates = updates.filter(report__agency=agency)
    lines = []
    for update in updates.order_by("report__agency__name", "position", "pk"):
        years = sorted(int(y) for y in update.project.years or [] if str(y).isdigit())
        lines.append(
            ProjectLine(
                agency=update.report.agency.name,
                name=update.project.name,
                years=(f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]))
                if years
                else "",
                status=STATUS_LABELS.get(update.status, ""),
                description=update.description,
                funding_source=update.project.funding_source,
                budget_planned=_float(update.budget_planned),
                budget_disbursed=_float(update.budget_disbursed),
            )
        )
    return tuple(lines)


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


# ----------------------------------------------------------------------- indicators


def indicators_content(
    *, period: ReportingPeriod, plan: Plan | None = None, as_of: dt.date | None = None
) -> IndicatorsContent:
    """Each plan's indicators with the target of every milestone, the province's value in the
    period and the verdict against the milestone that judges the period."""
    as_of = as_of or timezone.localdate()
    consolidation = period_consolidation(period=period, as_of=as_of)
    # Every target of the indicators shown, in one query.
    targets_of: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(
        indicator_id__in=[r.indicator.pk for r in consolidation.indicators]
    ).order_by("indicator_id", "position", "pk"):
        targets_of[target.indicator_id].append(target)
    tables = []
    for each in _plans_of(consolidation, plan):
        rows = [r for r in consolidation.indicators if r.indicator.plan_id == each.pk]
        if not rows:
            continue
        seen: dict[str, tuple] = {}
        for row in rows:
            for target in targets_of[row.indicator.pk]:
                seen.setdefault(
                    target.milestone, (target.year_from or 0, target.year_to or 0, target.milestone)
                )
        milestones = tuple(m for m, _key in sorted(seen.items(), key=lambda item: item[1]))
        sections = []
        for section, group in _indicator_sections(rows):
            lines = []
            for row in group:
                by_milestone = {t.milestone: t.text for t in targets_of[row.indicator.pk]}
                value, value_text = _value_shown(row)
                lines.append(
                    IndicatorRow(
                        number=row.indicator.number,
                        name=row.indicator.name,
                        unit=row.indicator.unit,
                        lead=row.indicator.lead_text,
                        targets=tuple(by_milestone.get(m, "") for m in milestones),
                        value=value,
                        value_text=value_text,
                        judged_milestone=row.target.milestone if row.target else "",
                        verdict=row.verdict_label,
                    )
                )
            sections.append(IndicatorSection(_section_title(section), tuple(lines)))
        tables.append(
            IndicatorTable(
                each.title, each.number, milestones, tuple(sections), indicator_breakdown(rows)
            )
        )
    shown = {each.pk for each in _plans_of(consolidation, plan)}
    return IndicatorsContent(
        period=period_info(period, as_of),
        tables=tuple(tables),
        verdicts=indicator_breakdown(
            r for r in consolidation.indicators if r.indicator.plan_id in shown
        ),
    )


# ----------------------------------------------------------------------- chasing letter


def chasing_content(
    *,
    period: ReportingPeriod,
    reply_by: dt.date | None = None,
    as_of: dt.date | None = None,
) -> ChasingContent:
    """The agencies whose report is not sent (never sent, or returned for revision), the most
    overdue first, each with the tasks it leads and has not reported on."""
    as_of = as_of or timezone.localdate()
    consolidation = period_consolidation(period=period, as_of=as_of)
    owing = sorted(
        (s for s in consolidation.agencies if s.report_verdict.kind == ev.REPORT_MISSING),
        key=lambda s: (-s.report_verdict.days_late, s.agency.name),
    )
    report_ids = [s.report.pk for s in owing]
    owing_ids = set(report_ids)
    tasks: dict[int, list[OwedTask]] = defaultdict(list)
    for row in period_task_rows(period=period, as_of=as_of):
        if row.update.report_id not in owing_ids or row.verdict.kind != ev.NO_REPORT:
            continue
        task = row.task
        tasks[row.update.report_id].append(
            OwedTask(
                number=task.number,
                name=task.name,
                plan=task.plan.number or task.plan.title,
                deadline=_deadline_text(row) or task.timeframe_text,
            )
        )
    missing_values = dict(
        IndicatorValue.objects.filter(
            report_id__in=report_ids, value_number__isnull=True, value_met__isnull=True
        )
        .values("report_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("report_id", "n")
    )
    agencies = tuple(
        OwingAgency(
            name=score.agency.name,
            report_status=score.report_verdict.label
            if score.report.status != AgencyReport.Status.RETURNED
            else f"{score.report.get_status_display()}",
            days_late=score.report_verdict.days_late,
            tasks=tuple(tasks.get(score.report.pk, ())),
            indicators_missing=missing_values.get(score.report.pk, 0),
        )
        for score in owing
    )
    return ChasingContent(
        period=period_info(period, as_of),
        plans=tuple(_plan_reference(row.plan) for row in consolidation.plans),
        reply_by=reply_by or as_of + dt.timedelta(days=DEFAULT_REPLY_DAYS),
        agencies=agencies,
        reports=report_breakdown(consolidation.reports),
        returned=sum(1 for s in owing if s.report.status == AgencyReport.Status.RETURNED),
    )


# ----------------------------------------------------------------------- scorecard


def scorecard_content(*, period: ReportingPeriod, as_of: dt.date | None = None) -> ScorecardContent:
    as_of = as_of or timezone.localdate()
    consolidation = period_consolidation(period=period, as_of=as_of)
    reported = Q(value_number__isnull=False) | Q(value_met__isnull=False)
    values: dict[int, Any] = {
        row["report_id"]: row
        for row in IndicatorValue.objects.filter(report__period=period)
        .values("report_id")
        .annotate(total=Count("pk"), reported=Count("pk", filter=reported))
        .order_by()
    }
    lines = tuple(
        ScoreLine(
            rank=score.rank,
            agency=score.agency.name,
            report=score.report_verdict.label,
            tasks=score.tally.total,
            on_time=score.tally.on_time,
            done_late=score.tally.done_late,
            in_progress=score.tally.in_progress,
            overdue=score.tally.overdue,
            not_started=score.tally.not_started,
            not_done=score.tally.not_done,
            not_assigned=score.tally.not_assigned,
            unreported=score.tally.no_report,
            completion=score.tally.done_share,
            indicators_reported=values.get(score.report.pk, {}).get("reported", 0),
            indicators=values.get(score.report.pk, {}).get("total", 0),
            score=score.score,
        )
        for score in consolidation.agencies
    )
    return ScorecardContent(
        period=period_info(period, as_of),
        lines=lines,
        method=consolidation.score_method,
        reports=report_breakdown(consolidation.reports),
        tasks=task_breakdown(consolidation.total),
    )
