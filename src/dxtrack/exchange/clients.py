"""System accounts: the provincial LGSP or the national platform pulling packets.

A system account is a user with the role `system` (accounts.Role.SYSTEM): `accounts.access`
lets it pull packets and refuses it everything else; see
docs/decisions/0122-system-role.md."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dxtrack.accounts.access import Action, Actor, allowed
from dxtrack.accounts.models import Role
from dxtrack.accounts.services import AccountError, user_add
from dxtrack.audit.services import audit_record


class ClientError(Exception):
    """The account cannot be created; the message is in Vietnamese."""


def exchange_pull_allowed(user: Actor) -> bool:
    return allowed(user, Action.EXCHANGE_PULL)


def exchange_pull_require(user: Actor) -> None:
    if not exchange_pull_allowed(user):
        raise PermissionDenied


@transaction.atomic
def exchange_client_add(*, username: str, name: str, password: str) -> Any:
    """A user with the role `system`, named after the system it stands for (`first_name`)."""
    try:
        user = user_add(username=username, role=Role.SYSTEM, password=password)
    except AccountError as error:
        raise ClientError(str(error)) from None
    user.first_name = name[:150]
    user.save(update_fields=["first_name"])
    audit_record(actor=None, action="exchange.client_add", target=user, details={"name": name})
    return user
