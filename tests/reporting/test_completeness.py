"""What of a report is filled, part by part, and what blocks sending it: the counter and the
sending read one rule."""

import pytest

from dxtrack.reporting.completeness import report_completeness, submission_blockers
from dxtrack.reporting.errors import ReportInvalid
from dxtrack.reporting.models import TaskUpdate
from dxtrack.reporting.report_input import IndicatorInput, ReportInput, TaskInput
from dxtrack.reporting.report_services import report_missing, report_save, report_submit
from dxtrack.reporting.selectors import report_detail

pytestmark = pytest.mark.django_db


def _detail(report):
    return report_detail(period_id=report.period_id, agency_id=report.agency_id)


def test_an_empty_report_counts_every_row_as_missing_and_every_lead_task_as_blocking(sample):
    detail = _detail(sample.report)

    found = report_completeness(detail=detail)

    parts = {part.key: (part.filled, part.total) for part in found.parts}
    assert parts == {
        "indicators": (0, len(detail.indicators)),
        "lead": (0, len(detail.lead_tasks)),
        "coordinating": (0, len(detail.coordinating_tasks)),
        "projects": (0, len(detail.projects)),
        "topics": (0, 7),
    }
    assert found.total == sum(total for _filled, total in parts.values())
    assert found.missing == found.total
    assert [b.key for b in found.blockers] == [
        f"task-{r.update.task_id}" for r in detail.lead_tasks
    ]
    assert all(b.message.startswith("Chưa chọn tình trạng cho nhiệm vụ") for b in found.blockers)
    # A part the report has no rows in is not shown.
    assert all(part.total for part in found.shown_parts)


def test_filling_moves_the_counter_and_the_blocking_list_exactly_as_sending_sees_it(sample):
    report = sample.report
    training = sample.catalogue.training.pk
    signature = sample.catalogue.signature.pk
    report_save(
        report=report,
        actor=sample.reporter,
        version=report.version,
        data=ReportInput(
            tasks={training: TaskInput(status="in_progress", description="Đã mở 3 lớp.")},
            indicators={signature: IndicatorInput(value="87,43%")},
            assessment={"ha_tang": {"issues": "Hạ tầng mạng vùng sâu còn yếu."}},
        ),
    )
    report.refresh_from_db()

    found = report_completeness(detail=_detail(report))

    assert found.filled[f"task-{training}"] is True
    assert found.filled[f"indicator-{signature}"] is True
    assert found.filled["topic-ha_tang"] is True
    assert found.filled["topic-the_che"] is False
    counts = {part.key: part.filled for part in found.parts}
    assert counts["lead"] == 1 and counts["indicators"] == 1 and counts["topics"] == 1
    assert f"task-{training}" not in [b.key for b in found.blockers]
    # The service refuses the sending for the same rows, with the same words.
    assert [e.message for e in report_missing(report=report)] == [b.message for b in found.blockers]
    with pytest.raises(ReportInvalid) as refused:
        report_submit(report=report, actor=sample.reporter)
    assert [e.where for e in refused.value.errors] == [
        f"tasks.{b.key.removeprefix('task-')}.status" for b in found.blockers
    ]


def test_a_report_with_every_lead_task_given_a_status_has_nothing_blocking(sample):
    report = sample.report
    leads = TaskUpdate.objects.filter(report=report, role=TaskUpdate.Role.LEAD)
    leads.update(status="in_progress")

    assert submission_blockers(lead_updates=leads.select_related("task")) == []
    assert report_completeness(detail=_detail(report)).blockers == []
    assert report_submit(report=report, actor=sample.reporter).status == "submitted"
