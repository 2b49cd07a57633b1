"""Time to read and import each plan bundled with the product.

Run: .venv/bin/python bench/import_plans.py
Prints, per document, the time to read it (text -> draft) and to import it into a
fresh SQLite database (draft -> rows, one transaction). Aim: under one second each.
"""

import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    data_dir = tempfile.mkdtemp(prefix="dxtrack-bench-")
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dxtrack.accounts.access import SYSTEM
    from dxtrack.agencies.services import directory_from_db, directory_install
    from dxtrack.ingest.services import BUNDLED_DIR, plan_file_read
    from dxtrack.plans.services import plan_import

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    directory_install()
    resolver = directory_from_db()
    print(f"{'tệp':<28} {'đọc (s)':>9} {'nhập (s)':>9} {'tổng (s)':>9}  chỉ tiêu/nhiệm vụ/dự án")
    total = 0.0
    for path in sorted(BUNDLED_DIR.glob("*.txt")):
        start = time.perf_counter()
        plan_file = plan_file_read(path=path, resolver=resolver)
        read = time.perf_counter() - start
        start = time.perf_counter()
        plan_import(actor=SYSTEM, draft=plan_file.draft, sha256=plan_file.sha256)
        write = time.perf_counter() - start
        total += read + write
        draft = plan_file.draft
        print(
            f"{path.name:<28} {read:>9.3f} {write:>9.3f} {read + write:>9.3f}  "
            f"{len(draft.indicators)}/{len(draft.tasks)}/{len(draft.projects)}"
        )
    print(f"{'tổng':<28} {'':>9} {'':>9} {total:>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
