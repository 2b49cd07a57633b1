"""`dxtrack remind`, `document`, `forecast` and `digest`: what runs on a period."""

import argparse
from pathlib import Path

from dxtrack.cli.common import command_actor, day, days, err, migrate, vn_day


def cmd_remind(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from dxtrack.reporting.reminders import reminders_send
    from dxtrack.web.links import report_url

    migrate()
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

    migrate()
    if args.period is not None:
        periods = list(ReportingPeriod.objects.filter(pk=args.period))
        if not periods:
            err(f"Lỗi: không có kỳ báo cáo mã {args.period}.")
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

    migrate()
    run = digest_send(dry_run=args.dry_run)
    print(run.summary())
    return 1 if run.failed else 0


def cmd_document(args: argparse.Namespace) -> int:
    from django.core.exceptions import PermissionDenied

    from dxtrack.agencies.models import Agency
    from dxtrack.documents.services import DocumentError, document_produce
    from dxtrack.plans.models import Plan
    from dxtrack.reporting.models import ReportingPeriod

    migrate()
    out = Path(args.out)
    fmt = {".xlsx": "xlsx", ".pdf": "pdf"}.get(out.suffix.lower(), "docx")
    period = ReportingPeriod.objects.filter(pk=args.period).first()
    if period is None:
        err(f"Lỗi: không có kỳ báo cáo mã {args.period}.")
        return 2
    plan = agency = None
    if args.plan is not None:
        plan = Plan.objects.filter(pk=args.plan).first()
        if plan is None:
            err(f"Lỗi: không có kế hoạch mã {args.plan}.")
            return 2
    if args.agency is not None:
        agency = Agency.objects.filter(pk=args.agency).first()
        if agency is None:
            err(f"Lỗi: không có cơ quan, đơn vị mã {args.agency}.")
            return 2
        if not period.reports.filter(agency=agency).exists():
            err(f"Lỗi: “{agency}” không có báo cáo trong kỳ “{period}”.")
            return 2
    actor = command_actor(args.user)
    if actor is None:
        return 2
    options = {"actor": actor, "kind": args.kind, "period": period, "plan": plan, "agency": agency}
    if args.sign and fmt != "pdf":
        err("Lỗi: chỉ ký số được văn bản PDF (--out TỆP.pdf).")
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
        err(f"Lỗi: {error}")
        return 2
    except PermissionDenied:
        err(f"Lỗi: tài khoản “{args.user}” không được xuất văn bản của kỳ báo cáo.")
        return 2
    if produced is None:  # the signing step said why
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(produced.data)
    print(f"Đã ghi “{out}” ({len(produced.data):,} byte).".replace(",", "."))
    return 0


def parser_add(sub: argparse._SubParsersAction) -> None:
    remind = sub.add_parser(
        "remind", help="Gửi thư nhắc các đơn vị chưa gửi báo cáo (chạy hằng ngày bằng cron)."
    )
    remind.add_argument(
        "--today", type=day, help="Coi hôm nay là ngày này (YYYY-MM-DD); mặc định: hôm nay."
    )
    remind.add_argument(
        "--before",
        type=days,
        default=(7, 3, 1),
        help="Nhắc khi còn bấy nhiêu ngày đến hạn (mặc định 7,3,1).",
    )
    remind.add_argument(
        "--after",
        type=days,
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
        "--date", type=vn_day, help="Ngày ghi trên văn bản (dd/mm/yyyy); mặc định: hôm nay."
    )
    document.add_argument(
        "--reply-by", type=vn_day, help="Hạn trả lời công văn đôn đốc (dd/mm/yyyy)."
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
        "--today", type=day, help="Coi hôm nay là ngày này (YYYY-MM-DD); mặc định: hôm nay."
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
