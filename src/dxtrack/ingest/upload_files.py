"""Where uploaded plan files are kept: the imports folder of the data directory."""

from pathlib import Path

from django.conf import settings

from dxtrack.ingest.models import ImportUpload


def imports_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def upload_path(upload: ImportUpload) -> Path:
    return imports_dir() / upload.stored_name
