"""Backup and restore: the database and the uploaded files come back as they were; a
damaged, foreign or newer archive is refused and nothing changes. Runs on the database the
suite runs on (SQLite, or PostgreSQL through bin/with-postgres with pg_dump and psql)."""

import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import threading
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from dxtrack.operations.backup import BackupError, backup_create, backup_restore
from dxtrack.reporting.models import AgencyReport, TaskUpdate
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db(transaction=True)

UNCHANGED = "Không có gì bị thay đổi."


@pytest.fixture
def province(settings):
    sample = reporting_sample()
    uploads = Path(settings.MEDIA_ROOT)
    evidence = uploads / "evidence" / "2026" / "quyet-dinh-1827.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.7 Quyet dinh 1827-QD/TU\n" * 100)
    return sample, evidence


def _state() -> tuple:
    return (
        sorted(get_user_model().objects.values_list("username", flat=True)),
        sorted(TaskUpdate.objects.values_list("pk", "description")),
        sorted(AgencyReport.objects.values_list("pk", "version")),
    )


def _changed_after_backup(sample, evidence: Path) -> None:
    get_user_model().objects.create_user("sau.sao.luu", password="mat-khau-moi-2026")
    TaskUpdate.objects.filter(report=sample.report).update(description="Sửa sau khi sao lưu")
    evidence.unlink()
    (evidence.parent / "tep-moi.pdf").write_bytes(b"%PDF new")


def test_a_restore_puts_back_the_database_and_the_uploaded_files(province, tmp_path):
    sample, evidence = province
    before, content = _state(), evidence.read_bytes()
    archive = tmp_path / "sao-luu" / "dxtrack-2026-12-06.tar"

    result = backup_create(path=archive)

    assert result.files == 1
    assert archive.stat().st_mode & 0o077 == 0
    _changed_after_backup(sample, evidence)
    assert _state() != before

    restored = backup_restore(path=archive)

    assert restored.files == 1
    assert _state() == before
    assert evidence.read_bytes() == content
    assert not (evidence.parent / "tep-moi.pdf").exists()


def _rewrite(archive: Path, target: Path, *, manifest=None, member=None) -> None:
    """A copy of `archive` with its manifest changed by `manifest` or a member's bytes by
    `member` (name, function)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            if member and info.name == member[0]:
                data = member[1](data)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def _database_member(archive: Path) -> str:
    with tarfile.open(archive) as source:
        return next(n for n in source.getnames() if n.startswith("database/"))


def _flip_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def _future(manifest: dict) -> dict:
    manifest["migrations"]["accounts"].append("9999_from_the_future")
    return manifest


def _escape(manifest: dict) -> dict:
    manifest["members"][-1]["name"] = "uploads/../../../etc/cron.d/x"
    return manifest


@pytest.mark.parametrize(
    "damage, message",
    [
        ("flip", "không khớp mã kiểm tra; tệp bị hỏng."),
        ("truncate", "bị hỏng"),
        ("future", "lược đồ dữ liệu mới hơn phiên bản đang chạy (accounts.9999_from_the_future)"),
        ("escape", "tệp sao lưu có mục không hợp lệ."),
        ("zip", "đây không phải tệp sao lưu của dxtrack"),
        ("no-manifest", "đây không phải tệp sao lưu của dxtrack."),
    ],
)
def test_a_damaged_foreign_or_newer_archive_is_refused_and_nothing_changes(
    province, tmp_path, damage, message
):
    sample, evidence = province
    archive = backup_create(path=tmp_path / "sao-luu.tar").path
    bad = tmp_path / "hong.tar"
    if damage == "flip":
        _rewrite(archive, bad, member=(_database_member(archive), _flip_byte))
    elif damage == "truncate":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    elif damage == "future":
        _rewrite(archive, bad, manifest=_future)
    elif damage == "escape":
        _rewrite(archive, bad, manifest=_escape)
    elif damage == "zip":
        with zipfile.ZipFile(bad, "w") as foreign:
            foreign.writestr("word/document.xml", "<w:document/>")
    else:
        with tarfile.open(bad, "w") as foreign:
            foreign.add(evidence, arcname="uploads/x.pdf")
    _changed_after_backup(sample, evidence)
    after = _state()
    files = sorted(p.name for p in Path(django_settings.MEDIA_ROOT).rglob("*"))

    with pytest.raises(BackupError) as refused:
        backup_restore(path=bad)

    assert message in str(refused.value)
    assert str(refused.value).startswith("Không khôi phục “hong.tar”: ")
    assert str(refused.value).endswith(UNCHANGED)
    assert _state() == after
    assert sorted(p.name for p in Path(django_settings.MEDIA_ROOT).rglob("*")) == files


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the online copy of a SQLite file while another process writes to it",
)
def test_the_command_backs_up_a_sqlite_file_while_it_is_written_and_restores_it(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("DATABASE_URL",)} | {
        "DXTRACK_DATA_DIR": str(data)
    }

    def dxtrack(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own entry point, fixed arguments
            [sys.executable, "-m", "dxtrack.cli", *args],
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
        )

    assert dxtrack("manage", "migrate", "-v", "0").returncode == 0
    (data / "uploads" / "evidence").mkdir(parents=True)
    (data / "uploads" / "evidence" / "bien-ban.docx").write_bytes(b"PK\x03\x04 bien ban")
    database = data / "dxtrack.sqlite3"
    stop, written = threading.Event(), []

    def write_while_backing_up() -> None:
        with sqlite3.connect(database, timeout=20) as db:
            while not stop.is_set():
                db.execute(
                    "INSERT INTO accounts_loginfailure (username, address, at) "
                    "VALUES ('khach', '203.0.113.9', '2026-12-06 08:00:00')"
                )
                db.commit()
                written.append(1)
        db.close()

    writer = threading.Thread(target=write_while_backing_up)
    writer.start()
    try:
        backed = dxtrack("backup", str(tmp_path / "sao-luu.tar"))
    finally:
        stop.set()
        writer.join()
    assert backed.returncode == 0, backed.stderr.decode()
    assert "Đã sao lưu cơ sở dữ liệu (sqlite) và 1 tệp tải lên" in backed.stdout.decode()
    assert written

    with tarfile.open(tmp_path / "sao-luu.tar") as archive:
        archive.extract("database/dxtrack.sqlite3", tmp_path / "kiem-tra", filter="data")
    with sqlite3.connect(tmp_path / "kiem-tra" / "database" / "dxtrack.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = copy.execute("SELECT COUNT(*) FROM accounts_loginfailure").fetchone()[0]
    copy.close()

    (data / "uploads" / "evidence" / "bien-ban.docx").unlink()
    restored = dxtrack("restore", str(tmp_path / "sao-luu.tar"))
    assert restored.returncode == 0, restored.stderr.decode()
    assert (data / "uploads" / "evidence" / "bien-ban.docx").read_bytes() == b"PK\x03\x04 bien ban"
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM accounts_loginfailure").fetchone()[0] == kept
    db.close()

    refused = dxtrack("restore", str(tmp_path / "khong-co.tar"))
    assert refused.returncode == 2
    assert "Không tìm thấy tệp sao lưu" in refused.stderr.decode()
