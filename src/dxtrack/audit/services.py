"""The audit trail: every state change of a report or a period writes one entry."""


from django.db import models

from dxtrack.accounts.access import Actor
from dxtrack.audit.models import AuditEntry


def audit_record(
    *, actor: Actor, action: str, target: models.Model, details: dict | None = None
) -> AuditEntry:
    details = details or {}
    user = actor if getattr(actor, "pk", None) else None
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
