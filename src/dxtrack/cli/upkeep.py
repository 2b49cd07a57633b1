"""`dxtrack backup`, `restore` and `cleanup-uploads`: keeping the installation."""

import argparse
from pathlib import Path

from dxtrack.cli.common import err, hours, migrate


def cmd_backup(args: argparse.Namespace) -> int:
    import time

    from dxtrack.operations.backup import BackupError, backup_create

    started = time.perf_counter()
    try:
        result = backup_create(path=Path(args.file))
    except BackupError as error:
        err(f"Lỗi: {error}")
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
        err(f"Lỗi: {error}")
        return 2
    print(
        f"Đã khôi phục cơ sở dữ liệu ({result.engine}) và {result.files} tệp tải lên từ bản "
        f"sao lưu lúc {result.created_at} ({time.perf_counter() - started:.1f} giây)."
    )
    return 0


def cmd_cleanup_uploads(args: argparse.Namespace) -> int:
    import datetime as dt

    from django.utils import timezone

    from dxtrack.ingest.cleanup import uploads_cleanup

    migrate()
    result = uploads_cleanup(older_than=dt.timedelta(hours=args.older_than), dry_run=args.dry_run)
    for item in result.found:
        since = timezone.localtime(item.since).strftime("%d/%m/%Y %H:%M")
        name = f" “{item.name}”" if item.name else ""
        print(f"  {item.path}{name}: {item.label}, từ {since}")
    print(result.summary())
    return 0


def parser_add(sub: argparse._SubParsersAction) -> None:
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

    cleanup = sub.add_parser(
        "cleanup-uploads",
        help="Xóa tệp tải lên để nhập kế hoạch, bảng kết quả mà không được xác nhận "
        "(chạy hằng ngày bằng cron).",
    )
    cleanup.add_argument(
        "--older-than",
        type=hours,
        default=48,
        metavar="HOURS",
        help="Chỉ xóa những gì đã bỏ lại quá bấy nhiêu giờ (mặc định 48).",
    )
    cleanup.add_argument(
        "--dry-run", action="store_true", help="Chỉ in danh sách sẽ xóa; không xóa gì."
    )
    cleanup.set_defaults(func=cmd_cleanup_uploads)
