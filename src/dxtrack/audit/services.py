"""The audit trail: every state change of a report or a period writes one entry."""

import datetime as dt

from django.db import models

from dxtrack.accounts.access import Actor, account_of
from dxtrack.audit.models import AuditEntry
from dxtrack.prepared import Prepared, insert_prepare


def _details(actor: Actor | None, details: dict | None) -> dict:
    details = details or {}
    if account_of(actor) is None and actor is not None:
        # No account acted (the command line): the entry still says who did.
        details = {"by": str(actor), **details}
    return details


def audit_record(
    *, actor: Actor | None, action: str, target: models.Model, details: dict | None = None
) -> AuditEntry:
    details = _details(actor, details)
    user = account_of(actor)
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        details=details,
    )


def audit_prepare(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model,
    at: dt.datetime,
    details: dict | None = None,
) -> Prepared:
    """The entry `audit_record` writes, as a statement made ready to send later
    (`dxtrack.prepared.prepared_run`) inside a short transaction, dated `at`."""
    return insert_prepare(
        AuditEntry,
        {
            "actor": account_of(actor),
            "action": action,
            "target_type": target._meta.label_lower,
            "target_id": target.pk,
            "at": at,
            "details": _details(actor, details),
        },
    )
