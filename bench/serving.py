"""What the page benchmarks share: the production server on the loopback, and a steady
stream of GETs at a fixed rate.

`served(env)` starts `dxtrack serve` (gunicorn) on 127.0.0.1 and a free port with the given
environment and stops it afterwards; `paced(...)` sends `count` GETs of one path, one every
1/rate s whether or not the previous one has answered (an open loop, as users arrive), and
returns each one's latency. Only 127.0.0.1 is contacted; every request has a timeout and
the loop a fixed length, so it always stops by itself.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HOST = "127.0.0.1"
TIMEOUT = 30.0
# The access log of the server `served` started last.
_log: list[Path] = []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_serving(
    port: int, server: subprocess.Popen, limit: float = 120.0, path: str = "/dang-nhap/"
) -> None:
    until = time.monotonic() + limit
    while time.monotonic() < until:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {server.returncode})")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer on port {port} within {limit:.0f} s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def server_env(**extra: str) -> dict[str, str]:
    """The environment of this process as the server should see it: production settings,
    plain HTTP on the loopback (no TLS proxy in front of it here)."""
    return {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        **extra,
    }


@contextlib.contextmanager
def served(env: dict[str, str], workers: int = 2) -> Iterator[int]:
    """`dxtrack serve` running with `env`; yields its port."""
    port = free_port()
    log_dir = Path(env.get("DXTRACK_DATA_DIR") or tempfile.mkdtemp(prefix="dxtrack-serve-"))
    env = {
        **env,
        # Each request's time inside the server (microseconds), to tell it from queueing.
        "GUNICORN_CMD_ARGS": shlex.join(["--access-logformat", "%(m)s %(U)s?%(q)s %(s)s %(D)s"]),
    }
    dxtrack = Path(sys.executable).with_name("dxtrack")
    command = [str(dxtrack), "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers)]
    _log[:] = [log_dir / "server.log"]
    with _log[0].open("w") as log:
        server = subprocess.Popen(  # noqa: S603 (the project's own command)
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_serving(port, server)
            yield port
        finally:
            stop(server)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def paced(
    port: int, path: str, *, count: int, rate: float, headers: dict[str, str] | None = None
) -> list[float]:
    """`count` GETs of `path` at `rate` per second (open loop); the latency of each.
    A request that does not answer 200 stops the benchmark: a fast error is no figure."""
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.05

    def one(n: int) -> None:
        wait = start + n / rate - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        begin = time.perf_counter()
        try:
            status, _ = get(port, path, headers)
        except OSError as error:
            status = repr(error)
        seconds = time.perf_counter() - begin
        with lock:
            times.append(seconds)
            if status != 200:
                failures.append(f"{path}: {status}")

    # Enough threads that a slow answer never holds back the next request's slot.
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(one, range(count)))
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. {failures[0]}")
    return times


def inside(path: str, count: int) -> list[float]:
    """The time inside the server (seconds) of the last `count` GETs of `path`, from the
    access log: the rest of a latency is waiting for a free worker."""
    wanted = path if "?" in path else f"{path}?"
    times = []
    for line in _log[0].read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "GET" and parts[1] == wanted and parts[3].isdigit():
            times.append(int(parts[3]) / 1e6)
    return times[-count:]


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures(times: list[float]) -> str:
    """p50 and p95 in milliseconds."""
    return (
        f"p50 {percentile(times, 0.5) * 1000:6.1f} ms, p95 {percentile(times, 0.95) * 1000:6.1f} ms"
    )


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
