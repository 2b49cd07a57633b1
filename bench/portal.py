"""Server time of the public portal and the open data, cached and just after a publication.

Run: .venv/bin/python bench/portal.py [--requests 300]
Builds, in a fresh SQLite database, the province as `dxtrack demo` does (the directory, the
bundled plans, the sample history: five periods published), then requests each public page
and open-data file through Django's test client (the whole middleware stack, no network) and
prints p50 / p95 / max in milliseconds: first from a warm cache, then the first request after
a publication (the cache key moves on, the page is rendered again). Aim: p95 ≤ 20 ms cached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _setup(data_dir: str) -> None:
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
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


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (
        f"p50 {statistics.median(ordered) * 1000:6.2f}  p95 {p95 * 1000:6.2f}  "
        f"max {ordered[-1] * 1000:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from django.test import Client

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
        client = Client(HTTP_HOST="localhost")
        print(f"\n{'cached (warm)':<34}{'':>8}")
        for url in urls:
            client.get(url)
            samples = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
            print(f"  {url:<32}{size / 1024:7.1f} kB  {_ms(samples)}")
        print("\nfirst request after a publication (rendered again)")
        cold: dict[str, list[float]] = {url: [] for url in urls}
        for _ in range(5):
            period_publish(period=history.periods[-1], actor=coordinator)
            for url in urls:
                started = time.perf_counter()
                client.get(url)
                cold[url].append(time.perf_counter() - started)
        for url in urls:
            print(f"  {url:<32}          {_ms(cold[url])}")


if __name__ == "__main__":
    main()
