"""The deadline benchmark's database work, run in child processes whose environment names
the database (bench/deadline_load.py starts them): the province set up, the reports put
back as they were before a load, and the statements each report call sends.

`SETUPS` maps a name to a function `(*, clients, scale) -> dict` that builds the data and
returns what the load needs: {"period_id", "password" (every account's), "coordinator" (a
user name), "reporters": [{"username", "agency_id"}, ...] (one per report of the period),
"marks": `marks_now()` taken once the data is built (what `reset` goes back to)}, and
optionally "province" (what was built, to print) and "period_name" ("quý IV/2026").
"province" is the province as the product ships it (with `scale` > 1, only more boards);
"scaled" is a province `scale` times larger built by bench/province.py (130×N agencies,
about 5,000×N assignments, five years of quarterly periods), measured on its open quarter
with every report made a fresh draft. `reset` puts the period's reports back to drafts at
version 1 with nothing filled in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADMIN_UNITS = ROOT.parent / "shared" / "data" / "vn-admin-units.csv"
QUANG_NGAI = "51"
HOST = "127.0.0.1"
# Provincial boards counted among "Các sở, ban, ngành": they receive the departments' work.
EXTRA_BOARDS = [
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh",
    "Ban Quản lý Khu công nghệ số tập trung tỉnh",
    "Trường Chính trị tỉnh Quảng Ngãi",
    "Quỹ Phát triển khoa học và công nghệ tỉnh",
    "Trung tâm Xúc tiến đầu tư tỉnh",
    "Ban Quản lý rừng phòng hộ tỉnh",
]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()


def province_setup(*, clients: int, scale: int = 1) -> dict:
    """The province as the product ships it: the agency directory, the four bundled plans,
    the 96 communes of Quảng Ngãi, a few more provincial boards so that `clients` agencies
    have a report (with `scale` > 1, boards with generated names marked as sample data), the
    2026 yearly period opened over every plan, one reporter account per agency."""
    _django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from dxtrack.accounts.models import Profile, Role
    from dxtrack.agencies.models import Agency
    from dxtrack.agencies.services import communes_load, directory_install
    from dxtrack.ingest.services import bundled_plans_import
    from dxtrack.plans.models import Plan
    from dxtrack.reporting.models import AgencyReport
    from dxtrack.reporting.period_services import period_create, period_open
    from dxtrack.vn_text import fold

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    directory_install()
    bundled_plans_import()
    with ADMIN_UNITS.open(encoding="utf-8", newline="") as rows:
        communes_load(rows=csv.DictReader(rows), province_code=QUANG_NGAI)

    users = get_user_model().objects
    coordinator = users.create_user(username="vanphong.skhcn")
    Profile.objects.create(user=coordinator, role=Role.COORDINATOR)
    period = period_create(
        actor=coordinator,
        name="Báo cáo kết quả chuyển đổi số năm 2026",
        kind="yearly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
        plan_ids=list(Plan.objects.values_list("pk", flat=True)),
    )
    period_open(period=period, actor=coordinator)
    missing = clients - AgencyReport.objects.filter(period=period).count()
    if missing > 0:
        names = EXTRA_BOARDS[:missing]
        names += [f"Ban thử tải số {n} (dữ liệu mẫu)" for n in range(1, missing - len(names) + 1)]
        Agency.objects.bulk_create(
            Agency(name=name, search_name=fold(name), kind=Agency.Kind.DEPARTMENT) for name in names
        )
        period_open(period=period, actor=coordinator)

    # One password for every account, hashed once (Argon2, as in production): the server
    # still checks it at each sign-in, which is what is measured.
    password = secrets.token_urlsafe(12)
    hashed = make_password(password)
    coordinator.password = hashed
    coordinator.save(update_fields=["password"])
    agency_ids = list(
        AgencyReport.objects.filter(period=period)
        .order_by("agency__name")
        .values_list("agency_id", flat=True)
    )
    reporters = users.bulk_create(
        get_user_model()(username=f"baocao.{agency_id}", password=hashed)
        for agency_id in agency_ids
    )
    Profile.objects.bulk_create(
        Profile(user=user, role=Role.REPORTER, agency_id=agency_id)
        for user, agency_id in zip(reporters, agency_ids, strict=True)
    )
    return {
        "period_id": period.pk,
        "password": password,
        "coordinator": coordinator.username,
        "reporters": [
            {"username": u.username, "agency_id": a}
            for u, a in zip(reporters, agency_ids, strict=True)
        ],
        "marks": marks_now(),
    }


def scaled_setup(*, clients: int, scale: int = 10, years: int = 5) -> dict:
    """A province `scale` times the shipped one with `years` years of quarterly periods
    (bench/province.py `province_build`: the past quarters closed with their history, the
    last one open). The load is measured on the open quarter, its reports made fresh drafts
    first (as `period_open` leaves them: nothing filled in but the tasks carried over);
    the reporters come in a fixed shuffled order, so that the first `clients` of them, one
    per agency, mix the shipped agencies (the largest reports) with the generated ones."""
    _django()
    import random

    from django.conf import settings
    from django.core.management import call_command

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from province import province_build

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    province = province_build(scale=scale, years=years)
    if clients > len(province.reporters):
        raise ValueError(f"{clients} clients, {len(province.reporters)} reports in the period")
    period_id = province.open_period.pk
    drafts_make(period_id=period_id)
    reporters = [{"username": r.username, "agency_id": r.agency_id} for r in province.reporters]
    random.Random(scale).shuffle(reporters)  # noqa: S311 - an order, not a secret
    return {
        "period_id": period_id,
        "password": province.password,
        "coordinator": province.coordinator,
        "reporters": reporters,
        "marks": marks_now(),
        "province": province.summary(),
        "period_name": province.open_period.name.removeprefix("Báo cáo "),
    }


def drafts_make(*, period_id: int) -> None:
    """Every report of the period a draft at version 1 that nobody has reviewed, its rows
    blank but for the tasks carried over as done."""
    from django.db import transaction

    from dxtrack.reporting.models import AgencyReport

    with transaction.atomic():
        AgencyReport.objects.filter(period_id=period_id).update(
            reviewed_at=None, reviewed_by=None, review_comment=""
        )
        _blank(period_id=period_id)


def scale_limit(scale: int, data: str = "province") -> int:
    """How many clients the setup `data` can give a report at `scale`."""
    if data == "scaled":
        # The open quarter's reports: 137 at scale 1, 1,287 at scale 10 (decision 0145).
        return 125 * scale
    return 124 + len(EXTRA_BOARDS) if scale <= 1 else 130 * scale


SETUPS: dict[str, Callable[..., dict]] = {"province": province_setup, "scaled": scaled_setup}


def marks_now() -> dict:
    """The last row of each table a load adds to: `reset` deletes what comes after."""
    from django.db.models import Max

    from dxtrack.accounts.models import ApiToken, LoginFailure
    from dxtrack.audit.models import AuditEntry
    from dxtrack.reporting.models import ReportVersion

    return {
        name: model.objects.aggregate(last=Max("pk"))["last"] or 0
        for name, model in (
            ("version", ReportVersion),
            ("audit", AuditEntry),
            ("token", ApiToken),
            ("failure", LoginFailure),
        )
    }


def reset(*, setup: dict) -> dict:
    """Put the period's reports back as the set-up left them (nothing filled in, drafts at
    version 1) so that the next load does the same work; returns how many had been sent."""
    _django()
    from django.db import transaction

    from dxtrack.accounts.models import ApiToken, LoginFailure
    from dxtrack.audit.models import AuditEntry
    from dxtrack.reporting.models import AgencyReport, ReportVersion

    period_id, marks = setup["period_id"], setup["marks"]
    sent = AgencyReport.objects.filter(period_id=period_id, status="submitted").count()
    with transaction.atomic():
        _blank(period_id=period_id)
        ReportVersion.objects.filter(pk__gt=marks["version"]).delete()
        AuditEntry.objects.filter(pk__gt=marks["audit"]).delete()
        ApiToken.objects.filter(pk__gt=marks["token"]).delete()
        LoginFailure.objects.filter(pk__gt=marks["failure"]).delete()
    return {"sent": sent}


def _blank(*, period_id: int) -> None:
    from dxtrack.reporting.models import AgencyReport, IndicatorValue, TaskUpdate

    TaskUpdate.objects.filter(report__period_id=period_id, carried_over=False).update(
        status="", description="", evidence="", completed_on=None, difficulties="", proposals=""
    )
    IndicatorValue.objects.filter(report__period_id=period_id).update(
        value_text="", value_number=None, value_met=None, note="", source=""
    )
    AgencyReport.objects.filter(period_id=period_id).update(
        status="draft", version=1, assessment={}, submitted_at=None, updated_by=None
    )


def queries(*, setup: dict, changes: Callable[[dict], dict]) -> dict:
    """The statements each call sends, dxtrack's and the raw handler's, for the largest report
    of the load: sign-in, GET, PUT of `changes(report)`, submit. Resets afterwards."""
    _django()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dxtrack.reporting.models import AgencyReport

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import deadline_raw

    by_agency = {r["agency_id"]: r for r in setup["reporters"]}
    largest = (
        AgencyReport.objects.filter(period_id=setup["period_id"], agency_id__in=by_agency)
        .annotate(rows=Count("task_updates"))
        .order_by("-rows", "pk")
        .values_list("agency_id", flat=True)
        .first()
    )
    account = by_agency[largest]
    path = f"/api/v1/reports/{setup['period_id']}/{largest}"
    sign_in = {"username": account["username"], "password": setup["password"]}

    client = Client(HTTP_HOST=HOST)
    counted: dict[str, int] = {}

    def django_call(kind: str, method: str, url: str, body=None, token=None):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(
                url,
                json.dumps(body) if body is not None else None,
                content_type="application/json",
                **extra,
            )
        if response.status_code != 200:
            raise RuntimeError(f"{kind}: {response.status_code} {response.content[:300]!r}")
        # As the raw handler counts: statements, not the transaction's BEGIN, SAVEPOINT…
        counted[kind] = sum(
            1
            for q in captured.captured_queries
            if not q["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"))
        )
        return response.json()

    token = django_call("token", "post", "/api/v1/auth/token", sign_in)["token"]
    report = django_call("get", "get", path, token=token)
    django_call("put", "put", path, changes(report), token)
    django_call("submit", "post", path + "/submit", token=token)
    reset(setup=setup)

    raw: dict[str, int] = {}

    def raw_call(kind: str, method: str, url: str, body=None, token=None):
        payload = json.dumps(body).encode() if body is not None else b""
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": url,
            "REMOTE_ADDR": HOST,
            "CONTENT_LENGTH": str(len(payload)),
            "wsgi.input": io.BytesIO(payload),
            **({"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}),
        }
        answer: list[str] = []
        before = deadline_raw.query_count()
        body_out = deadline_raw.application(environ, lambda status, headers: answer.append(status))
        raw[kind] = deadline_raw.query_count() - before
        if not answer[0].startswith("200"):
            raise RuntimeError(f"raw {kind}: {answer[0]} {b''.join(body_out)[:300]!r}")
        return json.loads(b"".join(body_out))

    token = raw_call("token", "POST", "/api/v1/auth/token", sign_in)["token"]
    report = raw_call("get", "GET", path, token=token)
    raw_call("put", "PUT", path, changes(report), token)
    raw_call("submit", "POST", path + "/submit", token=token)
    reset(setup=setup)
    rows = AgencyReport.objects.get(period_id=setup["period_id"], agency_id=largest)
    return {
        "agency_id": largest,
        "tasks": rows.task_updates.count(),
        "indicators": rows.indicator_values.count(),
        "dxtrack": counted,
        "raw": raw,
    }


def profile(*, setup: dict, changes: Callable[[dict], dict], reports: int = 10) -> None:
    """pyinstrument profiles of dxtrack's four calls, each over `reports` reports in a row,
    written as text to DXTRACK_PROFILE_DIR/<kind>.txt. Resets afterwards."""
    _django()
    from django.test import Client
    from pyinstrument import Profiler

    folder = Path(os.environ["DXTRACK_PROFILE_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    client = Client(HTTP_HOST=HOST)
    profilers = {kind: Profiler(interval=0.0005) for kind in ("token", "get", "put", "submit")}

    def call(kind: str, method: str, url: str, body=None, token=None):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        profilers[kind].start()
        try:
            response = getattr(client, method)(
                url,
                json.dumps(body) if body is not None else None,
                content_type="application/json",
                **extra,
            )
        finally:
            profilers[kind].stop()
        return response.json()

    # The first request imports the URLs and every API module: not what is profiled.
    client.get("/api/v1/periods")
    for account in setup["reporters"][:reports]:
        path = f"/api/v1/reports/{setup['period_id']}/{account['agency_id']}"
        sign_in = {"username": account["username"], "password": setup["password"]}
        token = call("token", "post", "/api/v1/auth/token", sign_in)["token"]
        report = call("get", "get", path, token=token)
        call("put", "put", path, changes(report), token)
        call("submit", "post", path + "/submit", token=token)
    for kind, profiler in profilers.items():
        (folder / f"{kind}.txt").write_text(profiler.output_text(unicode=True, show_all=False))
    reset(setup=setup)
