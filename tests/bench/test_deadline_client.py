"""The deadline benchmark's client against a small WSGI server in a thread: everyone signs in
at once, then each reporter reads, saves and sends its report in turn (a closed loop); a
timeout, a refusal or an error status is a sample with its status and ends the reporter."""

import itertools
import json
import socket
import sys
import threading
import time
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from deadline_client import report_changes, rush, rush_run  # noqa: E402 (not a package)

PERIOD = 7


def a_report(agency: int) -> dict:
    return {
        "version": 3,
        "tasks": [
            {"task_id": 10 * agency + n, "role": "lead", "carried_over": n == 1} for n in range(5)
        ]
        + [{"task_id": 900 + agency, "role": "coordinating", "carried_over": False}],
        "indicators": [{"indicator_id": 50 + agency}, {"indicator_id": 60 + agency}],
    }


class Province:
    """The API's four calls for reporters 1..n, each request logged as it came and went."""

    def __init__(self, *, slow: dict[tuple[str, int], float] | None = None, refuse=()):
        self.log: list[dict] = []
        self.lock = threading.Lock()
        self.slow = slow or {}
        self.refuse = set(refuse)  # (kind, agency) answered 409

    def __call__(self, environ, start_response):
        came = time.perf_counter()
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length)) if length else None
        if path == "/api/v1/auth/token":
            kind, agency = "token", int(body["username"].removeprefix("reporter"))
            answer = {"token": f"t{agency}"}
        else:
            parts = path.split("/")  # /api/v1/reports/{period}/{agency}[/submit]
            agency = int(parts[5])
            assert int(parts[4]) == PERIOD
            assert environ["HTTP_AUTHORIZATION"] == f"Bearer t{agency}"
            kind = "submit" if path.endswith("/submit") else method.lower()
            answer = a_report(agency) if kind == "get" else {"status": "ok"}
        time.sleep(self.slow.get((kind, agency), 0))
        status = "409 Conflict" if (kind, agency) in self.refuse else "200 OK"
        if status != "200 OK":
            answer = {"detail": "Báo cáo đã được cập nhật bởi người khác."}
        with self.lock:
            self.log.append(
                {"kind": kind, "agency": agency, "body": body, "came": came, "left": 0.0}
            )
            entry = self.log[-1]
        payload = json.dumps(answer, ensure_ascii=False).encode()
        start_response(status, [("Content-Type", "application/json")])
        entry["left"] = time.perf_counter()
        return [payload]

    def of(self, agency: int) -> list[dict]:
        return [e for e in self.log if e["agency"] == agency]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        """The test server writes no access log: the tests read their own `log`."""


class _Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 64


@pytest.fixture
def serving():
    servers = []

    def start(app: Province) -> int:
        server = make_server("127.0.0.1", 0, app, server_class=_Threaded, handler_class=_Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_port

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def a_load(port: int, clients: int, **more) -> dict:
    return {
        "port": port,
        "reporters": [{"username": f"reporter{n}", "agency_id": n} for n in range(1, clients + 1)],
        "password": "secret",
        "period_id": PERIOD,
        "time_limit": 30,
        **more,
    }


def test_everyone_signs_in_then_each_reads_saves_and_sends_in_turn(serving):
    province = Province(slow={("token", 3): 0.2, ("get", 2): 0.1})
    port = serving(province)

    samples, walls = rush_run(a_load(port, 6))

    assert [[(s.kind, s.status) for s in mine] for mine in samples] == [
        [("token", 200), ("get", 200), ("put", 200), ("submit", 200)]
    ] * 6
    assert all(0 < s.seconds < 5 for mine in samples for s in mine)
    # The gate: no report is read before the slowest sign-in has been answered.
    tokens = [e for e in province.log if e["kind"] == "token"]
    assert min(e["came"] for e in province.log if e["kind"] == "get") > max(
        e["left"] for e in tokens
    )
    for agency in range(1, 7):
        calls = province.of(agency)
        assert [e["kind"] for e in calls] == ["token", "get", "put", "submit"]
        # A closed loop: each call comes once the previous one has been answered.
        assert all(b["came"] > a["left"] for a, b in itertools.pairwise(calls))
        assert calls[2]["body"] == report_changes(a_report(agency))
    assert walls["sign_in"] >= 0.2
    assert walls["reports"] >= 0.1
    assert 0 <= walls["client_cpu"] <= walls["client_process_cpu"]


def test_a_call_past_its_timeout_is_an_error_and_ends_that_reporter(serving):
    province = Province(slow={("get", 2): 1.5}, refuse=[("put", 3)])
    port = serving(province)

    result = rush(a_load(port, 3, timeout=0.4))

    kinds = [[(s["kind"], s["status"]) for s in mine] for mine in result["samples"]]
    assert kinds == [
        [("token", 200), ("get", 200), ("put", 200), ("submit", 200)],
        [("token", 200), ("get", 0)],
        [("token", 200), ("get", 200), ("put", 409)],
    ]
    timed_out = result["samples"][1][1]
    assert "timed out" in timed_out["detail"]
    assert 0.4 <= timed_out["seconds"] < 1.0
    assert "đã được cập nhật" in result["samples"][2][2]["detail"]


def test_no_call_starts_after_the_time_limit(serving):
    province = Province(slow={("token", 1): 0.5})
    port = serving(province)

    result = rush(a_load(port, 2, time_limit=0.3))

    # The sign-ins were under way; nothing was started once the limit had passed.
    assert [[s["kind"] for s in mine] for mine in result["samples"]] == [["token"], ["token"]]
    assert [e["kind"] for e in province.log] == ["token", "token"]


def test_a_refused_connection_is_an_error_sample():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    result = rush(a_load(port, 2, timeout=2))

    assert [[(s["kind"], s["status"]) for s in mine] for mine in result["samples"]] == [
        [("token", 0)],
        [("token", 0)],
    ]
    assert "ConnectionRefusedError" in result["samples"][0][0]["detail"]
