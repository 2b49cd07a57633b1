"""Reporting: periods, agency reports and their workflow, evidence, extensions.

Every function here checks access through `accounts.access`, runs in one transaction
and writes the audit trail, so the web pages, the Excel upload and the API cannot
differ in what they allow.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from dxtrack.accounts.access import Action, require
from dxtrack.accounts.models import Profile, Role
from dxtrack.audit.services import audit_record
from dxtrack.plans.models import Task
from dxtrack.reporting.assessment import TOPIC_KEYS
from dxtrack.reporting.evidence import evidence_check
from dxtrack.reporting.expectations import period_expectations
from dxtrack.reporting.history import Change, snapshot_diff
from dxtrack.reporting.models import (
    COMPLETED_STATUSES,
    AgencyReport,
    EvidenceFile,
    ExtensionRequest,
    IndicatorValue,
    Notification,
    ReportComment,
    ReportingPeriod,
    ReportVersion,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.values import ValueError_, parse_value

# ----------------------------------------------------------------------- errors


class ReportingError(Exception):
    """An action refused for a reason the user can fix; the message is in Vietnamese."""


class InvalidTransition(ReportingError):
    def __init__(self, report: AgencyReport, action: str) -> None:
        super().__init__(
            f"Không thể {action} báo cáo đang ở trạng thái “{report.get_status_display()}”."
        )


@dataclass(frozen=True)
class FieldError:
    where: str  # "tasks.12.completed_on", "indicators.4.value", "assessment.ha_tang"
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"loc": self.where, "msg": self.message}


class ReportInvalid(ReportingError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("Báo cáo có thông tin chưa hợp lệ; vui lòng sửa các ô được đánh dấu.")
        self.errors = errors


class StaleVersion(ReportingError):
    """Someone saved the report after `version` was read; `changes` says what they changed."""

    def __init__(self, report: AgencyReport, changes: list[Change]) -> None:
        super().__init__(
            "Báo cáo đã được người khác cập nhật trong lúc bạn soạn "
            f"(nay là phiên bản {report.version}). Nội dung bạn nhập chưa được lưu và vẫn "
            "còn nguyên; hãy xem các thay đổi, rồi lưu lại."
        )
        self.report = report
        self.changes = changes


# ----------------------------------------------------------------------- periods


@transaction.atomic
def period_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    due_on: dt.date,
    consolidated_due_on: dt.date | None = None,
    plan_ids: list[int],
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
    from dxtrack.plans.models import Plan

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
        created_by=actor,
    )
    period.plans.set(plans)
    audit_record(actor=actor, action="period.create", target=period)
    return period


@dataclass
class OpenResult:
    period: ReportingPeriod
    reports_created: int
    rows_created: int


def _snapshot_rows(
    tasks: list[TaskUpdate], indicators: list[IndicatorValue], status: str, assessment: dict
) -> dict[str, Any]:
    return {
        "status": status,
        "tasks": {
            str(u.task_id): {
                "role": u.role,
                "status": u.status,
                "description": u.description,
                "evidence": u.evidence,
                "completed_on": u.completed_on.isoformat() if u.completed_on else "",
                "difficulties": u.difficulties,
                "proposals": u.proposals,
            }
            for u in tasks
        },
        "indicators": {
            str(v.indicator_id): {"value": v.value_text, "note": v.note, "source": v.source}
            for v in indicators
        },
        "assessment": {k: dict(v) for k, v in (assessment or {}).items()},
    }


def report_snapshot(report: AgencyReport) -> dict[str, Any]:
    """The report's content now, in the shape the history keeps. Two queries."""
    return _snapshot_rows(
        list(report.task_updates.all()),
        list(report.indicator_values.all()),
        report.status,
        report.assessment,
    )


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
def period_open(*, period: ReportingPeriod, actor: Any) -> OpenResult:
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
    TaskUpdate.objects.bulk_create(updates, batch_size=500)
    IndicatorValue.objects.bulk_create(values, batch_size=500)
    _record_initial_versions(new_reports, actor)

    if period.status == ReportingPeriod.Status.DRAFT:
        period.status = ReportingPeriod.Status.OPEN
        period.opened_at = timezone.now()
        period.save(update_fields=["status", "opened_at", "updated_at"])
    audit_record(
        actor=actor,
        action="period.open",
        target=period,
        details={"reports_created": len(new_reports), "rows_created": len(updates) + len(values)},
    )
    return OpenResult(period, len(new_reports), len(updates) + len(values))


def _record_initial_versions(reports: list[AgencyReport], actor: Any) -> None:
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
                actor=actor if getattr(actor, "pk", None) else None,
                snapshot=_snapshot_rows(tasks[pk], values[pk], AgencyReport.Status.DRAFT, {}),
            )
            for pk in ids
        ],
        batch_size=500,
    )


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor: Any) -> ReportingPeriod:
    require(actor, Action.PERIOD_MANAGE)
    if period.status != ReportingPeriod.Status.OPEN:
        raise ReportingError("Chỉ đóng được kỳ báo cáo đang mở.")
    period.status = ReportingPeriod.Status.CLOSED
    period.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="period.close", target=period)
    return period


# ----------------------------------------------------------------------- reports


@dataclass
class TaskInput:
    status: str = ""  # a TaskStatus value, or its Vietnamese label
    description: str = ""
    evidence: str = ""
    completed_on: dt.date | None = None
    difficulties: str = ""
    proposals: str = ""


@dataclass
class IndicatorInput:
    value: str = ""
    note: str = ""
    source: str = ""


@dataclass
class ReportInput:
    """What an agency sends: rows it changes (others stay as they are) and the assessment."""

    tasks: dict[int, TaskInput] = field(default_factory=dict)
    indicators: dict[int, IndicatorInput] = field(default_factory=dict)
    assessment: dict[str, dict[str, str]] | None = None


CARRIED_OVER = "Nhiệm vụ đã hoàn thành và được duyệt ở kỳ trước; không sửa ở kỳ này."
_STATUS_BY_LABEL = {label: value for value, label in TaskStatus.choices}


def task_status_value(text: str) -> str | None:
    """The stored value for a status given as value or as the documents' phrase."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    if text in TaskStatus.values:
        return text
    from dxtrack.vn_text import fold

    for label, value in _STATUS_BY_LABEL.items():
        if fold(label) == fold(text):
            return value
    return None


# Control characters (but line breaks and tabs) that text pasted from a PDF or a Word file
# may carry: no document, sheet or XML can hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


def _validate_task(
    task_id: int, row: TaskInput, update: TaskUpdate, today: dt.date
) -> tuple[dict[str, Any], list[FieldError]]:
    where = f"tasks.{task_id}"
    errors = []
    status = task_status_value(row.status)
    if status is None:
        errors.append(
            FieldError(
                f"{where}.status",
                f"Tình trạng “{row.status}” không hợp lệ; chọn một trong: "
                + ", ".join(TaskStatus.labels)
                + ".",
            )
        )
        status = ""
    if row.completed_on and row.completed_on > today:
        errors.append(
            FieldError(f"{where}.completed_on", "Ngày hoàn thành không được sau ngày hôm nay.")
        )
    if row.completed_on and status and status not in COMPLETED_STATUSES:
        errors.append(
            FieldError(
                f"{where}.completed_on",
                "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.",
            )
        )
    if status == TaskStatus.NOT_DONE and not (row.description.strip() or row.difficulties.strip()):
        errors.append(FieldError(f"{where}.description", "Nêu lý do không thực hiện nhiệm vụ."))
    cleaned = {
        "status": status,
        "description": _clean(row.description),
        "evidence": _clean(row.evidence),
        "completed_on": row.completed_on,
        "difficulties": _clean(row.difficulties),
        "proposals": _clean(row.proposals),
    }
    return cleaned, errors


def _validate_assessment(assessment: dict) -> tuple[dict, list[FieldError]]:
    cleaned, errors = {}, []
    for key, topic in assessment.items():
        if key not in TOPIC_KEYS:
            errors.append(FieldError(f"assessment.{key}", f"Lĩnh vực “{key}” không có."))
            continue
        entry = {
            part: _clean(str((topic or {}).get(part) or "")) for part in ("issues", "proposals")
        }
        if any(entry.values()):
            cleaned[key] = entry
    return cleaned, errors


def _same_task(update: TaskUpdate, cleaned: dict[str, Any]) -> bool:
    return all(getattr(update, name) == value for name, value in cleaned.items())


@transaction.atomic
def report_save(
    *, report: AgencyReport, actor: Any, data: ReportInput, version: int
) -> AgencyReport:
    """Save what the agency typed. Refused whole (nothing written) when any field is invalid,
    when the report is not editable, or when someone saved since `version` was read."""
    require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    report = AgencyReport.objects.get(pk=report.pk)
    if not report.editable:
        raise InvalidTransition(report, "sửa")
    if report.version != version:
        raise StaleVersion(report, _changes_since(report, version))
    today = timezone.localdate()
    updates = {u.task_id: u for u in report.task_updates.all()}
    values = {v.indicator_id: v for v in report.indicator_values.all()}
    before = _snapshot_rows(
        list(updates.values()), list(values.values()), report.status, report.assessment
    )
    errors: list[FieldError] = []
    changed_updates, changed_values = [], []
    for task_id, row in data.tasks.items():
        update = updates.get(task_id)
        if update is None:
            errors.append(FieldError(f"tasks.{task_id}", "Nhiệm vụ này không thuộc báo cáo."))
            continue
        cleaned, row_errors = _validate_task(task_id, row, update, today)
        if not row_errors and _same_task(update, cleaned):
            continue  # sent back unchanged, as the Excel form and the API do
        if update.carried_over:
            row_errors = [FieldError(f"tasks.{task_id}", CARRIED_OVER)]
        errors += row_errors
        if not row_errors:
            for name, value in cleaned.items():
                setattr(update, name, value)
            changed_updates.append(update)
    for indicator_id, row in data.indicators.items():
        value = values.get(indicator_id)
        if value is None:
            errors.append(
                FieldError(f"indicators.{indicator_id}", "Chỉ tiêu này không thuộc báo cáo.")
            )
            continue
        try:
            parsed = parse_value(row.value)
        except ValueError_ as error:
            errors.append(FieldError(f"indicators.{indicator_id}.value", str(error)))
            continue
        new = (parsed.text, parsed.number, parsed.met, _clean(row.note), _clean(row.source))
        old = (value.value_text, value.value_number, value.value_met, value.note, value.source)
        if new != old:
            (value.value_text, value.value_number, value.value_met, value.note, value.source) = new
            changed_values.append(value)
    assessment = report.assessment
    if data.assessment is not None:
        assessment, assessment_errors = _validate_assessment(data.assessment)
        errors += assessment_errors
    if errors:
        raise ReportInvalid(errors)

    # The version guard: of two saves that read the same version, only one matches here.
    now = timezone.now()
    claimed = AgencyReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, assessment=assessment, updated_by=actor, updated_at=now
    )
    if not claimed:
        report.refresh_from_db()
        raise StaleVersion(report, _changes_since(report, version))
    _rows_write(
        changed_updates,
        ["status", "description", "evidence", "completed_on", "difficulties", "proposals"],
    )
    _rows_write(changed_values, ["value_text", "value_number", "value_met", "note", "source"])
    report.refresh_from_db()
    after = _snapshot_rows(
        list(updates.values()), list(values.values()), report.status, report.assessment
    )
    changes = snapshot_diff(before, after)
    _version_record(report, actor, "save", after)
    audit_record(
        actor=actor,
        action="report.save",
        target=report,
        details={"version": report.version, "changes": [c.as_dict() for c in changes]},
    )
    return report


def _rows_write(rows: list[Any], fields: list[str]) -> None:
    """Write `fields` of `rows` (of one model) with one UPDATE per row, sent as one batch.

    bulk_update builds a CASE per field and row; for a report of a hundred tasks that took
    longer than all the rest of the save together.
    """
    if not rows:
        return
    meta = rows[0]._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Only the model's own table and column names go into the statement; values are params.
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(f"{quote(column.column)} = %s" for column in columns),
        quote(meta.pk.column),
    )
    params = [
        [column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _version_record(
    report: AgencyReport, actor: Any, action: str, snapshot: dict | None = None, comment: str = ""
) -> ReportVersion:
    return ReportVersion.objects.create(
        report=report,
        number=report.version,
        action=action,
        status=report.status,
        actor=actor,
        comment=comment,
        snapshot=snapshot if snapshot is not None else report_snapshot(report),
    )


def _changes_since(report: AgencyReport, version: int) -> list[Change]:
    base = (
        ReportVersion.objects.filter(report=report, number__lte=version)
        .order_by("-number", "-pk")
        .first()
    )
    return snapshot_diff(base.snapshot if base else {}, report_snapshot(report))


def _transition(
    report: AgencyReport,
    *,
    actor: Any,
    allowed_from: tuple[str, ...],
    to: str,
    action: str,
    verb: str,
    fields: dict[str, Any],
    comment: str = "",
) -> AgencyReport:
    now = timezone.now()
    moved = AgencyReport.objects.filter(pk=report.pk, status__in=allowed_from).update(
        status=to, version=F("version") + 1, updated_at=now, **fields
    )
    report.refresh_from_db()
    if not moved:
        raise InvalidTransition(report, verb)
    _version_record(report, actor, action, comment=comment)
    audit_record(
        actor=actor,
        action=f"report.{action}",
        target=report,
        details={"version": report.version, **({"comment": comment} if comment else {})},
    )
    return report


def report_missing(report: AgencyReport) -> list[FieldError]:
    """What must be filled before the report can be sent: a status for every task it leads."""
    missing = report.task_updates.filter(role=TaskUpdate.Role.LEAD, status="").select_related(
        "task"
    )
    return [
        FieldError(
            f"tasks.{u.task_id}.status",
            f"Chưa chọn tình trạng cho nhiệm vụ {u.task.number or ''} “{u.task.name[:80]}”.",
        )
        for u in missing
    ]


@transaction.atomic
def report_submit(*, report: AgencyReport, actor: Any) -> AgencyReport:
    """Send the report to the department. A second click on an already sent report does
    nothing more: it is sent once."""
    require(actor, Action.REPORT_SUBMIT, agency_id=report.agency_id)
    # Locked (PostgreSQL): a second click waits for the first and then finds it sent.
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    if report.status == AgencyReport.Status.SUBMITTED:
        return report
    missing = report_missing(report) if report.editable else []
    if missing:
        raise ReportInvalid(missing)
    report = _transition(
        report,
        actor=actor,
        allowed_from=(AgencyReport.Status.DRAFT, AgencyReport.Status.RETURNED),
        to=AgencyReport.Status.SUBMITTED,
        action="submit",
        verb="gửi",
        fields={"submitted_at": timezone.now(), "updated_by": actor},
    )
    return report


@transaction.atomic
def report_return(*, report: AgencyReport, actor: Any, comment: str) -> AgencyReport:
    require(actor, Action.REPORT_REVIEW, agency_id=report.agency_id)
    comment = (comment or "").strip()
    if not comment:
        raise ReportInvalid([FieldError("comment", "Nêu nội dung cần đơn vị bổ sung, sửa đổi.")])
    report = _transition(
        report,
        actor=actor,
        allowed_from=(AgencyReport.Status.SUBMITTED,),
        to=AgencyReport.Status.RETURNED,
        action="return",
        verb="trả lại",
        fields={"reviewed_at": timezone.now(), "reviewed_by": actor, "review_comment": comment},
        comment=comment,
    )
    _notify_reporters(
        report, f"Báo cáo kỳ “{report.period}” được trả lại để bổ sung: {comment[:300]}"
    )
    return report


@transaction.atomic
def report_approve(*, report: AgencyReport, actor: Any) -> AgencyReport:
    require(actor, Action.REPORT_REVIEW, agency_id=report.agency_id)
    report = _transition(
        report,
        actor=actor,
        allowed_from=(AgencyReport.Status.SUBMITTED,),
        to=AgencyReport.Status.APPROVED,
        action="approve",
        verb="duyệt",
        fields={"reviewed_at": timezone.now(), "reviewed_by": actor, "review_comment": ""},
    )
    _notify_reporters(report, f"Báo cáo kỳ “{report.period}” đã được duyệt.")
    return report


@transaction.atomic
def report_comment(*, report: AgencyReport, actor: Any, text: str) -> ReportComment:
    require(actor, Action.REPORT_COMMENT, agency_id=report.agency_id)
    text = (text or "").strip()
    if not text:
        raise ReportInvalid([FieldError("text", "Ý kiến không được để trống.")])
    comment = ReportComment.objects.create(report=report, author=actor, text=text)
    audit_record(actor=actor, action="report.comment", target=report, details={"text": text})
    _notify_reporters(report, f"Có ý kiến mới về báo cáo kỳ “{report.period}”.")
    return comment


def report_url(report: AgencyReport) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("report-detail", args=[report.period_id, report.agency_id])
    except NoReverseMatch:
        return ""


def _notify_reporters(report: AgencyReport, message: str) -> None:
    user_ids = Profile.objects.filter(role=Role.REPORTER, agency_id=report.agency_id).values_list(
        "user_id", flat=True
    )
    url = report_url(report)
    Notification.objects.bulk_create(
        [Notification(user_id=pk, message=message[:500], url=url) for pk in user_ids]
    )


# ----------------------------------------------------------------------- evidence


@transaction.atomic
def evidence_attach(*, update: TaskUpdate, actor: Any, name: str, data: bytes) -> EvidenceFile:
    """Store an evidence file for a task update, after checking its real type and size."""
    report = update.report
    require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    if not report.editable:
        raise InvalidTransition(report, "đính kèm tệp vào")
    suffix, content_type = evidence_check(name=name, data=data)
    evidence = EvidenceFile(
        update=update,
        original_name=name.replace("/", "_").replace("\\", "_")[:255],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    evidence.file.save(f"evidence.{suffix}", ContentFile(data), save=False)
    evidence.save()
    audit_record(
        actor=actor,
        action="report.evidence_add",
        target=report,
        details={"task_id": update.task_id, "file": evidence.original_name, "size": len(data)},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, actor: Any) -> None:
    report = evidence.update.report
    require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    if not report.editable:
        raise InvalidTransition(report, "gỡ tệp khỏi")
    audit_record(
        actor=actor,
        action="report.evidence_remove",
        target=report,
        details={"task_id": evidence.update.task_id, "file": evidence.original_name},
    )
    stored = evidence.file
    evidence.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: stored.delete(save=False))


# ----------------------------------------------------------------------- extensions


@transaction.atomic
def extension_request(
    *,
    task: Task,
    agency_id: int,
    actor: Any,
    kind: str,
    reason: str,
    proposed_end: dt.date | None = None,
    proposed_content: str = "",
) -> ExtensionRequest:
    require(actor, Action.EXTENSION_REQUEST, agency_id=agency_id)
    errors = []
    if kind not in ExtensionRequest.Kind.values:
        errors.append(FieldError("kind", "Chọn gia hạn hoặc điều chỉnh nội dung."))
    if not reason.strip():
        errors.append(FieldError("reason", "Nêu lý do đề nghị."))
    if kind == ExtensionRequest.Kind.EXTEND and proposed_end is None:
        errors.append(FieldError("proposed_end", "Nêu thời hạn mới đề nghị."))
    if kind == ExtensionRequest.Kind.ADJUST and not proposed_content.strip():
        errors.append(FieldError("proposed_content", "Nêu nội dung đề nghị điều chỉnh."))
    leads = TaskUpdate.objects.filter(
        task=task, report__agency_id=agency_id, role=TaskUpdate.Role.LEAD
    ).exists()
    if not leads:
        errors.append(FieldError("task", "Đơn vị không chủ trì nhiệm vụ này."))
    if errors:
        raise ReportInvalid(errors)
    request = ExtensionRequest.objects.create(
        task=task,
        agency_id=agency_id,
        kind=kind,
        reason=reason.strip(),
        original_end=task.ends_on,
        proposed_end=proposed_end,
        proposed_content=proposed_content.strip(),
        requested_by=actor,
    )
    audit_record(actor=actor, action="extension.request", target=request)
    return request


@transaction.atomic
def extension_decide(
    *, request: ExtensionRequest, actor: Any, approve: bool, comment: str = ""
) -> ExtensionRequest:
    require(actor, Action.EXTENSION_DECIDE)
    if request.status != ExtensionRequest.Status.PENDING:
        raise ReportingError("Đề nghị này đã được xem xét.")
    if not approve and not comment.strip():
        raise ReportInvalid([FieldError("comment", "Nêu lý do không chấp thuận.")])
    request.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    )
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_comment = comment.strip()
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="extension.approve" if approve else "extension.refuse",
        target=request,
        details={"comment": request.decision_comment},
    )
    verdict = "được chấp thuận" if approve else "không được chấp thuận"
    user_ids = Profile.objects.filter(role=Role.REPORTER, agency_id=request.agency_id).values_list(
        "user_id", flat=True
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=pk,
                message=f"Đề nghị {request.get_kind_display().lower()} nhiệm vụ "
                f"“{request.task.name[:120]}” {verdict}.",
            )
            for pk in user_ids
        ]
    )
    return request


# ----------------------------------------------------------------------- notifications


def notifications_mark_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
