"""Slowing down password guessing without letting anyone lock anyone out.

Failures are counted per account name *and* address together. A few are free (typos); after
that each further attempt from that address for that name waits twice as long as the last,
up to a quarter of an hour, counted from the last failure. A guesser elsewhere therefore only
slows itself: the owner signing in from its own address is never delayed, and colleagues
behind one office address do not share each other's delays. An attempt made while waiting
is refused without checking the password and is not counted, so the wait ends on time.
See docs/decisions/0081-sign-in-throttle.md.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max
from django.utils import timezone

from dxtrack.accounts.models import LoginFailure

FREE_FAILURES = 3
FIRST_DELAY = dt.timedelta(seconds=5)
MAX_DELAY = dt.timedelta(minutes=15)
# Failures older than this are forgotten (and deleted when the pair fails again).
FAILURE_MEMORY = dt.timedelta(hours=24)


def _pair(*, username: str, address: str | None):
    failures = LoginFailure.objects.filter(username=username.strip().lower())
    if address is None:
        return failures.filter(address__isnull=True)
    return failures.filter(address=address)


def _delay_after(failures: int) -> dt.timedelta:
    if failures <= FREE_FAILURES:
        return dt.timedelta(0)
    # Capped exponent: the doubling passes the maximum long before it could overflow.
    steps = min(failures - FREE_FAILURES - 1, 20)
    return min(FIRST_DELAY * 2**steps, MAX_DELAY)


def login_delay(*, username: str, address: str | None) -> dt.timedelta:
    """How long `username` must wait before trying again from `address` (zero: now)."""
    now = timezone.now()
    recent = _pair(username=username, address=address).filter(at__gte=now - FAILURE_MEMORY)
    summary = recent.aggregate(failures=Count("pk"), last=Max("at"))
    if not summary["failures"]:
        return dt.timedelta(0)
    remaining = summary["last"] + _delay_after(summary["failures"]) - now
    return max(remaining, dt.timedelta(0))


def login_failed(*, username: str, address: str | None) -> None:
    _pair(username=username, address=address).filter(
        at__lt=timezone.now() - FAILURE_MEMORY
    ).delete()
    LoginFailure.objects.create(username=username.strip().lower(), address=address)


def login_succeeded(*, username: str, address: str | None) -> None:
    """The name signed in from `address`: its failures from there are forgotten; those
    from other addresses stay, so the owner's sign-in does not reset a guesser's wait."""
    failures = _pair(username=username, address=address)
    # Most sign-ins follow no failure: a read then, not a write that waits for SQLite's lock.
    if failures.exists():
        failures.delete()


def wait_message(delay: dt.timedelta) -> str:
    """'Vui lòng thử lại sau 40 giây.' in Vietnamese, in seconds or whole minutes."""
    seconds = max(1, int(delay.total_seconds() + 0.999))
    if seconds < 120:
        amount = f"{seconds} giây"
    else:
        amount = f"{(seconds + 59) // 60} phút"
    return (
        "Đăng nhập sai nhiều lần từ địa chỉ này. "
        f"Vui lòng thử lại sau {amount} hoặc liên hệ quản trị hệ thống."
    )
