"""The province as the product ships it, for the benchmarks: the directory, the communes, the
bundled plans (`province_base`), and a period's report rows copied from another period or
filled in as agencies would (`period_rows_copy`, `period_rows_fill`, `extensions_add`).
`province.py` builds larger provinces on it. Sample data only, never for users."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
ADMIN_UNITS = SHARED / "data" / "vn-admin-units.csv"
QUANG_NGAI = "51"


def province_base() -> Any:
    """The directory, the communes, the bundled plans, and a superuser to act as; returns it."""
    from django.contrib.auth import get_user_model

    from dxtrack.agencies.services import communes_load, directory_install
    from dxtrack.ingest.services import bundled_plans_import

    directory_install()
    with ADMIN_UNITS.open(encoding="utf-8-sig", newline="") as handle:
        communes_load(rows=list(csv.DictReader(handle)), province_code=QUANG_NGAI)
    bundled_plans_import()
    return get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")


def period_rows_copy(*, source, target) -> None:
    """The reports and empty rows of `source` again in `target` (opened): who reports what,
    computed once and repeated."""
    from dxtrack.reporting.models import AgencyReport, IndicatorValue, ReportingPeriod, TaskUpdate

    reports = AgencyReport.objects.bulk_create(
        AgencyReport(period=target, agency_id=agency_id)
        for agency_id in AgencyReport.objects.filter(period=source).values_list(
            "agency_id", flat=True
        )
    )
    report_of = {r.agency_id: r.pk for r in reports}
    TaskUpdate.objects.bulk_create(
        (
            TaskUpdate(report_id=report_of[agency_id], task_id=task_id, role=role, position=pos)
            for agency_id, task_id, role, pos in TaskUpdate.objects.filter(
                report__period=source
            ).values_list("report__agency_id", "task_id", "role", "position")
        ),
        batch_size=2000,
    )
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                report_id=report_of[agency_id], indicator_id=ind, role=role, position=pos
            )
            for agency_id, ind, role, pos in IndicatorValue.objects.filter(
                report__period=source
            ).values_list("report__agency_id", "indicator_id", "role", "position")
        ),
        batch_size=2000,
    )
    ReportingPeriod.objects.filter(pk=target.pk).update(status=ReportingPeriod.Status.OPEN)


def period_rows_fill(periods: list) -> None:
    """Every task update gets a status (and a completion date when done), every indicator
    value a number or Đạt, every report a submission around its due date."""
    from django.db import connection
    from django.utils import timezone

    from dxtrack.reporting.models import AgencyReport, IndicatorValue, TaskStatus, TaskUpdate

    chance = random.Random(2026)  # noqa: S311 - sample data, not security
    statuses = [
        TaskStatus.DONE,
        TaskStatus.DONE,
        TaskStatus.DONE_LATE,
        TaskStatus.IN_PROGRESS,
        TaskStatus.IN_PROGRESS,
        TaskStatus.IN_PROGRESS,
        TaskStatus.NOT_STARTED,
        TaskStatus.NOT_DONE,
        "",
    ]
    for period in periods:
        updates = list(
            TaskUpdate.objects.filter(report__period=period).values_list("pk", flat=True)
        )
        task_rows = []
        for pk in updates:
            status = chance.choice(statuses)
            completed_on = None
            if status in (TaskStatus.DONE, TaskStatus.DONE_LATE):
                completed_on = period.starts_on + dt.timedelta(
                    days=chance.randrange((period.ends_on - period.starts_on).days + 1)
                )
            task_rows.append((status, completed_on, pk))
        value_rows = []
        for pk in IndicatorValue.objects.filter(report__period=period).values_list("pk", flat=True):
            if chance.random() < 0.1:
                value_rows.append((None, True, "Đạt", pk))
            else:
                number = round(chance.uniform(20, 100), 2)
                value_rows.append((number, None, str(number).replace(".", ","), pk))
        report_rows = []
        for pk in AgencyReport.objects.filter(period=period).values_list("pk", flat=True):
            sent = period.due_on + dt.timedelta(days=chance.randint(-10, 8))
            at = timezone.make_aware(dt.datetime.combine(sent, dt.time(10)))
            report_rows.append((AgencyReport.Status.SUBMITTED, at, pk))
        # Plain UPDATEs: bulk_update's CASE per row is slow for tens of thousands of rows.
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE reporting_taskupdate SET status = %s, completed_on = %s WHERE id = %s",
                task_rows,
            )
            cursor.executemany(
                "UPDATE reporting_indicatorvalue SET value_number = %s, value_met = %s, "
                "value_text = %s WHERE id = %s",
                value_rows,
            )
            cursor.executemany(
                "UPDATE reporting_agencyreport SET status = %s, submitted_at = %s WHERE id = %s",
                report_rows,
            )


def extensions_add(period, chance: random.Random, *, share: int = 50, pending: bool = False) -> int:
    """One lead task of the period in `share` had its deadline extended (approved), or, with
    `pending`, waits for a decision; an extension holds for the agency and the task, whatever
    the period. Returns how many."""
    from dxtrack.reporting.models import ExtensionRequest, TaskUpdate

    pairs = list(
        TaskUpdate.objects.filter(report__period=period, role="lead", task__ends_on__isnull=False)
        .values_list("report__agency_id", "task_id", "task__ends_on")
        .distinct()
        .order_by("report__agency_id", "task_id")
    )
    status = ExtensionRequest.Status.PENDING if pending else ExtensionRequest.Status.APPROVED
    made = ExtensionRequest.objects.bulk_create(
        ExtensionRequest(
            task_id=task_id,
            agency_id=agency_id,
            kind=ExtensionRequest.Kind.EXTEND,
            reason="Đang chờ bố trí kinh phí" if pending else "Chờ hướng dẫn của Bộ",
            original_end=ends_on,
            proposed_end=ends_on + dt.timedelta(days=60 if pending else 90),
            status=status,
        )
        for agency_id, task_id, ends_on in chance.sample(pairs, k=len(pairs) // share)
    )
    return len(made)
