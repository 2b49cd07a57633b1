"""The deadline benchmark's clients: one reporter per agency signing in, then reading,
saving and sending its report through the API (../shared/spec/api.md), every request timed
and with a timeout. Only 127.0.0.1 is contacted (bench/deadline_load.py starts the server).

All the reporters run as scripts of one event loop (bench/closed_loop.py) in a process of
their own, `rush_run` in bench/deadline_load.py's process starting it: the client's CPU and
its GIL are not the measuring process's, nor spread over a thread per reporter, and its
cost per call is small beside the server's (docs/decisions/0225). Each reporter:

    signs in                       (everyone at once; then, once everyone has:)
    GET  its report                (JSON decoded: the save is made from it)
    PUT  report_changes(report)
    POST submit

each call sent as soon as the previous one is answered; a failed call ends the reporter.
The requests are encoded before the gate they wait at, only the save's body after the read.

`python bench/deadline_client.py` reads the load (port, reporters, password, period, time
limit) as JSON on stdin and writes the samples and the clocks as JSON on stdout.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from closed_loop import GATE, Call, Sample, Script, json_call, request_encode, run

REQUEST_TIMEOUT = 120.0
KINDS = ("token", "get", "put", "submit")

__all__ = ["KINDS", "REQUEST_TIMEOUT", "Sample", "report_changes", "rush_run", "warm_up_run"]


# ----------------------------------------------------------------------- what is sent


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


def reporter(*, port: int, account: dict, password: str, period_id: int) -> Script:
    """One reporter: signs in with everyone else, then, once all have, reads, saves and
    sends its report with everyone else."""
    token = yield json_call(
        "token",
        "POST",
        "/api/v1/auth/token",
        port=port,
        body={"username": account["username"], "password": password},
        decode=True,
    )
    if not token:
        yield GATE  # the others still wait for everyone
        return
    bearer = token["token"]
    path = f"/api/v1/reports/{period_id}/{account['agency_id']}"
    read = Call("get", request_encode("GET", path, port=port, token=bearer), decode=True)
    send = Call("submit", request_encode("POST", f"{path}/submit", port=port, token=bearer))
    yield GATE
    report = yield read
    if report is None:
        return
    saved = yield json_call(
        "put", "PUT", path, port=port, body=report_changes(report), token=bearer
    )
    if saved is None:
        return
    yield send


def warm_up(*, port: int, setup: dict, calls: int, raw: bool) -> Script:
    """Let every worker load the application (imports, first connection) before the rush,
    as it has on a server that has been up since morning. Not measured."""
    if raw:
        for _ in range(calls):
            yield Call("get", request_encode("GET", "/api/v1/ping", port=port))
        return
    token = yield json_call(
        "token",
        "POST",
        "/api/v1/auth/token",
        port=port,
        body={"username": setup["coordinator"], "password": setup["password"]},
        decode=True,
    )
    path = f"/api/v1/periods/{setup['period_id']}/progress"
    for _ in range(calls):
        yield Call("get", request_encode("GET", path, port=port, token=token and token["token"]))


def warm_up_run(*, port: int, setup: dict, calls: int, raw: bool) -> None:
    run([warm_up(port=port, setup=setup, calls=calls, raw=raw)], port=port, timeout=REQUEST_TIMEOUT)


# ----------------------------------------------------------------------- the load


def rush(load: dict[str, Any]) -> dict[str, Any]:
    """Every reporter of `load` at once; the samples (kind, seconds, status, detail) and the
    walls: signing in, the report calls, and this process's CPU during the report calls."""
    port, timeout = load["port"], load.get("timeout", REQUEST_TIMEOUT)
    scripts = [
        reporter(port=port, account=a, password=load["password"], period_id=load["period_id"])
        for a in load["reporters"]
    ]
    outcome = run(
        scripts,
        port=port,
        timeout=timeout,
        deadline=time.monotonic() + load["time_limit"],
    )
    signing_in = outcome.started
    rushing = outcome.gates[0] if outcome.gates else outcome.ended
    walls = {
        "sign_in": rushing[0] - signing_in[0],
        "reports": outcome.ended[0] - rushing[0],
        "client_cpu": outcome.ended[1] - rushing[1],
    }
    return {"samples": [[asdict(s) for s in mine] for mine in outcome.samples], "walls": walls}


def rush_run(load: dict[str, Any]) -> tuple[list[list[Sample]], dict[str, float]]:
    """`rush(load)` in a process of its own (this interpreter): each reporter's samples and
    the walls."""
    limit = load["time_limit"] + 2 * load.get("timeout", REQUEST_TIMEOUT) + 60
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(  # noqa: S603 (this interpreter, this script)
        [sys.executable, str(Path(__file__).resolve())],
        input=json.dumps(load),
        capture_output=True,
        text=True,
        timeout=limit,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the clients' process failed: {done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(done.stdout)
    # The whole process, from the interpreter's start: signing in and the rush included.
    result["walls"]["client_process_cpu"] = sum(
        getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime")
    )
    samples = [[Sample(**s) for s in mine] for mine in result["samples"]]
    return samples, result["walls"]


if __name__ == "__main__":
    print(json.dumps(rush(json.loads(sys.stdin.read()))))
