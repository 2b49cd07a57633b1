"""`dxtrack demo`, `serve` and `manage`: running the web system."""

import argparse
import os
import secrets
import sys
from pathlib import Path

from dxtrack.cli.common import collect_static, migrate

# Threads per gunicorn worker: one. The report calls are CPU-bound; on 2 cores, threads in
# a worker only take turns at the GIL and crowd SQLite's write lock (0143).
SERVE_THREADS = 1

# (user name, role, agency, full name) of the demo accounts; reporters of three agencies
# so that the access rules can be tried from several sides.
DEMO_ACCOUNTS = [
    ("admin", "admin", None, "Quản trị hệ thống"),
    ("sokhcn", "coordinator", None, "Nguyễn Thị Lan"),
    ("lanhdao", "leader", None, "Trần Văn Minh"),
    ("baocao.skhcn", "reporter", "Sở Khoa học và Công nghệ", "Lê Thị Hoa"),
    ("baocao.taichinh", "reporter", "Sở Tài chính", "Phạm Văn Nam"),
    ("baocao.yte", "reporter", "Sở Y tế", "Võ Thị Thu"),
]


def _demo_accounts() -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from dxtrack.accounts.models import Role
    from dxtrack.accounts.services import user_add
    from dxtrack.agencies.selectors import agency_find

    accounts_file = Path(settings.DATA_DIR) / "demo-accounts.txt"
    if get_user_model().objects.filter(username="admin").exists():
        print(f"Tài khoản demo đã có; xem lại trong {accounts_file}.")
        return
    lines = []
    for username, role, agency_name, full_name in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(9)
        agency = agency_find(name=agency_name) if agency_name else None
        user_add(
            username=username, role=role, password=password, agency=agency, full_name=full_name
        )
        where = f", {agency}" if agency else ""
        lines.append(f"{username} / {password}  ({Role(role).label}{where})")
    accounts_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    accounts_file.chmod(0o600)
    print("Tài khoản demo (chỉ in một lần, lưu tại " + str(accounts_file) + "):")
    for line in lines:
        print("  " + line)


def _demo_period() -> None:
    """An open yearly period over the bundled plans, so the reporting loop can be tried.
    Its name says it is sample data; nothing in it is filled in."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dxtrack.plans.models import Plan
    from dxtrack.reporting.models import ReportingPeriod
    from dxtrack.reporting.period_rules import default_due_dates, period_bounds
    from dxtrack.reporting.period_services import period_create, period_open

    coordinator = get_user_model().objects.get(username="sokhcn")
    year = timezone.localdate().year
    name = f"Báo cáo năm {year} (dữ liệu mẫu để chạy thử)"
    if ReportingPeriod.objects.filter(name=name).exists():
        return
    starts_on, ends_on = period_bounds(kind="yearly", year=year)
    due_on, consolidated_due_on = default_due_dates(kind="yearly", ends_on=ends_on)
    period = period_create(
        actor=coordinator,
        name=name,
        kind="yearly",
        starts_on=starts_on,
        ends_on=ends_on,
        due_on=due_on,
        consolidated_due_on=consolidated_due_on,
        plan_ids=list(Plan.objects.values_list("pk", flat=True)),
    )
    result = period_open(period=period, actor=coordinator)
    print(f"Kỳ báo cáo mẫu “{period}”: {result.reports_created} đơn vị phải báo cáo.")


def _demo_history() -> None:
    """Past periods filled in, approved and published, so that the dashboard and the public
    portal show something at once (all marked "dữ liệu mẫu")."""
    from django.contrib.auth import get_user_model

    from dxtrack.portal.demo import demo_history

    coordinator = get_user_model().objects.get(username="sokhcn")
    print(demo_history(coordinator=coordinator).summary())


def cmd_demo(args: argparse.Namespace) -> int:
    from django.core.management import call_command

    from dxtrack.agencies.services import directory_install
    from dxtrack.ingest.services import bundled_plans_import

    migrate()
    collect_static()
    directory_install()
    for result in bundled_plans_import():
        print(
            f"{result.plan}: {result.indicators} chỉ tiêu, {result.tasks} nhiệm vụ, "
            f"{result.projects} dự án ({result.status})."
        )
    _demo_accounts()
    _demo_history()
    _demo_period()
    if args.no_serve:
        return 0
    print(f"Mở http://{args.host}:{args.port}/ (Ctrl+C để dừng).")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0


def serve_sizing(*, workers: int | None = None, threads: int | None = None) -> tuple[int, int]:
    """gunicorn's workers and threads per worker: those given, else one worker per core plus
    one (a worker waiting on the database leaves the cores busy), SERVE_THREADS threads each
    (docs/decisions/0143-serve-workers-threads.md)."""
    cores = os.cpu_count() or 1
    return (workers or cores + 1, threads or SERVE_THREADS)


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.wsgiapp import run

    workers, threads = serve_sizing(workers=args.workers, threads=args.threads)

    migrate()
    collect_static()
    # gunicorn forks its workers from this process: a database connection left open here
    # would be shared by all of them and their queries would garble each other's.
    from django.db import connections

    connections.close_all()
    sys.argv = [
        "gunicorn",
        "dxtrack.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
    ]
    run()
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dxtrack manage", *args.rest])
    return 0


def parser_add(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="Chạy thử: nạp các kế hoạch của tỉnh và mở hệ thống web.")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", default="8000")
    demo.add_argument("--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu.")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="Chạy máy chủ web (gunicorn).")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", default="8000")
    serve.add_argument(
        "--workers", type=int, default=None, help="số tiến trình (mặc định: số lõi CPU + 1)"
    )
    serve.add_argument(
        "--threads",
        type=int,
        default=None,
        help=f"số luồng mỗi tiến trình (mặc định: {SERVE_THREADS})",
    )
    serve.set_defaults(func=cmd_serve)

    manage = sub.add_parser("manage", help="Lệnh quản trị Django.")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
