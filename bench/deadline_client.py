"""The deadline benchmark's clients: one reporter per agency signing in, then reading,
saving and sending its report through the API (../shared/spec/api.md), every request timed
and with a timeout. Only 127.0.0.1 is contacted (bench/deadline_load.py starts the server).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field

from serving import HOST

REQUEST_TIMEOUT = 120.0
KINDS = ("token", "get", "put", "submit")


# ----------------------------------------------------------------------- the client


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int  # 0: no response (refused, timed out)
    detail: str = ""


@dataclass
class Client:
    port: int
    samples: list[Sample] = field(default_factory=list)

    def call(self, kind: str, method: str, path: str, body=None, token: str | None = None):
        headers = {"Accept": "application/json", "Connection": "close"}
        payload = None
        if body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        start = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            status = response.status
        except OSError as error:
            self.samples.append(Sample(kind, time.perf_counter() - start, 0, repr(error)))
            return None
        finally:
            connection.close()
        seconds = time.perf_counter() - start
        if not 200 <= status < 300:
            self.samples.append(Sample(kind, seconds, status, raw[:300].decode(errors="replace")))
            return None
        self.samples.append(Sample(kind, seconds, status))
        return json.loads(raw) if raw else {}


def report_changes(report: dict) -> dict:
    """What a reporter sends: a status for each task it leads, a few of them done with the
    document that proves it, a contribution to a task it coordinates, one indicator value
    and the assessment of one topic."""
    tasks = []
    for n, row in enumerate(r for r in report["tasks"] if r["role"] == "lead"):
        if row["carried_over"]:
            continue
        if n < 3:
            tasks.append(
                {
                    "task_id": row["task_id"],
                    "status": "Đã hoàn thành",
                    "description": "Đã hoàn thành, đưa vào vận hành chính thức.",
                    "evidence": f"Quyết định số {100 + n}/QĐ-UBND ngày 15/10/2026",
                    "completed_on": "2026-10-15",
                }
            )
        else:
            tasks.append(
                {
                    "task_id": row["task_id"],
                    "status": "Đang thực hiện",
                    "description": "Đang triển khai theo kế hoạch.",
                    "difficulties": "Thiếu nhân lực chuyên trách về công nghệ thông tin.",
                }
            )
    contributions = [r for r in report["tasks"] if r["role"] == "coordinating"][:1]
    tasks += [
        {
            "task_id": r["task_id"],
            "status": "Đang thực hiện",
            "description": "Đã phối hợp cung cấp số liệu cho cơ quan chủ trì.",
        }
        for r in contributions
    ]
    indicators = [
        {"indicator_id": r["indicator_id"], "value": "87,5%", "source": "Số liệu của đơn vị"}
        for r in report["indicators"][:1]
    ]
    return {
        "version": report["version"],
        "tasks": tasks,
        "indicators": indicators,
        "assessment": {
            "ha_tang": {
                "issues": "Hạ tầng mạng tại một số thôn, bản vùng sâu còn yếu.",
                "proposals": "Đề nghị doanh nghiệp viễn thông đầu tư thêm trạm BTS.",
            }
        },
    }


def through(gate: threading.Barrier) -> None:
    try:
        gate.wait()
    except threading.BrokenBarrierError:
        pass  # the time limit passed: go on, the deadline checks stop the client


def reporter_run(
    client: Client,
    account: dict,
    password: str,
    period_id: int,
    gates: tuple[threading.Barrier, threading.Barrier],
    deadline: float,
) -> None:
    """One reporter: signs in with everyone else, then, once all have, reads, saves and
    sends its report with everyone else."""
    sign_in, rush = gates
    through(sign_in)
    token = client.call(
        "token",
        "POST",
        "/api/v1/auth/token",
        {"username": account["username"], "password": password},
    )
    through(rush)
    if token is None or time.monotonic() > deadline:
        return
    path = f"/api/v1/reports/{period_id}/{account['agency_id']}"
    report = client.call("get", "GET", path, token=token["token"])
    if report is None or time.monotonic() > deadline:
        return
    saved = client.call("put", "PUT", path, report_changes(report), token=token["token"])
    if saved is None or time.monotonic() > deadline:
        return
    client.call("submit", "POST", f"{path}/submit", token=token["token"])
