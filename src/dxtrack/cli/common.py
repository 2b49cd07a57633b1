"""What every command shares: Django set-up, migrations, messages, the acting account and
the argument types that speak Vietnamese."""

import argparse
import os
import sys
from pathlib import Path


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.conf import settings
    from django.core.management import call_command

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


def collect_static() -> None:
    from django.core.management import call_command

    # The web server serves static files from STATIC_ROOT (WhiteNoise).
    call_command("collectstatic", interactive=False, verbosity=0)


def err(message: str) -> None:
    print(message, file=sys.stderr)


def ensure_directory() -> None:
    from dxtrack.agencies.models import Agency
    from dxtrack.agencies.services import directory_install

    if not Agency.objects.exists():
        directory_install()


def command_actor(username: str | None):
    """Who acts for a command: the account named by --user, else the system itself (the
    operator at the server's shell may change anything already). None, with the error
    printed, when no account has that name."""
    from django.contrib.auth import get_user_model

    from dxtrack.accounts.access import SYSTEM

    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        err(f"Lỗi: không có tài khoản “{username}” (--user).")
    return user


def day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải ngày dạng YYYY-MM-DD.") from None


def days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        days = ()
    if not days or min(days) < 0:
        raise argparse.ArgumentTypeError(f"“{text}” không phải danh sách số ngày, ví dụ 7,3,1.")
    return days


def vn_day(text: str):
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


def hours(text: str) -> float:
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        hours = -1
    if hours <= 0:
        raise argparse.ArgumentTypeError(f"“{text}” không phải số giờ lớn hơn 0, ví dụ 48.")
    return hours
