"""A prepared INSERT writes the row `objects.create` writes; prepared UPDATEs write rows."""

import datetime as dt

import pytest
from django.utils import timezone

from dxtrack.audit.models import AuditEntry
from dxtrack.audit.services import audit_prepare, audit_record
from dxtrack.prepared import insert_prepare, prepared_run, update_rows_prepare
from dxtrack.reporting.models import ReportVersion, TaskUpdate
from dxtrack.reporting.versions import version_prepare, version_record
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db

_SNAPSHOT = {
    "status": "draft",
    "tasks": {"7": {"description": "Triển khai “một cửa” 100%", "completed_on": "2026-03-01"}},
    "assessment": {},
}


def _columns(row) -> dict:
    return {
        f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if not f.primary_key
    }


def test_a_prepared_version_is_the_row_version_record_writes():
    sample = reporting_sample()
    report = sample.report
    at = timezone.now().replace(microsecond=123456)

    prepared_run(
        version_prepare(
            report=report, actor=sample.reporter, action="save", snapshot=_SNAPSHOT, at=at
        )
    )
    kept = version_record(report=report, actor=sample.reporter, action="save", snapshot=_SNAPSHOT)

    prepared, created = list(ReportVersion.objects.filter(report=report).order_by("pk"))[-2:]
    assert prepared.at == at
    assert {**_columns(prepared), "at": None} == {**_columns(created), "at": None}
    assert prepared.snapshot == _SNAPSHOT == kept.snapshot
    assert prepared.actor == sample.reporter


def test_a_prepared_audit_entry_is_the_one_audit_record_writes():
    sample = reporting_sample()
    at = timezone.now()
    details = {"version": 3, "changes": [{"field": "Số “liệu”", "before": "", "after": "1,5"}]}

    for actor in (sample.reporter, "lệnh nhập báo cáo"):
        prepared_run(
            audit_prepare(
                actor=actor, action="report.save", target=sample.report, at=at, details=details
            )
        )
        audit_record(actor=actor, action="report.save", target=sample.report, details=details)

    rows = list(AuditEntry.objects.order_by("pk"))[-4:]
    for prepared, created in (rows[0:2], rows[2:4]):
        assert prepared.at == at
        assert {**_columns(prepared), "at": None} == {**_columns(created), "at": None}
    assert rows[2].actor is None
    assert rows[2].details == {"by": "lệnh nhập báo cáo", **details}


def test_an_insert_without_the_time_of_an_auto_now_add_field_is_refused():
    with pytest.raises(ValueError, match="at"):
        insert_prepare(AuditEntry, {"action": "x", "target_type": "y", "target_id": 1})


def test_prepared_updates_write_each_row_and_nothing_for_no_rows():
    sample = reporting_sample()
    rows = list(
        TaskUpdate.objects.filter(report=sample.report).order_by("pk").values("pk", "status")
    )
    assert rows
    assert update_rows_prepare(TaskUpdate, [], ("status", "completed_on")) is None

    changed = [
        {**row, "status": "done", "completed_on": dt.date(2026, 3, n + 1)}
        for n, row in enumerate(rows)
    ]
    prepared_run(None, update_rows_prepare(TaskUpdate, changed, ("status", "completed_on")))

    assert [
        (u.status, u.completed_on)
        for u in TaskUpdate.objects.filter(report=sample.report).order_by("pk")
    ] == [("done", dt.date(2026, 3, n + 1)) for n in range(len(rows))]


def test_json_orjson_does_not_take_is_written_as_django_writes_it():
    sample = reporting_sample()
    at = timezone.now()
    details = {1: "một", "lớn": 2**70}

    prepared_run(
        audit_prepare(actor=None, action="x", target=sample.report, at=at, details=details)
    )

    assert AuditEntry.objects.get(action="x").details == {"1": "một", "lớn": 2**70}


@pytest.mark.parametrize("recorded", [False, True])
def test_values_of_each_kind_are_written_as_django_writes_them_recorded_or_not(recorded):
    """On SQLite the statements go to sqlite3 directly unless something records them (the
    tests' query counts, DEBUG): both ways write the same and return the rows touched."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxtrack.reporting.models import IndicatorValue

    sample = reporting_sample()
    values = list(
        IndicatorValue.objects.filter(report=sample.report)
        .order_by("pk")
        .values("pk", "value_text", "value_number", "value_met", "note")
    )
    assert len(values) >= 2
    changed = [
        {**values[0], "value_text": "87,5%", "value_number": 87.5, "value_met": None},
        {**values[1], "value_text": "Đạt", "value_number": None, "value_met": True, "note": "x"},
    ]
    fields = ("value_text", "value_number", "value_met", "note")

    with CaptureQueriesContext(connection) as statements:
        if not recorded:
            statements.connection.force_debug_cursor = False
        touched = prepared_run(update_rows_prepare(IndicatorValue, changed, fields))

    assert touched == 2
    assert len(statements) == (1 if recorded else 0)
    assert list(
        IndicatorValue.objects.filter(pk__in=[v["pk"] for v in changed])
        .order_by("pk")
        .values("pk", *fields)
    ) == [{k: v[k] for k in ("pk", *fields)} for v in changed]
