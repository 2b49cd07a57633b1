"""`dxtrack agencies contacts`: agencies' e-mail addresses and phone numbers from a CSV file
(columns `agency, email, phone`), which reminders write to besides the agencies' reporters.

All or nothing, every error naming its row and column; an empty cell leaves what the agency
has (a file of phone numbers alone does not erase the addresses); re-running the same file
changes nothing and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.access import Action, require
from dxtrack.accounts.csv_table import ImportRejected, csv_rows, row_error
from dxtrack.accounts.imports import agency_index, agency_lookup
from dxtrack.agencies.models import Agency
from dxtrack.audit.services import audit_record

CONTACT_COLUMNS = ("agency", "email", "phone")
_PHONE_CHARS = set("0123456789 +().-/")


@dataclass
class ContactsImport:
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        if not self.updated:
            return f"Không có thay đổi nào: {self.unchanged} đơn vị đã đúng như trong tệp."
        return (
            f"Đã cập nhật địa chỉ liên hệ của {len(self.updated)} đơn vị; "
            f"{self.unchanged} đơn vị không đổi."
        )


def contacts_import(*, data: bytes | str, actor: Any) -> ContactsImport:
    """Set the e-mail and phone of the agencies of the CSV `data`; each change audited.

    Raises ImportRejected, and PermissionDenied when `actor` may not edit the directory.
    """
    require(actor, Action.DIRECTORY_EDIT)
    rows = csv_rows(data=data, columns=CONTACT_COLUMNS, required=("agency", "email"))
    with transaction.atomic():
        index = agency_index()
        errors: list[str] = []
        wanted: dict[int, tuple[Agency, str, str]] = {}
        seen: dict[int, int] = {}
        for row in rows:
            values, line = row.values, row.line
            agency = agency_lookup(index, values["agency"]) if values["agency"] else None
            if not values["agency"]:
                errors.append(row_error(line=line, column="agency", message="chưa ghi đơn vị."))
            elif agency is None:
                errors.append(
                    row_error(
                        line=line,
                        column="agency",
                        message=f"không tìm thấy đơn vị “{values['agency']}” trong danh bạ "
                        "(ghi tên, tên viết tắt hoặc mã đơn vị).",
                    )
                )
            elif agency.pk in seen:
                errors.append(
                    row_error(
                        line=line,
                        column="agency",
                        message=f"đơn vị “{agency.name}” đã có ở dòng {seen[agency.pk]}.",
                    )
                )
            email = values["email"].lower()
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    errors.append(
                        row_error(
                            line=line,
                            column="email",
                            message=f"“{values['email']}” không phải địa chỉ e-mail.",
                        )
                    )
            phone = " ".join(values["phone"].split())
            if phone and (not set(phone) <= _PHONE_CHARS or len(phone) > 50):
                errors.append(
                    row_error(
                        line=line,
                        column="phone",
                        message=f"“{values['phone']}” không phải số điện thoại "
                        "(chỉ gồm chữ số, dấu cách và + ( ) . - /).",
                    )
                )
            if agency is not None and agency.pk not in seen:
                seen[agency.pk] = line
                wanted[agency.pk] = (agency, email, phone)
        if errors:
            raise ImportRejected(errors)
        result = ContactsImport()
        changed = []
        for agency, email, phone in wanted.values():
            new_email = email or agency.email
            new_phone = phone or agency.phone
            if (agency.email, agency.phone) == (new_email, new_phone):
                result.unchanged += 1
                continue
            before = {"email": agency.email, "phone": agency.phone}
            agency.email, agency.phone = new_email, new_phone
            changed.append(agency)
            audit_record(
                actor=actor,
                action="agency.contacts",
                target=agency,
                details={"before": before, "after": {"email": new_email, "phone": new_phone}},
            )
            result.updated.append(agency.name)
        if changed:
            now = timezone.now()
            for agency in changed:
                agency.updated_at = now
            Agency.objects.bulk_update(changed, ["email", "phone", "updated_at"])
    return result
