"""Time to back up and restore a province's year.

Run: .venv/bin/python bench/backup.py [--months 12] [--evidence 3]
     ./bin/with-postgres -- .venv/bin/python bench/backup.py     (PostgreSQL: pg_dump, psql)
Builds the province of bench/consolidate.py (about 130 agencies, the four bundled plans, a
yearly and twelve monthly periods with every report filled) in a fresh database (SQLite in a
temporary folder, or the throw-away PostgreSQL of DATABASE_URL), adds `--evidence` files of
evidence per reporting agency (200 KB each), then prints the time of `dxtrack backup` and of
`dxtrack restore` of that archive, the archive's size, and checks that the rows came back.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--evidence", type=int, default=3, help="files per reporting agency")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="dxtrack-bench-backup-")
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from consolidate import _fill, _province
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from dxtrack.operations.backup import backup_create, backup_restore
    from dxtrack.reporting.models import AgencyReport, IndicatorValue, TaskUpdate

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    periods = _province(args.months)
    _fill(periods)
    agencies = list(
        AgencyReport.objects.filter(period=periods[0]).values_list("agency_id", flat=True)
    )
    uploads = Path(settings.MEDIA_ROOT)
    for agency_id in agencies:
        folder = uploads / "evidence" / "2026" / str(agency_id)
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(args.evidence):
            (folder / f"minh-chung-{n + 1}.pdf").write_bytes(os.urandom(200_000))
    counts = (
        AgencyReport.objects.count(),
        TaskUpdate.objects.count(),
        IndicatorValue.objects.count(),
    )
    print(
        f"Tỉnh mẫu trên {connection.vendor}: {len(periods)} kỳ, {counts[0]} báo cáo, "
        f"{counts[1]} dòng nhiệm vụ, {counts[2]} dòng chỉ tiêu, "
        f"{len(agencies) * args.evidence} tệp minh chứng (chuẩn bị "
        f"{time.perf_counter() - started:.1f} s)"
    )

    archive = Path(data_dir) / "sao-luu.tar"
    started = time.perf_counter()
    result = backup_create(path=archive)
    backup_seconds = time.perf_counter() - started
    size = result.size / 1_000_000
    print(f"Sao lưu:   {backup_seconds:6.1f} s  ({size:.1f} MB, {result.files} tệp tải lên)")

    TaskUpdate.objects.filter(report__period=periods[0]).update(description="sau sao lưu")
    started = time.perf_counter()
    backup_restore(path=archive)
    restore_seconds = time.perf_counter() - started
    print(f"Khôi phục: {restore_seconds:6.1f} s")
    again = (
        AgencyReport.objects.count(),
        TaskUpdate.objects.count(),
        IndicatorValue.objects.count(),
    )
    assert again == counts, (again, counts)
    assert not TaskUpdate.objects.filter(description="sau sao lưu").exists()
    print("Dữ liệu sau khôi phục: khớp số dòng, thay đổi sau sao lưu đã bị thay thế.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
