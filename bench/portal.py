"""The public portal and the open data over HTTP at 20 requests per second, cached and just
after a publication.

Run: .venv/bin/python bench/portal.py [--requests 200]
     ./bin/with-postgres -- .venv/bin/python bench/portal.py   (the same on PostgreSQL)

Builds, in a fresh database (SQLite in a temporary folder unless DATABASE_URL is set), the
province as `dxtrack demo` does (the directory, the bundled plans, the sample history:
five periods published), starts the production server (`dxtrack serve`: gunicorn, two
workers, on 127.0.0.1) and requests each public page and open-data file as an anonymous
visitor at a steady 20 requests per second (an open loop, a fixed number of requests):
p50 and p95 in milliseconds, the cache warm; then the first request after a publication
(the edition moves on, the page is rendered again). Aim: p95 ≤ 20 ms cached.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import figures, get, inside, load_average, paced, served, server_env

RATE = 20  # requests per second


def _setup(data_dir: str) -> None:
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ["DXTRACK_OPEN_DATA_RATE"] = "1000000"  # the limit is not what is measured
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _province():
    from dxtrack.accounts.services import user_add
    from dxtrack.agencies.services import directory_install
    from dxtrack.ingest.services import bundled_plans_import
    from dxtrack.portal.demo import demo_history

    directory_install()
    bundled_plans_import()
    import secrets

    password = secrets.token_urlsafe(12)
    coordinator = user_add(username="sokhcn", role="coordinator", password=password)
    started = time.perf_counter()
    history = demo_history(coordinator=coordinator)
    print(f"sample history: {history.summary()} ({time.perf_counter() - started:.1f} s)")
    return coordinator, history


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from django.db import connection

        from dxtrack.portal.models import PublishedIndicatorValue
        from dxtrack.portal.services import period_publish

        coordinator, history = _province()
        indicator_id = PublishedIndicatorValue.objects.values_list("indicator_id", flat=True)[0]
        urls = [
            "/cong-khai/",
            "/cong-khai/?q=chu+ky+so",
            f"/cong-khai/chi-tieu/{indicator_id}/",
            "/du-lieu-mo/",
            "/du-lieu-mo/chi-tieu.csv",
            "/du-lieu-mo/chi-tieu.xlsx",
            "/api/v1/open/indicators",
            "/api/v1/open/tasks",
        ]
        connection.close()
        print(
            f"\nQua HTTP ({connection.vendor}): dxtrack serve (gunicorn, 2 tiến trình) trên "
            f"127.0.0.1, {RATE} yêu cầu/s, {args.requests} yêu cầu mỗi địa chỉ, khách không "
            f"đăng nhập; tải máy trước khi đo: {load_average()}"
        )
        with served(server_env(DXTRACK_OPEN_DATA_RATE="1000000")) as port:
            print("bộ nhớ đệm đã có (mục tiêu p95 ≤ 20 ms)")
            for url in urls:
                # Every worker renders and keeps the page first (requests sent together, so
                # that each worker takes some).
                paced(port, url, count=8, rate=200)
                status, body = get(port, url)
                assert status == 200, (url, status)
                times = paced(port, url, count=args.requests, rate=RATE)
                print(
                    f"  {url:<34}{len(body) / 1024:7.1f} kB  {figures(times)}; trong máy chủ "
                    f"{figures(inside(url, args.requests))}"
                )
            print("yêu cầu đầu tiên ngay sau khi công khai lại một kỳ (dựng lại trang)")
            cold: dict[str, list[float]] = {url: [] for url in urls}
            for _ in range(5):
                period_publish(period=history.periods[-1], actor=coordinator)
                for url in urls:
                    started = time.perf_counter()
                    status, _ = get(port, url)
                    cold[url].append(time.perf_counter() - started)
                    assert status == 200, (url, status)
            for url in urls:
                print(f"  {url:<34}           {figures(cold[url])}")
        print(f"tải máy sau khi đo: {load_average()}")


if __name__ == "__main__":
    main()
