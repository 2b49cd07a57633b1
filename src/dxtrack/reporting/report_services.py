"""An agency's report through its workflow: saved (under the version guard), sent,
returned or approved, commented; `report_apply` saves, attaches evidence and sends in one
go for every way a report comes in (the web page, the API, the Excel form, an imported
result table).

Every service checks access through `accounts.access`, runs in one transaction, keeps a
version of the report and writes the audit trail. The states and who may move a report
between them are `workflow.TRANSITIONS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_record
from dxtrack.reporting import workflow
from dxtrack.reporting.assessment import TOPIC_KEYS
from dxtrack.reporting.completeness import submission_blockers
from dxtrack.reporting.errors import (
    FieldError,
    FutureVersion,
    InvalidTransition,
    ReportInvalid,
    StaleVersion,
)
from dxtrack.reporting.evidence import EvidenceRejected
from dxtrack.reporting.evidence_services import evidence_attach, evidence_remove
from dxtrack.reporting.history import snapshot_diff
from dxtrack.reporting.models import (
    COMPLETED_STATUSES,
    AgencyReport,
    EvidenceFile,
    ReportComment,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.notification_services import reporters_notify
from dxtrack.reporting.report_input import (
    EvidenceUpload,
    ProjectInput,
    ReportInput,
    TaskInput,
    budget_value,
    task_status_value,
)
from dxtrack.reporting.values import ValueError_, parse_value
from dxtrack.reporting.versions import changes_since, snapshot_rows, version_record
from dxtrack.vn_text import strip_control_characters

CARRIED_OVER = "Nhiệm vụ đã hoàn thành và được duyệt ở kỳ trước; không sửa ở kỳ này."

# ----------------------------------------------------------------------- saving

def _clean(text: str) -> str:
    return strip_control_characters(text, replacement=" ").strip()


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
                f"Tình trạng “{row.status}” của nhiệm vụ mã {task_id} không hợp lệ; chọn một "
                "trong: "
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
    if status == TaskStatus.NOT_ASSIGNED and not row.description.strip():
        errors.append(
            FieldError(
                f"{where}.description",
                "Nêu lý do nhiệm vụ không thuộc chức năng, nhiệm vụ của đơn vị.",
            )
        )
    cleaned = {
        "status": status,
        "description": _clean(row.description),
        "evidence": _clean(row.evidence),
        "completed_on": row.completed_on,
        "difficulties": _clean(row.difficulties),
        "proposals": _clean(row.proposals),
    }
    return cleaned, errors


def _validate_project(
    project_id: int, row: ProjectInput
) -> tuple[dict[str, Any], list[FieldError]]:
    where = f"projects.{project_id}"
    errors = []
    status = task_status_value(row.status)
    if status is None:
        errors.append(
            FieldError(
                f"{where}.status",
                f"Tình trạng “{row.status}” của dự án không hợp lệ; chọn một trong: "
                + ", ".join(TaskStatus.labels)
                + ".",
            )
        )
        status = ""
    cleaned: dict[str, Any] = {"status": status, "description": _clean(row.description)}
    for name, label in (("budget_planned", "kế hoạch"), ("budget_disbursed", "đã giải ngân")):
        try:
            cleaned[name] = budget_value(getattr(row, name))
        except ValueError:
            errors.append(
                FieldError(
                    f"{where}.{name}",
                    f"Kinh phí {label} “{getattr(row, name)}” không phải là số tiền "
                    "(triệu đồng) hợp lệ.",
                )
            )
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
    *, report: AgencyReport, actor: Actor, data: ReportInput, version: int
) -> AgencyReport:
    """Save what the agency typed. Refused whole (nothing written) when any field is invalid,
    when the report is not editable, or when someone saved since `version` was read."""
    require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    report = AgencyReport.objects.get(pk=report.pk)
    if not workflow.is_editable(report.status):
        raise InvalidTransition(report, "sửa")
    if version > report.version:
        raise FutureVersion(report, version)
    if report.version != version:
        raise StaleVersion(report, changes_since(report=report, version=version))
    today = timezone.localdate()
    updates = {u.task_id: u for u in report.task_updates.all()}
    values = {v.indicator_id: v for v in report.indicator_values.all()}
    # Key projects are read only when sent: most reports have none.
    projects = {p.project_id: p for p in report.project_updates.all()} if data.projects else None
    before = snapshot_rows(
        tasks=list(updates.values()),
        indicators=list(values.values()),
        status=report.status,
        assessment=report.assessment,
        projects=list(projects.values()) if projects is not None else None,
    )
    errors: list[FieldError] = []
    changed_projects = []
    for project_id, project_row in data.projects.items():
        project = (projects or {}).get(project_id)
        if project is None:
            errors.append(FieldError(f"projects.{project_id}", "Dự án này không thuộc báo cáo."))
            continue
        cleaned, row_errors = _validate_project(project_id, project_row)
        errors += row_errors
        if not row_errors and not all(getattr(project, k) == v for k, v in cleaned.items()):
            for name, value in cleaned.items():
                setattr(project, name, value)
            changed_projects.append(project)
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
    for indicator_id, entry in data.indicators.items():
        value = values.get(indicator_id)
        if value is None:
            errors.append(
                FieldError(f"indicators.{indicator_id}", "Chỉ tiêu này không thuộc báo cáo.")
            )
            continue
        try:
            parsed = parse_value(entry.value)
        except ValueError_ as error:
            errors.append(FieldError(f"indicators.{indicator_id}.value", str(error)))
            continue
        new = (parsed.text, parsed.number, parsed.met, _clean(entry.note), _clean(entry.source))
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
        raise StaleVersion(report, changes_since(report=report, version=version))
    _rows_write(
        changed_updates,
        ["status", "description", "evidence", "completed_on", "difficulties", "proposals"],
    )
    _rows_write(changed_values, ["value_text", "value_number", "value_met", "note", "source"])
    _rows_write(changed_projects, ["status", "description", "budget_planned", "budget_disbursed"])
    report.refresh_from_db()
    after = snapshot_rows(
        tasks=list(updates.values()),
        indicators=list(values.values()),
        status=report.status,
        assessment=report.assessment,
        projects=list(projects.values()) if projects is not None else None,
    )
    changes = snapshot_diff(before, after)
    version_record(report=report, actor=actor, action="save", snapshot=after)
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


# ----------------------------------------------------------------------- moving


def _transition(
    report: AgencyReport,
    *,
    actor: Actor,
    move: workflow.Transition,
    fields: dict[str, Any],
    comment: str = "",
) -> AgencyReport:
    """Make `move` if the report is still in one of its source states: the state is checked
    in the UPDATE itself, so of two moves at once only one happens."""
    now = timezone.now()
    moved = AgencyReport.objects.filter(pk=report.pk, status__in=move.sources).update(
        status=move.target, version=F("version") + 1, updated_at=now, **fields
    )
    report.refresh_from_db()
    if not moved:
        raise InvalidTransition(report, move.verb)
    version_record(report=report, actor=actor, action=move.name, comment=comment)
    audit_record(
        actor=actor,
        action=f"report.{move.name}",
        target=report,
        details={"version": report.version, **({"comment": comment} if comment else {})},
    )
    return report


def report_missing(*, report: AgencyReport) -> list[FieldError]:
    """What must be filled before the report can be sent (`completeness.submission_blockers`:
    a status for every task it leads)."""
    leads = report.task_updates.filter(role=TaskUpdate.Role.LEAD).select_related("task")
    return submission_blockers(lead_updates=leads.order_by("position", "pk"))


@transaction.atomic
def report_submit(*, report: AgencyReport, actor: Actor) -> AgencyReport:
    """Send the report to the department. A second click on an already sent report does
    nothing more: it is sent once."""
    move = workflow.SUBMIT
    require(actor, Action(move.permission), agency_id=report.agency_id)
    # Locked (PostgreSQL): a second click waits for the first and then finds it sent.
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    if report.status == move.target:
        return report
    missing = report_missing(report=report) if workflow.is_editable(report.status) else []
    if missing:
        raise ReportInvalid(missing)
    return _transition(
        report,
        actor=actor,
        move=move,
        fields={"submitted_at": timezone.now(), "updated_by": actor},
    )


@transaction.atomic
def report_return(
    *, report: AgencyReport, actor: Actor, comment: str, link: str = ""
) -> AgencyReport:
    """Send the report back for revision; its reporters are told why (the notice opens
    `link`, the report's page)."""
    move = workflow.RETURN
    require(actor, Action(move.permission), agency_id=report.agency_id)
    comment = (comment or "").strip()
    if not comment:
        raise ReportInvalid([FieldError("comment", "Nêu nội dung cần đơn vị bổ sung, sửa đổi.")])
    report = _transition(
        report,
        actor=actor,
        move=move,
        fields={"reviewed_at": timezone.now(), "reviewed_by": actor, "review_comment": comment},
        comment=comment,
    )
    reporters_notify(
        agency_id=report.agency_id,
        message=f"Báo cáo kỳ “{report.period}” được trả lại để bổ sung: {comment[:300]}",
        link=link,
    )
    return report


@transaction.atomic
def report_approve(*, report: AgencyReport, actor: Actor, link: str = "") -> AgencyReport:
    move = workflow.APPROVE
    require(actor, Action(move.permission), agency_id=report.agency_id)
    report = _transition(
        report,
        actor=actor,
        move=move,
        fields={"reviewed_at": timezone.now(), "reviewed_by": actor, "review_comment": ""},
    )
    reporters_notify(
        agency_id=report.agency_id,
        message=f"Báo cáo kỳ “{report.period}” đã được duyệt.",
        link=link,
    )
    return report


@transaction.atomic
def report_comment(
    *, report: AgencyReport, actor: Actor, text: str, link: str = ""
) -> ReportComment:
    require(actor, Action.REPORT_COMMENT, agency_id=report.agency_id)
    text = (text or "").strip()
    if not text:
        raise ReportInvalid([FieldError("text", "Ý kiến không được để trống.")])
    author = account_of(actor)
    if author is None:
        # A comment names its author: the command line has none.
        raise PermissionDenied
    comment = ReportComment.objects.create(report=report, author=author, text=text)
    audit_record(actor=actor, action="report.comment", target=report, details={"text": text})
    reporters_notify(
        agency_id=report.agency_id,
        message=f"Có ý kiến mới về báo cáo kỳ “{report.period}”.",
        link=link,
    )
    return comment


# ----------------------------------------------------------------------- all at once


def report_apply(
    *,
    report: AgencyReport,
    actor: Actor,
    version: int,
    data: ReportInput | None = None,
    attach: Sequence[EvidenceUpload] = (),
    remove: Collection[int] = (),
    submit: bool = False,
) -> AgencyReport:
    """Save what the agency sent, attach and remove evidence files, then send the report
    when `submit`: all of it or nothing, whichever way the report came in.

    data: the content, saved under the version guard (`version` is the one the agency
    read); None leaves the content as it is, so a page sent twice (a double click) makes
    no empty version. attach: files for rows of tasks in the report; remove: ids of the
    report's evidence files. Each step keeps its version and audit row ("save", then
    "submit"), as each step alone would.

    Refused whole (ReportInvalid, StaleVersion, InvalidTransition) with nothing written:
    the rows roll back with the transaction, and the files already stored for it are
    deleted, which the transaction cannot do. Returns the report as it is now.
    """
    stored: list[EvidenceFile] = []
    try:
        with transaction.atomic():
            return _apply(
                report=report,
                actor=actor,
                version=version,
                data=data,
                attach=attach,
                remove=remove,
                submit=submit,
                stored=stored,
            )
    except BaseException:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise


def _apply(
    *,
    report: AgencyReport,
    actor: Actor,
    version: int,
    data: ReportInput | None,
    attach: Sequence[EvidenceUpload],
    remove: Collection[int],
    submit: bool,
    stored: list[EvidenceFile],
) -> AgencyReport:
    if data is not None or attach or remove:
        require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    if submit:
        require(actor, Action(workflow.SUBMIT.permission), agency_id=report.agency_id)
    current = None
    if data is not None:
        current = report_save(report=report, actor=actor, data=data, version=version)
    removals, uploads = _evidence_targets(report=report, attach=attach, remove=remove)
    for evidence in removals:
        evidence_remove(evidence=evidence, actor=actor)
    for update, upload in uploads:
        try:
            evidence = evidence_attach(
                update=update, actor=actor, name=upload.name, data=upload.data
            )
        except EvidenceRejected as error:
            raise ReportInvalid([FieldError(f"tasks.{upload.task_id}.files", str(error))]) from None
        stored.append(evidence)
    if submit:
        current = report_submit(report=report, actor=actor)
    return current or AgencyReport.objects.get(pk=report.pk)


def _evidence_targets(
    *, report: AgencyReport, attach: Sequence[EvidenceUpload], remove: Collection[int]
) -> tuple[list[EvidenceFile], list[tuple[TaskUpdate, EvidenceUpload]]]:
    """The report's evidence files to remove and the rows to attach files to; refused
    (ReportInvalid) when a file or a task is not the report's. Two queries at most."""
    errors = []
    removals = []
    if remove:
        found = {
            e.pk: e
            for e in EvidenceFile.objects.filter(pk__in=remove, update__report_id=report.pk)
            .select_related("update__report")
            .order_by("pk")
        }
        removals = list(found.values())
        errors += [
            FieldError(f"evidence.{pk}", "Tệp minh chứng này không thuộc báo cáo.")
            for pk in remove
            if pk not in found
        ]
    uploads = []
    if attach:
        rows = {
            u.task_id: u
            for u in report.task_updates.filter(
                task_id__in={upload.task_id for upload in attach}
            ).select_related("report")
        }
        for upload in attach:
            update = rows.get(upload.task_id)
            if update is None:
                errors.append(
                    FieldError(f"tasks.{upload.task_id}", "Nhiệm vụ này không thuộc báo cáo.")
                )
            elif update.carried_over:
                errors.append(FieldError(f"tasks.{upload.task_id}", CARRIED_OVER))
            else:
                uploads.append((update, upload))
    if errors:
        raise ReportInvalid(errors)
    return removals, uploads
