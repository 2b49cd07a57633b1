"""Time to consolidate a reporting period of a whole province, beside one raw SQL aggregate.

Run: .venv/bin/python bench/consolidate.py [--months 12]
Builds, in a fresh SQLite database, the province as the product ships it (the agency
directory, the four bundled plans, the 96 communes of Quảng Ngãi from
../shared/data/vn-admin-units.csv: about 130 agencies), opens the twelve monthly periods of
2026 and one yearly period over every plan, and fills every row of every report (status,
completion date, indicator value, submission) with bulk updates. Then, for the yearly period
and for each monthly one, it prints:

- the time of `period_consolidation` (every query and the Python folding),
- the time of its evaluation step alone (`task_verdict_counts`: the grouped queries judging
  each task update with the CASE expression of the rules, extensions included),
- the time of one raw `GROUP BY` over the same task-update rows (status counts per plan and
  agency, no judgement), and the ratios. Aim: the evaluation step within 3× the raw query.
Each figure is the best of several runs taken in turns, so that neither a cold cache nor a
burst of load on the machine decides.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shipped_province import extensions_add, period_rows_copy, period_rows_fill, province_base

RUNS = 9

RAW_SQL = """
SELECT t.plan_id, t.section_id, r.agency_id, u.status, COUNT(*)
FROM reporting_taskupdate u
JOIN reporting_agencyreport r ON r.id = u.report_id
JOIN plans_task t ON t.id = u.task_id
WHERE r.period_id = %s AND u.role = 'lead'
GROUP BY t.plan_id, t.section_id, r.agency_id, u.status
"""


def _best(functions: list, runs: int = RUNS) -> list[float]:
    """The best time of each function, the functions taking turns so that a burst of load
    on the machine weighs on all of them alike."""
    best = [float("inf")] * len(functions)
    for _ in range(runs):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def _province(months: int) -> list:
    from dxtrack.plans.models import Plan
    from dxtrack.reporting.period_rules import default_due_dates, period_bounds
    from dxtrack.reporting.period_services import period_create, period_open

    actor = province_base()
    plan_ids = list(Plan.objects.values_list("pk", flat=True))
    periods = []
    kinds = [("yearly", 1)] + [("monthly", n) for n in range(1, months + 1)]
    for kind, number in kinds:
        starts_on, ends_on = period_bounds(kind=kind, year=2026, number=number)
        due_on, consolidated_due_on = default_due_dates(kind=kind, ends_on=ends_on)
        name = "Báo cáo năm 2026" if kind == "yearly" else f"Báo cáo tháng {number}/2026"
        period = period_create(
            actor=actor,
            name=name,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            due_on=due_on,
            consolidated_due_on=consolidated_due_on,
            plan_ids=plan_ids,
        )
        if not periods:
            # Who reports what comes from the plans, once; the months repeat it.
            period_open(period=period, actor=actor)
        else:
            period_rows_copy(source=periods[0], target=period)
        periods.append(period)
    return periods


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument(
        "--data-dir", help="keep the database in this folder and reuse it on the next run"
    )
    args = parser.parse_args()

    data_dir = args.data_dir or tempfile.mkdtemp(prefix="dxtrack-bench-")
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dxtrack.agencies.models import Agency
    from dxtrack.consolidation.aggregation import period_consolidation
    from dxtrack.consolidation.verdict_queries import task_verdict_counts
    from dxtrack.reporting.models import (
        AgencyReport,
        ExtensionRequest,
        IndicatorValue,
        ReportingPeriod,
        TaskUpdate,
    )

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    start = time.perf_counter()
    periods = list(ReportingPeriod.objects.order_by("pk"))
    if not periods:
        periods = _province(args.months)
        period_rows_fill(periods)
        extensions_add(periods[0], random.Random(57))  # noqa: S311 - sample data
    reporting = AgencyReport.objects.filter(period=periods[0]).count()
    print(
        f"Tỉnh mẫu: {Agency.objects.count()} cơ quan, đơn vị ({reporting} có việc phải báo "
        f"cáo); {len(periods)} kỳ, {AgencyReport.objects.count()} báo cáo, "
        f"{TaskUpdate.objects.count()} dòng nhiệm vụ, {IndicatorValue.objects.count()} dòng "
        f"chỉ tiêu, {ExtensionRequest.objects.count()} lần gia hạn đã duyệt "
        f"(chuẩn bị {time.perf_counter() - start:.1f} s)"
    )
    as_of = dt.date(2026, 12, 15)

    def raw(period_id: int):
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [period_id])
            return cursor.fetchall()

    def evaluation_step(period):
        return task_verdict_counts(period=period, as_of=as_of)

    header = (
        f"{'kỳ':<22} {'dòng NV':>8} {'tổng hợp (ms)':>14} {'đánh giá (ms)':>14} "
        f"{'SQL thô (ms)':>13} {'đánh giá/thô':>13} {'tổng hợp/thô':>13}"
    )
    print(header)
    totals = [0.0, 0.0, 0.0]
    for period in periods:
        rows = TaskUpdate.objects.filter(report__period=period, role="lead").count()
        result = period_consolidation(period=period, as_of=as_of)
        assert result.total.total == rows, (result.total.total, rows)
        consolidate, judge, sql = _best(
            [
                lambda p=period: period_consolidation(period=p, as_of=as_of),
                lambda p=period: evaluation_step(p),
                lambda p=period: raw(p.pk),
            ]
        )
        for index, value in enumerate((consolidate, judge, sql)):
            totals[index] += value
        print(
            f"{period.name:<22} {rows:>8} {consolidate * 1000:>14.1f} {judge * 1000:>14.1f} "
            f"{sql * 1000:>13.1f} {judge / sql:>12.2f}× {consolidate / sql:>12.2f}×"
        )
    consolidate, judge, sql = totals
    print(
        f"{'tổng cộng':<22} {'':>8} {consolidate * 1000:>14.1f} {judge * 1000:>14.1f} "
        f"{sql * 1000:>13.1f} {judge / sql:>12.2f}× {consolidate / sql:>12.2f}×"
    )
    _documents(periods[0], as_of)
    return 0


def _documents(period, as_of: dt.date) -> None:
    """Every official document of the yearly period, Word and Excel, each produced once
    (a document consolidates the period itself: this is the whole job, end to end)."""
    from dxtrack.accounts.access import SYSTEM
    from dxtrack.documents.services import document_produce

    kinds = ["report", "appendix", "indicators", "chasing", "scorecard"]
    print(f"\nVăn bản của kỳ “{period.name}” (mỗi văn bản gồm cả bước tổng hợp):")
    print(f"{'văn bản':<12} {'Word (s)':>10} {'Excel (s)':>10} {'Word (KB)':>10}")
    total = 0.0
    for kind in kinds:
        times, size = [], 0
        for fmt in ("docx", "xlsx"):
            start = time.perf_counter()
            produced = document_produce(
                actor=SYSTEM, kind=kind, period=period, fmt=fmt, as_of=as_of
            )
            times.append(time.perf_counter() - start)
            if fmt == "docx":
                size = len(produced.data) // 1024
        total += sum(times)
        print(f"{kind:<12} {times[0]:>10.2f} {times[1]:>10.2f} {size:>10}")
    print(f"{'tất cả':<12} {total:>21.2f} s (mục tiêu: dưới 3 s cho tổng hợp và mọi văn bản)")


if __name__ == "__main__":
    sys.exit(main())
