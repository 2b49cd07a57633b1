import pytest
from django.core.cache import cache


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
