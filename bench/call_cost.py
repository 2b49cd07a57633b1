"""The CPU each report API call costs inside dxtrack, measured in one process.

Run: .venv/bin/python bench/call_cost.py [--reports 40] [--data-dir DIR] [--middleware]
     [--dump FILE] [--raw] [--postgres]
     (--postgres: ./bin/with-postgres -- .venv/bin/python bench/call_cost.py --postgres)

On a loaded machine the deadline load's latencies mostly measure the neighbours; the CPU a
call takes (time.process_time around the WSGI application gunicorn runs, with every
middleware, DEBUG off) does not. The province is built as bench/deadline_load.py builds it
(deadline_data.province_setup), in DIR if given (kept and reused: building takes a minute),
else in a temporary folder. Then, for `--reports` reporters in turn, after a few not counted:
sign in, read the report, save it (deadline_client.report_changes), send it. It prints, per
kind, the median and mean CPU per call and the wall time, and puts the reports back
afterwards. `--middleware` adds each middleware's own CPU per kind (the time inside it,
less the time inside the next one). `--postgres` runs on the database of DATABASE_URL (as
bin/with-postgres gives it, built afresh) rather than on SQLite; the CPU is still this
process's, not the database server's. `--dump FILE` only writes the GET's bytes for the ten
largest reports, to compare two versions of the code with `cmp`.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

HOST = "127.0.0.1"
WARM_UP = 3
KINDS = ("token", "get", "put", "submit")


def _environ(method: str, path: str, body: bytes, token: str | None) -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "8000",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": HOST,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_ACCEPT": "application/json",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return environ


class _Timed:
    """Wraps one middleware's callable: the CPU spent inside it, per kind of call."""

    def __init__(self, name: str, inner, spent: dict) -> None:
        self.name, self.inner, self.spent = name, inner, spent
        self.kind = ""

    def __call__(self, request):
        start = time.process_time()
        try:
            return self.inner(request)
        finally:
            self.spent[self.kind][self.name] += time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--data-dir", help="thư mục dữ liệu (giữ lại, dùng lại)")
    parser.add_argument("--middleware", action="store_true", help="CPU của từng middleware")
    parser.add_argument("--profile", help="thư mục ghi hồ sơ pyinstrument của từng loại")
    parser.add_argument(
        "--raw", action="store_true", help="đo cả sàn raw (bench/deadline_raw.py) như vậy"
    )
    parser.add_argument(
        "--postgres", action="store_true", help="dùng CSDL của DATABASE_URL thay cho SQLite"
    )
    parser.add_argument(
        "--dump",
        help="ghi byte của GET mười báo cáo lớn nhất vào tệp này (so trước/sau), rồi dừng",
    )
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="dxtrack-cost-"))
    os.environ.update(
        {
            "DXTRACK_DATA_DIR": str(data_dir),
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "0",
        }
    )
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)
    import deadline_data

    saved = data_dir / "setup.json"
    if saved.exists() and not args.postgres:
        setup = json.loads(saved.read_text())
        deadline_data.reset(setup=setup)
    else:
        setup = deadline_data.province_setup(clients=130)
        if not args.postgres:  # the PostgreSQL database goes with bin/with-postgres
            saved.write_text(json.dumps(setup))

    from dxtrack.wsgi import application

    if args.dump:
        _dump(application, setup, Path(args.dump))
        return 0
    sides = {"dxtrack": application}
    if args.raw:
        import deadline_raw

        sides["raw"] = deadline_raw.application
    spent: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    timers = _wrap_middleware(application, spent) if args.middleware else []
    profilers: dict = {}
    for side, handler in sides.items():
        if args.profile and side == "dxtrack":
            from pyinstrument import Profiler

            profilers = {kind: Profiler(interval=0.0002) for kind in KINDS}
        try:
            cpus, walls = _measure(
                handler, setup, args.reports, timers if side == "dxtrack" else [], profilers
            )
        finally:
            deadline_data.reset(setup=setup)
        print(f"{side}: CPU mỗi lần gọi (ms), {args.reports} báo cáo, một tiến trình, DEBUG tắt:")
        print(f"{'':<8} {'CPU p50':>8} {'CPU tb':>8} {'tường p50':>10}")
        for kind in KINDS:
            print(
                f"{kind:<8} {statistics.median(cpus[kind]) * 1000:>8.2f} "
                f"{statistics.fmean(cpus[kind]) * 1000:>8.2f} "
                f"{statistics.median(walls[kind]) * 1000:>10.2f}"
            )
        rush = [x for kind in KINDS[1:] for x in cpus[kind]]
        print(f"báo cáo (get, put, submit): CPU tb {statistics.fmean(rush) * 1000:.2f} ms")
        for kind, profiler in profilers.items():
            Path(args.profile).mkdir(parents=True, exist_ok=True)
            text = profiler.output_text(unicode=True, show_all=bool(os.environ.get("PROFILE_ALL")))
            (Path(args.profile) / f"{kind}.txt").write_text(text)
        profilers = {}
    if timers:
        print("CPU riêng của từng middleware (ms mỗi lần gọi, trung bình):")
        names = [t.name for t in timers]
        for kind in KINDS:
            own = _own(spent[kind], names)
            print(
                f"  {kind}: " + ", ".join(f"{n} {own[n] / args.reports * 1000:.2f}" for n in names)
            )
    return 0


def _measure(application, setup: dict, reports: int, timers: list, profilers: dict):
    """Each reporter in turn signs in, reads, saves and sends its report through
    `application`; the CPU and wall seconds of each call, by kind, after WARM_UP reporters."""
    from deadline_client import report_changes

    def call(kind: str, method: str, path: str, body=None, token=None):
        payload = json.dumps(body).encode() if body is not None else b""
        for timer in timers:
            timer.kind = kind
        statuses: list[str] = []
        if profilers:
            profilers[kind].start()
        wall, cpu = time.perf_counter(), time.process_time()
        chunks = application(
            _environ(method, path, payload, token), lambda s, h, *e: statuses.append(s)
        )
        content = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()  # fires request_finished, as gunicorn does
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if profilers:
            profilers[kind].stop()
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"{kind}: {statuses[0]} {content[:300]!r}")
        return cpu, wall, json.loads(content)

    cpus: dict[str, list[float]] = defaultdict(list)
    walls: dict[str, list[float]] = defaultdict(list)
    for n, account in enumerate(setup["reporters"][: reports + WARM_UP]):
        path = f"/api/v1/reports/{setup['period_id']}/{account['agency_id']}"
        sign_in = {"username": account["username"], "password": setup["password"]}
        steps = [("token", *call("token", "POST", "/api/v1/auth/token", sign_in))]
        token = steps[-1][3]["token"]
        steps.append(("get", *call("get", "GET", path, token=token)))
        changes = report_changes(steps[-1][3])
        steps.append(("put", *call("put", "PUT", path, changes, token)))
        steps.append(("submit", *call("submit", "POST", path + "/submit", token=token)))
        if n < WARM_UP:
            for timer in timers:
                timer.spent.clear()
            for kind in profilers:
                profilers[kind] = type(profilers[kind])(interval=0.0002)
            continue
        for kind, cpu, wall, _ in steps:
            cpus[kind].append(cpu)
            walls[kind].append(wall)
    return cpus, walls


def _dump(application, setup: dict, target: Path) -> None:
    """The GET's bytes for the ten largest reports, each after its agency and length, so that
    two versions of the code can be compared byte for byte (`cmp`)."""
    statuses: list[str] = []

    def answer(environ: dict) -> bytes:
        body = b"".join(application(environ, lambda s, h, *e: statuses.append(s)))
        if not statuses[-1].startswith("200"):
            raise RuntimeError(f"{environ['PATH_INFO']}: {statuses[-1]} {body[:300]!r}")
        return body

    bodies = []
    for account in setup["reporters"]:
        sign_in = json.dumps({"username": account["username"], "password": setup["password"]})
        token = json.loads(answer(_environ("POST", "/api/v1/auth/token", sign_in.encode(), None)))
        path = f"/api/v1/reports/{setup['period_id']}/{account['agency_id']}"
        body = answer(_environ("GET", path, b"", token["token"]))
        bodies.append((len(body), account["agency_id"], body))
    bodies.sort(key=lambda b: (-b[0], b[1]))
    with target.open("wb") as out:
        for size, agency_id, body in bodies[:10]:
            out.write(b"%d %d\n" % (agency_id, size) + body + b"\n")
    print(f"{target}: {', '.join(str(b[0]) for b in bodies[:10])} byte")


def _wrap_middleware(application, spent) -> list[_Timed]:
    """Rebuild the handler's chain with a timer around each middleware and the view."""
    from django.conf import settings
    from django.core.handlers.exception import convert_exception_to_response
    from django.utils.module_loading import import_string

    handler = convert_exception_to_response(application._get_response)
    timers = [_Timed("view", handler, spent)]
    handler = timers[0]
    for path in reversed(settings.MIDDLEWARE):
        middleware = import_string(path)(handler)
        timer = _Timed(path.rsplit(".", 1)[1], convert_exception_to_response(middleware), spent)
        timers.append(timer)
        handler = timer
    # process_view and the like stay those load_middleware() registered: they keep no state.
    application._middleware_chain = handler
    return list(reversed(timers))


def _own(inside: dict[str, float], names: list[str]) -> dict[str, float]:
    """Each timer's time less that of the one it calls (the next in `names`)."""
    return {
        name: inside[name] - (inside[names[i + 1]] if i + 1 < len(names) else 0.0)
        for i, name in enumerate(names)
    }


if __name__ == "__main__":
    sys.exit(main())
