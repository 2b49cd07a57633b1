"""The leaders' dashboard of a whole province: its data beside hand-written SQL, and its
page and API under a steady 20 requests per second.

Run: .venv/bin/python bench/dashboard.py [--requests 200] [--data-dir FOLDER]
     ./bin/with-postgres -- .venv/bin/python bench/dashboard.py   (the same on PostgreSQL)

Builds, in a fresh database (SQLite in a temporary folder unless DATABASE_URL is set), the
province as the product ships it (directory, the four bundled plans, the 96 communes of
Quảng Ngãi: about 130 agencies with work), with bench/consolidate.py's helpers: four yearly
periods (2023–2026) and twelve quarterly ones (2024–2026) over every plan, every row of
every report filled in, one lead task in fifty extended (on PostgreSQL then analysed, as
autovacuum keeps a database in use). Then, for the latest yearly and the latest quarterly
period (whose history holds twelve quarters):

1. the time of `dashboard_data` (every query and the Python folding) beside the time of
   three hand-written SQL aggregates of the same numbers (tasks by colour in this period
   and the previous one, extensions included; reports by timeliness in every period of
   the history; each indicator's value in every period of the history), and both sets
   of numbers side by side, which must agree;
2. over HTTP, against the production server (`dxtrack serve`: gunicorn, two workers, on
   127.0.0.1), as a signed-in leader and as one agency's reporter: the page
   /bang-dieu-khien/, its drill-down lists and GET /api/v1/dashboard, each requested at a
   steady 20 requests per second (an open loop: a request goes on its slot whether or not
   the previous one has answered) for a fixed number of requests: p50 and p95, the cache
   warm; then the first request after a report changed (the cache's fingerprint moves on,
   the numbers are computed and the page rendered again). The server judges as of its own
   today.
Each data figure is the best of several runs taken in turns; tests never assert timings.
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

from serving import figures, get, inside, load_average, paced, served, server_env

AS_OF = dt.date(2026, 12, 15)
RUNS = 9
RATE = 20  # requests per second

# Tasks by colour: the rule of consolidation/colours.py written out by hand over raw rows.
TASKS_SQL = """
WITH judged(period_id, as_of, soon) AS (VALUES {judged}),
ext AS (
  SELECT agency_id, task_id,
         MAX(CASE WHEN status = 'approved' THEN proposed_end END) AS approved_end,
         MAX(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending
  FROM reporting_extensionrequest
  WHERE kind = 'extend' AND status IN ('approved', 'pending')
  GROUP BY agency_id, task_id
),
lead AS (
  SELECT r.period_id, t.plan_id, t.section_id, r.agency_id,
         u.status, u.completed_on, j.as_of, j.soon,
         t.recurrence <> '' AS recurring,
         CASE WHEN t.recurrence <> '' THEN p.ends_on
              ELSE COALESCE(e.approved_end, t.ends_on) END AS deadline,
         COALESCE(e.pending, 0) AS pending
  FROM reporting_taskupdate u
  JOIN reporting_agencyreport r ON r.id = u.report_id
  JOIN reporting_reportingperiod p ON p.id = r.period_id
  JOIN judged j ON j.period_id = r.period_id
  JOIN plans_task t ON t.id = u.task_id
  LEFT JOIN ext e ON e.agency_id = r.agency_id AND e.task_id = u.task_id
  WHERE u.role = 'lead'
)
SELECT period_id, plan_id, section_id, agency_id, status,
  CASE
    WHEN status IN ('done', 'done_late') AND completed_on > deadline THEN 'red'
    WHEN status = 'done_late' THEN 'red'
    WHEN status = 'done' THEN 'green'
    WHEN status = 'not_done' AND deadline <= as_of THEN 'red'
    WHEN status = 'not_done' THEN 'yellow'
    WHEN status = 'in_progress' AND NOT recurring AND deadline < as_of THEN 'red'
    WHEN status = 'not_started' AND deadline < as_of THEN 'red'
    WHEN status = '' AND NOT recurring AND deadline <= as_of THEN 'red'
    WHEN pending = 1 THEN 'yellow'
    WHEN status = 'in_progress' AND recurring THEN 'green'
    WHEN status = 'in_progress' AND deadline <= soon THEN 'yellow'
    WHEN status = 'in_progress' THEN 'green'
    WHEN NOT recurring AND deadline <= soon THEN 'yellow'
    ELSE 'grey'
  END AS colour,
  COUNT(*)
FROM lead GROUP BY 1, 2, 3, 4, 5, 6
"""

# Reports by timeliness; a report sent back or still a draft is owed.
REPORTS_SQL = """
WITH judged(period_id, as_of) AS (VALUES {judged})
SELECT r.period_id,
  CASE
    WHEN r.status IN ('draft', 'returned') OR r.submitted_at IS NULL THEN
      CASE WHEN j.as_of > p.due_on THEN 'red' ELSE 'grey' END
    WHEN {sent_on} <= p.due_on THEN 'green'
    ELSE 'yellow'
  END AS colour,
  COUNT(*)
FROM reporting_agencyreport r
JOIN reporting_reportingperiod p ON p.id = r.period_id
JOIN judged j ON j.period_id = r.period_id
GROUP BY 1, 2
"""
SENT_ON = {
    "sqlite": "date(r.submitted_at, '+7 hours')",
    "postgresql": "(r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date",
}

# Each indicator's value per period: the lead agency's (every bundled indicator's rule).
INDICATORS_SQL = """
SELECT v.indicator_id, r.period_id, AVG(CASE WHEN v.role = 'lead' THEN v.value_number END)
FROM reporting_indicatorvalue v
JOIN reporting_agencyreport r ON r.id = v.report_id
WHERE r.period_id IN ({periods})
GROUP BY 1, 2
"""


def _best(functions: list, runs: int = RUNS) -> list[float]:
    best = [float("inf")] * len(functions)
    for _ in range(runs):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            function()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def _province() -> None:
    from consolidate import _province
    from shipped_province import extensions_add, period_rows_copy, period_rows_fill

    from dxtrack.reporting.models import ReportingPeriod
    from dxtrack.reporting.period_rules import default_due_dates, period_bounds

    # consolidate.py's province: the yearly 2026 period opened from the plans (no months).
    (yearly,) = _province(0)
    periods = [yearly]
    wanted = [("yearly", year, 1) for year in (2023, 2024, 2025)] + [
        ("quarterly", year, quarter) for year in (2024, 2025, 2026) for quarter in (1, 2, 3, 4)
    ]
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    for kind, year, number in wanted:
        starts_on, ends_on = period_bounds(kind=kind, year=year, number=number)
        due_on, consolidated_due_on = default_due_dates(kind=kind, ends_on=ends_on)
        name = f"Báo cáo năm {year}" if kind == "yearly" else f"Quý {roman[number]}/{year}"
        period = ReportingPeriod.objects.create(
            name=name,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            due_on=due_on,
            consolidated_due_on=consolidated_due_on,
        )
        period.plans.set(yearly.plans.all())
        period_rows_copy(source=yearly, target=period)
        periods.append(period)
    period_rows_fill(periods)
    extensions_add(yearly, random.Random(57))  # noqa: S311 - sample data
    extensions_add(yearly, random.Random(58), share=100, pending=True)  # noqa: S311


def _judged_values(days: dict) -> tuple[str, list]:
    rows, params = [], []
    for period_id, (as_of, soon) in days.items():
        rows.append("(%s, %s, %s)" if soon is not None else "(%s, %s)")
        params += [period_id, as_of] + ([soon] if soon is not None else [])
    return ", ".join(rows), params


def _hand_sql(data) -> tuple[dict, dict, dict]:
    """The dashboard's numbers by three hand-written queries."""
    from django.db import connection

    from dxtrack.consolidation.colours import DUE_SOON_DAYS
    from dxtrack.dashboard.selectors import comparable_day

    period = data.scope.period
    compared = [p for p in (period, data.previous) if p is not None]
    days = {}
    for p in compared:
        as_of = comparable_day(period=p, chosen=period, as_of=data.as_of)
        days[p.pk] = (as_of, as_of + dt.timedelta(days=DUE_SOON_DAYS))
    values, params = _judged_values(days)
    with connection.cursor() as cursor:
        cursor.execute(TASKS_SQL.format(judged=values), params)
        tasks: dict = {}
        for pk, _plan, _section, agency, status, colour, n in cursor.fetchall():
            for key in ((pk, colour), (pk, "status", status), (pk, "agency", agency, colour)):
                tasks[key] = tasks.get(key, 0) + n
        days = {
            p.pk: (comparable_day(period=p, chosen=period, as_of=data.as_of), None)
            for p in data.history
        }
        values, params = _judged_values(days)
        sql = REPORTS_SQL.format(judged=values, sent_on=SENT_ON[connection.vendor])
        cursor.execute(sql, params)
        reports = {(pk, colour): n for pk, colour, n in cursor.fetchall()}
        ids = [p.pk for p in data.history]
        cursor.execute(INDICATORS_SQL.format(periods=", ".join(["%s"] * len(ids))), ids)
        indicators = {(i, pk): v for i, pk, v in cursor.fetchall()}
    return tasks, reports, indicators


def _compare(data, hand: tuple[dict, dict, dict]) -> None:
    from dxtrack.consolidation.colours import COLOURS

    tasks, reports, indicators = hand
    period, previous = data.scope.period, data.previous
    print(f"  {'số liệu':<44} {'bảng điều khiển':>16} {'SQL viết tay':>13}")
    rows = []

    def add(label: str, ours: int, theirs: int) -> None:
        rows.append((label, ours, theirs))

    for colour in COLOURS:
        count = data.tasks_by_colour[colour]
        add(f"nhiệm vụ {colour}, {period.name}", count.value, tasks.get((period.pk, colour), 0))
        if previous is not None:
            theirs = tasks.get((previous.pk, colour), 0)
            add(f"nhiệm vụ {colour}, {previous.name}", count.previous, theirs)
    for status, count in data.tasks_by_status.items():
        theirs = tasks.get((period.pk, "status", status), 0)
        add(f"nhiệm vụ “{status}”, {period.name}", count.value, theirs)
    same = sum(
        line.by_colour[c] == tasks.get((period.pk, "agency", line.agency_id, c), 0)
        for line in data.agencies
        for c in COLOURS
    )
    add("đơn vị × màu trùng nhau", same, len(data.agencies) * len(COLOURS))
    for point in data.timeliness:
        for colour in COLOURS:
            theirs = reports.get((point.period.pk, colour), 0)
            add(f"báo cáo {colour}, {point.period.name}", point.by_colour[colour], theirs)
    values = [
        (value.value if value else None, indicators.get((line.indicator.pk, then.pk)))
        for line in data.indicators
        for then, value, _ in line.history
    ]
    same = sum(
        (ours is None and theirs is None)
        or (ours is not None and theirs is not None and abs(ours - theirs) < 1e-6)
        for ours, theirs in values
    )
    add("giá trị chỉ tiêu × kỳ trùng nhau", same, len(values))
    for label, ours, theirs in rows:
        mark = "" if ours == theirs else "  ≠ KHÁC"
        print(f"  {label:<44} {ours:>16} {theirs:>13}{mark}")
    assert all(ours == theirs for _, ours, theirs in rows), "the numbers differ"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per page and period")
    parser.add_argument("--data-dir", help="keep the SQLite database here and reuse it")
    parser.add_argument("--data-only", action="store_true", help="skip the HTTP part")
    args = parser.parse_args()

    data_dir = args.data_dir or tempfile.mkdtemp(prefix="dxtrack-bench-")
    os.environ["DXTRACK_DATA_DIR"] = data_dir
    # Production settings: no debug bookkeeping of queries and templates.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from dxtrack.accounts.models import Profile, Role
    from dxtrack.agencies.models import Agency
    from dxtrack.dashboard.selectors import dashboard_data, dashboard_scope
    from dxtrack.reporting.models import AgencyReport, ReportingPeriod, TaskUpdate

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    start = time.perf_counter()
    if not ReportingPeriod.objects.exists():
        _province()
    if connection.vendor == "postgresql":
        # A database in use has its planner statistics (autovacuum keeps them); one just
        # loaded has none until autovacuum comes by, and the figures would depend on when.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    periods = list(ReportingPeriod.objects.order_by("kind", "ends_on"))
    with_work = AgencyReport.objects.filter(period=periods[0]).count()
    print(
        f"Tỉnh mẫu ({connection.vendor}): {Agency.objects.count()} cơ quan, đơn vị ({with_work} "
        f"có việc phải báo cáo); {sum(p.kind == 'yearly' for p in periods)} kỳ năm, "
        f"{sum(p.kind == 'quarterly' for p in periods)} kỳ quý; {AgencyReport.objects.count()} "
        f"báo cáo, {TaskUpdate.objects.count()} dòng nhiệm vụ (chuẩn bị "
        f"{time.perf_counter() - start:.1f} s); đánh giá đến ngày {AS_OF:%d/%m/%Y}"
    )
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import F

    users = get_user_model().objects
    leader, _ = users.get_or_create(username="lanhdao.bench")
    Profile.objects.get_or_create(user=leader, defaults={"role": Role.LEADER})
    # The reporter of the agency with the most lead tasks in the latest yearly period.
    latest = {
        kind: max((p for p in periods if p.kind == kind), key=lambda p: p.ends_on)
        for kind in ("yearly", "quarterly")
    }
    busiest = (
        TaskUpdate.objects.filter(report__period=latest["yearly"], role="lead")
        .values("report__agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["report__agency_id"]
    )
    reporter, _ = users.get_or_create(username="baocao.bench")
    Profile.objects.get_or_create(
        user=reporter, defaults={"role": Role.REPORTER, "agency_id": busiest}
    )

    for period in latest.values():
        scope = dashboard_scope(user=leader, period_id=period.pk)
        data = dashboard_data(scope=scope, as_of=AS_OF)
        rows = sum(n.value for n in data.tasks_by_colour.values())
        print(
            f"\n{period.name} ({len(data.history)} kỳ trong lịch sử, {rows} lượt nhiệm vụ "
            f"chủ trì, {len(data.indicators)} chỉ tiêu, {len(data.agencies)} đơn vị):"
        )
        _compare(data, _hand_sql(data))
        ours, hand = _best(
            [
                lambda s=scope: dashboard_data(scope=s, as_of=AS_OF),
                lambda d=data: _hand_sql(d),
            ]
        )
        print(
            f"  thời gian: dashboard_data {ours * 1000:.1f} ms, SQL viết tay {hand * 1000:.1f} ms "
            f"({ours / hand:.2f}×; mục tiêu ≤ 2×)"
        )

    if args.data_only:
        return 0
    # Signed-in sessions the server reads from the same database (same SECRET_KEY).
    cookies = {}
    for user in (leader, reporter):
        client = Client()
        client.force_login(user)
        cookies[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    connection.close()

    print(
        f"\nQua HTTP: dxtrack serve (gunicorn, 2 tiến trình) trên 127.0.0.1, {RATE} yêu cầu/s, "
        f"{args.requests} yêu cầu mỗi trang; tải máy trước khi đo: {load_average()}"
    )
    with served(server_env()) as port:
        for period in latest.values():
            print(f"\n{period.name}:")
            q = f"?period={period.pk}"
            pages = [
                ("lãnh đạo", leader, "trang /bang-dieu-khien/", f"/bang-dieu-khien/{q}"),
                ("lãnh đạo", leader, "API /api/v1/dashboard", f"/api/v1/dashboard{q}"),
                ("lãnh đạo", leader, "chỉ tiêu đỏ", f"/bang-dieu-khien/chi-tieu/{q}&colour=red"),
                ("lãnh đạo", leader, "đơn vị quá hạn", f"/bang-dieu-khien/don-vi/{q}&colour=red"),
                ("cán bộ báo cáo", reporter, "trang /bang-dieu-khien/", f"/bang-dieu-khien/{q}"),
            ]  # fmt: skip
            for who, user, label, url in pages:
                headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[user.username]}"}
                # Every worker loads the application and fills its own cache first: requests
                # sent together, so that each worker takes some (one after another, the
                # first worker free would take them all).
                paced(port, url, count=8, rate=200, headers=headers)
                status, body = get(port, url, headers)
                assert status == 200, (url, status)
                times = paced(port, url, count=args.requests, rate=RATE, headers=headers)
                print(
                    f"  {who:<15} {label:<26} {len(body) / 1024:6.1f} kB  {figures(times)}"
                    f" (mục tiêu p95 ≤ 40 ms); trong máy chủ "
                    f"{figures(inside(url, args.requests))}"
                )
            headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[leader.username]}"}
            # The task list is not cached (each row judged with its extensions, 100 a
            # page): one request at a time, so that its figure is its own, not a queue.
            url = f"/bang-dieu-khien/nhiem-vu/{q}&colour=red"
            alone = []
            for _ in range(5):
                begin = time.perf_counter()
                status, body = get(port, url, headers)
                alone.append(time.perf_counter() - begin)
                assert status == 200, (url, status)
            print(
                f"  {'lãnh đạo':<15} {'nhiệm vụ đỏ, trang 1':<26} {len(body) / 1024:6.1f} kB  "
                f"{figures(alone)} (từng yêu cầu một, không có bộ nhớ đệm)"
            )
            report = AgencyReport.objects.filter(period=period).first()
            for label, url in pages[0][2:], pages[1][2:]:
                cold = []
                for _ in range(5):
                    # A report saved: its version moves on, so does the fingerprint.
                    AgencyReport.objects.filter(pk=report.pk).update(
                        version=F("version") + 1, updated_at=timezone.now()
                    )
                    begin = time.perf_counter()
                    status, _ = get(port, url, headers)
                    cold.append(time.perf_counter() - begin)
                    assert status == 200, (url, status)
                print(
                    f"  {'lãnh đạo':<15} {label:<26} ngay sau khi một báo cáo được lưu "
                    f"(tính lại): {figures(cold)}"
                )
                time.sleep(0.5)
    print(f"\nTải máy sau khi đo: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
