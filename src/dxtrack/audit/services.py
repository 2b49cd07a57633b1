"""The audit trail: every state change of a report or a period writes one entry."""

from django.db import models

from dxtrack.accounts.access import Actor, account_of
from dxtrack.audit.models import AuditEntry


def audit_record(
    *, actor: Actor | None, action: str, target: models.Model, details: dict | None = None
) -> AuditEntry:
    details = details or {}
    user = account_of(actor)
    if user is None and actor is not None:
        # No account acted (the command line): the entry still says who did.
        details = {"by": str(actor), **details}
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        details=details,
    )
