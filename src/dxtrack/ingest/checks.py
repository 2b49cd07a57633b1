"""`dxtrack manage check`: uploads an import left behind."""

from __future__ import annotations

from django.core.checks import CheckMessage, Warning, register
from django.db import DatabaseError


@register()
def uploads_left_behind_check(app_configs=None, **kwargs) -> list[CheckMessage]:
    from dxtrack.ingest.cleanup import DEFAULT_MAX_AGE, KIND_LABELS, uploads_left_behind

    try:
        found = uploads_left_behind(older_than=DEFAULT_MAX_AGE)
    except DatabaseError:
        # A database not reachable or not set up yet: other checks and commands say so.
        return []
    if not found:
        return []
    counts = {kind: sum(1 for item in found if item.kind == kind) for kind in KIND_LABELS}
    hours = int(DEFAULT_MAX_AGE.total_seconds() // 3600)
    listed = ", ".join(f"{n} {KIND_LABELS[kind]}" for kind, n in counts.items() if n)
    return [
        Warning(
            f"{len(found)} tệp tải lên bị bỏ lại quá {hours} giờ ({listed}).",
            hint="Chạy `dxtrack cleanup-uploads` (xem trước bằng --dry-run); nên đặt lệnh "
            "này chạy hằng ngày bằng cron.",
            obj=", ".join(str(item.path) for item in found[:5]) + (" …" if len(found) > 5 else ""),
            id="dxtrack.W001",
        )
    ]
