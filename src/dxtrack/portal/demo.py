"""A history of sample reporting periods for `dxtrack demo`, so that a newcomer sees a living
dashboard and portal at once: yearly reports for 2024 and 2025 and the quarters of this
year already due, over the bundled plans, filled in, sent, approved and published.

Everything goes through the real services (period_create, period_open, report_save,
report_submit, report_approve, period_close, indicator_public_set, period_publish), so the
history holds only what the product itself can produce: versions, audit entries and
snapshots included. Two things are then dated back, because a service stamps "now": when
each sample report was sent and reviewed (mostly by the due date, some late), and when each
period was published. Every name says "dữ liệu mẫu".

Deterministic: values and statuses come from a random generator seeded per period, agency and
item, so two runs give the same figures. Idempotent: a period whose name exists is skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.models import Profile, Role
from dxtrack.plans.models import Indicator, Plan, Target
from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.portal.models import Publication
from dxtrack.portal.services import indicator_public_set, period_publish
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ReportingPeriod,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.period_rules import default_due_dates, period_bounds
from dxtrack.reporting.period_services import period_close, period_create, period_open
from dxtrack.reporting.report_input import IndicatorInput, ReportInput, TaskInput
from dxtrack.reporting.report_services import report_approve, report_save, report_submit
from dxtrack.vn_text import fold

SAMPLE = "dữ liệu mẫu"
SEED = "dxtrack-demo-2024"


@dataclass(frozen=True)
class SamplePeriod:
    name: str
    kind: str
    year: int
    number: int
    plans: tuple[str, ...]  # the bundled plans, by the prefix of their file ("000", "003")


# The plans of each period: 000 (2022–2025) and 001 (Plan 38/KH-UBND, to 2025) report on
# 2024 and 2025; 003 (Resolution 57, issued 2025) from 2025; 002 (2026–2030) from 2026.
HISTORY = (
    SamplePeriod(f"Báo cáo năm 2024 ({SAMPLE})", "yearly", 2024, 1, ("000", "001")),
    SamplePeriod(f"Báo cáo năm 2025 ({SAMPLE})", "yearly", 2025, 1, ("000", "001", "003")),
    SamplePeriod(f"Báo cáo quý I/2026 ({SAMPLE})", "quarterly", 2026, 1, ("002", "003")),
    SamplePeriod(f"Báo cáo quý II/2026 ({SAMPLE})", "quarterly", 2026, 2, ("002", "003")),
    SamplePeriod(f"Báo cáo quý III/2026 ({SAMPLE})", "quarterly", 2026, 3, ("002", "003")),
)

# The key indicators made public: (plan file prefix, words of the folded name), the first
# indicator of the plan whose name holds them all.
KEY_INDICATORS = (
    ("000", "chu ky so"),
    ("000", "su dung dich vu cong truc tuyen"),
    ("000", "cap quang"),
    ("000", "dien thoai thong minh"),
    ("003", "chu so hoac chu ky dien tu"),
    ("003", "dich vu cong truc tuyen toan trinh"),
    ("003", "dinh danh dien tu"),
    ("003", "quy mo kinh te so"),
    ("003", "phu song 5g"),
    ("002", "dan so truong thanh chu ky so"),
    ("002", "dich vu cong truc tuyen toan trinh tren"),
    ("002", "5g"),
    ("002", "ty trong kinh te so grdp"),
)

# Shares of the reports of a period left sent but not approved, and not sent at all: the
# portal must show neither, and the dashboard shows them waiting.
LEFT_SUBMITTED = 0.12
LEFT_DRAFT = 0.05


@dataclass
class DemoHistory:
    periods: list[ReportingPeriod] = field(default_factory=list)
    reports_approved: int = 0
    reports_waiting: int = 0
    values_published: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.periods:
            return "Lịch sử báo cáo mẫu đã có."
        return (
            f"Lịch sử báo cáo mẫu: {len(self.periods)} kỳ, {self.reports_approved} báo cáo đã "
            f"duyệt ({self.reports_waiting} còn chờ), {self.values_published} số liệu chỉ tiêu "
            f"công khai ({self.seconds:.1f} giây)."
        )


def _rng(*parts: Any) -> random.Random:
    # A string seed is hashed the same way in every run (unlike hash()).
    return random.Random(":".join([SEED, *map(str, parts)]))  # noqa: S311 - sample data


def _bundled_plans() -> dict[str, Plan]:
    plans: dict[str, Plan] = {}
    for plan in Plan.objects.exclude(source_file="").order_by("pk"):
        prefix = plan.source_file.split("_", 1)[0]
        plans.setdefault(prefix, plan)
    return plans


def key_indicators(plans: dict[str, Plan]) -> list[Indicator]:
    """The sample's public indicators found in the bundled plans (missing ones skipped)."""
    found = []
    by_plan: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.filter(plan__in=plans.values()).order_by("position", "pk"):
        by_plan.setdefault(indicator.plan_id, []).append(indicator)
    for prefix, words in KEY_INDICATORS:
        plan = plans.get(prefix)
        for indicator in by_plan.get(plan.pk, []) if plan else []:
            if all(word in fold(indicator.name) for word in words.split()):
                found.append(indicator)
                break
    return found


# ----------------------------------------------------------------------- values


def _years_since_start(day: dt.date) -> float:
    return (day - dt.date(2024, 1, 1)).days / 365.25


def sample_value(
    *,
    indicator: Indicator,
    target: Target | None,
    period: ReportingPeriod,
    base: float | None = None,
    share: float = 1.0,
) -> str:
    """A plausible value as an agency writes it ("62,5%", "1.250", "Đạt"), or "" when the
    indicator has no target to aim at in the period.

    Each indicator follows its own seeded path from its first numeric target (`base`, else
    the period's): between half and most of it in 2024, growing every year, so some are met,
    some not yet, some short at their milestone, and the path does not jump when a later
    milestone starts to judge it. `share` splits a summed count between agencies."""
    if target is None or not target.comparator:
        return ""
    rng = _rng("indicator", indicator.pk)
    noise = _rng("value", indicator.pk, period.name).uniform(-0.02, 0.02)
    t = _years_since_start(period.ends_on)
    if target.comparator == Target.Comparator.DONE:
        return "Đạt" if rng.random() < 0.3 + 0.2 * t else "Không đạt"
    goal = base if base is not None else target.value
    if goal is None:
        return ""
    if target.comparator in (Target.Comparator.LE, Target.Comparator.LT):
        # A rank to bring down (≤ 15): from well above the target towards it.
        rank = goal * (rng.uniform(1.3, 1.9) - rng.uniform(0.15, 0.3) * t)
        return str(max(1, round(rank)))
    level = rng.uniform(0.7, 0.95) + rng.uniform(0.05, 0.14) * t + noise
    value = goal * level * share
    percent = (indicator.unit or target.unit or "").strip().startswith("%")
    if percent:
        return f"{format_vn_number(round(min(value, 100.0), 1))}%"
    if goal >= 20:
        return format_vn_number(round(value))
    return format_vn_number(round(value, 2))


def _targets_by_indicator(indicator_ids: list[int]) -> dict[int, list[Target]]:
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator_id__in=indicator_ids).order_by(
        "indicator_id", "position", "pk"
    ):
        targets.setdefault(target.indicator_id, []).append(target)
    return targets


def _target_for(targets: list[Target], year: int) -> Target | None:
    from dxtrack.consolidation.evaluation import milestone_for_year

    index = milestone_for_year([(t.year_from, t.year_to) for t in targets], year=year)
    return targets[index] if index is not None else None


# ----------------------------------------------------------------------- tasks


def sample_task(*, update: TaskUpdate, period: ReportingPeriod, today: dt.date) -> TaskInput:
    """A plausible status for a task: mostly done when its deadline fell in the period, in
    progress when it lies ahead, recurring work carried out."""
    task = update.task
    rng = _rng("task", period.name, update.report.agency_id, task.pk)
    note = f"Đã triển khai theo kế hoạch ({SAMPLE})."
    if task.recurrence:
        return TaskInput(status=TaskStatus.IN_PROGRESS, description=note)
    deadline = task.ends_on
    last_day = min(period.ends_on, today)
    roll = rng.random()
    if deadline is not None and deadline <= period.ends_on:
        if roll < 0.62:
            day = min(deadline, last_day) - dt.timedelta(days=rng.randint(0, 40))
            done_on = max(day, period.starts_on)
            return TaskInput(status=TaskStatus.DONE, description=note, completed_on=done_on)
        if roll < 0.75:
            late = min(deadline + dt.timedelta(days=rng.randint(5, 45)), last_day)
            return TaskInput(status=TaskStatus.DONE_LATE, description=note, completed_on=late)
        if roll < 0.95:
            return TaskInput(status=TaskStatus.IN_PROGRESS, description=note)
        return TaskInput(status=TaskStatus.NOT_STARTED)
    if roll < 0.12:
        done_on = last_day - dt.timedelta(days=rng.randint(0, 60))
        return TaskInput(
            status=TaskStatus.DONE, description=note, completed_on=max(done_on, period.starts_on)
        )
    if roll < 0.85:
        return TaskInput(status=TaskStatus.IN_PROGRESS, description=note)
    return TaskInput(status=TaskStatus.NOT_STARTED)


# ----------------------------------------------------------------------- people


def _reporters(agency_ids: set[int]) -> dict[int, Any]:
    """A reporter for each agency: its own account where the demo made one, else a sample
    account that cannot sign in (no usable password)."""
    user_model = get_user_model()
    found: dict[int, Any] = {}
    for profile in (
        Profile.objects.filter(role=Role.REPORTER, agency_id__in=agency_ids)
        .select_related("user")
        .order_by("pk")
    ):
        if profile.agency_id is not None:  # filtered on agency_id above
            found.setdefault(profile.agency_id, profile.user)
    for agency_id in sorted(agency_ids - set(found)):
        user = user_model(
            username=f"mau.donvi{agency_id}",
            last_name="Cán bộ báo cáo",
            first_name=f"({SAMPLE})",
        )
        user.set_unusable_password()
        user.save()
        Profile.objects.create(user=user, role=Role.REPORTER, agency_id=agency_id)
        found[agency_id] = user
    return found


# ----------------------------------------------------------------------- the history


def demo_history(*, coordinator: Any, today: dt.date | None = None) -> DemoHistory:
    """Create, fill, approve and publish the sample periods due before `today` that do not
    exist yet."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    history = DemoHistory()
    plans = _bundled_plans()
    existing = set(ReportingPeriod.objects.values_list("name", flat=True))
    todo = []
    for sample in HISTORY:
        _, ends_on = period_bounds(kind=sample.kind, year=sample.year, number=sample.number)
        due_on, _ = default_due_dates(kind=sample.kind, ends_on=ends_on)
        chosen = [plans[p] for p in sample.plans if p in plans]
        if sample.name not in existing and due_on < today and chosen:
            todo.append(sample)
    if not todo:
        return history
    for indicator in key_indicators(plans):
        indicator_public_set(indicator=indicator, public=True, actor=coordinator)
    for sample in todo:
        _period_history(sample, plans, coordinator, today, history)
    history.seconds = time.perf_counter() - started
    return history


@transaction.atomic
def _period_history(
    sample: SamplePeriod,
    plans: dict[str, Plan],
    coordinator: Any,
    today: dt.date,
    history: DemoHistory,
) -> None:
    starts_on, ends_on = period_bounds(kind=sample.kind, year=sample.year, number=sample.number)
    due_on, consolidated_due_on = default_due_dates(kind=sample.kind, ends_on=ends_on)
    period = period_create(
        actor=coordinator,
        name=sample.name,
        kind=sample.kind,
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        consolidated_due_on=consolidated_due_on,
        plan_ids=[plans[p].pk for p in sample.plans if p in plans],
    )
    period_open(period=period, actor=coordinator)
    # By id, not by name: names sort by the database's collation, and the sample must be the
    # same on SQLite and PostgreSQL.
    reports = list(AgencyReport.objects.filter(period=period).order_by("agency_id", "pk"))
    reporters = _reporters({r.agency_id for r in reports})
    values = list(
        IndicatorValue.objects.filter(report__period=period)
        .select_related("indicator")
        .order_by("pk")
    )
    targets = _targets_by_indicator(sorted({v.indicator_id for v in values}))
    values_of: dict[int, list[IndicatorValue]] = {}
    for value in values:
        values_of.setdefault(value.report_id, []).append(value)
    summed_by = {
        indicator_id: sum(1 for v in values if v.indicator_id == indicator_id)
        for indicator_id in {v.indicator_id for v in values if v.indicator.aggregation == "sum"}
    }
    updates_of: dict[int, list[TaskUpdate]] = {}
    for update in (
        TaskUpdate.objects.filter(report__period=period)
        .select_related("task", "report")
        .order_by("pk")
    ):
        updates_of.setdefault(update.report_id, []).append(update)

    sent = []
    for report in reports:
        fate = _rng("fate", period.name, report.agency_id).random()
        if fate < LEFT_DRAFT:
            history.reports_waiting += 1
            continue
        reporter = reporters[report.agency_id]
        data = ReportInput()
        for update in updates_of.get(report.pk, []):
            if not update.carried_over:
                data.tasks[update.task_id] = sample_task(update=update, period=period, today=today)
        for value in values_of.get(report.pk, []):
            indicator = value.indicator
            if value.role != "lead" and indicator.aggregation == Indicator.Aggregation.LEAD:
                continue  # only the lead agency's value counts for such an indicator
            own = targets.get(indicator.pk, [])
            target = _target_for(own, ends_on.year)
            base = next((t.value for t in own if t.value is not None), None)
            share = 1 / summed_by[indicator.pk] if indicator.pk in summed_by else 1.0
            text = sample_value(
                indicator=indicator, target=target, period=period, base=base, share=share
            )
            if text:
                data.indicators[indicator.pk] = IndicatorInput(
                    value=text, source=f"Số liệu thống kê của đơn vị ({SAMPLE})"
                )
        report = report_save(report=report, actor=reporter, data=data, version=report.version)
        report = report_submit(report=report, actor=reporter)
        if fate < LEFT_DRAFT + LEFT_SUBMITTED:
            history.reports_waiting += 1
        else:
            report = report_approve(report=report, actor=coordinator)
            history.reports_approved += 1
        sent.append(report)
    _date_back(sent, period)
    period_close(period=period, actor=coordinator)
    publication = period_publish(period=period, actor=coordinator)
    history.values_published += publication.indicator_values.count()
    published_on = (consolidated_due_on or due_on) + dt.timedelta(days=3)
    if published_on < today:
        Publication.objects.filter(pk=publication.pk).update(published_at=_at(published_on, 15, 0))
    history.periods.append(period)


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _date_back(reports: list[AgencyReport], period: ReportingPeriod) -> None:
    """Sent by the due date mostly (one in six late by up to two weeks), reviewed two days
    later: the dates a real period would have, not the minute the demo ran."""
    for report in reports:
        rng = _rng("dates", period.name, report.agency_id)
        if rng.random() < 1 / 6:
            sent_on = period.due_on + dt.timedelta(days=rng.randint(1, 14))
        else:
            sent_on = period.due_on - dt.timedelta(days=rng.randint(0, 12))
        report.submitted_at = _at(sent_on, rng.randint(8, 16), rng.randint(0, 59))
        if report.status == AgencyReport.Status.APPROVED:
            report.reviewed_at = report.submitted_at + dt.timedelta(days=2)
    AgencyReport.objects.bulk_update(reports, ["submitted_at", "reviewed_at"])
