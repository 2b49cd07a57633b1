"""The weekly digest of warnings, e-mailed by `dxtrack digest` (cron).

Leaders and the coordinator receive every standing warning nobody has handled yet; each
agency's reporters receive their agency's. One message per person with all their warnings.
`WarningSent` records each warning sent to each person (its unique constraint is the
guard): a warning is never e-mailed twice to the same person, so a second run sends only
what appeared since. As for reminders, the rows are claimed before sending and removed for
the messages that could not go out, which the next run tries again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse

from dxtrack.accounts.models import Profile, Role
from dxtrack.forecasting.models import Warning, WarningSent

logger = logging.getLogger(__name__)

# Who reads every warning in the digest; reporters read their own agency's.
PROVINCE_ROLES = (Role.LEADER, Role.COORDINATOR)
SEVERITY_ORDER: dict[str, int] = {
    Warning.Severity.HIGH: 0,
    Warning.Severity.MEDIUM: 1,
    Warning.Severity.LOW: 2,
}


@dataclass
class DigestMessage:
    user: User
    address: str
    warnings: list[Warning]


@dataclass
class DigestRun:
    dry_run: bool
    sent: list[DigestMessage] = field(default_factory=list)
    failed: list[DigestMessage] = field(default_factory=list)
    nothing_new: int = 0  # people with no new warning
    no_address: int = 0  # people to write to without an e-mail address

    def summary(self) -> str:
        verb = "Sẽ gửi" if self.dry_run else "Đã gửi"
        lines = [
            f"{verb} {len(self.sent)} thư tổng hợp cảnh báo"
            f"{' (chạy thử)' if self.dry_run else ''}; {self.nothing_new} người không có cảnh "
            f"báo mới; {self.no_address} người chưa có địa chỉ e-mail; {len(self.failed)} thư "
            "gửi không được."
        ]
        for message in self.sent:
            lines.append(f"  → {message.address}: {len(message.warnings)} cảnh báo")
        for message in self.failed:
            lines.append(f"  ✗ {message.address}: gửi không được, sẽ thử lại lần sau.")
        return "\n".join(lines)


def _base_url() -> str:
    return settings.DXTRACK_BASE_URL.rstrip("/")


def _list_url() -> str:
    try:
        return reverse("warning-list")
    except NoReverseMatch:
        return ""


def digest_message(*, user: User, warnings: list[Warning], base_url: str) -> tuple[str, str]:
    """(subject, body) of one person's digest, in Vietnamese."""
    high = sum(1 for w in warnings if w.severity == Warning.Severity.HIGH)
    subject = f"[dxtrack] Cảnh báo sớm: {len(warnings)} cảnh báo mới" + (
        f", {high} mức cao" if high else ""
    )
    name = f"{user.last_name} {user.first_name}".strip() or user.get_username()
    lines = [
        f"Kính gửi: {name}",
        "",
        "Hệ thống theo dõi chuyển đổi số tỉnh Quảng Ngãi có các cảnh báo sớm mới, chưa được xử lý:",
        "",
    ]
    for number, warning in enumerate(warnings, start=1):
        lines.append(
            f"{number}. [Mức {warning.get_severity_display().lower()}] {warning.title}"
            f" ({warning.period.name})"
        )
        lines.extend(f"   - {reason}" for reason in warning.reasons)
        if warning.url:
            lines.append(f"   Xem: {base_url}{warning.url}")
        lines.append("")
    listing = _list_url()
    if listing:
        lines.append(f"Danh sách mọi cảnh báo và ghi nhận xử lý: {base_url}{listing}")
    lines += [
        "",
        "Thư được gửi tự động; mỗi cảnh báo chỉ được gửi một lần. Vui lòng không trả lời thư này.",
        "",
        "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi — cơ quan thường trực chuyển đổi số.",
    ]
    return subject, "\n".join(lines)


def _recipients() -> list[tuple[Any, Profile]]:
    profiles = (
        Profile.objects.filter(role__in=[*PROVINCE_ROLES, Role.REPORTER], user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    return [(p.user, p) for p in profiles]


def digest_plan() -> tuple[list[DigestMessage], int, int]:
    """Who gets which warnings now: (messages, people with nothing new, people without an
    address). A fixed number of queries."""
    standing = list(
        Warning.objects.filter(resolved_at__isnull=True, acknowledged_at__isnull=True)
        .select_related("period", "agency")
        .order_by("period__ends_on", "pk")
    )
    by_agency: dict[int | None, list[Warning]] = defaultdict(list)
    for warning in standing:
        if warning.agency_id is not None:
            by_agency[warning.agency_id].append(warning)
    sent = set(
        WarningSent.objects.filter(warning__in=[w.pk for w in standing]).values_list(
            "warning_id", "user_id"
        )
    )
    messages, nothing_new, no_address = [], 0, 0
    for user, profile in _recipients():
        if profile.role == Role.REPORTER:
            candidates = by_agency.get(profile.agency_id, [])
        else:
            candidates = standing
        new = [w for w in candidates if (w.pk, user.pk) not in sent]
        if not new:
            nothing_new += 1
            continue
        if not user.email:
            no_address += 1
            continue
        new.sort(key=lambda w: (SEVERITY_ORDER.get(w.severity, 9), w.kind, w.title))
        messages.append(DigestMessage(user=user, address=user.email, warnings=new))
    return messages, nothing_new, no_address


def digest_send(*, dry_run: bool = False) -> DigestRun:
    """E-mail each person their new, unhandled warnings; record what was sent."""
    messages, nothing_new, no_address = digest_plan()
    run = DigestRun(dry_run=dry_run, nothing_new=nothing_new, no_address=no_address)
    if dry_run or not messages:
        run.sent = messages
        return run
    claims = {
        id(message): [WarningSent(warning=w, user=message.user) for w in message.warnings]
        for message in messages
    }
    try:
        with transaction.atomic():
            WarningSent.objects.bulk_create([c for rows in claims.values() for c in rows])
    except IntegrityError:
        logger.warning("Another digest run claimed the same warnings; this run stops.")
        return run
    base = _base_url()
    try:
        with get_connection() as connection:
            for message in messages:
                subject, body = digest_message(
                    user=message.user, warnings=message.warnings, base_url=base
                )
                email = EmailMessage(subject, body, to=[message.address], connection=connection)
                try:
                    email.send()
                except Exception:  # refused by the server: the next run tries again
                    logger.exception("Warning digest to %s failed", message.address)
                    run.failed.append(message)
                else:
                    run.sent.append(message)
    finally:
        sent = {id(m) for m in run.sent}
        unsent = [c.pk for m in messages if id(m) not in sent for c in claims[id(m)]]
        if unsent:
            WarningSent.objects.filter(pk__in=unsent).delete()
    return run
