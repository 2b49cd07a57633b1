"""`dxtrack user`, `agencies contacts` and `communes`: accounts and the agency directory."""

import argparse
import sys
from pathlib import Path

from dxtrack.cli.common import ensure_directory, err, migrate


def cmd_communes(args: argparse.Namespace) -> int:
    import csv

    from dxtrack.agencies.services import communes_load

    migrate()
    ensure_directory()
    path = Path(args.file)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result = communes_load(rows=rows, province_code=args.province)
    print(f"Đã nạp danh sách xã, phường, đặc khu từ “{path.name}”: {result}")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from dxtrack.accounts.services import AccountError, user_add
    from dxtrack.agencies.selectors import AgencyNotFound, agency_find

    migrate()
    ensure_directory()
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
        err(f"Lỗi: {error}")
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

    migrate()
    ensure_directory()
    path = Path(args.file)
    out = Path(args.passwords_out) if args.passwords_out else None
    if out is not None and out.exists():
        err(f"Lỗi: tệp ghi mật khẩu “{out}” đã có; hãy chỉ ra một tệp mới.")
        return 2
    try:
        result = users_import(
            data=path.read_bytes(),
            actor=SYSTEM,
            passwords_keep=(lambda created: _write_passwords(out, created)) if out else None,
        )
    except ImportRejected as error:
        err(f"Không nhập tệp “{path.name}”; không có thay đổi nào. Cần sửa:")
        for line in error.errors:
            err(f"  - {line}")
        return 2
    print(result.summary())
    if result.created:
        print(f"Mật khẩu của {len(result.created)} tài khoản mới đã ghi vào “{out}” (chỉ một lần).")
    return 0


def cmd_agency_contacts(args: argparse.Namespace) -> int:
    from dxtrack.accounts.access import SYSTEM
    from dxtrack.accounts.csv_table import ImportRejected
    from dxtrack.agencies.contacts import contacts_import

    migrate()
    ensure_directory()
    path = Path(args.file)
    try:
        result = contacts_import(data=path.read_bytes(), actor=SYSTEM)
    except ImportRejected as error:
        err(f"Không nhập tệp “{path.name}”; không có thay đổi nào. Cần sửa:")
        for line in error.errors:
            err(f"  - {line}")
        return 2
    print(result.summary())
    return 0


def parser_add(sub: argparse._SubParsersAction) -> None:
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
