"""The WSGI application gunicorn's workers load."""

import os
import subprocess
import sys


def test_a_worker_imports_every_view_as_it_starts(tmp_path):
    # Otherwise a worker's first request pays for the import (about a second).
    code = (
        "import sys; import dxtrack.wsgi; "
        "print(all(m in sys.modules for m in "
        "('dxtrack.urls', 'dxtrack.api.reporting', 'dxtrack.web.dashboard_views')))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DXTRACK_DATA_DIR=str(tmp_path), SECRET_KEY="k" * 60, DEBUG="0")
    env.pop("DATABASE_URL", None)
    completed = subprocess.run(  # noqa: S603 - the test's own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, env=env, timeout=120, check=True
    )
    assert completed.stdout.decode().split() == ["True"]
