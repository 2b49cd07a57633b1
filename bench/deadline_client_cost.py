"""The deadline benchmark's client alone: its CPU per report call and the calls per second it
can make, against a server that answers at once.

Run: .venv/bin/python bench/deadline_client_cost.py [--clients 130] [--rounds 3] [--tasks 161]

The server (this script with `--serve`, a process of its own, one `selectors` loop) answers
the four calls of bench/deadline_client.py with fixed answers in the API's shapes: a report
of `--tasks` tasks and 97 indicators to the read, the save and the sending (about 97 KB of
JSON by default, the mean size of the answers in bench/deadline_load.py's SQLite load, whose
largest is 165 KB), a token to the sign-in.
The clients are the benchmark's own (`rush_run`: one event loop in a process of its own), so
what it prints is what the client costs in bench/deadline_load.py, without the server's work:
the CPU of the clients' process during the report calls, per call, and the report calls per
second when the client, not the server, is what limits them. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import selectors
import socket
import subprocess
import sys
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadline_client import KINDS, rush_run
from serving import HOST, percentile


def report(tasks: int, indicators: int = 97) -> dict:
    """A report in ReportOut's shape (api/reporting_schemas.py), with text of the lengths
    the province writes."""
    text = "Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối các hệ thống"
    return {
        "period": {"id": 1, "name": "Năm 2026", "kind": "year", "year": 2026},
        "agency": {"id": 1, "name": "Sở Khoa học và Công nghệ"},
        "status": "draft",
        "version": 1,
        "editable": True,
        "submitted_at": None,
        "reviewed_at": None,
        "review_comment": "",
        "tasks": [
            {
                "task_id": n,
                "plan_id": 1 + n % 9,
                "number": f"{1 + n % 9}.{n}",
                "name": f"{text} số {n}",
                "role": "coordinating" if n % 4 == 0 else "lead",
                "deadline": "2026-12-31",
                "status": None,
                "description": "",
                "evidence": "",
                "completed_on": None,
                "difficulties": "",
                "proposals": "",
                "evaluation": "",
                "dispute_decision": "",
                "funding_source": "Ngân sách tỉnh",
                "budget": 1500.0,
                "carried_over": n % 10 == 0,
                "files": [],
            }
            for n in range(tasks)
        ],
        "indicators": [
            {
                "indicator_id": n,
                "plan_id": 1 + n % 9,
                "number": f"{n}",
                "name": "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình",
                "unit": "%",
                "role": "lead",
                "target": "≥ 80%",
                "targets": [{"year": 2026, "value": "≥ 80%"}],
                "value": "",
                "value_number": None,
                "value_met": None,
                "note": "",
                "source": "",
            }
            for n in range(indicators)
        ],
        "projects": [],
        "assessment": {},
    }


# ----------------------------------------------------------------------- the server


def serve(tasks: int) -> None:
    """Answer every request at once: a token to the sign-in, the report to the rest."""

    def answer(body: bytes) -> bytes:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
        return f"{head}\r\nConnection: close\r\n\r\n".encode() + body

    token, whole = answer(b'{"token": "t"}'), answer(orjson.dumps(report(tasks)))
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, 0))
    listener.listen(4096)
    listener.setblocking(False)
    print(listener.getsockname()[1], flush=True)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    state: dict[socket.socket, list] = {}  # [what came, the answer, bytes sent]
    while True:
        for key, mask in selector.select():
            if key.fileobj is listener:
                while True:
                    try:
                        connection, _ = listener.accept()
                    except BlockingIOError:
                        break
                    connection.setblocking(False)
                    state[connection] = [b"", b"", 0]
                    selector.register(connection, selectors.EVENT_READ)
                continue
            connection = key.fileobj  # type: ignore[assignment]
            mine = state[connection]
            if mask & selectors.EVENT_READ:
                data = connection.recv(65536)
                mine[0] += data
                head, found, body = mine[0].partition(b"\r\n\r\n")
                if data and not found:
                    continue
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                if data and len(body) < length:
                    continue
                if not data:
                    selector.unregister(connection)
                    connection.close()
                    del state[connection]
                    continue
                mine[1] = token if b"/auth/token " in head.split(b"\r\n")[0] else whole
                selector.modify(connection, selectors.EVENT_WRITE)
            else:
                try:
                    mine[2] += connection.send(mine[1][mine[2] :])
                except BlockingIOError:
                    continue
                if mine[2] >= len(mine[1]):
                    selector.unregister(connection)
                    connection.close()
                    del state[connection]


# ----------------------------------------------------------------------- the load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=130)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=161)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.tasks)
        return 0
    server = subprocess.Popen(  # noqa: S603 (this interpreter, this script)
        [sys.executable, __file__, "--serve", "--tasks", str(args.tasks)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(server.stdout.readline()) if server.stdout else 0
        load = {
            "port": port,
            "reporters": [
                {"username": f"u{n}", "agency_id": n} for n in range(1, args.clients + 1)
            ],
            "password": "-",
            "period_id": 1,
            "time_limit": 120,
        }
        size = len(orjson.dumps(report(args.tasks))) / 1024
        print(
            f"{args.clients} máy khách, máy chủ trả lời ngay (báo cáo {args.tasks} nhiệm vụ, "
            f"{size:.0f} KB); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        for _ in range(args.rounds):
            samples, walls = rush_run(load)
            calls = [s for mine in samples for s in mine if s.kind in KINDS[1:]]
            errors = sum(1 for s in calls if s.status != 200)
            seconds = [s.seconds for s in calls]
            print(
                f"lời gọi báo cáo {len(calls)} (lỗi {errors}) trong {walls['reports']:.3f} s: "
                f"{len(calls) / walls['reports']:.0f}/s, p95 {percentile(seconds, 0.95) * 1000:.0f}"
                f" ms; CPU máy khách {walls['client_cpu']:.3f} s = "
                f"{walls['client_cpu'] / len(calls) * 1000:.2f} ms mỗi lời gọi "
                f"(cả tiến trình {walls['client_process_cpu']:.2f} s)"
            )
    finally:
        server.kill()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
