"""Requests to extend or adjust a task, and the decision on them."""

import datetime as dt

import pytest

from dxtrack.plans.models import Task
from dxtrack.reporting.errors import ReportingError, ReportInvalid
from dxtrack.reporting.extension_services import extension_decide, extension_request
from dxtrack.reporting.models import (
    ExtensionRequest,
    Notification,
    TaskUpdate,
)
from dxtrack.reporting.selectors import (
    report_detail,
    task_deadlines,
)
from reporting.province import (
    audit_actions,
    report_of,
)

pytestmark = pytest.mark.django_db

# ----------------------------------------------------------------------- extensions


def _task_due_in_2026(year) -> TaskUpdate:
    report = report_of(year, year.dost)
    return (
        report.task_updates.filter(role="lead", task__recurrence="", task__ends_on__year=2026)
        .select_related("task")
        .order_by("task__ends_on", "pk")
        .first()
    )


def test_an_approved_extension_moves_the_deadline_the_agency_sees_not_the_plans(year):
    update = _task_due_in_2026(year)
    original = update.task.ends_on
    new_end = dt.date(2027, 6, 30)

    request = extension_request(
        task=update.task,
        agency_id=year.dost.pk,
        actor=year.dost_reporter,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Chờ Bộ Khoa học và Công nghệ ban hành hướng dẫn kỹ thuật.",
        proposed_end=new_end,
    )
    assert (request.status, request.original_end) == (ExtensionRequest.Status.PENDING, original)
    assert task_deadlines(agency_id=year.dost.pk, task_ids=[update.task_id]) == {}

    decided = extension_decide(request=request, actor=year.coordinator, approve=True)

    assert decided.status == ExtensionRequest.Status.APPROVED
    assert decided.decided_by == year.coordinator
    assert task_deadlines(agency_id=year.dost.pk, task_ids=[update.task_id]) == {
        update.task_id: new_end
    }
    assert Task.objects.get(pk=update.task_id).ends_on == original
    # Another agency's deadline for the same task is not moved.
    assert task_deadlines(agency_id=year.health.pk, task_ids=[update.task_id]) == {}
    detail = report_detail(period_id=year.period.pk, agency_id=year.dost.pk)
    (shown,) = [r for r in detail.lead_tasks if r.update.task_id == update.task_id]
    assert (shown.deadline, shown.extended) == (new_end, True)
    assert audit_actions(request) == ["extension.request", "extension.approve"]
    assert "được chấp thuận" in Notification.objects.get(user=year.dost_reporter).message
    with pytest.raises(ReportingError, match="đã được xem xét"):
        extension_decide(request=request, actor=year.coordinator, approve=False, comment="Không.")


def test_a_refusal_needs_a_reason_and_keeps_the_deadline(year):
    update = _task_due_in_2026(year)
    request = extension_request(
        task=update.task,
        agency_id=year.dost.pk,
        actor=year.dost_reporter,
        kind=ExtensionRequest.Kind.EXTEND,
        reason="Thiếu kinh phí.",
        proposed_end=dt.date(2027, 12, 31),
    )

    with pytest.raises(ReportInvalid) as refused:
        extension_decide(request=request, actor=year.coordinator, approve=False)
    assert [e.where for e in refused.value.errors] == ["comment"]
    extension_decide(
        request=request, actor=year.coordinator, approve=False, comment="Đã bố trí kinh phí."
    )

    assert task_deadlines(agency_id=year.dost.pk, task_ids=[update.task_id]) == {}


def test_an_extension_request_names_what_is_missing(year):
    update = _task_due_in_2026(year)
    assert not TaskUpdate.objects.filter(
        report__period=year.period, report__agency=year.health, task=update.task, role="lead"
    ).exists()

    with pytest.raises(ReportInvalid) as refused:
        extension_request(
            task=update.task,
            agency_id=year.health.pk,
            actor=year.health_reporter,
            kind=ExtensionRequest.Kind.EXTEND,
            reason=" ",
        )

    assert [e.where for e in refused.value.errors] == ["reason", "proposed_end", "task"]
    assert not ExtensionRequest.objects.exists()
