"""The client-alone benchmark runs the benchmark's clients against its instant server."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "deadline_client_cost.py"


def test_three_clients_make_their_nine_report_calls():
    done = subprocess.run(  # noqa: S603 (this interpreter, the project's script)
        [sys.executable, str(SCRIPT), "--clients", "3", "--rounds", "1", "--tasks", "20"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert "3 máy khách" in done.stdout
    assert "lời gọi báo cáo 9 (lỗi 0)" in done.stdout
    assert "ms mỗi lời gọi" in done.stdout
