"""The scan job's thread against a table another connection holds.

SQLite's shared cache (the in-memory database of these tests) refuses a write at once while
another connection is still reading the same table; the job's thread must wait its turn
rather than leave the job queued.
"""

import threading
import time

import pytest
from django.db import OperationalError, connection

from dxtrack.accounts.models import Profile, Role
from dxtrack.ingest import jobs
from dxtrack.ingest.models import ImportJob, ImportUpload
from factories import UserFactory


def _job(name: str) -> ImportJob:
    user = UserFactory(username=name)
    Profile.objects.create(user=user, role=Role.COORDINATOR)
    upload = ImportUpload.objects.create(
        token=f"upload-{name}",
        stored_name=f"{name}.pdf",
        original_name=f"{name}.pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=user,
    )
    return ImportJob.objects.create(
        token=f"token-{name}", upload=upload, original_name=upload.original_name, created_by=user
    )


@pytest.mark.django_db(transaction=True)
def test_the_claim_waits_for_a_reader_of_the_table_to_finish():
    first, second = _job("first"), _job("second")
    outcome: dict[str, object] = {}

    def claim() -> None:
        try:
            outcome["claimed"] = jobs._patient(
                lambda: ImportJob.objects.filter(pk=first.pk, status=jobs.Status.QUEUED).update(
                    status=jobs.Status.RUNNING
                )
            )
        except Exception as error:  # reported to the test below, not lost in the thread
            outcome["error"] = error
        finally:
            connection.close()

    # A statement left part-read keeps its read lock on the table.
    reader = connection.cursor()
    reader.execute("SELECT id FROM ingest_importjob ORDER BY id")
    assert reader.fetchone()[0] == first.pk
    thread = threading.Thread(target=claim)
    thread.start()
    time.sleep(0.3)
    reader.close()
    thread.join(timeout=jobs.LOCK_PATIENCE + 5)

    assert "error" not in outcome, outcome
    assert outcome["claimed"] == 1
    assert ImportJob.objects.get(pk=first.pk).status == jobs.Status.RUNNING
    assert ImportJob.objects.get(pk=second.pk).status == jobs.Status.QUEUED


def test_an_error_other_than_a_lock_is_raised_at_once():
    calls = []

    def statement() -> int:
        calls.append(1)
        raise OperationalError("no such column: pages_done")

    with pytest.raises(OperationalError, match="no such column"):
        jobs._patient(statement)
    assert len(calls) == 1


def test_a_lock_held_past_the_patience_is_raised(monkeypatch):
    monkeypatch.setattr(jobs, "LOCK_PATIENCE", 0.2)

    def statement() -> int:
        raise OperationalError("database table is locked: ingest_importjob")

    started = time.monotonic()
    with pytest.raises(OperationalError, match="locked"):
        jobs._patient(statement)
    assert 0.2 <= time.monotonic() - started < 2
