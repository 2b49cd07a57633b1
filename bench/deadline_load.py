"""Deadline day: every agency of the province sends its yearly report at once.

Run: .venv/bin/python bench/deadline_load.py [--clients 130] [--workers 3] [--threads 1]
     [--databases sqlite,postgres]

For each database (SQLite in a temporary data folder; PostgreSQL started for the run by
bin/with-postgres, durable as in production) it prepares the province as the product ships
it: the agency directory, the four bundled plans, the 96 communes of Quảng Ngãi from
../shared/data/vn-admin-units.csv, a few more provincial boards so that `--clients` agencies
have a report, the 2026 yearly period opened over every plan, and one reporter account per
agency. It then starts the production server the README documents (`dxtrack serve`:
gunicorn on 127.0.0.1, a free port) and lets one client per agency, all at once, do what a
reporter does through the API (../shared/spec/api.md):

    POST /api/v1/auth/token                      sign in
    GET  /api/v1/reports/{period}/{agency}       read the report
    PUT  /api/v1/reports/{period}/{agency}       save a status for every task it leads
                                                 (a few done, with evidence), a
                                                 contribution, an indicator value, Phần C
    POST /api/v1/reports/{period}/{agency}/submit

It prints, per database, requests per second, p50 and p95 latency (all requests and per
kind), the error count and how many reports the department sees as sent, then stops the
server. Only 127.0.0.1 is contacted; every request has a timeout and the whole load a time
limit. Aim: no errors, p95 of the report calls under 500 ms.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import HOST, free_port, stop, wait_until_serving

ROOT = Path(__file__).resolve().parents[1]
ADMIN_UNITS = ROOT.parent / "shared" / "data" / "vn-admin-units.csv"
QUANG_NGAI = "51"
REQUEST_TIMEOUT = 120.0
# Provincial boards counted among "Các sở, ban, ngành": they receive the departments' work.
EXTRA_BOARDS = [
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh",
    "Ban Quản lý Khu công nghệ số tập trung tỉnh",
    "Trường Chính trị tỉnh Quảng Ngãi",
    "Quỹ Phát triển khoa học và công nghệ tỉnh",
    "Trung tâm Xúc tiến đầu tư tỉnh",
    "Ban Quản lý rừng phòng hộ tỉnh",
]
KINDS = ("token", "get", "put", "submit")


# ----------------------------------------------------------------------- preparing


def prepare(reports: int) -> dict:
    """Runs in a child process whose environment names the database. Prints nothing."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import datetime as dt

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from dxtrack.accounts.models import Profile, Role
    from dxtrack.agencies.models import Agency
    from dxtrack.agencies.services import communes_load, directory_install
    from dxtrack.ingest.services import bundled_plans_import
    from dxtrack.plans.models import Plan
    from dxtrack.reporting.models import AgencyReport
    from dxtrack.reporting.period_services import period_create, period_open
    from dxtrack.vn_text import fold

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    directory_install()
    bundled_plans_import()
    with ADMIN_UNITS.open(encoding="utf-8", newline="") as rows:
        communes_load(rows=csv.DictReader(rows), province_code=QUANG_NGAI)

    users = get_user_model().objects
    coordinator = users.create_user(username="vanphong.skhcn")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    period = period_create(
        actor=coordinator,
        name="Báo cáo kết quả chuyển đổi số năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
        plan_ids=list(Plan.objects.values_list("pk", flat=True)),
    )
    period_open(period=period, actor=coordinator)
    missing = reports - AgencyReport.objects.filter(period=period).count()
    if missing > 0:
        Agency.objects.bulk_create(
            Agency(name=name, search_name=fold(name), kind=Agency.Kind.DEPARTMENT)
            for name in EXTRA_BOARDS[:missing]
        )
        period_open(period=period, actor=coordinator)

    # One password for every account, hashed once (Argon2, as in production): the server
    # still checks it at each sign-in, which is what is measured.
    password = secrets.token_urlsafe(12)
    hashed = make_password(password)
    coordinator.password = hashed
    coordinator.save(update_fields=["password"])
    agency_ids = list(
        AgencyReport.objects.filter(period=period)
        .order_by("agency__name")
        .values_list("agency_id", flat=True)
    )
    reporters = users.bulk_create(
        get_user_model()(username=f"baocao.{agency_id}", password=hashed)
        for agency_id in agency_ids
    )
    Profile.objects.bulk_create(
        Profile(user=user, role=Role.REPORTER, agency_id=agency_id)
        for user, agency_id in zip(reporters, agency_ids, strict=True)
    )
    return {
        "period_id": period.pk,
        "password": password,
        "coordinator": coordinator.username,
        "reporters": [
            {"username": u.username, "agency_id": a}
            for u, a in zip(reporters, agency_ids, strict=True)
        ],
    }


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


def _through(gate: threading.Barrier) -> None:
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
    _through(sign_in)
    token = client.call(
        "token",
        "POST",
        "/api/v1/auth/token",
        {"username": account["username"], "password": password},
    )
    _through(rush)
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


# ----------------------------------------------------------------------- one database


def warm_up(port: int, setup: dict, workers: int) -> None:
    """Let every worker load the application (imports, first connection) before the rush,
    as it has on a server that has been up since morning. Not measured."""
    client = Client(port)
    token = client.call(
        "token",
        "POST",
        "/api/v1/auth/token",
        {"username": setup["coordinator"], "password": setup["password"]},
    )
    path = f"/api/v1/periods/{setup['period_id']}/progress"
    for _ in range(3 * workers):
        client.call("get", "GET", path, token=token["token"] if token else None)


_LOG_LINE = re.compile(r"^(GET|PUT|POST) (\S+) (\d{3}) (\d+)$")


def server_times(log: Path, period_id: int) -> dict[str, list[float]]:
    """Seconds spent inside the server per kind of request, from the access log."""
    kinds = {
        ("POST", "/api/v1/auth/token"): "token",
        ("POST", "submit"): "submit",
        ("GET", "report"): "get",
        ("PUT", "report"): "put",
    }
    found: dict[str, list[float]] = {k: [] for k in KINDS}
    for line in log.read_text(errors="replace").splitlines():
        match = _LOG_LINE.match(line.strip())
        if not match:
            continue
        method, path, _status, micros = match.groups()
        if path.startswith(f"/api/v1/reports/{period_id}/"):
            key = (method, "submit" if path.endswith("/submit") else "report")
        else:
            key = (method, path)
        if key in kinds:
            found[kinds[key]].append(int(micros) / 1e6)
    return found


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_database(label: str, args: argparse.Namespace, env: dict[str, str]) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="dxtrack-deadline-"))
    env = {
        **env,
        "DXTRACK_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: there is no TLS proxy in front of it here.
        "SECURE_SSL_REDIRECT": "0",
    }
    # The access log gives each request's time inside the server (%(D)s, microseconds): the
    # rest of the latency is waiting for a free worker.
    gunicorn = ["--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    if args.threads > 1:
        gunicorn += ["--threads", str(args.threads)]
    env["GUNICORN_CMD_ARGS"] = shlex.join(gunicorn)
    server = None
    try:
        started = time.perf_counter()
        prepared = subprocess.run(  # noqa: S603 (this interpreter, this script)
            [sys.executable, __file__, "--prepare", "--clients", str(args.clients)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(prepared.stdout)
        prepare_seconds = time.perf_counter() - started

        port = free_port()
        log = (data_dir / "server.log").open("w")
        dxtrack = Path(sys.executable).with_name("dxtrack")
        serve = [str(dxtrack), "serve", "--host", HOST, "--port", str(port)]
        serve += ["--workers", str(args.workers)]
        server = subprocess.Popen(  # noqa: S603 (the project's own command)
            serve,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_serving(port, server, path="/api/v1/periods")
        warm_up(port, setup, args.workers)

        accounts = setup["reporters"][: args.clients]
        clients = [Client(port) for _ in accounts]
        gates = tuple(
            threading.Barrier(len(accounts) + 1, timeout=args.time_limit) for _ in range(2)
        )
        deadline = time.monotonic() + args.time_limit
        threads = [
            threading.Thread(
                target=reporter_run,
                args=(c, a, setup["password"], setup["period_id"], gates, deadline),
                daemon=True,
            )
            for c, a in zip(clients, accounts, strict=True)
        ]
        for thread in threads:
            thread.start()
        _through(gates[0])
        signing_in = time.perf_counter()
        _through(gates[1])
        rushing = time.perf_counter()
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT)
        walls = {"sign_in": rushing - signing_in, "reports": time.perf_counter() - rushing}

        checker = Client(port)
        token = checker.call(
            "token",
            "POST",
            "/api/v1/auth/token",
            {"username": setup["coordinator"], "password": setup["password"]},
        )
        progress = (
            checker.call(
                "get", "GET", f"/api/v1/periods/{setup['period_id']}/progress", token=token["token"]
            )
            if token
            else None
        )
        sent = sum(1 for r in progress or [] if r["status"] == "submitted")
        stop(server)
        log.close()
        served = server_times(data_dir / "server.log", setup["period_id"])
        samples = [s for c in clients for s in c.samples]
        errors = [s for s in samples if not 200 <= s.status < 300]
        if errors:
            print(f"{label}: {len(errors)} lỗi, ví dụ:", file=sys.stderr)
            for sample in errors[:5]:
                print(f"  {sample.kind} {sample.status} {sample.detail}", file=sys.stderr)
        return {
            "label": label,
            "clients": len(accounts),
            "prepare_seconds": prepare_seconds,
            "walls": walls,
            "requests": len(samples),
            "errors": len(errors),
            "sent": sent,
            "by_kind": {k: [s.seconds for s in samples if s.kind == k] for k in KINDS},
            "errors_by_kind": {k: sum(1 for s in errors if s.kind == k) for k in KINDS},
            "served": served,
        }
    except subprocess.CalledProcessError as error:
        print(error.stderr, file=sys.stderr)
        raise
    finally:
        if server is not None:
            stop(server)
            log_path = data_dir / "server.log"
            if args.keep_log and log_path.exists():
                shutil.copy(log_path, Path(args.keep_log) / f"server-{label}.log")
        shutil.rmtree(data_dir, ignore_errors=True)


def ms(value: float) -> str:
    return f"{value * 1000:,.0f}".replace(",", ".")


def _row(label: str, phase: str, seconds: list[float], inside: list[float], **more) -> str:
    spread = f"{ms(percentile(inside, 0.5))}/{ms(percentile(inside, 0.95))}"
    rate = f"{more['rate']:.1f}" if "rate" in more else ""
    return (
        f"{label:<11} {phase:<10} {len(seconds):>8} {more.get('errors', 0):>4} {rate:>6} "
        f"{ms(percentile(seconds, 0.5)):>7} {ms(percentile(seconds, 0.95)):>7} "
        f"{ms(max(seconds, default=float('nan'))):>7}   {spread:<22} {more.get('sent', ''):>7}"
    )


def print_results(results: list[dict], args: argparse.Namespace) -> None:
    threads = f", {args.threads} luồng mỗi worker" if args.threads > 1 else ""
    print(
        f"Hạn chót: {args.clients} đơn vị cùng lúc đăng nhập, rồi cùng lúc đọc, lưu và gửi báo "
        f"cáo năm 2026 qua `dxtrack serve` (gunicorn {args.workers} worker{threads}, {HOST})."
    )
    print("Thời gian tính bằng ms; “trong máy chủ”: từ khi worker nhận yêu cầu đến khi trả lời.")
    print(
        f"{'CSDL':<11} {'đợt':<10} {'yêu cầu':>8} {'lỗi':>4} {'yc/s':>6} {'p50':>7} {'p95':>7} "
        f"{'tối đa':>7}   {'trong máy chủ p50/p95':<22} {'đã gửi':>7}"
    )
    for r in results:
        kinds, served, errors = r["by_kind"], r["served"], r["errors_by_kind"]
        print(
            _row(
                r["label"],
                "đăng nhập",
                kinds["token"],
                served["token"],
                errors=errors["token"],
                rate=len(kinds["token"]) / r["walls"]["sign_in"],
            )
        )
        rush = ("get", "put", "submit")
        print(
            _row(
                r["label"],
                "báo cáo",
                [x for k in rush for x in kinds[k]],
                [x for k in rush for x in served[k]],
                errors=sum(errors[k] for k in rush),
                rate=sum(len(kinds[k]) for k in rush) / r["walls"]["reports"],
                sent=f"{r['sent']}/{r['clients']}",
            )
        )
        for kind in rush:
            print(_row("", f"  {kind}", kinds[kind], served[kind], errors=errors[kind]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=130, help="đơn vị gửi cùng lúc (≤ 136)")
    parser.add_argument("--workers", type=int, default=3, help="số worker của gunicorn")
    parser.add_argument("--threads", type=int, default=1, help="số luồng mỗi worker")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--time-limit", type=float, default=300.0, help="giây, cho cả đợt tải")
    parser.add_argument("--keep-log", help="thư mục giữ lại nhật ký của máy chủ")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.clients <= 124 + len(EXTRA_BOARDS):
        parser.error(f"--clients từ 1 đến {124 + len(EXTRA_BOARDS)}")

    if args.prepare:
        print(json.dumps(prepare(args.clients)))
        return 0
    if not ADMIN_UNITS.exists():
        print(f"Không thấy {ADMIN_UNITS} (thư mục shared/ cạnh dự án).", file=sys.stderr)
        return 2

    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GUNICORN_CMD_ARGS")}
    results = []
    if args.results:  # inside bin/with-postgres: the server it started is the database
        results.append(
            run_database("PostgreSQL", args, {**env, "DATABASE_URL": os.environ["DATABASE_URL"]})
        )
        Path(args.results).write_text(json.dumps(results))
        return 0
    if "sqlite" in databases:
        results.append(run_database("SQLite", args, env))
    if "postgres" in databases:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "postgres.json"
            command = [str(ROOT / "bin" / "with-postgres"), "--durable", "--", sys.executable]
            command += [__file__, "--results", str(out), "--clients", str(args.clients)]
            command += ["--workers", str(args.workers), "--threads", str(args.threads)]
            command += ["--time-limit", str(args.time_limit)]
            if args.keep_log:
                command += ["--keep-log", args.keep_log]
            subprocess.run(command, check=True, env=env)  # noqa: S603 (the project's script)
            results += json.loads(out.read_text())
    print_results(results, args)
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
