"""Requests to extend a task's deadline or adjust its content, and the standing body's
decision. An approved extension moves the deadline the agency is held to
(`deadlines.task_deadline`), never the plan's."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_record
from dxtrack.plans.models import Task
from dxtrack.reporting.errors import FieldError, ReportingError, ReportInvalid
from dxtrack.reporting.models import ExtensionRequest, TaskUpdate
from dxtrack.reporting.notification_services import reporters_notify


@transaction.atomic
def extension_request(
    *,
    task: Task,
    agency_id: int,
    actor: Actor,
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
        requested_by=account_of(actor),
    )
    audit_record(actor=actor, action="extension.request", target=request)
    return request


@transaction.atomic
def extension_decide(
    *, request: ExtensionRequest, actor: Actor, approve: bool, comment: str = ""
) -> ExtensionRequest:
    require(actor, Action.EXTENSION_DECIDE)
    if request.status != ExtensionRequest.Status.PENDING:
        raise ReportingError("Đề nghị này đã được xem xét.")
    if not approve and not comment.strip():
        raise ReportInvalid([FieldError("comment", "Nêu lý do không chấp thuận.")])
    request.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    )
    request.decided_by = account_of(actor)
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
    reporters_notify(
        agency_id=request.agency_id,
        message=f"Đề nghị {request.get_kind_display().lower()} nhiệm vụ "
        f"“{request.task.name[:120]}” {verdict}.",
    )
    return request
