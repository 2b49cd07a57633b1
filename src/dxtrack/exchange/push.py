"""Pushing packets up: the outbox filled from approved reports, drained by POSTs that are
retried with back-off until the receiver answers 2xx.

Exactly once, as the receiver sees it: every packet's Idempotency-Key is written with the
packet before the first attempt and never changes, so a retry after a lost answer, or after
the sender crashed between the receiver's 2xx and recording it, carries the key the
receiver has already seen. The outbox is filled by `exchange_outbox_fill`, run before each
drain (decision 0074): reporting is lower than exchange and does not call it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, require
from dxtrack.accounts.models import Profile, Role
from dxtrack.audit.services import audit_record
from dxtrack.exchange import packets as p
from dxtrack.exchange.export import packet_check
from dxtrack.exchange.models import DeliveryAttempt, OutboxPacket
from dxtrack.exchange.selectors import period_data
from dxtrack.reporting.models import AgencyReport, Notification, ReportingPeriod

BATCH = 50


@dataclass(frozen=True)
class PushSettings:
    url: str
    token: str = ""
    timeout: float = 10.0
    alert_after: int = 5  # failed attempts of one packet before the coordinators are told
    base_delay: float = 2.0  # seconds before the first retry; doubled at each failure
    max_delay: float = 3600.0
    # How long a run holds the packets it took; a run that crashed frees them after it.
    lease_seconds: float | None = None

    @property
    def lease(self) -> dt.timedelta:
        seconds = self.lease_seconds if self.lease_seconds is not None else self.timeout * 3 + 30
        return dt.timedelta(seconds=seconds)

    @classmethod
    def from_django(cls) -> PushSettings:
        return cls(
            url=django_settings.DXTRACK_EXCHANGE_URL,
            token=django_settings.DXTRACK_EXCHANGE_TOKEN,
            timeout=django_settings.DXTRACK_EXCHANGE_TIMEOUT,
            alert_after=django_settings.DXTRACK_EXCHANGE_ALERT_AFTER,
        )

    def delay(self, attempts: int) -> float:
        """Exponential back-off with jitter, so that retries of many packets spread out."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(attempts - 1, 0))
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - timing, not secrets


@dataclass
class PushRun:
    delivered: int = 0
    failures: int = 0
    alerts: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"Đã gửi thành công {self.delivered} gói tin; {self.failures} lần gửi lỗi; "
            f"còn {self.pending} gói tin chờ gửi lại."
        )
        if self.alerts:
            text += f" Đã cảnh báo cơ quan thường trực về {self.alerts} gói tin gửi lỗi nhiều lần."
        return text


# ----------------------------------------------------------------------- filling


def packet_key(*, period_id: int, kind: str, report_id: int | None, items: list) -> str:
    """Derived from what the packet says (not when it was built): building it again gives
    the same key, and the unique constraint keeps it out of the outbox a second time."""
    digest = hashlib.sha256(
        json.dumps(items, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()
    return f"dxtrack-{period_id}-{kind}-{report_id or 0}-{digest[:32]}"


def _periods_with_approvals(period: ReportingPeriod | None) -> list[ReportingPeriod]:
    if period is not None:
        return [period]
    ids = (
        AgencyReport.objects.filter(status=AgencyReport.Status.APPROVED)
        .values_list("period_id", flat=True)
        .distinct()
    )
    return list(ReportingPeriod.objects.filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def _fill_period(period: ReportingPeriod, now: dt.datetime) -> int:
    approved = dict(
        AgencyReport.objects.filter(period=period, status=AgencyReport.Status.APPROVED).values_list(
            "pk", "version"
        )
    )
    queued = set(
        OutboxPacket.objects.filter(period=period, report__isnull=False)
        .values_list("report_id", "report_version")
        .distinct()
    )
    todo = [pk for pk, version in approved.items() if (pk, version) not in queued]
    if not todo and OutboxPacket.objects.filter(period=period, report__isnull=True).exists():
        return 0
    data = period_data(period=period, report_ids=todo)
    rows: list[OutboxPacket] = []

    def add(kind: str, packet: dict, report: p.ReportRow | None) -> None:
        packet_check(kind=kind, packet=packet)
        rows.append(
            OutboxPacket(
                period=period,
                report_id=report.pk if report else None,
                report_version=approved[report.pk] if report else None,
                kind=kind,
                key=packet_key(
                    period_id=period.pk,
                    kind=kind,
                    report_id=report.pk if report else None,
                    items=packet["duLieu"],
                ),
                body=packet,
            )
        )

    for kind in p.PERIOD_KINDS:
        add(kind, p.packet_build(kind=kind, data=data, created_at=now), None)
    for report in data.reports:
        for kind in p.REPORT_KINDS:
            add(
                kind, p.packet_build(kind=kind, data=data, created_at=now, reports=[report]), report
            )
    before = OutboxPacket.objects.filter(period=period).count()
    OutboxPacket.objects.bulk_create(rows, batch_size=200, ignore_conflicts=True)
    return OutboxPacket.objects.filter(period=period).count() - before


def exchange_outbox_fill(*, period: ReportingPeriod | None = None) -> int:
    """Queue the packets of every approved report not queued yet (and the period's
    catalogue packets when they changed). Idempotent: returns how many were new."""
    now = timezone.now()
    return sum(_fill_period(item, now) for item in _periods_with_approvals(period))


# ----------------------------------------------------------------------- draining


def _pending(period: ReportingPeriod | None):
    rows = OutboxPacket.objects.filter(delivered_at__isnull=True)
    return rows.filter(period=period) if period is not None else rows


def _claim(period: ReportingPeriod | None, now: dt.datetime, lease: dt.timedelta) -> list[int]:
    """Take up to BATCH due packets for this run; another run skips them until the lease
    ends. The lease's own instant tells this run's packets apart (a conditional UPDATE
    works the same on SQLite and PostgreSQL)."""
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    # The longest-waiting first: in pk order, packets failing again and again would keep
    # taking the batch and those past it would never be tried.
    waiting = F("next_attempt_at").asc(nulls_first=True)
    ids = list(
        _pending(period)
        .filter(free & due)
        .order_by(waiting, "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    if not ids:
        return []
    token = now + lease + dt.timedelta(microseconds=random.randrange(1000))  # noqa: S311
    OutboxPacket.objects.filter(pk__in=ids, delivered_at__isnull=True).filter(free).update(
        leased_until=token
    )
    return list(
        OutboxPacket.objects.filter(pk__in=ids, leased_until=token)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _post(packet: OutboxPacket, config: PushSettings) -> tuple[int | None, str]:
    """(HTTP status, error) of one POST; status None when no answer came."""
    body = json.dumps(packet.body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - the configured receiver's URL
        f"{config.url.rstrip('/')}/{packet.kind}",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": packet.key,
            **({"Authorization": f"Bearer {config.token}"} if config.token else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode("utf-8", "replace")
        return error.code, f"Bên nhận trả lời {error.code}: {detail}".strip()
    except TimeoutError:
        return None, f"Bên nhận không trả lời trong {config.timeout:g} giây."
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return None, f"Bên nhận không trả lời trong {config.timeout:g} giây."
        return None, f"Không kết nối được bên nhận: {error.reason}"
    except (ConnectionError, OSError) as error:
        return None, f"Mất kết nối với bên nhận: {error}"


def _alert(packet: OutboxPacket) -> None:
    """Tell the standing body (in the system and by e-mail) that a packet keeps failing."""
    message = (
        f"Gói tin “{packet.kind}” của kỳ “{packet.period}” gửi lên hệ thống báo cáo đã lỗi "
        f"{packet.attempts} lần (lỗi gần nhất: {packet.last_error[:200]}). "
        "Hệ thống vẫn tự gửi lại; đề nghị kiểm tra kết nối với bên nhận."
    )
    profiles = Profile.objects.filter(role__in=[Role.COORDINATOR, Role.ADMIN]).select_related(
        "user"
    )
    users = [profile.user for profile in profiles if profile.user.is_active]
    Notification.objects.bulk_create(
        [Notification(user=user, message=message[:500], url="/trao-doi/") for user in users]
    )
    emails = [user.email for user in users if user.email]
    if emails:
        send_mail(
            "[dxtrack] Gửi dữ liệu lên hệ thống báo cáo bị lỗi",
            message,
            None,
            emails,
            fail_silently=True,
        )


def _record(
    pk: int, status: int | None, error: str, started: dt.datetime, took: float, config
) -> tuple[bool, bool]:
    """Write the attempt and the packet's new state; (delivered, alerted)."""
    ok = status is not None and 200 <= status < 300
    now = timezone.now()
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            packet_id=pk,
            at=started,
            status=status,
            error=error[:2000],
            duration_ms=int(took * 1000),
        )
        changes: dict[str, Any] = {
            "attempts": F("attempts") + 1,
            "last_status": status,
            "last_error": error[:2000],
            "leased_until": None,
        }
        if ok:
            changes["delivered_at"] = now
            changes["next_attempt_at"] = None
        OutboxPacket.objects.filter(pk=pk).update(**changes)
        if ok:
            return True, False
        packet = OutboxPacket.objects.select_related("period").get(pk=pk)
        packet.next_attempt_at = now + dt.timedelta(seconds=config.delay(packet.attempts))
        alerted = packet.attempts >= config.alert_after and packet.alerted_at is None
        if alerted:
            packet.alerted_at = now
            _alert(packet)
        packet.save(update_fields=["next_attempt_at", "alerted_at"])
    return False, alerted


def exchange_push(
    *,
    settings: PushSettings,
    period: ReportingPeriod | None = None,
    wait_seconds: float = 60.0,
) -> PushRun:
    """Send every packet not yet acknowledged, retrying those that fail, for at most
    `wait_seconds`; what is left waits for the next run."""
    run = PushRun()
    stop_at = time.monotonic() + wait_seconds
    lease = settings.lease
    while time.monotonic() < stop_at:
        now = timezone.now()
        claimed = _claim(period, now, lease)
        if not claimed:
            # The next retry falling due, or the end of a lease a crashed run left behind.
            free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
            pending = _pending(period)
            moments = [
                pending.filter(free).aggregate(at=Min("next_attempt_at"))["at"],
                pending.exclude(free).aggregate(at=Min("leased_until"))["at"],
            ]
            moments = [moment for moment in moments if moment is not None]
            if not moments:
                break
            next_due = min(moments)
            wait = (next_due - timezone.now()).total_seconds()
            if time.monotonic() + wait > stop_at:
                break
            time.sleep(max(wait, 0.001))
            continue
        packets = OutboxPacket.objects.in_bulk(claimed)
        for pk in claimed:
            started = timezone.now()
            clock = time.monotonic()
            status, error = _post(packets[pk], settings)
            delivered, alerted = _record(
                pk, status, error, started, time.monotonic() - clock, settings
            )
            if delivered:
                run.delivered += 1
            else:
                run.failures += 1
                run.errors.append(error)
            run.alerts += int(alerted)
    run.pending = _pending(period).count()
    return run


# ----------------------------------------------------------------------- sending one again


class RetryError(Exception):
    """The packet cannot be sent again now; the message is in Vietnamese."""


def exchange_packet_retry(
    *, packet_id: int, actor: Actor, settings: PushSettings | None = None
) -> tuple[bool, str]:
    """Send one packet now, at the coordinator's request, with its own Idempotency-Key
    (so a receiver that has it already is not given it twice); audited. (delivered, error).

    With no receiver configured, the packet is only made due, for the next push run."""
    require(actor, Action.EXCHANGE_MANAGE)
    config = settings or PushSettings.from_django()
    now = timezone.now()
    packet = (
        OutboxPacket.objects.select_related("period").defer("body").filter(pk=packet_id).first()
    )
    if packet is None:
        raise RetryError("Không tìm thấy gói tin.")
    if packet.delivered_at is not None:
        raise RetryError("Bên nhận đã xác nhận gói tin này; không gửi lại.")
    audit_record(
        actor=actor,
        action="exchange.retry",
        target=packet,
        details={"kind": packet.kind, "key": packet.key, "attempts": packet.attempts},
    )
    if not config.url:
        OutboxPacket.objects.filter(pk=packet_id).update(next_attempt_at=now)
        return False, "Chưa cấu hình địa chỉ bên nhận: gói tin sẽ được gửi ở lần chạy tiếp theo."
    # The same lease as a push run: a run sending this packet now keeps it, and the other
    # way round.
    free = Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    token = now + config.lease + dt.timedelta(microseconds=random.randrange(1000))  # noqa: S311
    taken = (
        OutboxPacket.objects.filter(pk=packet_id, delivered_at__isnull=True)
        .filter(free)
        .update(leased_until=token)
    )
    if not taken:
        raise RetryError("Gói tin đang được gửi; xem lại sau ít phút.")
    packet = OutboxPacket.objects.get(pk=packet_id)
    started, clock = timezone.now(), time.monotonic()
    status, error = _post(packet, config)
    delivered, _alerted = _record(
        packet_id, status, error, started, time.monotonic() - clock, config
    )
    return delivered, error
