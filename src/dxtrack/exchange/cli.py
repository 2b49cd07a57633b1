"""The command line of the exchange: `dxtrack exchange export|push|nq57|client` and the
signing options of `dxtrack document`. Imported before Django is set up: Django-dependent
imports stay inside the functions."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _err(message: str) -> None:
    print(message, file=sys.stderr)


# ----------------------------------------------------------------------- signing documents


def sign_arguments_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sign",
        metavar="KHÓA",
        help="Ký số PDF: p12:TỆP.p12 (hoặc đường dẫn tệp .p12), hoặc "
        "pkcs11:token=…;object=…?module-path=… (USB token, HSM).",
    )
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument(
        "--sign-password-stdin",
        action="store_true",
        help="Đọc mật khẩu (mã PIN) từ dòng đầu của stdin; mặc định: DXTRACK_SIGN_PASSWORD.",
    )
    secret.add_argument(
        "--sign-password-file", metavar="TỆP", help="Đọc mật khẩu (mã PIN) từ dòng đầu của tệp."
    )


def _password(args: argparse.Namespace) -> str | None:
    if args.sign_password_file:
        try:
            text = Path(args.sign_password_file).read_text(encoding="utf-8")
        except OSError:
            raise OSError(f"không đọc được tệp mật khẩu “{args.sign_password_file}”") from None
        return text.splitlines()[0] if text else ""
    if args.sign_password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return os.environ.get("DXTRACK_SIGN_PASSWORD") or None


def document_sign(args: argparse.Namespace, options: dict):
    """The document of `options` as a signed PDF, or None after printing why not."""
    from dxtrack.exchange.signed_documents import signed_document_produce
    from dxtrack.exchange.signing import KeySource, SigningError

    try:
        source = KeySource.parse(args.sign)
        password = _password(args)
        return signed_document_produce(
            **options, as_of=args.date, reply_by=args.reply_by, source=source, password=password
        )
    except SigningError as error:
        _err(f"Lỗi ký số: {error}")
    except OSError as error:
        _err(f"Lỗi ký số: {error}")
    return None


# ----------------------------------------------------------------------- dxtrack exchange


def exchange_parser_add(sub) -> None:
    exchange = sub.add_parser(
        "exchange", help="Trao đổi dữ liệu với Hệ thống thông tin báo cáo (QCVN 125:2021/BTTTT)."
    )
    actions = exchange.add_subparsers(dest="exchange_command", required=True)

    export = actions.add_parser("export", help="Ghi các gói tin của một kỳ ra thư mục (JSON).")
    export.add_argument("--period", type=int, required=True, help="Mã kỳ báo cáo.")
    export.add_argument("--out", required=True, help="Thư mục ghi các tệp JSON.")
    export.set_defaults(func=cmd_exchange_export)

    push = actions.add_parser(
        "push", help="Gửi các gói tin chưa được bên nhận xác nhận (DXTRACK_EXCHANGE_URL)."
    )
    push.add_argument("--period", type=int, help="Chỉ một kỳ báo cáo.")
    push.add_argument(
        "--wait",
        type=float,
        default=60.0,
        help="Chờ gửi lại trong lần chạy này tối đa bấy nhiêu giây (mặc định 60); "
        "gói tin còn lại được gửi ở lần chạy sau.",
    )
    push.set_defaults(func=cmd_exchange_push)

    nq57 = actions.add_parser(
        "nq57", help="Xuất nhiệm vụ, chỉ tiêu của kỳ kèm tình trạng (NQ57): .xlsx hoặc .json."
    )
    nq57.add_argument("--period", type=int, required=True, help="Mã kỳ báo cáo.")
    nq57.add_argument("--out", required=True, help="Tệp ghi ra: đuôi .xlsx hoặc .json.")
    nq57.set_defaults(func=cmd_exchange_nq57)

    client = actions.add_parser(
        "client", help="Tạo tài khoản hệ thống (LGSP) chỉ được lấy gói tin qua API."
    )
    client.add_argument("username")
    client.add_argument("--name", required=True, help="Tên hệ thống, ví dụ “LGSP tỉnh Quảng Ngãi”.")
    client.add_argument(
        "--password-stdin", action="store_true", help="Đọc mật khẩu từ dòng đầu của stdin."
    )
    client.set_defaults(func=cmd_exchange_client)


def _migrate() -> None:
    # As every `dxtrack` command does first; written here because this app may not import the
    # command module above it.
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def _period(period_id: int):
    from dxtrack.reporting.models import ReportingPeriod

    period = ReportingPeriod.objects.filter(pk=period_id).first()
    if period is None:
        _err(f"Lỗi: không có kỳ báo cáo mã {period_id}.")
    return period


def cmd_exchange_export(args: argparse.Namespace) -> int:
    from dxtrack.exchange.export import ExchangeError, packets_export

    _migrate()
    period = _period(args.period)
    if period is None:
        return 2
    try:
        written = packets_export(period=period, folder=Path(args.out))
    except ExchangeError as error:
        _err(f"Lỗi: {error}")
        return 2
    except OSError as error:
        _err(f"Lỗi: không ghi được vào thư mục “{args.out}”: {error.strerror}.")
        return 2
    for path, count in written:
        print(f"Đã ghi “{path}” ({count} bản ghi).")
    return 0


def cmd_exchange_push(args: argparse.Namespace) -> int:
    from django.conf import settings

    from dxtrack.exchange.push import PushSettings, exchange_outbox_fill, exchange_push

    _migrate()
    if not settings.DXTRACK_EXCHANGE_URL:
        _err("Lỗi: chưa đặt DXTRACK_EXCHANGE_URL (địa chỉ nhận gói tin).")
        return 2
    period = None
    if args.period is not None:
        period = _period(args.period)
        if period is None:
            return 2
    queued = exchange_outbox_fill(period=period)
    run = exchange_push(settings=PushSettings.from_django(), period=period, wait_seconds=args.wait)
    print(f"Đưa vào hàng đợi {queued} gói tin mới. {run.summary()}")
    return 0 if run.pending == 0 else 1


def cmd_exchange_nq57(args: argparse.Namespace) -> int:
    from dxtrack.exchange.nq57 import nq57_export

    _migrate()
    period = _period(args.period)
    if period is None:
        return 2
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".json"):
        _err("Lỗi: --out phải có đuôi .xlsx hoặc .json.")
        return 2
    data, count = nq57_export(period=period, fmt=out.suffix.lower().lstrip("."))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"Đã ghi “{out}” ({count} dòng).")
    return 0


def cmd_exchange_client(args: argparse.Namespace) -> int:
    from dxtrack.exchange.clients import ClientError, exchange_client_add

    _migrate()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        password = getpass.getpass("Mật khẩu: ")
    try:
        user = exchange_client_add(username=args.username, name=args.name, password=password)
    except ClientError as error:
        _err(f"Lỗi: {error}")
        return 2
    print(f"Đã tạo tài khoản hệ thống “{user.username}” ({args.name}).")
    return 0
