"""`dxtrack user import`: accounts for many agencies at once from one CSV file.

Columns `username, role, agency, email, full_name`; the agency by name, short name, another
name of the directory, or official (GSO) code. All or nothing: every row is checked first,
each error naming its row and column, and nothing is written unless all rows are right.
Re-running with the same file changes nothing: an account is updated only where the file
differs from it, and passwords of existing accounts are never touched.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from dxtrack.accounts.access import Action, require
from dxtrack.accounts.csv_table import CsvRow, ImportRejected, csv_rows, row_error
from dxtrack.accounts.models import Profile, Role
from dxtrack.audit.services import audit_record
from dxtrack.vn_text import fold, name_key

USER_COLUMNS = ("username", "role", "agency", "email", "full_name")
_ROLES = {fold(role.value): role for role in Role} | {fold(role.label): role for role in Role}
# What Django's user name field accepts (UnicodeUsernameValidator), ASCII only: user names
# are typed on phones and in e-mails, where "xã.tịnh.khê" is a trap.
_USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789@.+-_")


@dataclass
class UserImport:
    created: list[tuple[str, str]] = field(default_factory=list)  # (user name, password)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        if not self.changed:
            return f"Không có thay đổi nào: {self.unchanged} tài khoản đã đúng như trong tệp."
        return (
            f"Đã tạo {len(self.created)} tài khoản, cập nhật {len(self.updated)} tài khoản; "
            f"{self.unchanged} tài khoản không đổi."
        )


def password_generate() -> str:
    """A random password of 16 characters from letters and digits (≈ 95 bits)."""
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def _exact_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


_AMBIGUOUS = object()


def agency_index() -> dict[str, Any]:
    """Every way the file may name an agency → the agency, in two queries.

    Names match with their diacritics ("Xã Sơn Hà" and "Xã Sơn Hạ" are two communes), or,
    written without any, when that names one agency only. Accounts sits below the directory
    app and does not import it; the model is looked up by name, as Profile's foreign key
    names it.
    """
    agency_model = apps.get_model("agencies", "Agency")
    alias_model = apps.get_model("agencies", "AgencyAlias")
    agencies = {agency.pk: agency for agency in agency_model.objects.all()}
    names: list[tuple[str, Any]] = [
        (alias.name, agencies[alias.agency_id])
        for alias in alias_model.objects.filter(agency__isnull=False).only("name", "agency_id")
        if alias.agency_id is not None
    ]
    names += [(a.short_name, a) for a in agencies.values() if a.short_name]
    names += [(a.name, a) for a in agencies.values()]
    index: dict[str, Any] = {}
    for name, agency in names:
        # Later entries win: an agency's own name over another's alias or short name.
        index["exact:" + _exact_key(name)] = agency
        key = "folded:" + name_key(name)
        if index.get(key, agency) is not agency:
            index[key] = _AMBIGUOUS
        else:
            index[key] = agency
    for agency in agencies.values():
        if agency.code:
            index["code:" + agency.code] = agency
    return index


def agency_lookup(index: dict[str, Any], text: str) -> Any | None:
    """The agency `text` names in `index` (agency_index), or None (none, or several)."""
    code = text.strip()
    if code.isdigit():
        # GSO codes are written with or without their leading zeros.
        found = index.get("code:" + code) or index.get("code:" + code.zfill(5))
        if found is not None:
            return found
    exact = _exact_key(text)
    found = index.get("exact:" + exact) or index.get("exact:ubnd " + exact)
    if found is None and fold(text) == exact:
        # Written without diacritics: matched without them, when one agency fits. A name
        # with diacritics is never matched without them: "Sơn Hà" is not "Sơn Hạ".
        found = index.get("folded:" + name_key(text))
    return None if found is _AMBIGUOUS else found


def _split_name(full_name: str) -> tuple[str, str]:
    family, _, given = full_name.strip().rpartition(" ")
    return family, given


@dataclass
class _Wanted:
    row: CsvRow
    username: str
    role: Role
    agency: Any | None
    email: str
    full_name: str


def _check(rows: list[CsvRow], index: dict[str, Any]) -> list[_Wanted]:
    errors: list[str] = []
    wanted: list[_Wanted] = []
    seen: dict[str, int] = {}
    for row in rows:
        values, line = row.values, row.line
        problems = len(errors)
        username = values["username"].lower()
        if not username:
            errors.append(row_error(line=line, column="username", message="chưa có tên đăng nhập."))
        elif not set(username) <= _USERNAME_CHARS or len(username) > 150:
            errors.append(
                row_error(
                    line=line,
                    column="username",
                    message=f"tên đăng nhập “{values['username']}” chỉ được gồm chữ cái không "
                    "dấu, chữ số và các ký tự @ . + - _ (tối đa 150 ký tự).",
                )
            )
        elif username in seen:
            errors.append(
                row_error(
                    line=line,
                    column="username",
                    message=f"tên đăng nhập “{username}” đã có ở dòng {seen[username]}.",
                )
            )
        else:
            seen[username] = line
        role = _ROLES.get(fold(values["role"]))
        if role is None:
            errors.append(
                row_error(
                    line=line,
                    column="role",
                    message=f"vai trò “{values['role']}” không có; dùng một trong: "
                    + ", ".join(r.value for r in Role)
                    + ".",
                )
            )
        agency = None
        if values["agency"]:
            agency = agency_lookup(index, values["agency"])
            if agency is None:
                errors.append(
                    row_error(
                        line=line,
                        column="agency",
                        message=f"không tìm thấy đơn vị “{values['agency']}” trong danh bạ "
                        "(ghi tên, tên viết tắt hoặc mã đơn vị).",
                    )
                )
        if role == Role.REPORTER and not values["agency"]:
            errors.append(
                row_error(
                    line=line, column="agency", message="cán bộ báo cáo phải thuộc một đơn vị."
                )
            )
        if role is not None and role != Role.REPORTER and values["agency"]:
            errors.append(
                row_error(
                    line=line,
                    column="agency",
                    message="chỉ cán bộ báo cáo mới gắn với một đơn vị; để trống ô này.",
                )
            )
        email = values["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    row_error(
                        line=line, column="email", message=f"“{email}” không phải địa chỉ e-mail."
                    )
                )
        if len(errors) == problems and role is not None:
            wanted.append(
                _Wanted(
                    row,
                    username,
                    role,
                    agency,
                    email.lower(),
                    " ".join(values["full_name"].split()),
                )
            )
    if errors:
        raise ImportRejected(errors)
    return wanted


def users_import(
    *,
    data: bytes | str,
    actor: Any,
    passwords_keep: Callable[[list[tuple[str, str]]], None] | None = None,
) -> UserImport:
    """Create or update the accounts of the CSV `data`; all or nothing.

    New accounts get a random password, handed once to `passwords_keep` (the command writes
    them to a file) before the transaction commits: if it fails, nothing is created. Without
    it, a file that would create accounts is refused. Raises ImportRejected, and
    PermissionDenied when `actor` may not manage accounts. Each account created or changed
    is audited (never its password).
    """
    require(actor, Action.ACCOUNTS_MANAGE)
    rows = csv_rows(data=data, columns=USER_COLUMNS, required=("username", "role"))
    user_model = get_user_model()
    with transaction.atomic():
        wanted = _check(rows, agency_index())
        existing = {
            user.username: user
            for user in user_model.objects.select_related("profile").filter(
                username__in=[w.username for w in wanted]
            )
        }
        new = [w for w in wanted if w.username not in existing]
        if new and passwords_keep is None:
            raise ImportRejected(
                [
                    f"Tệp tạo {len(new)} tài khoản mới: cần chỉ ra tệp ghi mật khẩu của các "
                    "tài khoản này (--passwords-out TỆP)."
                ]
            )
        result = UserImport()
        for item in wanted:
            user = existing.get(item.username)
            if user is None:
                password = password_generate()
                user = user_model(username=item.username, email=item.email)
                user.last_name, user.first_name = _split_name(item.full_name)
                user.is_staff = user.is_superuser = item.role == Role.ADMIN
                user.set_password(password)
                user.save()
                Profile.objects.create(user=user, role=item.role, agency=item.agency)
                result.created.append((item.username, password))
                audit_record(
                    actor=actor, action="user.import_create", target=user, details=_state(item)
                )
                continue
            if _update(user, item):
                result.updated.append(item.username)
                audit_record(
                    actor=actor, action="user.import_update", target=user, details=_state(item)
                )
            else:
                result.unchanged += 1
        if result.created and passwords_keep is not None:
            passwords_keep(result.created)
    return result


def _state(item: _Wanted) -> dict[str, Any]:
    return {
        "line": item.row.line,
        "role": item.role.value,
        "agency": item.agency.name if item.agency is not None else "",
        "email": item.email,
        "full_name": item.full_name,
    }


def _update(user: Any, item: _Wanted) -> bool:
    """Bring `user` to what the file says; True if anything changed. Empty cells of e-mail
    and full name leave what the account has."""
    changed = False
    if item.email and user.email != item.email:
        user.email = item.email
        changed = True
    if item.full_name:
        family, given = _split_name(item.full_name)
        if (user.last_name, user.first_name) != (family, given):
            user.last_name, user.first_name = family, given
            changed = True
    staff = item.role == Role.ADMIN
    if user.is_staff != staff or user.is_superuser != staff:
        user.is_staff = user.is_superuser = staff
        changed = True
    if changed:
        user.save()
    profile = getattr(user, "profile", None)
    agency_id = item.agency.pk if item.agency is not None else None
    if profile is None:
        Profile.objects.create(user=user, role=item.role, agency=item.agency)
        return True
    if profile.role != item.role or profile.agency_id != agency_id:
        profile.role, profile.agency = item.role, item.agency
        profile.save()
        changed = True
    return changed


__all__ = [
    "ImportRejected",
    "UserImport",
    "agency_index",
    "agency_lookup",
    "password_generate",
    "users_import",
]
