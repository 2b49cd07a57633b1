"""Reporting periods: created, opened (a report per agency with work in the period, a row
per task and indicator it owes), closed. Each service checks access, runs in one
transaction and writes the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_record
from dxtrack.plans.models import KeyProject, Plan, Task
from dxtrack.reporting import period_rules
from dxtrack.reporting.errors import FieldError, ReportingError, ReportInvalid
from dxtrack.reporting.expectations import period_expectations
from dxtrack.reporting.models import (
    COMPLETED_STATUSES,
    AgencyReport,
    IndicatorValue,
    ProjectUpdate,
    ReportingPeriod,
    ReportVersion,
    TaskUpdate,
)
from dxtrack.reporting.versions import snapshot_rows


@transaction.atomic
def period_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    due_on: dt.date,
    consolidated_due_on: dt.date | None = None,
    plan_ids: list[int],
    due_time: dt.time | None = None,
) -> ReportingPeriod:
    require(actor, Action.PERIOD_MANAGE)
    errors = []
    if not name.strip():
        errors.append(FieldError("name", "Tên kỳ báo cáo không được để trống."))
    if kind not in ReportingPeriod.Kind.values:
        errors.append(FieldError("kind", f"Loại kỳ “{kind}” không hợp lệ."))
    if starts_on > ends_on:
        errors.append(FieldError("end", "Ngày kết thúc kỳ phải sau ngày bắt đầu."))
    if due_on < starts_on:
        errors.append(FieldError("due", "Hạn gửi báo cáo phải sau ngày bắt đầu kỳ."))
    if not plan_ids:
        errors.append(FieldError("plans", "Chọn ít nhất một kế hoạch."))
    plans = list(Plan.objects.filter(pk__in=plan_ids))
    if len(plans) != len(set(plan_ids)):
        errors.append(FieldError("plans", "Có kế hoạch không tồn tại trong danh sách đã chọn."))
    if errors:
        raise ReportInvalid(errors)
    period = ReportingPeriod.objects.create(
        name=name.strip(),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        consolidated_due_on=consolidated_due_on,
        due_time=due_time,
        created_by=account_of(actor),
    )
    period.plans.set(plans)
    audit_record(actor=actor, action="period.create", target=period)
    return period


@transaction.atomic
def period_series_create(
    *,
    actor: Actor,
    plan_id: int,
    first_start: dt.date,
    count: int,
    kind: str = "",
    due_rule: str = "",
) -> list[ReportingPeriod]:
    """Create `count` consecutive periods of `kind` for a plan in one step (twelve monthly
    reports due on the 10th of the next month, a year of daily reports due before 16:00),
    each named, dated and due by `due_rule` (period_rules). The plan's own regime
    (`Plan.report_kind`, `Plan.report_due_rule`) fills what is not given. All or nothing."""
    require(actor, Action.PERIOD_MANAGE)
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise ReportInvalid([FieldError("plan", f"Không có kế hoạch số {plan_id}.")])
    kind = kind or plan.report_kind
    due_rule = due_rule or plan.report_due_rule
    errors = []
    if kind not in period_rules.KINDS or kind == period_rules.AD_HOC:
        errors.append(
            FieldError("kind", f"Loại kỳ “{kind}” không lập thành chuỗi kỳ báo cáo được.")
        )
    if not 1 <= count <= 366:
        errors.append(FieldError("count", "Số kỳ phải từ 1 đến 366."))
    if kind in ("monthly", "quarterly", "half_yearly", "nine_months", "yearly") and (
        first_start.day > 28
    ):
        errors.append(FieldError("first_start", "Kỳ theo tháng phải bắt đầu trước ngày 29."))
    if errors:
        raise ReportInvalid(errors)
    periods = []
    try:
        for starts_on, ends_on in period_rules.series_bounds(
            kind=kind, first_start=first_start, count=count
        ):
            due = period_rules.due_from_rule(rule=due_rule, kind=kind, ends_on=ends_on)
            period = period_create(
                actor=actor,
                name=period_rules.period_name(kind=kind, starts_on=starts_on, ends_on=ends_on),
                kind=kind,
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=due.on,
                consolidated_due_on=due.consolidated_on,
                plan_ids=[plan.pk],
                due_time=due.time,
            )
            periods.append(period)
    except period_rules.DueRuleError as error:
        raise ReportInvalid([FieldError("due_rule", str(error))]) from None
    audit_record(
        actor=actor,
        action="period.series_create",
        target=plan,
        details={"kind": kind, "due_rule": due_rule, "periods": [p.pk for p in periods]},
    )
    return periods


@dataclass
class OpenResult:
    period: ReportingPeriod
    reports_created: int
    rows_created: int


def _completed_earlier(period: ReportingPeriod, task_ids: list[int]) -> dict[tuple, TaskUpdate]:
    """(agency id, task id) → the approved update that reported the task done before."""
    earlier = (
        TaskUpdate.objects.filter(
            task_id__in=task_ids,
            task__recurrence="",
            status__in=COMPLETED_STATUSES,
            report__status=AgencyReport.Status.APPROVED,
            report__period__ends_on__lt=period.starts_on,
        )
        .select_related("report")
        .order_by("report__period__ends_on")
    )
    return {(u.report.agency_id, u.task_id): u for u in earlier}


@transaction.atomic
def period_open(*, period: ReportingPeriod, actor: Actor) -> OpenResult:
    """Create one report per agency with work in the period, with a row per task and indicator.

    Opening again (after a plan was revised or an agency added) adds what is missing and
    never removes or overwrites what agencies have written.
    """
    require(actor, Action.PERIOD_MANAGE)
    if period.status == ReportingPeriod.Status.CLOSED:
        raise ReportingError("Kỳ báo cáo đã đóng, không thể mở lại.")
    plan_ids = list(period.plans.values_list("pk", flat=True))
    today = timezone.localdate()
    expectations = period_expectations(
        plan_ids=plan_ids,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        on=max(period.due_on, today),
    )
    existing = {r.agency_id: r for r in AgencyReport.objects.filter(period=period)}
    new_reports = [
        AgencyReport(period=period, agency_id=agency_id)
        for agency_id in expectations
        if agency_id not in existing
    ]
    AgencyReport.objects.bulk_create(new_reports)
    reports = {r.agency_id: r for r in AgencyReport.objects.filter(period=period)}

    all_task_ids = sorted({t for e in expectations.values() for t in e.tasks})
    positions = dict(
        Task.objects.filter(pk__in=all_task_ids)
        # Undated plans first on every backend (PostgreSQL would put NULLs last).
        .order_by(F("plan__issued_on").asc(nulls_first=True), "plan_id", "position")
        .values_list("pk", "position")
    )
    order = {pk: i for i, pk in enumerate(positions)}
    done_before = _completed_earlier(period, all_task_ids)
    have_tasks = set(
        TaskUpdate.objects.filter(report__period=period).values_list("report_id", "task_id")
    )
    have_values = set(
        IndicatorValue.objects.filter(report__period=period).values_list(
            "report_id", "indicator_id"
        )
    )
    updates, values = [], []
    for agency_id, expectation in expectations.items():
        report = reports[agency_id]
        for task_id, role in expectation.tasks.items():
            if (report.pk, task_id) in have_tasks:
                continue
            update = TaskUpdate(
                report=report, task_id=task_id, role=role, position=order.get(task_id, 0)
            )
            earlier = done_before.get((agency_id, task_id))
            if earlier is not None:
                update.status = earlier.status
                update.completed_on = earlier.completed_on
                update.description = earlier.description
                update.evidence = earlier.evidence
                update.carried_over = True
            updates.append(update)
        for position, (indicator_id, role) in enumerate(sorted(expectation.indicators.items())):
            if (report.pk, indicator_id) not in have_values:
                values.append(
                    IndicatorValue(
                        report=report, indicator_id=indicator_id, role=role, position=position
                    )
                )
    have_projects = set(
        ProjectUpdate.objects.filter(report__period=period).values_list("report_id", "project_id")
    )
    missing = [
        (agency_id, position, project_id)
        for agency_id, expectation in expectations.items()
        for position, project_id in enumerate(sorted(expectation.projects))
        if (reports[agency_id].pk, project_id) not in have_projects
    ]
    # The plan's budget is the row's planned budget until the agency writes its own.
    budgets = (
        dict(
            KeyProject.objects.filter(pk__in={p for _, _, p in missing}).values_list(
                "pk", "budget"
            )
        )
        if missing
        else {}
    )
    projects = [
        ProjectUpdate(
            report=reports[agency_id],
            project_id=project_id,
            budget_planned=budgets.get(project_id),
            position=position,
        )
        for agency_id, position, project_id in missing
    ]
    TaskUpdate.objects.bulk_create(updates, batch_size=500)
    IndicatorValue.objects.bulk_create(values, batch_size=500)
    ProjectUpdate.objects.bulk_create(projects, batch_size=500)
    _record_initial_versions(new_reports, actor)

    if period.status == ReportingPeriod.Status.DRAFT:
        period.status = ReportingPeriod.Status.OPEN
        period.opened_at = timezone.now()
        period.save(update_fields=["status", "opened_at", "updated_at"])
    audit_record(
        actor=actor,
        action="period.open",
        target=period,
        details={
            "reports_created": len(new_reports),
            "rows_created": len(updates) + len(values) + len(projects),
        },
    )
    return OpenResult(period, len(new_reports), len(updates) + len(values) + len(projects))


def _record_initial_versions(reports: list[AgencyReport], actor: Actor) -> None:
    # SQLite and PostgreSQL both return the new ids from bulk_create.
    ids = [r.pk for r in reports]
    tasks: dict[int, list[TaskUpdate]] = {pk: [] for pk in ids}
    for update in TaskUpdate.objects.filter(report_id__in=ids):
        tasks[update.report_id].append(update)
    values: dict[int, list[IndicatorValue]] = {pk: [] for pk in ids}
    for value in IndicatorValue.objects.filter(report_id__in=ids):
        values[value.report_id].append(value)
    ReportVersion.objects.bulk_create(
        [
            ReportVersion(
                report_id=pk,
                number=1,
                action="open",
                status=AgencyReport.Status.DRAFT,
                actor=account_of(actor),
                snapshot=snapshot_rows(
                    tasks=tasks[pk],
                    indicators=values[pk],
                    status=AgencyReport.Status.DRAFT,
                    assessment={},
                ),
            )
            for pk in ids
        ],
        batch_size=500,
    )


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor: Actor) -> ReportingPeriod:
    require(actor, Action.PERIOD_MANAGE)
    if period.status != ReportingPeriod.Status.OPEN:
        raise ReportingError("Chỉ đóng được kỳ báo cáo đang mở.")
    period.status = ReportingPeriod.Status.CLOSED
    period.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="period.close", target=period)
    return period
