"""Nothing left behind: uploads never confirmed are removed after a set time, never one that
was confirmed; `dxtrack manage check` warns about what is left."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.management import call_command
from django.utils import timezone

from dxtrack.cli import main
from dxtrack.ingest.checks import uploads_left_behind_check
from dxtrack.ingest.cleanup import (
    INTERRUPTED,
    ORPHAN,
    UNCONFIRMED,
    result_uploads_dir,
    uploads_cleanup,
    uploads_left_behind,
)
from dxtrack.ingest.models import ImportUpload
from dxtrack.ingest.uploads import imports_dir
from factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
OLD = NOW - dt.timedelta(hours=72)
RECENT = NOW - dt.timedelta(hours=2)
PLAN_TEXT = b"KE HOACH\n"


def _aged(path: Path, when: dt.datetime) -> Path:
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def _upload(name: str, *, created: dt.datetime, confirmed: bool) -> ImportUpload:
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{name}.txt"
    (folder / stored).write_bytes(PLAN_TEXT)
    _aged(folder / stored, created)
    upload = ImportUpload.objects.create(
        token=f"token-{name}",
        stored_name=stored,
        original_name=f"Kế hoạch {name}.docx",
        size=len(PLAN_TEXT),
        sha256="0" * 64,
        uploaded_by=UserFactory(username=f"dieuphoi.{name}"),
        plan=PlanFactory() if confirmed else None,
        confirmed_at=created + dt.timedelta(minutes=5) if confirmed else None,
    )
    ImportUpload.objects.filter(pk=upload.pk).update(created_at=created)
    return upload


def _orphan(name: str, when: dt.datetime) -> Path:
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(PLAN_TEXT)
    return _aged(path, when)


def _interrupted_copy(name: str, when: dt.datetime) -> Path:
    folder = result_uploads_dir() / f"dxtrack-result-{name}"
    folder.mkdir(parents=True)
    (folder / "bang-ket-qua.xlsx").write_bytes(b"PK")
    return _aged(folder, when)


@pytest.fixture
def left(db):
    """Old and recent, confirmed and not, with a row and without."""
    return {
        "old_unconfirmed": _upload("cu-chua-xac-nhan", created=OLD, confirmed=False),
        "recent_unconfirmed": _upload("moi-chua-xac-nhan", created=RECENT, confirmed=False),
        # A confirmed upload whose file was not removed (its commit hook never ran).
        "old_confirmed": _upload("cu-da-nhap", created=OLD, confirmed=True),
        "recent_confirmed": _upload("moi-da-nhap", created=RECENT, confirmed=True),
        "old_orphan": _orphan("mo-coi-cu.docx", OLD),
        "recent_orphan": _orphan("mo-coi-moi.docx", RECENT),
        "old_copy": _interrupted_copy("cu", OLD),
        "recent_copy": _interrupted_copy("moi", RECENT),
    }


def _path(upload: ImportUpload) -> Path:
    return imports_dir() / upload.stored_name


def test_what_is_older_than_the_limit_and_unconfirmed_is_found(left):
    found = uploads_left_behind(older_than=dt.timedelta(hours=48), now=NOW)

    assert [(item.kind, item.path) for item in found] == [
        (UNCONFIRMED, _path(left["old_unconfirmed"])),
        (ORPHAN, left["old_orphan"]),
        (INTERRUPTED, left["old_copy"]),
    ]
    assert found[0].name == "Kế hoạch cu-chua-xac-nhan.docx"


def test_the_cleanup_removes_them_and_touches_nothing_confirmed_or_recent(left):
    result = uploads_cleanup(older_than=dt.timedelta(hours=48), now=NOW)

    assert len(result.removed) == 3
    assert not ImportUpload.objects.filter(pk=left["old_unconfirmed"].pk).exists()
    assert not _path(left["old_unconfirmed"]).exists()
    assert not left["old_orphan"].exists()
    assert not left["old_copy"].exists()
    for name in ("recent_unconfirmed", "old_confirmed", "recent_confirmed"):
        upload = left[name]
        assert ImportUpload.objects.filter(pk=upload.pk).exists(), name
        assert _path(upload).read_bytes() == PLAN_TEXT, name
    assert left["recent_orphan"].exists()
    assert (left["recent_copy"] / "bang-ket-qua.xlsx").exists()
    assert result.summary() == (
        "Đã xóa 3 mục (1 kế hoạch tải lên chưa xác nhận nhập, 1 tệp không thuộc lần tải lên "
        "nào, 1 bản sao tạm của bảng kết quả bị bỏ dở)."
    )
    # Run again: nothing is left to remove.
    assert uploads_cleanup(older_than=dt.timedelta(hours=48), now=NOW).found == []


def test_a_shorter_limit_takes_the_recent_ones_too_but_still_nothing_confirmed(left):
    uploads_cleanup(older_than=dt.timedelta(hours=1), now=NOW)

    assert set(ImportUpload.objects.values_list("stored_name", flat=True)) == {
        "cu-da-nhap.txt",
        "moi-da-nhap.txt",
    }
    assert sorted(p.name for p in imports_dir().iterdir()) == ["cu-da-nhap.txt", "moi-da-nhap.txt"]
    assert not any(result_uploads_dir().iterdir())


def test_a_dry_run_only_says_what_it_would_remove(left):
    result = uploads_cleanup(older_than=dt.timedelta(hours=48), now=NOW, dry_run=True)

    assert len(result.found) == 3 and result.removed == []
    assert result.summary().startswith("Sẽ xóa 3 mục")
    assert ImportUpload.objects.count() == 4
    assert left["old_orphan"].exists() and left["old_copy"].exists()


def test_an_upload_confirmed_after_it_was_listed_is_kept(left, monkeypatch):
    from dxtrack.ingest import cleanup

    upload = left["old_unconfirmed"]
    found = uploads_left_behind(older_than=dt.timedelta(hours=48), now=NOW)
    # Confirmed between the cleanup's listing and its delete.
    monkeypatch.setattr(cleanup, "uploads_left_behind", lambda **kwargs: found)
    ImportUpload.objects.filter(pk=upload.pk).update(confirmed_at=NOW)

    result = uploads_cleanup(older_than=dt.timedelta(hours=48), now=NOW)

    assert UNCONFIRMED not in {item.kind for item in result.removed}
    assert ImportUpload.objects.filter(pk=upload.pk).exists()
    assert _path(upload).exists()


def test_the_system_check_warns_about_what_is_left_behind(left):
    (warning,) = uploads_left_behind_check()

    assert isinstance(warning, CheckWarning) and warning.id == "dxtrack.W001"
    assert warning.msg == (
        "3 tệp tải lên bị bỏ lại quá 48 giờ (1 kế hoạch tải lên chưa xác nhận nhập, 1 tệp "
        "không thuộc lần tải lên nào, 1 bản sao tạm của bảng kết quả bị bỏ dở)."
    )
    assert "dxtrack cleanup-uploads" in warning.hint

    uploads_cleanup()
    assert uploads_left_behind_check() == []


def test_manage_check_prints_the_warning(left, capsys):
    call_command("check")

    assert "dxtrack.W001" in capsys.readouterr().err


def test_the_command_lists_then_removes(left, capsys):
    assert main(["cleanup-uploads", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "“Kế hoạch cu-chua-xac-nhan.docx”: kế hoạch tải lên chưa xác nhận nhập" in out
    assert "Sẽ xóa 3 mục" in out
    assert left["old_orphan"].exists()

    assert main(["cleanup-uploads", "--older-than", "24"]) == 0
    assert "Đã xóa 3 mục" in capsys.readouterr().out
    assert not left["old_orphan"].exists()


def test_the_command_refuses_a_limit_that_is_not_a_number_of_hours(capsys):
    with pytest.raises(SystemExit):
        main(["cleanup-uploads", "--older-than", "hai ngày"])
    assert "không phải số giờ" in capsys.readouterr().err


def test_the_folders_are_in_the_data_folder():
    assert imports_dir().parent == result_uploads_dir().parent == Path(settings.DATA_DIR)
