"""save_plan: the changes a save records are those between the whole report before and
after; report_claim: the report moved only from the version (and states) named."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dxtrack.reporting.history import snapshot_diff
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.report_input import IndicatorInput, ProjectInput, ReportInput, TaskInput
from dxtrack.reporting.report_saving import report_claim, save_plan
from dxtrack.reporting.versions import snapshot_values
from reporting.sample import reporting_sample


def _tasks(count: int) -> list[dict]:
    return [
        {
            "pk": 1000 + n,
            "task_id": n,
            "role": "lead" if n % 3 else "coordinating",
            "status": "in_progress" if n % 2 else "",
            "description": f"Kết quả {n}" if n % 4 else "",
            "evidence": "",
            "completed_on": None,
            "difficulties": "",
            "proposals": "",
            "evaluation": "",
            "carried_over": False,
        }
        for n in range(1, count + 1)
    ]


def _values(count: int) -> list[dict]:
    return [
        {
            "pk": 2000 + n,
            "indicator_id": n,
            "value_text": "50%" if n % 2 else "",
            "value_number": Decimal(50) if n % 2 else None,
            "value_met": None,
            "note": "",
            "source": "",
        }
        for n in range(1, count + 1)
    ]


def _projects() -> list[dict]:
    return [
        {
            "pk": 3001,
            "project_id": 1,
            "status": "",
            "description": "",
            "budget_planned": None,
            "budget_disbursed": None,
        }
    ]


def test_the_changes_are_those_of_the_whole_report_before_and_after():
    tasks, values, projects = _tasks(120), _values(40), _projects()
    assessment = {"ha_tang": {"issues": "Mạng yếu", "proposals": ""}}
    before = snapshot_values(
        tasks=copy.deepcopy(tasks),
        indicators=copy.deepcopy(values),
        status="draft",
        assessment=assessment,
        projects=copy.deepcopy(projects),
    )
    data = ReportInput(
        tasks={
            3: TaskInput(status="Đã hoàn thành", completed_on=dt.date(2026, 1, 15)),
            10: TaskInput(status="Đang thực hiện", description="Đang triển khai."),
            # Sent back as it is: no change.
            5: TaskInput(status="in_progress", description="Kết quả 5"),
            117: TaskInput(status="not_started"),
        },
        indicators={2: IndicatorInput(value="87,5%", source="Số liệu của đơn vị")},
        projects={1: ProjectInput(status="Đang thực hiện", budget_planned="1.500")},
        assessment={"du_lieu_so": {"issues": "Dữ liệu phân tán", "proposals": ""}},
    )

    plan = save_plan(
        status="draft",
        assessment=assessment,
        tasks=tasks,
        values=values,
        projects=projects,
        data=data,
    )

    assert plan.changes == [c.as_dict() for c in snapshot_diff(before, plan.after)]
    assert {c["key"] for c in plan.changes if c["kind"] == "task"} == {"3", "10", "117"}
    assert {c["kind"] for c in plan.changes} == {"task", "indicator", "project", "assessment"}
    assert [row["task_id"] for row in plan.tasks] == [3, 10, 117]


def test_without_projects_read_none_are_compared():
    tasks, values = _tasks(5), _values(2)
    before = snapshot_values(
        tasks=copy.deepcopy(tasks), indicators=copy.deepcopy(values), status="draft", assessment={}
    )

    plan = save_plan(
        status="draft",
        assessment={},
        tasks=tasks,
        values=values,
        projects=None,
        data=ReportInput(tasks={2: TaskInput(status="Không thực hiện", difficulties="Thiếu vốn")}),
    )

    assert plan.changes == [c.as_dict() for c in snapshot_diff(before, plan.after)]
    # A row sent replaces the row: its description, not sent, is emptied.
    assert [(c["key"], c["field"]) for c in plan.changes] == [
        ("2", "status"),
        ("2", "description"),
        ("2", "difficulties"),
    ]


# ----------------------------------------------------------------------- report_claim


@pytest.mark.django_db
def test_a_claim_moves_the_report_at_its_version_only():
    sample = reporting_sample()
    report = sample.report
    at = timezone.now()

    assert not report_claim(pk=report.pk, version=report.version + 1, values={"status": "x"})
    assert report_claim(
        pk=report.pk,
        version=report.version,
        values={
            "assessment": {"ha_tang": {"issues": "Mạng “yếu”", "proposals": ""}},
            "updated_by": sample.reporter,
            "updated_at": at,
        },
    )

    saved = AgencyReport.objects.get(pk=report.pk)
    assert saved.version == report.version + 1
    assert saved.assessment == {"ha_tang": {"issues": "Mạng “yếu”", "proposals": ""}}
    assert (saved.updated_by, saved.updated_at, saved.status) == (sample.reporter, at, "draft")


@pytest.mark.django_db
def test_a_claim_from_given_states_refuses_a_report_in_another():
    sample = reporting_sample()
    report = sample.report

    assert not report_claim(
        pk=report.pk, version=report.version, sources=("returned",), values={"status": "x"}
    )
    assert report_claim(
        pk=report.pk,
        version=report.version,
        sources=("draft", "returned"),
        values={"status": "submitted", "submitted_at": timezone.now()},
    )
    assert AgencyReport.objects.get(pk=report.pk).status == "submitted"


def test_values_a_snapshot_shows_alike_are_no_change():
    tasks = _tasks(3)
    tasks[0].update(status="done", completed_on=dt.date(2026, 1, 15), description=None)
    projects = _projects()
    projects[0].update(budget_planned=Decimal("1500.00"), budget_disbursed=Decimal("200.50"))
    before = snapshot_values(
        tasks=copy.deepcopy(tasks),
        indicators=[],
        status="draft",
        assessment={"ha_tang": {"issues": "Mạng yếu"}},
        projects=copy.deepcopy(projects),
    )

    plan = save_plan(
        status="draft",
        assessment={"ha_tang": {"issues": "Mạng yếu"}},
        tasks=tasks,
        values=[],
        projects=projects,
        data=ReportInput(
            tasks={
                # The description None before, "" now: shown alike, so no change.
                1: TaskInput(status="done", completed_on=dt.date(2026, 1, 20)),
                # The same description once its form feed is a space: no change.
                2: TaskInput(status="in_progress", description="Kết quả\x0c2"),
            },
            projects={
                1: ProjectInput(
                    status="Đang thực hiện", budget_planned="1.500", budget_disbursed="250"
                )
            },
            assessment={"ha_tang": {"issues": "Mạng yếu", "proposals": ""}},
        ),
    )

    assert plan.changes == [c.as_dict() for c in snapshot_diff(before, plan.after)]
    assert [(c["key"], c["field"], c["old"], c["new"]) for c in plan.changes] == [
        ("1", "completed_on", "2026-01-15", "2026-01-20"),
        ("2", "status", "", "in_progress"),
        ("1", "status", "", "in_progress"),
        ("1", "budget_disbursed", "200.5", "250"),
    ]
