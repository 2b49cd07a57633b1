"""Notices shown to users inside the system (the bell): a report returned or approved, a
comment, a decision on an extension request or on a disputed task, a plan proposed from a
result table.

The link a notice opens is given by the caller (the page or API route that knows the
system's addresses); these services build no URL themselves.
"""

from __future__ import annotations

from django.utils import timezone

from dxtrack.accounts.access import Actor, account_of
from dxtrack.accounts.models import Profile, Role
from dxtrack.reporting.models import Notification


def reporters_notify(*, agency_id: int, message: str, link: str = "") -> None:
    """Leave `message` for every reporter of the agency. One query to find them, one to write."""
    user_ids = Profile.objects.filter(role=Role.REPORTER, agency_id=agency_id).values_list(
        "user_id", flat=True
    )
    Notification.objects.bulk_create(
        [Notification(user_id=pk, message=message[:500], url=link) for pk in user_ids]
    )


def coordinators_notify(*, message: str, link: str = "") -> None:
    """Leave `message` for every account of the standing body (a plan proposed to it)."""
    user_ids = Profile.objects.filter(role=Role.COORDINATOR).values_list("user_id", flat=True)
    Notification.objects.bulk_create(
        [Notification(user_id=pk, message=message[:500], url=link) for pk in user_ids]
    )


def notifications_mark_read(*, user: Actor) -> int:
    return Notification.objects.filter(user=account_of(user), read_at__isnull=True).update(
        read_at=timezone.now()
    )
