import datetime as dt
import itertools
from collections import Counter

import pytest

from dxtrack.consolidation.task_rows import period_task_rows
from dxtrack.consolidation.verdict_queries import task_deadline_expression, task_verdict_counts
from dxtrack.plans.models import Task
from dxtrack.reporting.deadlines import task_deadline
from dxtrack.reporting.models import AgencyReport, ExtensionRequest, ReportingPeriod, TaskUpdate
from dxtrack.reporting.selectors import task_deadlines
from factories import AgencyFactory, PlanFactory

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


STATUSES = ["", "done", "done_late", "in_progress", "not_started", "not_done"]
DEADLINES = [None, dt.date(2025, 12, 31), dt.date(2026, 6, 30), AS_OF, dt.date(2026, 12, 31)]
COMPLETED = [None, dt.date(2026, 6, 20), dt.date(2026, 6, 30), dt.date(2026, 8, 15)]


def _year_2026() -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        name="Báo cáo năm 2026",
        kind=ReportingPeriod.Kind.YEARLY,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        due_on=dt.date(2026, 11, 30),
    )


def test_the_sql_verdict_agrees_with_the_evaluation_rules_on_every_case(db):
    """The consolidation counts with a CASE expression; it must judge as task_verdict does."""
    plan = PlanFactory()
    agency = AgencyFactory(name="Sở Tư pháp")
    period = _year_2026()
    period.plans.set([plan])
    report = AgencyReport.objects.create(period=period, agency=agency)
    cases = list(itertools.product(STATUSES, DEADLINES, COMPLETED, ["", "continuous"]))
    tasks = Task.objects.bulk_create(
        Task(plan=plan, name=f"Nhiệm vụ {n}", ends_on=deadline, recurrence=recurrence, position=n)
        for n, (_status, deadline, _done, recurrence) in enumerate(cases)
    )
    TaskUpdate.objects.bulk_create(
        TaskUpdate(report=report, task=task, role="lead", status=status, completed_on=done)
        for task, (status, _deadline, done, _recurrence) in zip(tasks, cases, strict=True)
    )
    # Every third dated task had its deadline moved by an approved extension.
    ExtensionRequest.objects.bulk_create(
        ExtensionRequest(
            task=task,
            agency=agency,
            kind=ExtensionRequest.Kind.EXTEND,
            reason="Chờ hướng dẫn",
            original_end=task.ends_on,
            proposed_end=task.ends_on + dt.timedelta(days=60),
            status=ExtensionRequest.Status.APPROVED,
        )
        for task in tasks[::3]
        if task.ends_on
    )

    rows = period_task_rows(period=period, as_of=AS_OF)

    assert len(rows) == len(cases)
    disagreements = [
        (row.task.name, row.update.verdict, row.verdict.kind)
        for row in rows
        if row.update.verdict != row.verdict.kind
    ]
    assert disagreements == []
    assert sum(row.extended for row in rows) > 10
    # The grouped count (rows with and without extensions apart) gives the same verdicts.
    counted = Counter()
    for (_plan, _section, _agency, status, verdict), n in task_verdict_counts(
        period=period, as_of=AS_OF
    ).items():
        counted[(status, verdict)] += n
    assert counted == Counter((row.update.status, row.verdict.kind) for row in rows)


def test_the_sql_deadline_is_the_deadline_rule_on_every_case(db):
    """task_deadline_expression must give what reporting.deadlines.task_deadline gives:
    several extensions (the latest counts), refused and pending ones and another agency's
    (ignored), an adjustment (not a deadline), recurring tasks, tasks without a date."""
    plan = PlanFactory()
    agency, other = AgencyFactory(name="Sở Tư pháp"), AgencyFactory(name="Sở Nội vụ")
    period = _year_2026()
    report = AgencyReport.objects.create(period=period, agency=agency)
    approved, refused, pending = (
        ExtensionRequest.Status.APPROVED,
        ExtensionRequest.Status.REFUSED,
        ExtensionRequest.Status.PENDING,
    )
    extend, adjust = ExtensionRequest.Kind.EXTEND, ExtensionRequest.Kind.ADJUST
    # (plan's deadline, recurrence, [(agency, kind, status, new deadline)])
    cases = [
        (dt.date(2026, 6, 30), "", []),
        (None, "", []),
        (dt.date(2026, 6, 30), "", [(agency, extend, approved, dt.date(2026, 9, 30))]),
        (
            dt.date(2026, 6, 30),
            "",
            [
                (agency, extend, approved, dt.date(2026, 8, 31)),
                (agency, extend, approved, dt.date(2026, 10, 31)),
                (agency, extend, refused, dt.date(2027, 3, 31)),
            ],
        ),
        (dt.date(2026, 6, 30), "", [(agency, extend, pending, dt.date(2026, 9, 30))]),
        (dt.date(2026, 6, 30), "", [(other, extend, approved, dt.date(2026, 9, 30))]),
        (dt.date(2026, 6, 30), "", [(agency, adjust, approved, None)]),
        (None, "", [(agency, extend, approved, dt.date(2026, 9, 30))]),
        (dt.date(2030, 12, 31), "yearly", []),
        (dt.date(2030, 12, 31), "yearly", [(agency, extend, approved, dt.date(2031, 6, 30))]),
        (None, "continuous", []),
    ]
    expected = {}
    for n, (ends_on, recurrence, extensions) in enumerate(cases):
        task = Task.objects.create(
            plan=plan, name=f"Nhiệm vụ {n}", ends_on=ends_on, recurrence=recurrence, position=n
        )
        update = TaskUpdate.objects.create(report=report, task=task, role="lead")
        for by, kind, status, new_end in extensions:
            ExtensionRequest.objects.create(
                task=task,
                agency=by,
                kind=kind,
                reason="Chờ hướng dẫn",
                original_end=ends_on,
                proposed_end=new_end,
                proposed_content="Điều chỉnh" if kind == adjust else "",
                status=status,
            )
        in_force = task_deadlines(agency_id=agency.pk, task_ids=[task.pk]).get(task.pk)
        expected[update.pk] = task_deadline(
            ends_on=ends_on,
            extended_to=in_force,
            recurring=bool(recurrence),
            period_end=period.ends_on,
        )

    found = dict(
        TaskUpdate.objects.filter(report=report)
        .annotate(deadline=task_deadline_expression(period=period))
        .values_list("pk", "deadline")
    )

    assert found == expected
    end = dt.date(2026, 12, 31)
    assert [found[pk] for pk in sorted(found)] == [
        *(dt.date(2026, 6, 30), None, dt.date(2026, 9, 30), dt.date(2026, 10, 31)),
        *(dt.date(2026, 6, 30), dt.date(2026, 6, 30), dt.date(2026, 6, 30)),
        *(dt.date(2026, 9, 30), end, end, end),
    ]
