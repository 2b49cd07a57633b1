"""`dxtrack backup FILE` and `dxtrack restore FILE`: the database and the uploaded files in
one archive, with a manifest and a checksum for every member.

The archive is a tar file:

    manifest.json        format, when, which database engine, the applied migrations, and
                         the size and SHA-256 of every other member
    database/…           SQLite: a copy made with SQLite's online backup API from the live
                         connection (consistent while the server writes);
                         PostgreSQL: a `pg_dump --format=custom` dump
    uploads/…            everything under MEDIA_ROOT

Restoring reads and checks the whole archive before touching anything: an archive that is
damaged, foreign, of another engine or of a newer schema is refused with a Vietnamese message
and nothing is restored. The database is then replaced in one step (SQLite's backup API into
the live database; on PostgreSQL one `psql --single-transaction` that drops our tables and
replays the dump), the uploaded files are swapped in, and `migrate` brings an older backup
up to the current schema. The secret key is not in the archive (docs/decisions/0085-backup.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

FORMAT = "dxtrack-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1 << 20
_PSQL = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"]


class BackupError(Exception):
    """A backup or restore cannot go on; the message is for the administrator, in Vietnamese."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    files: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    files: int
    created_at: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại “{vendor}”.")
    return vendor


def _applied_migrations(alias: str) -> dict[str, list[str]]:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    applied: dict[str, list[str]] = {}
    for app, name in sorted(loader.applied_migrations):
        applied.setdefault(app, []).append(name)
    return applied


# ----------------------------------------------------------------------------- database


def _pg_env(alias: str) -> dict[str, str]:
    params = connections[alias].settings_dict
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if params.get(key):
            env[var] = str(params[key])
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    env["PGDATABASE"] = str(params["NAME"])
    return env


def _run(command: list[str], *, env: dict[str, str], what: str) -> None:
    try:
        completed = subprocess.run(  # noqa: S603 - fixed programs, arguments from settings
            command, env=env, capture_output=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"Không tìm thấy chương trình “{command[0]}” ({what}); cài gói postgresql-client."
        ) from error
    if completed.returncode != 0:
        detail = completed.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise BackupError(f"{what} không thành công: " + " ".join(detail))


def _database_dump(alias: str, engine: str, target: Path) -> None:
    if engine == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        # The live connection (file or in-memory): the copy is one consistent snapshot even
        # while other processes write, since WAL readers do not block them.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
        env=_pg_env(alias),
        what="pg_dump",
    )


def _database_load(alias: str, engine: str, source: Path, work: Path) -> None:
    connection = connections[alias]
    if engine == "sqlite":
        connection.close()
        connection.ensure_connection()
        with sqlite3.connect(source) as archived:
            archived.backup(connection.connection)
        archived.close()
        connection.close()
        return
    script = work / "restore.sql"
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--file", str(script), str(source)],
        env=_pg_env(alias),
        what="pg_restore",
    )
    drops = work / "drop.sql"
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    quote = connection.ops.quote_name
    drops.write_text(
        "".join(f"DROP TABLE IF EXISTS {quote(t)} CASCADE;\n" for t in tables), encoding="utf-8"
    )
    connection.close()
    # One transaction: the tables are dropped and the dump replayed together, or not at all.
    _run(
        [*_PSQL, "-f", str(drops), "-f", str(script)],
        env=_pg_env(alias),
        what="Khôi phục cơ sở dữ liệu (psql)",
    )


# ----------------------------------------------------------------------------- backup


def _uploads() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(*, path: Path, alias: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the database and the uploaded files to the archive `path`."""
    engine = _engine(alias)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dxtrack-backup-", dir=path.parent) as work:
        dump = Path(work) / ("dxtrack.sqlite3" if engine == "sqlite" else "dxtrack.pgdump")
        _database_dump(alias, engine, dump)
        members: list[tuple[str, Path]] = [(f"database/{dump.name}", dump)]
        uploads = _uploads()
        if uploads.is_dir():
            for file in sorted(p for p in uploads.rglob("*") if p.is_file()):
                members.append(("uploads/" + file.relative_to(uploads).as_posix(), file))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "migrations": _applied_migrations(alias),
            "members": [
                {"name": name, "size": file.stat().st_size, "sha256": _sha256(file)}
                for name, file in members
            ],
        }
        partial = path.with_name(f".{path.name}.partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = (
                len(data),
                int(dt.datetime.now(dt.UTC).timestamp()),
                0o600,
            )
            archive.addfile(info, io.BytesIO(data))
            for name, file in members:
                archive.add(file, arcname=name, recursive=False)
        partial.chmod(0o600)
        os.replace(partial, path)
    return BackupResult(path=path, engine=engine, files=len(members) - 1, size=path.stat().st_size)


# ----------------------------------------------------------------------------- restore


def _refused(path: Path, why: str) -> BackupError:
    return BackupError(f"Không khôi phục “{path.name}”: {why} Không có gì bị thay đổi.")


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and name == pure.as_posix()


def _read_manifest(path: Path, archive: tarfile.TarFile) -> dict:
    # The manifest is the first member: a foreign archive is told apart without reading on.
    try:
        first = archive.next()
        handle = archive.extractfile(first) if first and first.name == MANIFEST else None
        manifest = json.loads(handle.read(1 << 24)) if handle else None
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise _refused(path, "tệp sao lưu bị hỏng hoặc không đọc được.") from error
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refused(path, "đây không phải tệp sao lưu của dxtrack.")
    if not isinstance(manifest.get("format_version"), int) or manifest["format_version"] > (
        FORMAT_VERSION
    ):
        raise _refused(path, "tệp sao lưu được tạo bởi phiên bản dxtrack mới hơn.")
    if not isinstance(manifest.get("members"), list) or not isinstance(
        manifest.get("migrations"), dict
    ):
        raise _refused(path, "danh mục của tệp sao lưu không đầy đủ; tệp có thể bị hỏng.")
    return manifest


def _check_schema(path: Path, manifest: dict, alias: str) -> None:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True, load=True)
    known = set(loader.disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise _refused(
            path,
            "tệp sao lưu có lược đồ dữ liệu mới hơn phiên bản đang chạy "
            f"({', '.join(unknown[:3])}); hãy cập nhật dxtrack trước.",
        )


def _extract_checked(path: Path, archive: tarfile.TarFile, manifest: dict, into: Path) -> None:
    """Every member the manifest lists, written under `into` and checked; nothing else."""
    expected = {}
    for entry in manifest["members"]:
        name = entry.get("name") if isinstance(entry, dict) else None
        if (
            not isinstance(name, str)
            or not _safe_name(name)
            or not (name.startswith("database/") or name.startswith("uploads/"))
        ):
            raise _refused(path, "tệp sao lưu có mục không hợp lệ.")
        expected[name] = entry
    found = set()
    try:
        for member in archive:
            if member.name == MANIFEST:
                continue
            entry = expected.get(member.name)
            if entry is None or not member.isfile():
                raise _refused(path, f"tệp sao lưu có mục lạ “{member.name}”.")
            target = into / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            if source is None:  # never for a regular file, checked above
                raise _refused(path, f"tệp sao lưu có mục lạ “{member.name}”.")
            digest, size = hashlib.sha256(), 0
            with target.open("wb") as out:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            if size != entry.get("size") or digest.hexdigest() != entry.get("sha256"):
                raise _refused(path, f"“{member.name}” không khớp mã kiểm tra; tệp bị hỏng.")
            found.add(member.name)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise _refused(path, "tệp sao lưu bị hỏng hoặc không đọc được.") from error
    missing = set(expected) - found
    if missing:
        raise _refused(path, f"tệp sao lưu thiếu “{sorted(missing)[0]}”; tệp bị hỏng.")


def _database_member(path: Path, manifest: dict, engine: str) -> str:
    databases = [e["name"] for e in manifest["members"] if e["name"].startswith("database/")]
    if manifest.get("engine") != engine:
        raise _refused(
            path,
            f"tệp sao lưu của cơ sở dữ liệu {manifest.get('engine')}, hệ thống đang dùng {engine}.",
        )
    if len(databases) != 1:
        raise _refused(path, "tệp sao lưu không có đúng một cơ sở dữ liệu.")
    return databases[0]


def _check_sqlite(path: Path, database: Path) -> None:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()
        db.close()
    except sqlite3.DatabaseError as error:
        raise _refused(path, "cơ sở dữ liệu trong tệp sao lưu bị hỏng.") from error
    if not result or result[0] != "ok":
        raise _refused(path, "cơ sở dữ liệu trong tệp sao lưu bị hỏng.")


def _swap_uploads(staged: Path) -> None:
    uploads = _uploads()
    uploads.parent.mkdir(parents=True, exist_ok=True)
    previous = uploads.with_name(uploads.name + ".before-restore")
    if previous.exists():
        shutil.rmtree(previous)
    if uploads.exists():
        os.replace(uploads, previous)
    if staged.exists():
        shutil.move(str(staged), uploads)
    else:
        uploads.mkdir()
    if previous.exists():
        shutil.rmtree(previous)


def backup_restore(*, path: Path, alias: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Put the archive `path` back: refuses before changing anything when it is damaged,
    foreign, of another database engine or of a newer schema."""
    from django.core.management import call_command

    path = Path(path)
    engine = _engine(alias)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu “{path}”.")
    uploads_parent = _uploads().parent
    uploads_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dxtrack-restore-", dir=uploads_parent) as work:
        staged = Path(work)
        try:
            archive = tarfile.open(path, "r:*")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise _refused(
                path, "đây không phải tệp sao lưu của dxtrack hoặc tệp bị hỏng."
            ) from error
        with archive:
            manifest = _read_manifest(path, archive)
            database_name = _database_member(path, manifest, engine)
            _check_schema(path, manifest, alias)
            _extract_checked(path, archive, manifest, staged)
        database = staged / database_name
        if engine == "sqlite":
            _check_sqlite(path, database)
        _database_load(alias, engine, database, staged)
        _swap_uploads(staged / "uploads")
    call_command("migrate", interactive=False, verbosity=0, database=alias)
    files = sum(1 for e in manifest["members"] if e["name"].startswith("uploads/"))
    return RestoreResult(engine=engine, files=files, created_at=manifest.get("created_at", ""))
