import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache

CATALOGUE = (
    Path(__file__).resolve().parents[1] / "src" / "dxtrack" / "locale" / "vi" / "LC_MESSAGES"
)


def pytest_configure(config):
    """Compile the Vietnamese catalogue when it is missing or older than its source: bin/setup
    compiles it, but a working copy set up before a message was added would test the old one."""
    po, mo = CATALOGUE / "django.po", CATALOGUE / "django.mo"
    msgfmt = shutil.which("msgfmt")
    if po.is_file() and msgfmt and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime):
        subprocess.run([msgfmt, "--check", "-o", str(mo), str(po)], check=True)  # noqa: S603


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    """Uploads, imports and mail a test writes go to its own folder, never to ./data."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "uploads"
    settings.EMAIL_FILE_PATH = tmp_path / "data" / "mail"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages and numbers are keyed by ids and counts that every test database
    restarts, so no test may meet another's entries."""
    cache.clear()
    yield
    cache.clear()
