"""The `dxtrack` command: demo, serve, import, communes, remind, document, forecast, digest,
backup, restore, cleanup-uploads, manage."""

import argparse
import json
import os
import secrets
import sys
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()


def _migrate() -> None:
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def _collect_static() -> None:
    from django.core.management import call_command

    # The web server serves static files from STATIC_ROOT (WhiteNoise).
    call_command("collectstatic", interactive=False, verbosity=0)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from dxtrack.ingest.readers import UnreadableDocument
    from dxtrack.ingest.services import plan_file_read
    from dxtrack.plans.services import PlanAlreadyImported, plan_import

    path = Path(args.file)
    if not args.dry_run:
        _migrate()
        _ensure_directory()
    try:
        plan_file = plan_file_read(path=path)
    except UnreadableDocument as error:
        _err(f"Lỗi: {error}")
        return 2
    draft = plan_file.draft
    _err(
        f"Đọc “{path.name}”: {len(draft.indicators)} chỉ tiêu, {len(draft.tasks)} nhiệm vụ, "
        f"{len(draft.projects)} dự án, {len(draft.warnings)} cảnh báo."
    )
    for warning in draft.warnings if not args.json else []:
        _err(f"  - {warning.where}: {warning.message}")
    if args.json:
        json.dump(draft.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if args.dry_run:
        return 0
    actor = _actor(args.user)
    if actor is None:
        return 2
    try:
        result = plan_import(draft=draft, sha256=plan_file.sha256, actor=actor, update=args.update)
    except PlanAlreadyImported as error:
        _err(f"Lỗi: {error}")
        return 3
    except PermissionDenied:
        _err(f"Lỗi: tài khoản “{args.user}” không được nhập kế hoạch.")
        return 2
    verb = {"created": "Đã tạo", "updated": "Đã cập nhật", "unchanged": "Không thay đổi"}
    _err(f"{verb[result.status]} kế hoạch “{result.plan}” (mã {result.plan.pk}).")
    return 0


def _ensure_directory() -> None:
    from dxtrack.agencies.models import Agency
    from dxtrack.agencies.services import directory_install

    if not Agency.objects.exists():
        directory_install()


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

    _migrate()
    _collect_static()
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


def cmd_serve(args: argparse.Namespace) -> int:
    from gunicorn.app.wsgiapp import run

    _migrate()
    _collect_static()
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
        str(args.workers),
        "--access-logfile",
        "-",
    ]
    run()
    return 0


def cmd_communes(args: argparse.Namespace) -> int:
    import csv

    from dxtrack.agencies.services import communes_load

    _migrate()
    _ensure_directory()
    path = Path(args.file)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = communes_load(rows=rows, province_code=args.province)
    print(f"Đã nạp danh sách xã, phường, đặc khu từ “{path.name}”: {result}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from dxtrack.accounts.services import AccountError, user_add
    from dxtrack.agencies.selectors import AgencyNotFound, agency_find

    _migrate()
    _ensure_directory()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass("Mật khẩu: ")
    try:
        agency = agency_find(name=args.agency) if args.agency else None
        user = user_add(
            username=args.username,
            role=args.role,
            password=password,
            agency=agency,
            email=args.email or "",
            full_name=args.name or "",
        )
    except (AccountError, AgencyNotFound) as error:
        _err(f"Lỗi: {error}")
        return 2
    where = f", đơn vị “{agency}”" if agency else ""
    print(f"Đã tạo tài khoản “{user.username}” ({user.profile.get_role_display()}{where}).")
    return 0


def _write_passwords(path: Path, created: list[tuple[str, str]]) -> None:
    import csv
    import os

    # Readable by its owner alone; refused if it exists, so no earlier passwords are lost.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "password"])
        writer.writerows(created)


def cmd_user_import(args: argparse.Namespace) -> int:
    from dxtrack.accounts.access import SYSTEM
    from dxtrack.accounts.imports import ImportRejected, users_import

    _migrate()
    _ensure_directory()
    path = Path(args.file)
    out = Path(args.passwords_out) if args.passwords_out else None
    if out is not None and out.exists():
        _err(f"Lỗi: tệp ghi mật khẩu “{out}” đã có; hãy chỉ ra một tệp mới.")
        return 2
    try:
        result = users_import(
            data=path.read_bytes(),
            actor=SYSTEM,
            passwords_keep=(lambda created: _write_passwords(out, created)) if out else None,
        )
    except ImportRejected as error:
        _err(f"Không nhập tệp “{path.name}”; không có thay đổi nào. Cần sửa:")
        for line in error.errors:
            _err(f"  - {line}")
        return 2
    print(result.summary())
    if result.created:
        print(f"Mật khẩu của {len(result.created)} tài khoản mới đã ghi vào “{out}” (chỉ một lần).")
    return 0


def cmd_agency_contacts(args: argparse.Namespace) -> int:
    from dxtrack.accounts.access import SYSTEM
    from dxtrack.accounts.csv_table import ImportRejected
    from dxtrack.agencies.contacts import contacts_import

    _migrate()
    _ensure_directory()
    path = Path(args.file)
    try:
        result = contacts_import(data=path.read_bytes(), actor=SYSTEM)
    except ImportRejected as error:
        _err(f"Không nhập tệp “{path.name}”; không có thay đổi nào. Cần sửa:")
        for line in error.errors:
            _err(f"  - {line}")
        return 2
    print(result.summary())
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from dxtrack.reporting.reminders import reminders_send
    from dxtrack.web.links import report_url

    _migrate()
    today = args.today or timezone.localdate()
    run = reminders_send(
        today=today,
        before=args.before,
        after=args.after,
        dry_run=args.dry_run,
        link_of=report_url,
    )
    print(run.summary())
    return 1 if run.failed else 0


def cmd_forecast(args: argparse.Namespace) -> int:
    from dxtrack.forecasting.services import forecasts_refresh, warnings_refresh
    from dxtrack.reporting.models import ReportingPeriod

    _migrate()
    if args.period is not None:
        periods = list(ReportingPeriod.objects.filter(pk=args.period))
        if not periods:
            _err(f"Lỗi: không có kỳ báo cáo mã {args.period}.")
            return 2
    else:
        periods = list(
            ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by("ends_on")
        )
    done = forecasts_refresh(period=periods[0] if args.period is not None else None)
    methods = ", ".join(f"{m}: {n}" for m, n in sorted(done.methods.items())) or "không"
    print(
        f"Dự báo {done.indicators} chỉ tiêu: {done.forecast} chỉ tiêu có dự báo ({methods}); "
        f"{done.indicators - done.forecast} chưa đủ số liệu hoặc không còn mốc."
    )
    for period in periods:
        print(warnings_refresh(period=period, as_of=args.today).summary())
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    from dxtrack.forecasting.digest import digest_send

    _migrate()
    run = digest_send(dry_run=args.dry_run)
    print(run.summary())
    return 1 if run.failed else 0


def cmd_cleanup_uploads(args: argparse.Namespace) -> int:
    import datetime as dt

    from django.utils import timezone

    from dxtrack.ingest.cleanup import uploads_cleanup

    _migrate()
    result = uploads_cleanup(older_than=dt.timedelta(hours=args.older_than), dry_run=args.dry_run)
    for item in result.found:
        since = timezone.localtime(item.since).strftime("%d/%m/%Y %H:%M")
        name = f" “{item.name}”" if item.name else ""
        print(f"  {item.path}{name}: {item.label}, từ {since}")
    print(result.summary())
    return 0


def _hours(text: str) -> float:
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        hours = -1
    if hours <= 0:
        raise argparse.ArgumentTypeError(f"“{text}” không phải số giờ lớn hơn 0, ví dụ 48.")
    return hours


def cmd_import_report(args: argparse.Namespace) -> int:
    from dxtrack.ingest.readers import UnreadableDocument
    from dxtrack.ingest.report_services import report_file_read

    path = Path(args.file)
    if not args.dry_run and not (args.period and args.agency and args.user):
        _err("Lỗi: cần --period, --agency và --user để ghi kết quả (hoặc dùng --dry-run).")
        return 2
    try:
        draft = report_file_read(path=path)
    except UnreadableDocument as error:
        _err(f"Lỗi: {error}")
        return 2
    matched = sum(1 for row in draft.rows if row.match is not None)
    _err(
        f"Đọc “{path.name}”: {len(draft.rows)} dòng, {matched} dòng khớp với nhiệm vụ trong "
        f"danh mục, {len(draft.warnings)} cảnh báo."
    )
    for warning in draft.warnings if not args.json else []:
        _err(f"  - {warning.where}: {warning.message}")
    if args.json:
        json.dump(draft.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if args.dry_run:
        return 0
    return _report_record(draft, args)


def _report_record(draft, args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from dxtrack.agencies.selectors import AgencyNotFound, agency_find
    from dxtrack.reporting.errors import ReportingError, ReportInvalid
    from dxtrack.reporting.models import AgencyReport
    from dxtrack.reporting.result_services import report_rows_record

    try:
        agency = agency_find(name=args.agency)
        report = AgencyReport.objects.get(period_id=args.period, agency=agency)
        actor = get_user_model().objects.get(username=args.user)
    except AgencyNotFound as error:
        _err(f"Lỗi: {error}")
        return 2
    except AgencyReport.DoesNotExist:
        _err(f"Lỗi: kỳ báo cáo {args.period} không có báo cáo của “{args.agency}”.")
        return 2
    except get_user_model().DoesNotExist:
        _err(f"Lỗi: không có tài khoản “{args.user}” (--user).")
        return 2
    try:
        result = report_rows_record(
            draft=draft, report=report, actor=actor, accept_unsure=args.accept_unsure
        )
    except ReportInvalid as error:
        _err(f"Lỗi: {error}")
        for field_error in error.errors:
            _err(f"  - {field_error.where}: {field_error.message}")
        return 2
    except PermissionDenied:
        _err(f"Lỗi: tài khoản “{args.user}” không được ghi báo cáo của “{agency}”.")
        return 2
    except ReportingError as error:
        _err(f"Lỗi: {error}")
        return 2
    print(f"Đã ghi {len(result.recorded)} dòng vào báo cáo của “{agency}”.")
    for row, reason in result.skipped:
        print(f"  Bỏ qua {row.where}: {reason}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    import time

    from dxtrack.operations.backup import BackupError, backup_create

    started = time.perf_counter()
    try:
        result = backup_create(path=Path(args.file))
    except BackupError as error:
        _err(f"Lỗi: {error}")
        return 2
    size = f"{result.size:,}".replace(",", ".")
    print(
        f"Đã sao lưu cơ sở dữ liệu ({result.engine}) và {result.files} tệp tải lên vào "
        f"“{result.path}” ({size} byte, {time.perf_counter() - started:.1f} giây)."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    import time

    from django.conf import settings

    from dxtrack.operations.backup import BackupError, backup_restore

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        result = backup_restore(path=Path(args.file))
    except BackupError as error:
        _err(f"Lỗi: {error}")
        return 2
    print(
        f"Đã khôi phục cơ sở dữ liệu ({result.engine}) và {result.files} tệp tải lên từ bản "
        f"sao lưu lúc {result.created_at} ({time.perf_counter() - started:.1f} giây)."
    )
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dxtrack manage", *args.rest])
    return 0


def _day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải ngày dạng YYYY-MM-DD.") from None


def _days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        days = ()
    if not days or min(days) < 0:
        raise argparse.ArgumentTypeError(f"“{text}” không phải danh sách số ngày, ví dụ 7,3,1.")
    return days


def _vn_day(text: str):
    import datetime as dt

    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” không phải ngày dạng dd/mm/yyyy (ví dụ 07/12/2026)."
        ) from None


def _actor(username: str | None):
    """Who acts for a command: the account named by --user, else the system itself (the
    operator at the server's shell may change anything already). None, with the error
    printed, when no account has that name."""
    from django.contrib.auth import get_user_model

    from dxtrack.accounts.access import SYSTEM

    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        _err(f"Lỗi: không có tài khoản “{username}” (--user).")
    return user


def cmd_document(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from dxtrack.agencies.models import Agency
    from dxtrack.documents.services import DocumentError, document_produce
    from dxtrack.plans.models import Plan
    from dxtrack.reporting.models import ReportingPeriod

    _migrate()
    out = Path(args.out)
    fmt = {".xlsx": "xlsx", ".pdf": "pdf"}.get(out.suffix.lower(), "docx")
    period = ReportingPeriod.objects.filter(pk=args.period).first()
    if period is None:
        _err(f"Lỗi: không có kỳ báo cáo mã {args.period}.")
        return 2
    plan = agency = None
    if args.plan is not None:
        plan = Plan.objects.filter(pk=args.plan).first()
        if plan is None:
            _err(f"Lỗi: không có kế hoạch mã {args.plan}.")
            return 2
    if args.agency is not None:
        agency = Agency.objects.filter(pk=args.agency).first()
        if agency is None:
            _err(f"Lỗi: không có cơ quan, đơn vị mã {args.agency}.")
            return 2
        if not period.reports.filter(agency=agency).exists():
            _err(f"Lỗi: “{agency}” không có báo cáo trong kỳ “{period}”.")
            return 2
    actor = _actor(args.user)
    if actor is None:
        return 2
    options = {"actor": actor, "kind": args.kind, "period": period, "plan": plan, "agency": agency}
    if args.sign and fmt != "pdf":
        _err("Lỗi: chỉ ký số được văn bản PDF (--out TỆP.pdf).")
        return 2
    try:
        if args.sign:
            from dxtrack.exchange.cli import document_sign

            produced = document_sign(args, options)
        elif fmt == "pdf":
            from dxtrack.documents.pdf import document_pdf_produce

            produced = document_pdf_produce(**options, as_of=args.date, reply_by=args.reply_by)
        else:
            produced = document_produce(**options, fmt=fmt, as_of=args.date, reply_by=args.reply_by)
    except DocumentError as error:
        _err(f"Lỗi: {error}")
        return 2
    except PermissionDenied:
        _err(f"Lỗi: tài khoản “{args.user}” không được xuất văn bản của kỳ báo cáo.")
        return 2
    if produced is None:  # the signing step said why
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(produced.data)
    print(f"Đã ghi “{out}” ({len(produced.data):,} byte).".replace(",", "."))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dxtrack", description="Theo dõi kế hoạch chuyển đổi số.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="Chạy thử: nạp các kế hoạch của tỉnh và mở hệ thống web.")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", default="8000")
    demo.add_argument("--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu.")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="Chạy máy chủ web (gunicorn).")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", default="8000")
    serve.add_argument("--workers", type=int, default=3)
    serve.set_defaults(func=cmd_serve)

    imp = sub.add_parser("import", help="Nhập một văn bản kế hoạch.")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không ghi gì.")
    imp.add_argument("--json", action="store_true", help="In kế hoạch dạng JSON.")
    imp.add_argument("--update", action="store_true", help="Cập nhật kế hoạch đã có.")
    imp.add_argument(
        "--user", help="Tài khoản nhập kế hoạch (mặc định: hệ thống, người chạy lệnh)."
    )
    imp.set_defaults(func=cmd_import)

    communes = sub.add_parser("communes", help="Nạp danh sách xã, phường, đặc khu (CSV).")
    communes.add_argument("file")
    communes.add_argument("--province", required=True, help="Mã tỉnh (GSO), ví dụ 51.")
    communes.set_defaults(func=cmd_communes)

    user = sub.add_parser("user", help="Tài khoản người dùng.")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    user_add = user_sub.add_parser("add", help="Tạo tài khoản với một vai trò.")
    user_add.add_argument("username")
    user_add.add_argument(
        "--role", required=True, choices=["admin", "coordinator", "reporter", "leader"]
    )
    user_add.add_argument("--agency", help="Đơn vị của cán bộ báo cáo (tên hoặc tên viết tắt).")
    user_add.add_argument("--email")
    user_add.add_argument("--name", help="Họ và tên.")
    user_add.add_argument(
        "--password-stdin", action="store_true", help="Đọc mật khẩu từ dòng đầu của stdin."
    )
    user_add.set_defaults(func=cmd_user_add)
    user_import = user_sub.add_parser(
        "import", help="Tạo hoặc cập nhật nhiều tài khoản từ tệp CSV (nhập lại không đổi gì)."
    )
    user_import.add_argument("file", help="CSV: username, role, agency, email, full_name.")
    user_import.add_argument(
        "--passwords-out", help="Tệp mới để ghi mật khẩu của các tài khoản mới (một lần)."
    )
    user_import.set_defaults(func=cmd_user_import)

    agencies = sub.add_parser("agencies", help="Danh bạ cơ quan, đơn vị.")
    agencies_sub = agencies.add_subparsers(dest="agencies_command", required=True)
    contacts = agencies_sub.add_parser(
        "contacts", help="Nạp e-mail, điện thoại liên hệ của các đơn vị (CSV), dùng để nhắc."
    )
    contacts.add_argument("file", help="CSV: agency, email, phone.")
    contacts.set_defaults(func=cmd_agency_contacts)

    remind = sub.add_parser(
        "remind", help="Gửi thư nhắc các đơn vị chưa gửi báo cáo (chạy hằng ngày bằng cron)."
    )
    remind.add_argument(
        "--today", type=_day, help="Coi hôm nay là ngày này (YYYY-MM-DD); mặc định: hôm nay."
    )
    remind.add_argument(
        "--before",
        type=_days,
        default=(7, 3, 1),
        help="Nhắc khi còn bấy nhiêu ngày đến hạn (mặc định 7,3,1).",
    )
    remind.add_argument(
        "--after",
        type=_days,
        default=(1, 3, 7),
        help="Nhắc khi đã trễ hạn bấy nhiêu ngày (mặc định 1,3,7).",
    )
    remind.add_argument(
        "--dry-run", action="store_true", help="Chỉ in danh sách sẽ nhắc; không gửi, không ghi."
    )
    remind.set_defaults(func=cmd_remind)

    document = sub.add_parser(
        "document", help="Xuất văn bản của kỳ báo cáo (Word .docx, Excel .xlsx hoặc PDF)."
    )
    document.add_argument(
        "kind",
        choices=["report", "appendix", "indicators", "chasing", "scorecard"],
        help="report: báo cáo tổng hợp; appendix: phụ lục kết quả nhiệm vụ; indicators: "
        "bảng chỉ tiêu; chasing: công văn đôn đốc; scorecard: xếp hạng đơn vị.",
    )
    document.add_argument("--period", type=int, required=True, help="Mã kỳ báo cáo.")
    document.add_argument("--plan", type=int, help="Chỉ một kế hoạch của kỳ (report, indicators).")
    document.add_argument("--agency", type=int, help="Chỉ một cơ quan, đơn vị (appendix).")
    document.add_argument(
        "--out",
        required=True,
        help="Tệp ghi ra; đuôi .xlsx cho bảng Excel, .pdf cho PDF, còn lại Word.",
    )
    document.add_argument(
        "--date", type=_vn_day, help="Ngày ghi trên văn bản (dd/mm/yyyy); mặc định: hôm nay."
    )
    document.add_argument(
        "--reply-by", type=_vn_day, help="Hạn trả lời công văn đôn đốc (dd/mm/yyyy)."
    )
    from dxtrack.exchange.cli import sign_arguments_add

    sign_arguments_add(document)
    document.add_argument(
        "--user", help="Tài khoản xuất văn bản (mặc định: hệ thống, người chạy lệnh)."
    )
    document.set_defaults(func=cmd_document)

    forecast = sub.add_parser(
        "forecast",
        help="Tính lại dự báo chỉ tiêu và cảnh báo sớm của các kỳ đang mở "
        "(chạy hằng ngày bằng cron).",
    )
    forecast.add_argument("--period", type=int, help="Chỉ một kỳ báo cáo (mã kỳ).")
    forecast.add_argument(
        "--today", type=_day, help="Coi hôm nay là ngày này (YYYY-MM-DD); mặc định: hôm nay."
    )
    forecast.set_defaults(func=cmd_forecast)

    digest = sub.add_parser(
        "digest",
        help="Gửi thư tổng hợp cảnh báo mới, chưa xử lý cho lãnh đạo, cơ quan thường trực và "
        "từng đơn vị (chạy hằng tuần bằng cron, sau `dxtrack forecast`).",
    )
    digest.add_argument(
        "--dry-run", action="store_true", help="Chỉ in danh sách sẽ gửi; không gửi, không ghi."
    )
    digest.set_defaults(func=cmd_digest)

    imp_report = sub.add_parser(
        "import-report", help="Đọc bảng kết quả thực hiện nhiệm vụ (như phụ lục 004)."
    )
    imp_report.add_argument("file")
    imp_report.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không ghi gì.")
    imp_report.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
    imp_report.add_argument("--period", type=int, help="Mã kỳ báo cáo để ghi kết quả.")
    imp_report.add_argument("--agency", help="Đơn vị báo cáo (tên hoặc tên viết tắt).")
    imp_report.add_argument("--user", help="Tài khoản ghi kết quả (cán bộ báo cáo của đơn vị).")
    imp_report.add_argument(
        "--accept-unsure",
        action="store_true",
        help="Ghi cả các dòng chưa chắc chắn nhiệm vụ tương ứng.",
    )
    imp_report.set_defaults(func=cmd_import_report)

    backup = sub.add_parser(
        "backup", help="Sao lưu cơ sở dữ liệu và các tệp tải lên vào một tệp (kể cả khi đang chạy)."
    )
    backup.add_argument("file")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore", help="Khôi phục từ tệp sao lưu (thay toàn bộ dữ liệu hiện có; nên dừng máy chủ)."
    )
    restore.add_argument("file")
    restore.set_defaults(func=cmd_restore)
    from dxtrack.exchange.cli import exchange_parser_add

    exchange_parser_add(sub)
    cleanup = sub.add_parser(
        "cleanup-uploads",
        help="Xóa tệp tải lên để nhập kế hoạch, bảng kết quả mà không được xác nhận "
        "(chạy hằng ngày bằng cron).",
    )
    cleanup.add_argument(
        "--older-than",
        type=_hours,
        default=48,
        metavar="HOURS",
        help="Chỉ xóa những gì đã bỏ lại quá bấy nhiêu giờ (mặc định 48).",
    )
    cleanup.add_argument(
        "--dry-run", action="store_true", help="Chỉ in danh sách sẽ xóa; không xóa gì."
    )
    cleanup.set_defaults(func=cmd_cleanup_uploads)

    manage = sub.add_parser("manage", help="Lệnh quản trị Django.")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_django()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
