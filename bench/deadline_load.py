"""Deadline day: every agency of the province sends its yearly report at once, through
dxtrack and through the raw floor under it.

Run: .venv/bin/python bench/deadline_load.py [--clients 130] [--workers N] [--threads N]
     [--databases sqlite,postgres] [--scale 1] [--data province|scaled] [--json]
     [--profile FOLDER]
e.g. the province ten times larger (issue 15): --databases postgres --scale 10 --clients 400

For each database (SQLite in a temporary data folder; PostgreSQL started for the run by
bin/with-postgres, durable as in production) it builds the data (deadline_data.SETUPS,
`--data`): at `--scale 1` the province as the product ships it ("province", its 2026 yearly
period); at `--scale N` > 1 a province N times larger ("scaled", bench/province.py: 130×N
agencies, about 5,000×N assignments, five years of quarterly periods, marked "dữ liệu mẫu"),
measured on its open quarter with every report a fresh draft. It then runs the same load
twice on the same rows:

1. dxtrack: the production server the README documents (`dxtrack serve`: gunicorn on
   127.0.0.1, a free port, the given or the default workers and threads);
2. raw: bench/deadline_raw.py, the same reads and writes with the database driver alone,
   under the same gunicorn with the same workers and threads (the reports are put back as
   they were in between).

Each load lets one client per agency, all at once, do what a reporter does through the API
(../shared/spec/api.md), each call sent as soon as the previous one is answered (a closed
loop; a failed call ends that client):

    POST /api/v1/auth/token                      sign in (everyone at once, then:)
    GET  /api/v1/reports/{period}/{agency}       read the report
    PUT  /api/v1/reports/{period}/{agency}       save a status for every task it leads
                                                 (a few done, with evidence), a
                                                 contribution, an indicator value, Phần C
    POST /api/v1/reports/{period}/{agency}/submit

The clients are light so that the figures measure the server: all of them are scripts of one
`selectors` event loop (bench/closed_loop.py) in a process of their own
(bench/deadline_client.py), not a thread each in this one; the requests are encoded before
the rush, the answers parsed no further than the status, Content-Length and body, and only
the read's JSON is decoded (orjson), to make the save from it. A latency ends when the loop
sees the answer's last byte. Each call opens its own connection, as gunicorn's sync worker
closes it after every answer (docs/decisions/0224). The client costs about 0.3–0.7 ms of
CPU per report call, a few per cent of the machine (docs/decisions/0225).

It prints, per database and side by side for dxtrack and raw: requests per second, p50 and
p95 latency (sign-in, the report calls together and per kind), time inside the server, the
error count, how many reports were sent; the statements each call sends (for the largest
report), the CPU the clients' process used during the report calls, per call and for the
whole process (the same client for both sides) and the memory (RSS) of each worker after the
load. `--json` adds one JSON object per database as the last line(s): {"database",
"clients", "errors", "submitted", "p95_ms", "raw_p95_ms", "server_p50_ms",
"raw_server_p50_ms"}, over the report calls (GET, PUT, submit). `--profile FOLDER` first
profiles dxtrack's four calls with pyinstrument, in one process over ten reports, into
FOLDER/<kind>.txt (not part of the figures).
Only 127.0.0.1 is contacted; every request has a timeout and each load a time limit.
Aim: no errors, p95 of the report calls ≤ 500 ms and ≤ 3 × the raw floor's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deadline_client import KINDS, REQUEST_TIMEOUT, report_changes, rush_run, warm_up_run
from deadline_data import ADMIN_UNITS, SETUPS, scale_limit
from serving import HOST, free_port, stop, wait_until_serving

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------- one load


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


def workers_rss(master: int) -> list[int]:
    """The resident memory (bytes) of each worker gunicorn's master `master` forked."""
    children = Path(f"/proc/{master}/task/{master}/children")
    pids = children.read_text().split() if children.exists() else []
    sizes = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) * 1024)
    return sorted(sizes)


def child(mode: str, env: dict[str, str], args: argparse.Namespace, setup: dict | None = None):
    """Run this script's `mode` in a child process with `env` (the database); its JSON."""
    command = [sys.executable, __file__, f"--{mode}", "--clients", str(args.clients)]
    command += ["--scale", str(args.scale), "--data", args.data]
    done = subprocess.run(  # noqa: S603 (this interpreter, this script)
        command,
        env=env,
        input=json.dumps(setup) if setup is not None else "",
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def load(
    label: str, server_command: list[str], setup: dict, args, env, data_dir: Path, workers: int
) -> dict:
    """Start the server, warm it up, let every client sign in and then read, save and send
    its report; the latencies, the time inside the server and the workers' memory."""
    raw = label == "raw"
    port = free_port()
    log_path = data_dir / f"server-{label}.log"
    server = None
    try:
        with log_path.open("w") as log:
            server = subprocess.Popen(  # noqa: S603 (the project's own commands)
                [*server_command, *_bind(raw, port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            wait_until_serving(port, server, path="/api/v1/periods")
            warm_up_run(port=port, setup=setup, calls=3 * workers, raw=raw)

            accounts = setup["reporters"][: args.clients]
            samples_by_client, walls = rush_run(
                {
                    "port": port,
                    "reporters": accounts,
                    "password": setup["password"],
                    "period_id": setup["period_id"],
                    "time_limit": args.time_limit,
                    "timeout": REQUEST_TIMEOUT,
                }
            )
            rss = workers_rss(server.pid)
            stop(server)
        served = server_times(log_path, setup["period_id"])
    finally:
        if server is not None:
            stop(server)
        if args.keep_log and log_path.exists():
            shutil.copy(log_path, Path(args.keep_log) / f"{log_path.stem}-{env['_LABEL']}.log")
    samples = [s for mine in samples_by_client for s in mine]
    errors = [s for s in samples if not 200 <= s.status < 300]
    if errors:
        print(f"{env['_LABEL']} {label}: {len(errors)} lỗi, ví dụ:", file=sys.stderr)
        for sample in errors[:5]:
            print(f"  {sample.kind} {sample.status} {sample.detail}", file=sys.stderr)
    return {
        "clients": len(accounts),
        "walls": walls,
        "requests": len(samples),
        "errors": len(errors),
        "by_kind": {k: [s.seconds for s in samples if s.kind == k] for k in KINDS},
        "errors_by_kind": {k: sum(1 for s in errors if s.kind == k) for k in KINDS},
        "served": served,
        "rss": rss,
    }


def _bind(raw: bool, port: int) -> list[str]:
    return ["--bind", f"{HOST}:{port}"] if raw else ["--host", HOST, "--port", str(port)]


# ----------------------------------------------------------------------- one database


def run_database(label: str, args: argparse.Namespace, env: dict[str, str]) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="dxtrack-deadline-"))
    env = {
        **env,
        "_LABEL": label,
        "DXTRACK_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: there is no TLS proxy in front of it here.
        "SECURE_SSL_REDIRECT": "0",
    }
    # The access log gives each request's time inside the server (%(D)s, microseconds): the
    # rest of the latency is waiting for a free worker. The same for both servers.
    gunicorn = ["--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
    env["GUNICORN_CMD_ARGS"] = shlex.join(gunicorn)
    bin_dir = Path(sys.executable).parent
    try:
        started = time.perf_counter()
        setup = child("prepare", env, args)
        prepare_seconds = time.perf_counter() - started
        statements = child("queries", env, args, setup)
        if args.profile:
            child("profile-calls", {**env, "DXTRACK_PROFILE_DIR": args.profile}, args, setup)

        serve = [str(bin_dir / "dxtrack"), "serve"]
        sizing = []
        if args.workers:
            sizing += ["--workers", str(args.workers)]
        if args.threads:
            sizing += ["--threads", str(args.threads)]
        workers, threads = _serve_sizing(env, args)
        dxtrack = load("dxtrack", [*serve, *sizing], setup, args, env, data_dir, workers)
        dxtrack["sent"] = child("reset", env, args, setup)["sent"]

        # The raw floor under the same gunicorn, with the sizing `dxtrack serve` chose.
        raw_server = [str(bin_dir / "gunicorn"), "--chdir", str(Path(__file__).parent)]
        raw_server += ["--workers", str(workers), "--threads", str(threads)]
        raw_server += ["--access-logfile", "-", "deadline_raw:application"]
        raw = load("raw", raw_server, setup, args, env, data_dir, workers)
        raw["sent"] = child("reset", env, args, setup)["sent"]
        return {
            "label": label,
            "prepare_seconds": prepare_seconds,
            "province": setup.get("province", ""),
            "period": setup.get("period_name", "năm 2026"),
            "workers": workers,
            "threads": threads,
            "queries": statements,
            "dxtrack": dxtrack,
            "raw": raw,
        }
    except subprocess.CalledProcessError as error:
        print(error.stderr, file=sys.stderr)
        raise
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def _serve_sizing(env: dict[str, str], args: argparse.Namespace) -> tuple[int, int]:
    """The workers and threads `dxtrack serve` runs with: those given, else its defaults."""
    try:
        from dxtrack.cli.demo import serve_sizing
    except ImportError:  # a dxtrack from before `serve` chose them: its fixed 3 workers
        return args.workers or 3, args.threads or 1
    return serve_sizing(workers=args.workers or None, threads=args.threads or None)


# ----------------------------------------------------------------------- printing


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


RUSH = ("get", "put", "submit")


def _side(name: str, r: dict) -> list[str]:
    kinds, served, errors = r["by_kind"], r["served"], r["errors_by_kind"]
    lines = [
        _row(
            name,
            "đăng nhập",
            kinds["token"],
            served["token"],
            errors=errors["token"],
            rate=len(kinds["token"]) / r["walls"]["sign_in"],
        ),
        _row(
            "",
            "báo cáo",
            [x for k in RUSH for x in kinds[k]],
            [x for k in RUSH for x in served[k]],
            errors=sum(errors[k] for k in RUSH),
            rate=sum(len(kinds[k]) for k in RUSH) / r["walls"]["reports"],
            sent=f"{r['sent']}/{r['clients']}",
        ),
    ]
    lines += [_row("", f"  {k}", kinds[k], served[k], errors=errors[k]) for k in RUSH]
    return lines


def _client_cpu(name: str, r: dict) -> str:
    walls = r["walls"]
    calls = sum(len(r["by_kind"][k]) for k in RUSH)
    per_call = walls["client_cpu"] / calls * 1000 if calls else float("nan")
    return (
        f"{name} {walls['client_cpu']:.2f} s / {walls['reports']:.1f} s "
        f"({per_call:.2f} ms mỗi lời gọi; cả tiến trình {walls['client_process_cpu']:.2f} s)"
    )


def summary(result: dict) -> dict:
    """The figures `--json` prints for one database (the report calls)."""
    d, raw = result["dxtrack"], result["raw"]

    def rounded(value: float) -> float:
        return round(value * 1000, 1)

    return {
        "database": result["label"],
        "clients": d["clients"],
        "errors": d["errors"],
        "submitted": d["sent"],
        "p95_ms": rounded(percentile([x for k in RUSH for x in d["by_kind"][k]], 0.95)),
        "raw_p95_ms": rounded(percentile([x for k in RUSH for x in raw["by_kind"][k]], 0.95)),
        "server_p50_ms": rounded(percentile([x for k in RUSH for x in d["served"][k]], 0.5)),
        "raw_server_p50_ms": rounded(percentile([x for k in RUSH for x in raw["served"][k]], 0.5)),
    }


def print_results(results: list[dict], args: argparse.Namespace) -> None:
    for r in results:
        threads = f", {r['threads']} luồng mỗi worker" if r["threads"] > 1 else ""
        if r.get("province"):
            print(
                f"{r['label']}, dữ liệu mẫu gấp {args.scale} lần: {r['province']} "
                f"(dựng trong {r['prepare_seconds']:.0f} s)."
            )
        print(
            f"{r['label']}: {r['dxtrack']['clients']} đơn vị cùng lúc đăng nhập, rồi cùng lúc "
            f"đọc, lưu và gửi báo cáo {r['period']} (gunicorn {r['workers']} worker{threads}, "
            f"{HOST}); dxtrack: `dxtrack serve`; raw: cùng việc, chỉ dùng driver CSDL."
        )
        print(
            "Thời gian tính bằng ms; “trong máy chủ”: từ khi worker nhận yêu cầu đến khi trả lời."
        )
        print(
            f"{'':<11} {'đợt':<10} {'yêu cầu':>8} {'lỗi':>4} {'yc/s':>6} {'p50':>7} "
            f"{'p95':>7} {'tối đa':>7}   {'trong máy chủ p50/p95':<22} {'đã gửi':>7}"
        )
        for line in _side("dxtrack", r["dxtrack"]) + _side("raw", r["raw"]):
            print(line)
        s = summary(r)
        ratio = s["p95_ms"] / s["raw_p95_ms"] if s["raw_p95_ms"] else float("nan")
        inside = (
            s["server_p50_ms"] / s["raw_server_p50_ms"] if s["raw_server_p50_ms"] else float("nan")
        )
        print(
            f"Báo cáo (GET, PUT, gửi): p95 {s['p95_ms']:.0f} ms = {ratio:.1f} × raw; "
            f"trong máy chủ p50 {s['server_p50_ms']:.1f} ms = {inside:.1f} × raw."
        )
        q = r["queries"]
        print(
            f"Số câu lệnh SQL mỗi lần gọi (báo cáo lớn nhất: {q['tasks']} nhiệm vụ, "
            f"{q['indicators']} chỉ tiêu): "
            + ", ".join(f"{k} {q['dxtrack'][k]} (raw {q['raw'][k]})" for k in KINDS)
        )
        print(
            "CPU của máy khách (một tiến trình riêng) trong đợt báo cáo: "
            + "; ".join(_client_cpu(name, r[name]) for name in ("dxtrack", "raw"))
        )
        for name in ("dxtrack", "raw"):
            sizes = ", ".join(f"{size / 2**20:.0f}" for size in r[name]["rss"])
            print(f"Bộ nhớ (RSS, MiB) mỗi worker sau đợt tải, {name}: {sizes}")
        print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=130, help="đơn vị gửi cùng lúc")
    parser.add_argument(
        "--workers", type=int, default=0, help="số worker của gunicorn (mặc định: như serve)"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="số luồng mỗi worker (mặc định: như serve)"
    )
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--scale", type=int, default=1, help="số đơn vị gấp mấy lần 130")
    parser.add_argument(
        "--data",
        choices=sorted(SETUPS),
        help="dữ liệu (mặc định: province; scaled nếu --scale > 1)",
    )
    parser.add_argument("--time-limit", type=float, default=300.0, help="giây, cho mỗi đợt tải")
    parser.add_argument("--keep-log", help="thư mục giữ lại nhật ký của máy chủ")
    parser.add_argument("--profile", help="thư mục ghi hồ sơ pyinstrument của từng lời gọi")
    parser.add_argument("--json", action="store_true", help="thêm một dòng JSON mỗi CSDL")
    for mode in ("prepare", "queries", "reset", "profile-calls", "results"):
        parser.add_argument(f"--{mode}", nargs="?", const=True, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.data = args.data or ("scaled" if args.scale > 1 else "province")
    limit = scale_limit(args.scale, args.data)
    if not 1 <= args.clients <= limit:
        parser.error(f"--clients từ 1 đến {limit} (với --scale {args.scale})")

    import deadline_data

    if args.prepare:
        setup = SETUPS[args.data](clients=args.clients, scale=args.scale)
        print(json.dumps(setup))
        return 0
    if args.queries:
        setup = json.loads(sys.stdin.read())
        print(json.dumps(deadline_data.queries(setup=setup, changes=report_changes)))
        return 0
    if args.reset:
        print(json.dumps(deadline_data.reset(setup=json.loads(sys.stdin.read()))))
        return 0
    if args.profile_calls:
        setup = json.loads(sys.stdin.read())
        deadline_data.profile(setup=setup, changes=report_changes)
        print("{}")
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
            command += ["--time-limit", str(args.time_limit), "--scale", str(args.scale)]
            command += ["--data", args.data]
            if args.keep_log:
                command += ["--keep-log", args.keep_log]
            if args.profile:
                command += ["--profile", args.profile]
            subprocess.run(command, check=True, env=env)  # noqa: S603 (the project's script)
            results += json.loads(out.read_text())
    print_results(results, args)
    if args.json:
        for r in results:
            print(json.dumps(summary(r), ensure_ascii=False))
    return 0 if all(r["dxtrack"]["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
