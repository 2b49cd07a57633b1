"""Files uploaded for an import that was never confirmed, found and removed after a while.

Three kinds are left behind: the stored file of a plan upload whose preview was never
confirmed (`ImportUpload` without `confirmed_at`), a file in the imports folder that no
upload row names (the row's transaction failed after the file was written), and the
temporary copy of a result table whose reading was cut short (the process was killed).
Nothing confirmed is ever touched: an upload with `confirmed_at` keeps its row and its file
whatever its age.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dxtrack.ingest.models import ImportUpload
from dxtrack.ingest.services import database_has
from dxtrack.ingest.uploads import imports_dir, upload_path

# Long enough for a coordinator to come back to a preview the next working day.
DEFAULT_MAX_AGE = dt.timedelta(hours=48)

UNCONFIRMED, ORPHAN, INTERRUPTED = "unconfirmed", "orphan", "interrupted"
KIND_LABELS = {
    UNCONFIRMED: "kế hoạch tải lên chưa xác nhận nhập",
    ORPHAN: "tệp không thuộc lần tải lên nào",
    INTERRUPTED: "bản sao tạm của bảng kết quả bị bỏ dở",
}
RESULT_COPY_PREFIX = "dxtrack-result-"


def result_uploads_dir() -> Path:
    """Where a result table is copied while it is read (removed at once when all goes well)."""
    return Path(settings.DATA_DIR) / "result-imports"


@dataclass(frozen=True)
class LeftBehind:
    kind: str
    path: Path
    since: dt.datetime
    upload_id: int | None = None
    name: str = ""  # the user's file name, when known

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class Cleanup:
    found: list[LeftBehind] = field(default_factory=list)
    removed: list[LeftBehind] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        if not self.found:
            return "Không có tệp tải lên nào bị bỏ lại."
        verb = "Sẽ xóa" if self.dry_run else "Đã xóa"
        counts = {kind: 0 for kind in KIND_LABELS}
        for item in self.removed if not self.dry_run else self.found:
            counts[item.kind] += 1
        parts = ", ".join(f"{n} {KIND_LABELS[kind]}" for kind, n in counts.items())
        return f"{verb} {sum(counts.values())} mục ({parts})."


def _modified(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)


def uploads_left_behind(
    *, older_than: dt.timedelta = DEFAULT_MAX_AGE, now: dt.datetime | None = None
) -> list[LeftBehind]:
    """What an import left behind and did not confirm, older than `older_than`."""
    now = now or timezone.now()
    cutoff = now - older_than
    found: list[LeftBehind] = []
    known: set[str] = set()
    if database_has(ImportUpload._meta.db_table):
        known = set(ImportUpload.objects.values_list("stored_name", flat=True))
        for upload in ImportUpload.objects.filter(
            confirmed_at__isnull=True, created_at__lt=cutoff
        ).order_by("created_at", "pk"):
            found.append(
                LeftBehind(
                    UNCONFIRMED,
                    upload_path(upload),
                    upload.created_at,
                    upload_id=upload.pk,
                    name=upload.original_name,
                )
            )
        folder = imports_dir()
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.name not in known and _modified(path) < cutoff:
                    found.append(LeftBehind(ORPHAN, path, _modified(path)))
    copies = result_uploads_dir()
    if copies.is_dir():
        for path in sorted(copies.iterdir()):
            if path.name.startswith(RESULT_COPY_PREFIX) and _modified(path) < cutoff:
                found.append(LeftBehind(INTERRUPTED, path, _modified(path)))
    return found


def uploads_cleanup(
    *,
    older_than: dt.timedelta = DEFAULT_MAX_AGE,
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> Cleanup:
    """Remove what `uploads_left_behind` finds (with `dry_run`, only say what). An upload's
    row goes first, and its file only if the row was still unconfirmed: one confirmed
    meanwhile keeps both."""
    result = Cleanup(found=uploads_left_behind(older_than=older_than, now=now), dry_run=dry_run)
    if dry_run:
        return result
    for item in result.found:
        if item.kind == UNCONFIRMED and item.upload_id is not None:  # set for this kind
            with transaction.atomic():
                deleted, _ = ImportUpload.objects.filter(
                    pk=item.upload_id, confirmed_at__isnull=True
                ).delete()
            if not deleted:
                continue
            item.path.unlink(missing_ok=True)
        elif item.kind == ORPHAN:
            # Named by no row, now or ever: a new upload's row commits after its file is
            # written, which is why only files older than the limit are taken.
            if ImportUpload.objects.filter(stored_name=item.path.name).exists():
                continue
            item.path.unlink(missing_ok=True)
        elif item.path.is_dir():
            shutil.rmtree(item.path, ignore_errors=True)
        else:
            item.path.unlink(missing_ok=True)
        result.removed.append(item)
    return result
