"""`dxtrack import` and `import-report`: plan documents and results tables in."""

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dxtrack.cli.common import command_actor, ensure_directory, err, migrate, vn_day


def cmd_import(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from dxtrack.ingest.readers import UnreadableDocument
    from dxtrack.ingest.services import plan_file_read
    from dxtrack.plans.services import PlanAlreadyImported, plan_import

    path = Path(args.file)
    if not args.dry_run:
        migrate()
        ensure_directory()
    try:
        plan_file = plan_file_read(path=path, progress=_progress_printer(path.name))
    except UnreadableDocument as error:
        err(f"Lỗi: {error}")
        return 2
    except KeyboardInterrupt:
        # The reading comes before any write: stopping it leaves nothing behind.
        err(f"Đã hủy việc đọc “{path.name}”; không có gì được ghi.")
        return 130
    draft = plan_file.draft
    err(
        f"Đọc “{path.name}”: {len(draft.indicators)} chỉ tiêu, {len(draft.tasks)} nhiệm vụ, "
        f"{len(draft.projects)} dự án, {len(draft.warnings)} cảnh báo"
        + (f"; {len(draft.duties)} trách nhiệm ở mục Tổ chức thực hiện." if draft.duties else ".")
    )
    for warning in draft.warnings if not args.json else []:
        err(f"  - {warning.where}: {warning.message}")
    if args.json:
        json.dump(draft.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if args.dry_run:
        return 0
    actor = command_actor(args.user)
    if actor is None:
        return 2
    try:
        result = plan_import(draft=draft, sha256=plan_file.sha256, actor=actor, update=args.update)
    except PlanAlreadyImported as error:
        err(f"Lỗi: {error}")
        return 3
    except PermissionDenied:
        err(f"Lỗi: tài khoản “{args.user}” không được nhập kế hoạch.")
        return 2
    verb = {"created": "Đã tạo", "updated": "Đã cập nhật", "unchanged": "Không thay đổi"}
    err(f"{verb[result.status]} kế hoạch “{result.plan}” (mã {result.plan.pk}).")
    return 0


def _progress_printer(name: str) -> Callable[[int, int], None]:
    """Progress of a scan's OCR on standard error: one line per page, or a line redrawn in
    place on a terminal."""
    started = time.monotonic()
    in_place = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        width = 30
        filled = round(width * done / total) if total else width
        bar = "█" * filled + "·" * (width - filled)
        seconds = time.monotonic() - started
        line = f"Nhận dạng chữ (OCR) “{name}”: [{bar}] trang {done}/{total} ({seconds:.0f} giây)"
        if in_place:
            sys.stderr.write("\r" + line + ("\n" if done == total else ""))
            sys.stderr.flush()
        else:
            err(line)

    return progress


def cmd_import_report(args: argparse.Namespace) -> int:
    from dxtrack.cli import result_plans
    from dxtrack.ingest.readers import UnreadableDocument
    from dxtrack.ingest.report_services import report_file_read

    if args.confirm or args.refuse:
        return result_plans.cmd_proposal_decide(args)
    if not args.file:
        err("Lỗi: cần tệp bảng kết quả (hoặc --confirm / --refuse MÃ_ĐỀ_NGHỊ).")
        return 2
    path = Path(args.file)
    if not args.dry_run and not (args.period and args.agency and args.user):
        err("Lỗi: cần --period, --agency và --user để ghi kết quả (hoặc dùng --dry-run).")
        return 2
    try:
        draft = report_file_read(path=path)
    except UnreadableDocument as error:
        err(f"Lỗi: {error}")
        return 2
    matched = sum(1 for row in draft.rows if row.match is not None)
    err(
        f"Đọc “{path.name}”: {len(draft.rows)} dòng, {matched} dòng khớp với nhiệm vụ trong "
        f"danh mục, {len(draft.warnings)} cảnh báo."
    )
    for warning in draft.warnings if not args.json else []:
        err(f"  - {warning.where}: {warning.message}")
    if args.json:
        json.dump(draft.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if args.create_missing:
        result_plans.proposal_print(draft, args)
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
        err(f"Lỗi: {error}")
        return 2
    except AgencyReport.DoesNotExist:
        err(f"Lỗi: kỳ báo cáo {args.period} không có báo cáo của “{args.agency}”.")
        return 2
    except get_user_model().DoesNotExist:
        err(f"Lỗi: không có tài khoản “{args.user}” (--user).")
        return 2
    try:
        if args.create_missing:
            from dxtrack.cli.result_plans import rows_record_and_propose

            result = rows_record_and_propose(draft, report=report, actor=actor, args=args)
        else:
            result = report_rows_record(
                draft=draft, report=report, actor=actor, accept_unsure=args.accept_unsure
            )
    except ReportInvalid as error:
        err(f"Lỗi: {error}")
        for field_error in error.errors:
            err(f"  - {field_error.where}: {field_error.message}")
        return 2
    except PermissionDenied:
        err(f"Lỗi: tài khoản “{args.user}” không được ghi báo cáo của “{agency}”.")
        return 2
    except ReportingError as error:
        err(f"Lỗi: {error}")
        return 2
    print(f"Đã ghi {len(result.recorded)} dòng vào báo cáo của “{agency}”.")
    for row, reason in result.skipped:
        print(f"  Bỏ qua {row.where}: {reason}.")
    return 0


def parser_add(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="Nhập một văn bản kế hoạch.")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="Chỉ đọc, không ghi gì.")
    imp.add_argument("--json", action="store_true", help="In kế hoạch dạng JSON.")
    imp.add_argument("--update", action="store_true", help="Cập nhật kế hoạch đã có.")
    imp.add_argument(
        "--user", help="Tài khoản nhập kế hoạch (mặc định: hệ thống, người chạy lệnh)."
    )
    imp.set_defaults(func=cmd_import)

    imp_report = sub.add_parser(
        "import-report", help="Đọc bảng kết quả thực hiện nhiệm vụ (như phụ lục 004)."
    )
    imp_report.add_argument("file", nargs="?")
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
    imp_report.add_argument(
        "--create-missing",
        action="store_true",
        help="Đề nghị tạo kế hoạch và nhiệm vụ còn thiếu trong danh mục từ chính bảng "
        "(cơ quan thường trực xác nhận); với --dry-run chỉ in những gì sẽ tạo.",
    )
    imp_report.add_argument("--plan-number", help="Số, ký hiệu văn bản giao nhiệm vụ.")
    imp_report.add_argument("--plan-title", help="Tên văn bản giao nhiệm vụ.")
    imp_report.add_argument("--plan-date", type=vn_day, help="Ngày ban hành (dd/mm/yyyy).")
    imp_report.add_argument("--plan-issuer", help="Cơ quan ban hành.")
    imp_report.add_argument(
        "--confirm", type=int, metavar="MÃ", help="Xác nhận đề nghị tạo kế hoạch (mã đề nghị)."
    )
    imp_report.add_argument(
        "--refuse", type=int, metavar="MÃ", help="Không tạo kế hoạch theo đề nghị này."
    )
    imp_report.add_argument("--comment", default="", help="Ý kiến kèm quyết định.")
    imp_report.set_defaults(func=cmd_import_report)
