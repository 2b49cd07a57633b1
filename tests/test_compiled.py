"""A values() query compiled once answers as values() does, for any keys."""

import pytest

from dxtrack.agencies.models import Agency
from dxtrack.compiled import CompiledValues
from dxtrack.reporting.models import AgencyReport, TaskUpdate
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db

_ROWS = CompiledValues(
    lambda report: (
        TaskUpdate.objects.filter(report_id=report)
        .order_by("role", "position", "pk")
        .values("pk", "task_id", "role", "completed_on", "carried_over", "task__budget")
    ),
    "report",
)
_BY_NAME = CompiledValues(
    lambda name, kind: Agency.objects.filter(name=name, kind=kind).values("pk", "name"),
    "name",
    "kind",
)


def _expected(report_id: int) -> list[dict]:
    return list(
        TaskUpdate.objects.filter(report_id=report_id)
        .order_by("role", "position", "pk")
        .values("pk", "task_id", "role", "completed_on", "carried_over", "task__budget")
    )


def test_it_returns_what_values_returns_for_each_id():
    sample = reporting_sample()
    reports = list(AgencyReport.objects.filter(period=sample.period).values_list("pk", flat=True))
    assert len(reports) >= 2

    for report_id in reports:
        assert _ROWS(report=report_id) == _expected(report_id)
    assert _ROWS(report=0) == []


def test_a_text_key_is_sent_as_given():
    reporting_sample()
    agency = Agency.objects.order_by("pk").first()
    assert agency is not None

    assert _BY_NAME(name=agency.name, kind=agency.kind) == [{"pk": agency.pk, "name": agency.name}]
    assert _BY_NAME(name=agency.name + " khác", kind=agency.kind) == []
    assert _BY_NAME(name=agency.name, kind="không có") == []


def test_an_id_that_is_not_a_parameter_is_refused():
    unused = CompiledValues(lambda report: TaskUpdate.objects.filter(pk=1).values("pk"), "report")

    with pytest.raises(RuntimeError):
        unused(report=1)


def test_recorded_or_not_the_rows_are_the_same_and_a_record_sees_the_statement():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sample = reporting_sample()
    report_id = AgencyReport.objects.filter(period=sample.period).values_list("pk", flat=True)[0]
    unrecorded = _ROWS(report=report_id)  # on SQLite, sent in the driver's placeholders

    with CaptureQueriesContext(connection) as recorded:
        assert _ROWS(report=report_id) == unrecorded == _expected(report_id)

    assert len(recorded) == 2  # the compiled read and values()
    assert str(report_id) in recorded.captured_queries[0]["sql"]
