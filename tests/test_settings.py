"""Settings from the environment: production-safe when nothing is set."""

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

_REMOVED = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "ALLOWED_HOSTS",
    # Set by the browser tests for Playwright; a deployment never has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _bare_env(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in _REMOVED}
    return {**env, "DXTRACK_DATA_DIR": str(data_dir), **extra}


def _settings(data_dir: Path, *names: str, **extra: str) -> list[str]:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'dxtrack.settings'; "
        "from django.conf import settings; "
        + "; ".join(f"print(repr(settings.{name}))" for name in names)
    )
    completed = subprocess.run(  # noqa: S603 - the test's own interpreter, fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        env=_bare_env(data_dir, **extra),
        timeout=60,
        check=True,
    )
    return completed.stdout.decode().splitlines()


def test_without_any_setting_debug_is_off_and_a_secret_key_is_made_once(tmp_path):
    debug, key = _settings(tmp_path, "DEBUG", "SECRET_KEY")
    assert debug == "False"
    key_file = tmp_path / "secret-key"
    assert key == repr(key_file.read_text().strip())
    assert len(key_file.read_text().strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # Kept: sessions and tokens signed before a restart stay valid after it.
    assert _settings(tmp_path, "SECRET_KEY") == [key]


def test_debug_only_when_asked_and_a_given_secret_key_is_used(tmp_path):
    debug, key = _settings(tmp_path, "DEBUG", "SECRET_KEY", DEBUG="1", SECRET_KEY="k" * 60)
    assert (debug, key) == ("True", repr("k" * 60))
    assert not (tmp_path / "secret-key").exists()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = _bare_env(
        tmp_path,
        ALLOWED_HOSTS="dxtrack.quangngai.gov.vn",
        DXTRACK_BASE_URL="https://dxtrack.quangngai.gov.vn",
    )
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "dxtrack.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "INFO",
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    output = completed.stdout.decode() + completed.stderr.decode()
    assert completed.returncode == 0, output
    assert "no issues" in output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_without_settings_shows_no_debug_page(tmp_path):
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own entry point, fixed arguments
        [sys.executable, "-m", "dxtrack.cli", "serve", "--port", str(port), "--workers", "1"],
        env=_bare_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/khong-co-trang-nay", timeout=5)
                pytest.fail("a missing page answered 200")
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert status == 404
    assert "URLconf" not in body
    assert "admin/" not in body
    assert (tmp_path / "secret-key").exists()


def test_postgres_connections_bind_on_the_server_and_prepare(tmp_path):
    url = "postgres://dxtrack@127.0.0.1:5432/dxtrack"
    engine, options = _settings(
        tmp_path,
        "DATABASES['default']['ENGINE']",
        "DATABASES['default']['OPTIONS']",
        DATABASE_URL=url,
    )
    assert engine == repr("dxtrack.postgresql")
    assert "'server_side_binding': True" in options
    assert "'prepare_threshold': 5" in options
    assert "random_page_cost=1.1" in options


def test_prepared_statements_can_be_turned_off_for_a_pooler(tmp_path):
    url = "postgres://dxtrack@127.0.0.1:5432/dxtrack"
    (options,) = _settings(
        tmp_path,
        "DATABASES['default']['OPTIONS']",
        DATABASE_URL=url,
        DXTRACK_PG_PREPARE_THRESHOLD="none",
    )
    assert "'prepare_threshold': None" in options
    with pytest.raises(subprocess.CalledProcessError) as refused:
        _settings(tmp_path, "DEBUG", DATABASE_URL=url, DXTRACK_PG_PREPARE_THRESHOLD="năm")
    assert "DXTRACK_PG_PREPARE_THRESHOLD" in refused.value.stderr.decode()
