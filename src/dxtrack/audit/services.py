"""The audit trail: every state change of a report or a period writes one entry."""

from typing import Any

from django.db import models

from dxtrack.audit.models import AuditEntry


def audit_record(
    *, actor: Any, action: str, target: models.Model, details: dict | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        details=details or {},
    )
