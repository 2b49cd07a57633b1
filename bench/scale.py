"""A province ten times larger: the pages and calls that read a whole period, at scale 1 and
at scale N, over HTTP.

Run: .venv/bin/python bench/scale.py [--scale 1,10] [--years 5] [--requests 30] [--json]
     ./bin/with-postgres -- .venv/bin/python bench/scale.py --scale 1,10   (PostgreSQL)

For each scale, in a fresh database (SQLite in a temporary folder; on PostgreSQL a new
database of the server DATABASE_URL names), `province.province_build` makes the province
(130×N agencies, about 5,000×N assignments, `--years` years of quarterly periods, the last
one open) and prints how long that took. Then, against the production server
(`dxtrack serve`: gunicorn, two workers, on 127.0.0.1), one request at a time (so that a
figure is the call's own, not a queue), it measures p50 and p95 of the latency and of the
time inside the server, and counts the queries of each call (the same call made in-process):

- the open period's page /ky-bao-cao/<id>/ and its progress table /ky-bao-cao/<id>/tien-do/
  (the coordinator), GET /api/v1/periods/<id>/progress;
- its consolidation: the page /tong-hop/<id>/ and GET /api/v1/periods/<id>/consolidation;
- the dashboard /bang-dieu-khien/ and GET /api/v1/dashboard (a leader; the cache warm), and
  the dashboard just after a report was saved (computed again); the consolidation page
  likewise (kept in the worker while nothing it reads changes, built again after a save);
- a report through the API (its agency's reporter; the agency with the most rows, its
  report made a draft): GET and PUT /api/v1/reports/<period>/<agency>.

`--json` prints one JSON object as the last line: {"database", "scales": {N: {"build_s",
"counts", "calls": {name: {"p50_ms", "p95_ms", "server_p50_ms", "server_p95_ms",
"queries", "kb"}}}}}. Tests never assert timings; the machine is shared, run it twice.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import HOST, TIMEOUT, inside, load_average, percentile, served, server_env

# Calls that consolidate a whole period take seconds: fewer of them.
SLOW = ("consolidation_page", "consolidation_api")
LABELS = {
    "period_page": "trang kỳ báo cáo /ky-bao-cao/<id>/",
    "progress_table": "bảng tiến độ …/tien-do/",
    "progress_api": "API /periods/<id>/progress",
    "consolidation_page": "trang tổng hợp /tong-hop/<id>/",
    "consolidation_api": "API /periods/<id>/consolidation",
    "dashboard_page": "trang /bang-dieu-khien/",
    "dashboard_api": "API /api/v1/dashboard",
    "dashboard_after_save": "bảng điều khiển sau khi lưu",
    "consolidation_after_save": "trang tổng hợp sau khi lưu",
    "report_get": "API GET báo cáo",
    "report_put": "API PUT báo cáo",
}


def call(port: int, method: str, path: str, headers: dict, body: bytes | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def timed(port: int, method: str, path: str, headers: dict, body: bytes | None = None):
    begin = time.perf_counter()
    status, raw = call(port, method, path, headers, body)
    seconds = time.perf_counter() - begin
    if status != 200:
        raise RuntimeError(f"{method} {path}: {status} {raw[:300]!r}")
    return seconds, raw


def report_changes(report: dict, n: int) -> dict:
    """A reporter's save: a status and a line of text on each task it leads (alternating,
    so that every save changes something), one indicator value."""
    text = f"Đang triển khai theo kế hoạch (lần lưu {n})."
    tasks = [
        {"task_id": row["task_id"], "status": "Đang thực hiện", "description": text}
        for row in report["tasks"]
        if row["role"] == "lead" and not row["carried_over"]
    ]
    indicators = [
        {"indicator_id": r["indicator_id"], "value": f"{80 + n % 10},5%"}
        for r in report["indicators"][:1]
    ]
    return {"version": report["version"], "tasks": tasks, "indicators": indicators}


# ----------------------------------------------------------------------- one scale


def _queries(client, method: str, path: str, **extra) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, **extra)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def one_scale(args: argparse.Namespace) -> dict:
    """Builds the province in the database the environment names, then measures."""
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ["ALLOWED_HOSTS"] = f"testserver,{HOST}"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from province import province_build

    from dxtrack.accounts.services import token_issue
    from dxtrack.reporting.models import AgencyReport, TaskUpdate

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    province = province_build(scale=args.one, years=args.years)
    print(
        f"Quy mô {args.one} ({connection.vendor}): {province.summary()}; dựng trong "
        f"{province.seconds:.1f} s",
        file=sys.stderr,
    )
    period = province.open_period
    # The agency with the most rows in the open period (the same one at every scale: the
    # generated plans add to the shipped agencies' work), its report a draft it may edit.
    agency_id = (
        TaskUpdate.objects.filter(report__period=period)
        .values("report__agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "report__agency_id")
        .first()["report__agency_id"]
    )
    AgencyReport.objects.filter(period=period, agency_id=agency_id).update(status="draft")
    users = get_user_model().objects
    coordinator = users.get(username=province.coordinator)
    leader = users.get(username=province.leader)
    reporter = users.get(username=f"baocao.{agency_id}")
    cookies, clients = {}, {}
    for user in (coordinator, leader):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
        cookies[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    token = token_issue(user=reporter)
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    p = period.pk
    report_path = f"/api/v1/reports/{p}/{agency_id}"
    reads = {
        "period_page": (coordinator, f"/ky-bao-cao/{p}/"),
        "progress_table": (coordinator, f"/ky-bao-cao/{p}/tien-do/"),
        "progress_api": (coordinator, f"/api/v1/periods/{p}/progress"),
        "consolidation_page": (coordinator, f"/tong-hop/{p}/"),
        "consolidation_api": (coordinator, f"/api/v1/periods/{p}/consolidation"),
        "dashboard_page": (leader, f"/bang-dieu-khien/?period={p}"),
        "dashboard_api": (leader, f"/api/v1/dashboard?period={p}"),
    }
    results: dict[str, dict] = {}
    # Queries per call, in-process (the cache of the dashboard filled by the first call).
    for name, (user, path) in reads.items():
        client = clients[user.username]
        _queries(client, "get", path)
        results[name] = {"queries": _queries(client, "get", path)}
    reporting = Client()
    results["report_get"] = {"queries": _queries(reporting, "get", report_path, **api)}
    report = reporting.get(report_path, **api).json()
    body = json.dumps(report_changes(report, 0))
    results["report_put"] = {
        "queries": _queries(
            reporting, "put", report_path, data=body, content_type="application/json", **api
        )
    }
    for name, reader, page, round_ in (
        ("dashboard_after_save", clients[leader.username], "dashboard_page", 1),
        ("consolidation_after_save", clients[coordinator.username], "consolidation_page", 2),
    ):
        # Read once (kept), save a report, then count what the first read after it sends.
        reader.get(reads[page][1])
        reporting.put(
            report_path,
            data=json.dumps(report_changes(reporting.get(report_path, **api).json(), round_)),
            content_type="application/json",
            **api,
        )
        results[name] = {"queries": _queries(reader, "get", reads[page][1])}
    connection.close()

    print(f"  đo qua HTTP, tải máy trước khi đo: {load_average()}", file=sys.stderr, flush=True)
    with served(server_env()) as port:
        for name, (user, path) in reads.items():
            headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[user.username]}"}
            if path.startswith("/api/"):
                headers = {
                    "Cookie": headers["Cookie"],
                    "Accept": "application/json",
                }
            count = max(5, args.requests // 5) if name in SLOW else args.requests
            for _ in range(4):  # both workers load the application and fill their caches
                timed(port, "GET", path, headers)
            times, raw = [], b""
            for _ in range(count):
                seconds, raw = timed(port, "GET", path, headers)
                times.append(seconds)
            results[name].update(_figures(times, inside(path, count)), kb=round(len(raw) / 1024, 1))
            print(f"  {LABELS[name]:<36} {_line(results[name])}", file=sys.stderr, flush=True)

        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        gets, puts, raw = [], [], b""
        for n in range(args.requests):
            seconds, raw = timed(port, "GET", report_path, headers)
            gets.append(seconds)
            body = json.dumps(report_changes(json.loads(raw), n + 2)).encode()
            seconds, _ = timed(
                port, "PUT", report_path, {**headers, "Content-Type": "application/json"}, body
            )
            puts.append(seconds)
        served_times = _served(report_path)
        results["report_get"].update(
            _figures(gets, served_times["GET"]), kb=round(len(raw) / 1024, 1)
        )
        results["report_put"].update(_figures(puts, served_times["PUT"]))
        for name in ("report_get", "report_put"):
            print(f"  {LABELS[name]:<36} {_line(results[name])}", file=sys.stderr, flush=True)

        # The dashboard and the consolidation page just after a save: the fingerprint moved,
        # each of the two workers computes the page once again.
        for name, page, reader, first in (
            ("dashboard_after_save", "dashboard_page", leader, 1000),
            ("consolidation_after_save", "consolidation_page", coordinator, 2000),
        ):
            path = reads[page][1]
            cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[reader.username]}"}
            cold = []
            for n in range(max(5, args.requests // 5)):
                _, raw = timed(port, "GET", report_path, headers)
                body = json.dumps(report_changes(json.loads(raw), first + n)).encode()
                timed(
                    port, "PUT", report_path, {**headers, "Content-Type": "application/json"}, body
                )
                for _ in range(2):
                    seconds, _ = timed(port, "GET", path, cookie)
                    cold.append(seconds)
            results[name].update(_figures(cold, []))
            print(f"  {LABELS[name]:<36} {_line(results[name])}", file=sys.stderr, flush=True)
    return {"build_s": round(province.seconds, 1), "counts": province.counts, "calls": results}


def _served(report_path: str) -> dict[str, list[float]]:
    from serving import _log

    found: dict[str, list[float]] = {"GET": [], "PUT": []}
    for line in _log[0].read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[1] == f"{report_path}?" and parts[3].isdigit():
            if parts[0] in found:
                found[parts[0]].append(int(parts[3]) / 1e6)
    return found


def _figures(times: list[float], server: list[float]) -> dict:
    out = {
        "p50_ms": round(percentile(times, 0.5) * 1000, 1),
        "p95_ms": round(percentile(times, 0.95) * 1000, 1),
    }
    if server:
        out["server_p50_ms"] = round(percentile(server, 0.5) * 1000, 1)
        out["server_p95_ms"] = round(percentile(server, 0.95) * 1000, 1)
    return out


def _line(figures: dict) -> str:
    text = f"p50 {figures['p50_ms']:7.1f} ms, p95 {figures['p95_ms']:7.1f} ms"
    if "server_p95_ms" in figures:
        text += f" (máy chủ {figures['server_p50_ms']:.1f}/{figures['server_p95_ms']:.1f})"
    return text + f", {figures['queries']} truy vấn"


# ----------------------------------------------------------------------- every scale


def _database_for(scale: int, folder: Path) -> dict[str, str]:
    """The environment of a fresh database for one scale."""
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
    env["DXTRACK_DATA_DIR"] = str(folder)
    env["SECRET_KEY"] = secrets.token_urlsafe(40)
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        name = f"dxtrack_scale_{scale}_{secrets.token_hex(3)}"
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(url)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return env


def _drop(env: dict[str, str]) -> None:
    url = os.environ.get("DATABASE_URL")
    if not url or env.get("DATABASE_URL") == url:
        return
    import psycopg

    name = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1", help="quy mô, ví dụ 10 hoặc 1,10")
    parser.add_argument("--years", type=int, default=5, help="số năm của các kỳ quý")
    parser.add_argument("--requests", type=int, default=30, help="số yêu cầu mỗi trang")
    parser.add_argument("--json", action="store_true", help="một dòng JSON ở cuối")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_scale(args)))
        return 0

    scales = [int(s) for s in args.scale.split(",") if s.strip()]
    database = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    out: dict = {"database": database, "scales": {}}
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix="dxtrack-scale-") as folder:
            env = _database_for(scale, Path(folder))
            try:
                done = subprocess.run(  # noqa: S603 (this interpreter, this script)
                    [sys.executable, __file__, "--one", str(scale), "--years", str(args.years),
                     "--requests", str(args.requests)],
                    env=env, check=True, stdout=subprocess.PIPE, text=True,
                )  # fmt: skip
            finally:
                _drop(env)
            out["scales"][scale] = json.loads(done.stdout.strip().splitlines()[-1])
    _table(out)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    return 0


def _table(out: dict) -> None:
    scales = list(out["scales"])
    print(f"\n{out['database']}: p50 / p95 ms (truy vấn mỗi lần gọi), từng yêu cầu một")
    header = f"{'':<38}" + "".join(f"{'quy mô ' + str(s):>28}" for s in scales)
    print(header)
    for name, label in LABELS.items():
        cells = []
        for s in scales:
            f = out["scales"][s]["calls"][name]
            cells.append(f"{f['p50_ms']:.0f} / {f['p95_ms']:.0f} ({f['queries']})")
        print(f"{label:<38}" + "".join(f"{c:>28}" for c in cells))
    print(
        f"{'cỡ báo cáo đọc qua API (kB)':<38}"
        + "".join(f"{out['scales'][s]['calls']['report_get']['kb']:>28}" for s in scales)
    )
    print(
        f"{'dựng dữ liệu (s)':<38}" + "".join(f"{out['scales'][s]['build_s']:>28}" for s in scales)
    )


if __name__ == "__main__":
    sys.exit(main())
