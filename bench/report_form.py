"""The report form of 160 items (Sở Y tế: 52 indicators, 66 lead tasks, 41 coordinating
tasks, 1 key project, and Phần C's 7 topics) over HTTP: the page's GET, empty and half
filled, for the agency's reporter (every item a form) and for the coordinator (read only).

Run: .venv/bin/python bench/report_form.py [--requests 60]
     ./bin/with-postgres -- .venv/bin/python bench/report_form.py   (the same on PostgreSQL)

Builds the report in a fresh database (SQLite in a temporary folder unless DATABASE_URL is
set) with the tests' builder (tests/reporting/health_form.py, factory_boy: the dev extras),
starts the production server (`dxtrack serve`: gunicorn, two workers, on 127.0.0.1) and
requests the page at a steady rate (an open loop, a fixed number of requests): p50 and p95
in milliseconds, and the time inside the server. Aim: p95 ≤ 300 ms. Then, in this process,
the page through Django's test client: its wall-clock time and the CPU time it took
(`time.process_time`), which the load of other work on the machine inflates far less than
the wall clock. Tests never assert timings; the query count has its own test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import figures, get, inside, load_average, paced, percentile, served, server_env

ROOT = Path(__file__).resolve().parents[1]

RATE = 1  # request per second: each page alone, so that the figure is its time, not a queue


def _setup(data_dir: str) -> None:
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    # The in-process figures go through Django's test client.
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "tests"))  # the report's builder and its factories
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _half_filled(report, actor) -> None:
    """Every other row filled through the one save path, as an agency midway would have it."""
    from dxtrack.reporting.report_input import IndicatorInput, ReportInput, TaskInput
    from dxtrack.reporting.report_services import report_save

    tasks = report.task_updates.order_by("position").values_list("task_id", flat=True)
    values = report.indicator_values.order_by("position").values_list("indicator_id", flat=True)
    report_save(
        report=report,
        actor=actor,
        version=report.version,
        data=ReportInput(
            tasks={
                task_id: TaskInput(
                    status="in_progress",
                    description="Đã triển khai theo kế hoạch; dữ liệu mẫu cho phép đo.",
                )
                for task_id in list(tasks)[::2]
            },
            indicators={
                indicator_id: IndicatorInput(value="87,5%", source="Sở Y tế (dữ liệu mẫu)")
                for indicator_id in list(values)[::2]
            },
        ),
    )


def _in_process(url: str, user, count: int) -> str:
    """The page rendered `count` times here: wall clock and CPU time, p50 and p95 in ms."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get(url, secure=True)  # templates loaded, caches warm
    wall, cpu = [], []
    for _ in range(count):
        started, used = time.perf_counter(), time.process_time()
        assert client.get(url, secure=True).status_code == 200
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return (
        f"{figures(wall)}; CPU p50 {percentile(cpu, 0.5) * 1000:6.1f} ms, "
        f"p95 {percentile(cpu, 0.95) * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60, help="per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        from reporting.health_form import health_form_report

        built = health_form_report()
        report = built.report
        url = f"/ky-bao-cao/{report.period_id}/don-vi/{report.agency_id}/"
        cookies = {}
        for user in (built.reporter, built.coordinator):
            client = Client()
            client.force_login(user)
            cookies[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        items = (
            report.task_updates.count()
            + report.indicator_values.count()
            + report.project_updates.count()
        )
        connection.close()
        print(
            f"Báo cáo của Sở Y tế: {items} mục và 7 lĩnh vực Phần C ({connection.vendor}); "
            f"dxtrack serve (gunicorn, 2 tiến trình) trên 127.0.0.1, {RATE} yêu cầu/s, "
            f"{args.requests} yêu cầu mỗi trang; tải máy trước khi đo: {load_average()}"
        )
        with served(server_env()) as port:
            for state in ("chưa điền gì", "điền một nửa"):
                if state == "điền một nửa":
                    _half_filled(report, built.reporter)
                    connection.close()
                print(f"\n{state}:")
                pages = [
                    ("cán bộ báo cáo", built.reporter, url),
                    ("cán bộ báo cáo", built.reporter, url + "?loc=chua-dien"),
                    ("cơ quan thường trực", built.coordinator, url),
                ]
                for who, user, path in pages:
                    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[user.username]}"}
                    paced(port, path, count=6, rate=50, headers=headers)  # warm both workers
                    status, body = get(port, path, headers)
                    assert status == 200, (path, status)
                    times = paced(port, path, count=args.requests, rate=RATE, headers=headers)
                    label = "?loc=chua-dien" if "loc=" in path else "trang"
                    print(
                        f"  {who:<20} {label:<15} {len(body) / 1024:6.1f} kB  {figures(times)} "
                        f"(mục tiêu p95 ≤ 300 ms); trong máy chủ "
                        f"{figures(inside(path, args.requests))}"
                    )
        print(f"\ntrong tiến trình này (Django test client, đã điền một nửa), {args.requests} lần:")
        for who, user in (
            ("cán bộ báo cáo", built.reporter),
            ("cơ quan thường trực", built.coordinator),
        ):
            print(f"  {who:<20} {_in_process(url, user, args.requests)}")
        print(f"\ntải máy sau khi đo: {load_average()}")


if __name__ == "__main__":
    main()
