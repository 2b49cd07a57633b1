"""Evidence files (minh chứng) of an agency's task rows: stored after checking what they
really are, removed with the row. `report_services.report_apply` attaches and removes them
together with the save they belong to."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from dxtrack.accounts.access import Action, Actor, account_of, require
from dxtrack.audit.services import audit_record
from dxtrack.reporting.errors import InvalidTransition
from dxtrack.reporting.evidence import evidence_check
from dxtrack.reporting.models import EvidenceFile, TaskUpdate


@transaction.atomic
def evidence_attach(*, update: TaskUpdate, actor: Actor, name: str, data: bytes) -> EvidenceFile:
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
        uploaded_by=account_of(actor),
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
def evidence_remove(*, evidence: EvidenceFile, actor: Actor) -> None:
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
