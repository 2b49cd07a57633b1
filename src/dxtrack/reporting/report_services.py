"""An agency's report through its workflow: saved (under the version guard), sent,
returned or approved, commented; `report_apply` saves, attaches evidence and sends in one
go for every way a report comes in (the web page, the API, the Excel form, an imported
result table).

Every service checks access through `accounts.access`, runs in one transaction, keeps a
version of the report and writes the audit trail. The states and who may move a report
between them are `workflow.TRANSITIONS`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_prepare, audit_record
from dxtrack.prepared import prepared_run
from dxtrack.reporting import workflow
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
from dxtrack.reporting.models import AgencyReport, EvidenceFile, ReportComment, TaskUpdate
from dxtrack.reporting.notification_services import reporters_notify
from dxtrack.reporting.report_input import EvidenceUpload, ReportInput
from dxtrack.reporting.report_saving import (
    CARRIED_OVER,
    PROJECT_COLUMNS,
    TASK_COLUMNS,
    VALUE_COLUMNS,
    claim_prepare,
    claim_run,
    save_plan,
    save_prepare,
    save_send,
    save_write,
)
from dxtrack.reporting.selectors import ReportRows, report_rows
from dxtrack.reporting.versions import (
    changes_since,
    snapshot_values,
    version_prepare,
    version_record,
)

# ----------------------------------------------------------------------- saving


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
    plan = save_plan(
        status=report.status,
        assessment=report.assessment,
        tasks=list(report.task_updates.values(*TASK_COLUMNS)),
        values=list(report.indicator_values.values(*VALUE_COLUMNS)),
        # Key projects are read only when sent: most reports have none.
        projects=list(report.project_updates.values(*PROJECT_COLUMNS)) if data.projects else None,
        data=data,
    )
    if not save_write(report=report, actor=actor, version=version, plan=plan):
        report.refresh_from_db()
        raise StaleVersion(report, changes_since(report=report, version=version))
    report.refresh_from_db()
    return report


def report_save_rows(
    *, rows: ReportRows, actor: Actor, data: ReportInput, version: int
) -> ReportRows:
    """`report_save` for a report the caller has just read (`selectors.report_rows`):
    checked against those rows, which it changes and returns as saved, so that the answer
    needs no second read. Only the writes run in a transaction (the version guard refuses
    them if anyone saved since the rows were read), so on SQLite the write lock is held for
    a few statements, not for the reading and checking of a hundred rows."""
    head = rows.report
    require(actor, Action.REPORT_EDIT, agency_id=head["agency_id"])
    if not workflow.is_editable(head["status"]) or version != head["version"]:
        # Refused: the errors as report_save gives them, from the report as it is now.
        return _saved_anew(rows=rows, actor=actor, data=data, version=version)
    plan = save_plan(
        status=head["status"],
        assessment=head["assessment"],
        tasks=rows.tasks,
        values=rows.indicators,
        projects=rows.projects if data.projects else None,
        data=data,
    )
    report = _report_of(head)
    writes = save_prepare(report=report, actor=actor, version=version, plan=plan)
    with transaction.atomic():
        saved = save_send(report=report, version=version, plan=plan, writes=writes)
    if not saved:
        return _saved_anew(rows=rows, actor=actor, data=data, version=version)
    head.update(version=report.version, assessment=plan.assessment)
    return rows


def _report_of(head: dict[str, Any]) -> AgencyReport:
    """The report as its row read by `report_rows` says (for the history and audit rows)."""
    return AgencyReport(
        pk=head["pk"],
        period_id=head["period_id"],
        agency_id=head["agency_id"],
        status=head["status"],
        version=head["version"],
        assessment=head["assessment"],
        submitted_at=head["submitted_at"],
    )


def _saved_anew(*, rows: ReportRows, actor: Actor, data: ReportInput, version: int) -> ReportRows:
    report = AgencyReport.objects.get(pk=rows.report["pk"])
    report_apply(report=report, actor=actor, version=version, data=data)
    return report_rows(period_id=report.period_id, agency_id=report.agency_id)


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


def report_submit_rows(*, rows: ReportRows, actor: Actor) -> ReportRows:
    """`report_submit` for a report the caller has just read (`selectors.report_rows`): the
    missing statuses checked on those rows, the version's snapshot taken from them, the rows
    returned as sent. Only the move and its history run in a transaction, guarded by the
    version read; a report sent already (a second click) or changed since is left to
    `report_submit` to decide afresh."""
    head = rows.report
    move = workflow.SUBMIT
    require(actor, Action(move.permission), agency_id=head["agency_id"])
    if head["status"] not in move.sources:
        return _submitted_anew(rows=rows, actor=actor)
    missing = [
        FieldError(
            f"tasks.{row['task_id']}.status",
            f"Chưa chọn tình trạng cho nhiệm vụ {row['task__number'] or ''} "
            f"“{row['task__name'][:80]}”.",
        )
        for row in rows.tasks
        if row["role"] == TaskUpdate.Role.LEAD and not row["status"]
    ]
    if missing:
        raise ReportInvalid(missing)
    report = _report_of(head)
    snapshot = snapshot_values(
        tasks=rows.tasks,
        indicators=rows.indicators,
        status=move.target,
        assessment=head["assessment"],
    )
    now = timezone.now()
    # Everything but sending the statements is done before SQLite's write lock is taken
    # (docs/decisions/0193-save-prepared-before-lock.md).
    claim = claim_prepare(
        pk=report.pk,
        version=head["version"],
        sources=tuple(sorted(move.sources)),
        values={
            "status": move.target,
            "updated_at": now,
            "submitted_at": now,
            "updated_by": actor,
        },
    )
    report.status, report.submitted_at = move.target, now
    report.version += 1
    history = version_prepare(
        report=report, actor=actor, action=move.name, snapshot=snapshot, at=now
    )
    audit = audit_prepare(
        actor=actor,
        action=f"report.{move.name}",
        target=report,
        at=now,
        details={"version": report.version},
    )
    with transaction.atomic():
        moved = claim_run(claim)
        if moved:
            prepared_run(history, audit)
    if not moved:
        return _submitted_anew(rows=rows, actor=actor)
    head.update(status=report.status, version=report.version, submitted_at=now)
    return rows


def _submitted_anew(*, rows: ReportRows, actor: Actor) -> ReportRows:
    report = AgencyReport.objects.get(pk=rows.report["pk"])
    report_apply(report=report, actor=actor, version=report.version, submit=True)
    return report_rows(period_id=report.period_id, agency_id=report.agency_id)


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
