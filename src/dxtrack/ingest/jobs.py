"""Scans read in the background of the web process, their progress kept in the database.

A scanned plan is stored like any upload, then read by a thread of the process that received
it (decision 0166): `dxtrack demo` (runserver) and `dxtrack serve` (gunicorn) need nothing
more started, and the OCR itself runs in Tesseract processes, so the thread only waits. The
thread writes its progress to the `ImportJob` row after each page, so the page polling it
may be served by any worker. Its result (the words of every page) is written in one update
at the end, and only if nobody cancelled meanwhile; a failure or a cancel removes the upload
and its file, so nothing half-read is ever previewed, let alone imported. A job whose
process died (a restart) stops being touched, and is reported as cut off.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxtrack.accounts.access import Action, Actor, require
from dxtrack.agencies.services import directory_current
from dxtrack.ingest.document import UnreadableDocument
from dxtrack.ingest.models import ImportJob, ImportUpload
from dxtrack.ingest.ocr import OcrCancelled, ocr_page_numbers, ocr_pages, ocr_pages_to_json
from dxtrack.ingest.services import plan_file_read
from dxtrack.ingest.upload_files import upload_path

logger = logging.getLogger(__name__)

# A running job whose row was not touched for this long lost its thread (the server was
# restarted): one page never takes this long (`ocr.PAGE_TIMEOUT` is 3 minutes).
STALE_AFTER = dt.timedelta(minutes=5)

Status = ImportJob.Status

T = TypeVar("T")

# How long the job's thread keeps trying a statement refused by a lock (see `_patient`).
LOCK_PATIENCE = 10.0


def _patient(statement: Callable[[], T]) -> T:
    """Run one of the thread's statements, trying again while the row's table is locked.

    Requests reading the job's row run beside the thread. A database file waits for a lock
    (its busy timeout), but SQLite's shared cache, which an in-memory database uses, refuses
    at once with "database table is locked"; a refused claim would leave the job queued
    until it is declared cut off, so the thread waits a little and tries again.
    """
    deadline = time.monotonic() + LOCK_PATIENCE
    while True:
        try:
            return statement()
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _thread_main(job_id: int) -> None:
    # The thread's own database connection, opened on first use, closed when it is done.
    close_old_connections()
    try:
        import_job_run(job_id=job_id)
    finally:
        connection.close()


def _thread_start(job_id: int) -> None:
    threading.Thread(
        target=_thread_main, args=(job_id,), name=f"dxtrack-ocr-{job_id}", daemon=True
    ).start()


# Replaced by tests, which run the job in their own thread to see its writes.
launcher: Callable[[int], None] = _thread_start


def import_job_start(*, upload: ImportUpload, user: Actor) -> ImportJob:
    """Start reading the scan of `upload` in the background, once the upload is committed."""
    require(user, Action.PLAN_IMPORT)
    job = ImportJob.objects.create(
        token=secrets.token_urlsafe(24),
        upload=upload,
        original_name=upload.original_name,
        created_by=upload.uploaded_by,
        pages_total=len(ocr_page_numbers(upload_path(upload))),
    )
    transaction.on_commit(lambda: launcher(job.pk))
    return job


def import_job_run(*, job_id: int) -> None:
    """Read the scan of a job, page by page (in the job's thread, see `launcher`)."""
    started = _patient(
        lambda: ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
            status=Status.RUNNING
        )
    )
    job = _patient(lambda: ImportJob.objects.select_related("upload").get(pk=job_id))
    if not started or job.upload is None:
        return
    upload = job.upload

    def progress(done: int, total: int) -> None:
        _patient(
            lambda: ImportJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
                pages_done=done, pages_total=total, updated_at=timezone.now()
            )
        )

    def cancelled() -> bool:
        return not _patient(
            ImportJob.objects.filter(
                pk=job_id, status=Status.RUNNING, cancel_requested=False
            ).exists
        )

    try:
        pages = ocr_pages(upload_path(upload), progress=progress, cancelled=cancelled)
        job.pages = ocr_pages_to_json(pages)
        # A scan with no plan table in it is refused now rather than at the preview.
        plan_file_read(path=upload_path(upload), resolver=directory_current(), scanned=pages)
    except OcrCancelled:
        _patient(lambda: _discard(job, status=Status.CANCELLED, message=""))
        return
    except UnreadableDocument as error:
        message = str(error).replace(upload.stored_name, upload.original_name)
        _patient(lambda: _discard(job, status=Status.FAILED, message=message))
        return
    except Exception:
        logger.exception("Reading the scan of import job %s failed", job_id)
        failed = _("Tệp “%(name)s”: lỗi khi đọc bản quét; hãy thử lại.") % {
            "name": job.original_name
        }
        _patient(lambda: _discard(job, status=Status.FAILED, message=failed))
        return

    def finish() -> int:
        with transaction.atomic():
            return ImportJob.objects.filter(
                pk=job_id, status=Status.RUNNING, cancel_requested=False
            ).update(status=Status.DONE, pages=job.pages, pages_done=len(pages))

    if not _patient(finish):
        _patient(lambda: _discard(job, status=Status.CANCELLED, message=""))


def _discard(job: ImportJob, *, status: str, message: str) -> None:
    """End a job that will not be previewed: its upload and stored file go."""
    with transaction.atomic():
        ended = ImportJob.objects.filter(
            pk=job.pk, status__in=(Status.QUEUED, Status.RUNNING)
        ).update(status=status, message=message, pages="")
        if not ended:
            return  # ended already: finished, failed or cancelled by someone else
        upload = ImportUpload.objects.filter(job__pk=job.pk, confirmed_at__isnull=True).first()
        if upload is not None:
            path = upload_path(upload)
            upload.delete()
            transaction.on_commit(lambda: path.unlink(missing_ok=True))


def import_job_cancel(*, job: ImportJob, actor: Actor) -> None:
    """Stop reading a scan: the job ends at its next page; the upload and its file go now."""
    require(actor, Action.PLAN_IMPORT)
    if job.finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    _discard(job, status=Status.CANCELLED, message="")
    job.refresh_from_db()


def import_job_current(*, job: ImportJob) -> ImportJob:
    """The job as it is now; a running job whose thread died is marked as cut off."""
    job.refresh_from_db()
    if job.status in (Status.QUEUED, Status.RUNNING) and job.updated_at < timezone.now() - (
        STALE_AFTER
    ):
        _discard(
            job,
            status=Status.FAILED,
            message=_(
                "Việc đọc bản quét “%(name)s” bị gián đoạn (máy chủ khởi động lại); "
                "hãy tải tệp lên lại."
            )
            % {"name": job.original_name},
        )
        job.refresh_from_db()
    return job
