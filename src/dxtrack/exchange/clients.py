"""System accounts: the provincial LGSP or the national platform pulling packets.

A system account is a user with no role of its own (so every other page and route refuses
it) and an active ExchangeClient row; see docs/decisions/0073-system-accounts.md."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dxtrack.accounts.access import Action, Actor, account_of, allowed
from dxtrack.audit.services import audit_record
from dxtrack.exchange.models import ExchangeClient


class ClientError(Exception):
    """The account cannot be created; the message is in Vietnamese."""


def exchange_pull_allowed(user: Actor) -> bool:
    if allowed(user, Action.EXCHANGE_PULL):
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return ExchangeClient.objects.filter(user=account_of(user), active=True).exists()


def exchange_pull_require(user: Actor) -> None:
    if not exchange_pull_allowed(user):
        raise PermissionDenied


@transaction.atomic
def exchange_client_add(*, username: str, name: str, password: str) -> ExchangeClient:
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise ClientError(f"Tên đăng nhập “{username}” đã có.")
    user = users(username=username)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ClientError(" ".join(error.messages)) from None
    user.set_password(password)
    user.save()
    client = ExchangeClient.objects.create(user=user, name=name)
    audit_record(actor=None, action="exchange.client_add", target=client, details={"name": name})
    return client
