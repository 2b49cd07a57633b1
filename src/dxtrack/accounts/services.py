"""Accounts: creating users with a role, and API tokens. Sign-in throttling: throttle.py."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.models import ApiToken, Profile, Role
from dxtrack.compiled import CompiledValues

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dxtrack.agencies.models import Agency

TOKEN_LIFETIME = dt.timedelta(days=30)


class AccountError(Exception):
    """A user cannot be created as asked; the message is for the user, in Vietnamese."""


@transaction.atomic
def user_add(
    *,
    username: str,
    role: Role | str,
    password: str,
    agency: Agency | None = None,
    email: str = "",
    full_name: str = "",
) -> Any:
    role = Role(role)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise AccountError(f"Tên đăng nhập “{username}” đã có.")
    if role == Role.REPORTER and agency is None:
        raise AccountError("Cán bộ báo cáo phải thuộc một đơn vị (--agency).")
    if role != Role.REPORTER and agency is not None:
        raise AccountError("Chỉ cán bộ báo cáo mới gắn với một đơn vị.")
    user = user_model(username=username, email=email)
    try:
        validate_password(password, user)
    except Exception as error:
        messages = getattr(error, "messages", [str(error)])
        raise AccountError("Mật khẩu chưa đạt yêu cầu: " + " ".join(messages)) from error
    if full_name:
        family, _, given = full_name.strip().rpartition(" ")
        user.last_name, user.first_name = family, given
    # Administrators use Django's admin as the back office; nobody else needs it.
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.save()
    Profile.objects.create(user=user, role=role, agency=agency)
    return user


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User) -> str:
    """A new bearer token for `user`; the plain key is returned once and never stored."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, key_hash=_token_hash(key), expires_at=timezone.now() + TOKEN_LIFETIME
    )
    return key


@functools.cache
def _account_fields() -> tuple[list[str], list[str]]:
    """The columns of a user and of a profile, in the order their models list them."""
    return (
        [f.attname for f in get_user_model()._meta.concrete_fields],
        [f.attname for f in Profile._meta.concrete_fields],
    )


def _token_columns() -> list[str]:
    user_fields, profile_fields = _account_fields()
    return [
        "pk",
        "expires_at",
        "revoked_at",
        "last_used_at",
        *(f"user__{name}" for name in user_fields),
        *(f"user__profile__{name}" for name in profile_fields),
    ]


# Every API call starts here: one statement compiled once (dxtrack.compiled), read by the
# key's hash alone (a unique index); the checks are made on the row in token_user.
_TOKEN_ROW = CompiledValues(
    lambda key_hash: (
        ApiToken.objects.filter(key_hash=key_hash).order_by().values(*_token_columns())
    ),
    "key_hash",
)


def _user_of(row: dict[str, Any]) -> Any:
    """The token's user with its profile (or its absence) cached, as select_related does."""
    user_fields, profile_fields = _account_fields()
    alias = _TOKEN_ROW.alias
    user = get_user_model().from_db(alias, user_fields, [row[f"user__{f}"] for f in user_fields])
    profile = None
    if row[f"user__profile__{Profile._meta.pk.attname}"] is not None:
        values = [row[f"user__profile__{f}"] for f in profile_fields]
        profile = Profile.from_db(alias, profile_fields, values)
        profile._state.fields_cache["user"] = user
    # The access rules read user.profile: no query for it, and none for a user without one.
    user._state.fields_cache["profile"] = profile
    return user


def token_user(*, key: str) -> Any | None:
    """The active user holding the unexpired, unrevoked token `key` (its profile loaded), or
    None."""
    found = _TOKEN_ROW(key_hash=_token_hash(key))
    if not found:
        return None
    row = found[0]
    now = timezone.now()
    if row["expires_at"] <= now or row["revoked_at"] is not None or not row["user__is_active"]:
        return None
    # Writing on every call would serialise all API traffic on SQLite.
    last_used = row["last_used_at"]
    if last_used is None or now - last_used > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=row["pk"]).update(last_used_at=now)
    return _user_of(row)


def tokens_active(*, user: User | None = None):
    """Tokens that still open the API (of `user`, or everyone's)."""
    tokens = ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
    return tokens if user is None else tokens.filter(user=user)


def tokens_revoke(*, user: User | None = None, token_ids: list[int] | None = None) -> int:
    """Revoke the active tokens of `user` (or those of `token_ids`); returns how many."""
    tokens = tokens_active(user=user)
    if token_ids is not None:
        tokens = tokens.filter(pk__in=token_ids)
    return tokens.update(revoked_at=timezone.now())
