"""State changes of forecasting: stored forecasts, the warnings of a period, their handling.

`warnings_refresh` is idempotent: a warning is identified in its period by kind, object and
agency (`Warning.key`); running it again updates what changed, creates what is new, and marks
as resolved what no longer applies (a report sent, a task done), keeping who handled it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_record
from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.forecasting import task_risk
from dxtrack.forecasting.fitting import MilestoneForecast, probability_label
from dxtrack.forecasting.models import Warning
from dxtrack.forecasting.selectors import indicator_forecasts
from dxtrack.forecasting.task_situations import open_tasks
from dxtrack.plans.models import Assignment, Indicator, Target
from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod

# A report this many days past its due date and still not sent is a high / medium warning.
REPORT_LATE_HIGH_DAYS = 15
REPORT_LATE_MEDIUM_DAYS = 7
NOTE_MAX_LENGTH = 2000


class WarningError(Exception):
    """A warning cannot be handled as asked; the message is for the user."""


# ----------------------------------------------------------------------- forecasts


@dataclass
class ForecastRefresh:
    indicators: int = 0
    forecast: int = 0  # with at least one milestone forecast
    methods: dict[str, int] = field(default_factory=dict)


def forecasts_refresh(*, period: ReportingPeriod | None = None) -> ForecastRefresh:
    """Bring every stored forecast up to date: of the indicators of `period`'s plans, or of
    every indicator with a target. Only those whose inputs changed are fitted again."""
    indicators = Indicator.objects.all()
    if period is not None:
        indicators = indicators.filter(plan__in=period.plans.all())
    else:
        indicators = indicators.filter(targets__isnull=False)
    ids = list(indicators.values_list("pk", flat=True).distinct().order_by("pk"))
    summary = ForecastRefresh(indicators=len(ids))
    # In slices: the inputs of a whole country's indicators need not sit in memory at once.
    for start in range(0, len(ids), 500):
        for forecast in indicator_forecasts(indicator_ids=ids[start : start + 500]).values():
            if forecast.forecasts and forecast.method is not None:
                summary.forecast += 1
                summary.methods[forecast.method] = summary.methods.get(forecast.method, 0) + 1
    return summary


def forecasts_refresh_for_report(*, report: AgencyReport) -> int:
    """Refit the forecasts a report's values feed (its indicators and the indicators other
    plans share them with), so that pages read them stored. Returns how many were read."""
    from dxtrack.consolidation.models import IndicatorFamilyMember

    ids = set(report.indicator_values.values_list("indicator_id", flat=True))
    ids |= set(
        IndicatorFamilyMember.objects.filter(
            confirmed=True,
            family__members__indicator_id__in=ids,
            family__members__confirmed=True,
        ).values_list("indicator_id", flat=True)
    )
    return len(indicator_forecasts(indicator_ids=sorted(ids))) if ids else 0


# ----------------------------------------------------------------------- warnings


@dataclass(frozen=True)
class WarningDraft:
    kind: str
    object_id: int
    agency_id: int | None
    title: str
    severity: str
    reasons: list[str]
    url: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.agency_id or 0}"


@dataclass
class WarningsRefresh:
    period: ReportingPeriod
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    resolved: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        labels = dict(Warning.Kind.choices)
        kinds = "; ".join(f"{labels[k]}: {n}" for k, n in self.by_kind.items()) or "không có"
        return (
            f"Cảnh báo kỳ “{self.period.name}”: {kinds}. Mới {self.created}, cập nhật "
            f"{self.updated}, không đổi {self.unchanged}, hết cảnh báo {self.resolved}."
        )


def _reverse(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _number(value: float, percent: bool, unit: str) -> str:
    text = format_vn_number(value, 1 if abs(value) < 1000 else 0)
    if percent:
        return f"{text}%"
    return f"{text} {unit}".strip()


def _indicator_drafts(period: ReportingPeriod) -> list[WarningDraft]:
    """Indicators asked in the period whose forecast at the milestone judging it (or the
    nearest one ahead) gives less than an even chance of meeting the target."""
    ids = list(
        IndicatorValue.objects.filter(report__period=period)
        .values_list("indicator_id", flat=True)
        .distinct()
        .order_by("indicator_id")
    )
    if not ids:
        return []
    names = dict(Indicator.objects.filter(pk__in=ids).values_list("pk", "name"))
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator_id__in=ids).order_by("position", "pk"):
        targets.setdefault(target.indicator_id, []).append(target)
    leads: dict[int, int] = {}
    for indicator_id, agency_id in (
        Assignment.objects.filter(
            indicator_id__in=ids, role=Assignment.Role.LEAD, agency__isnull=False
        )
        .order_by("position", "pk")
        .values_list("indicator_id", "agency_id")
    ):
        leads.setdefault(indicator_id, agency_id)

    year = period.ends_on.year
    drafts = []
    for indicator_id, forecast in indicator_forecasts(indicator_ids=ids).items():
        own = targets.get(indicator_id, [])
        index = ev.milestone_for_year([(t.year_from, t.year_to) for t in own], year=year)
        judged = own[index].milestone if index is not None else None
        item = (forecast.for_milestone(judged) if judged else None) or forecast.next
        if item is None or item.probability_met is None:
            continue
        if item.probability_met >= colours.FORECAST_MET:
            continue
        severity = (
            Warning.Severity.HIGH
            if item.probability_met < colours.FORECAST_FAR_SHORT
            else Warning.Severity.MEDIUM
        )
        drafts.append(
            WarningDraft(
                kind=Warning.Kind.INDICATOR_OFF_TRACK,
                object_id=indicator_id,
                agency_id=leads.get(indicator_id),
                title=(
                    f"Chỉ tiêu “{names[indicator_id]}” có nguy cơ không đạt mục tiêu "
                    f"{item.milestone}"
                ),
                severity=severity,
                reasons=_indicator_reasons(forecast, item),
                url=_reverse("indicator-forecast", indicator_id),
            )
        )
    return drafts


def _indicator_reasons(forecast: Any, item: MilestoneForecast) -> list[str]:
    percent, unit = forecast.percent, forecast.unit
    last = forecast.history[-1]
    # The caller skips forecasts without a probability.
    probability = probability_label(item.probability_met or 0.0)
    return [
        f"Dự báo đến {item.date:%d/%m/%Y}: {_number(item.value, percent, unit)} (khoảng dự "
        f"báo 80%: {_number(item.low, percent, unit)} – {_number(item.high, percent, unit)})",
        f"Mục tiêu {item.milestone}: {item.target_text or '—'}; xác suất đạt {probability}",
        f"Số liệu gần nhất ({last.end:%d/%m/%Y}): {_number(last.value, percent, unit)}",
        f"Phương pháp: {forecast.method_label}, từ {len(forecast.history)} kỳ có số liệu",
    ]


def _task_drafts(period: ReportingPeriod, as_of: dt.date) -> list[WarningDraft]:
    drafts = []
    reports: dict[int, AgencyReport] = {}
    for row in open_tasks(period=period, as_of=as_of):
        risk = task_risk.task_risk(row.situation)
        if risk.level not in (task_risk.HIGH, task_risk.MEDIUM):
            continue
        update = row.update
        task, agency = update.task, update.report.agency
        reports.setdefault(update.report_id, update.report)
        drafts.append(
            WarningDraft(
                kind=Warning.Kind.TASK_AT_RISK,
                object_id=task.pk,
                agency_id=agency.pk,
                title=f"Nhiệm vụ “{task.name}” ({agency.name}) có nguy cơ trễ hạn",
                severity=(
                    Warning.Severity.HIGH
                    if risk.level == task_risk.HIGH
                    else Warning.Severity.MEDIUM
                ),
                reasons=list(risk.reasons),
                url=_reverse("report-detail", update.report.period_id, update.report.agency_id)
                or _reverse("plan-detail", task.plan_id),
            )
        )
    return drafts


def _report_drafts(period: ReportingPeriod, as_of: dt.date) -> list[WarningDraft]:
    days = (as_of - period.due_on).days
    if days <= 0:
        return []
    if days >= REPORT_LATE_HIGH_DAYS:
        severity = Warning.Severity.HIGH
    elif days >= REPORT_LATE_MEDIUM_DAYS:
        severity = Warning.Severity.MEDIUM
    else:
        severity = Warning.Severity.LOW
    drafts = []
    for report in (
        AgencyReport.objects.filter(
            period=period,
            status__in=[AgencyReport.Status.DRAFT, AgencyReport.Status.RETURNED],
        )
        .select_related("agency")
        .order_by("agency__name")
    ):
        reasons = [
            f"Hạn gửi báo cáo: {period.due_on:%d/%m/%Y}; đã quá {days} ngày",
            f"Tình trạng báo cáo: {report.get_status_display()}",
        ]
        if report.status == AgencyReport.Status.RETURNED and report.review_comment:
            reasons.append(f"Nội dung cần bổ sung: {report.review_comment}")
        drafts.append(
            WarningDraft(
                kind=Warning.Kind.REPORT_LATE,
                object_id=report.pk,
                agency_id=report.agency_id,
                title=f"{report.agency.name} chưa gửi báo cáo “{period.name}”, quá hạn {days} ngày",
                severity=severity,
                reasons=reasons,
                url=_reverse("report-detail", report.period_id, report.agency_id),
            )
        )
    return drafts


def warning_drafts(*, period: ReportingPeriod, as_of: dt.date) -> list[WarningDraft]:
    """Every warning that applies to `period` as of `as_of`."""
    return [
        *_indicator_drafts(period),
        *_task_drafts(period, as_of),
        *_report_drafts(period, as_of),
    ]


_UPDATED_FIELDS = ["title", "severity", "reasons", "url", "resolved_at", "updated_at"]


@transaction.atomic
def warnings_refresh(*, period: ReportingPeriod, as_of: dt.date | None = None) -> WarningsRefresh:
    """Make the stored warnings of `period` those that apply as of `as_of` (today)."""
    as_of = as_of or timezone.localdate()
    drafts = {d.key: d for d in warning_drafts(period=period, as_of=as_of)}
    existing = {w.key: w for w in Warning.objects.filter(period=period)}
    now = timezone.now()
    result = WarningsRefresh(period=period)
    for draft in drafts.values():
        result.by_kind[draft.kind] = result.by_kind.get(draft.kind, 0) + 1
    to_create, to_update = [], []
    for key, draft in drafts.items():
        warning = existing.get(key)
        if warning is None:
            to_create.append(
                Warning(
                    period=period,
                    kind=draft.kind,
                    object_id=draft.object_id,
                    agency_id=draft.agency_id,
                    key=key,
                    title=draft.title[:500],
                    severity=draft.severity,
                    reasons=draft.reasons,
                    url=draft.url,
                )
            )
            continue
        fresh = (draft.title[:500], draft.severity, draft.reasons, draft.url, None)
        if (
            warning.title,
            warning.severity,
            warning.reasons,
            warning.url,
            warning.resolved_at,
        ) == fresh:
            result.unchanged += 1
            continue
        warning.title, warning.severity, warning.reasons, warning.url, warning.resolved_at = fresh
        warning.updated_at = now
        to_update.append(warning)
    gone = [w for key, w in existing.items() if key not in drafts and w.resolved_at is None]
    for warning in gone:
        warning.resolved_at = now
        warning.updated_at = now
    Warning.objects.bulk_create(to_create)
    Warning.objects.bulk_update(to_update + gone, _UPDATED_FIELDS)
    result.created, result.updated, result.resolved = len(to_create), len(to_update), len(gone)
    return result


def warnings_refresh_open(*, as_of: dt.date | None = None) -> list[WarningsRefresh]:
    """Refresh the warnings of every open period."""
    periods = ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by(
        "ends_on", "pk"
    )
    return [warnings_refresh(period=period, as_of=as_of) for period in periods]


@transaction.atomic
def warning_acknowledge(*, warning: Warning, actor: Actor, note: str) -> Warning:
    """Record that `actor` (a leader or the coordinator) handled the warning, with a note.
    Acknowledging again replaces the note and says who handled it last."""
    require(actor, Action.WARNING_ACKNOWLEDGE, agency_id=warning.agency_id)
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise WarningError(f"Ghi chú xử lý dài quá {NOTE_MAX_LENGTH} ký tự.")
    previous = {
        "by": warning.acknowledged_by_id,
        "note": warning.acknowledgement_note,
    }
    warning.acknowledged_by = account_of(actor)
    warning.acknowledged_at = timezone.now()
    warning.acknowledgement_note = note
    warning.save(
        update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="warning.acknowledge",
        target=warning,
        details={"note": note, "previous": previous},
    )
    return warning
