import datetime as dt

import pytest

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.task_rollup import task_rollup
from dxtrack.consolidation.verdict_queries import task_verdict_counts

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _rollup(period, as_of):
    return task_rollup(
        period=period,
        plans=list(period.plans.order_by("issued_on", "pk")),
        grouped=task_verdict_counts(period=period, as_of=as_of),
    )


def _verdicts(tally):
    return {kind: n for kind, n in tally.by_verdict.items() if n}


def test_the_province_total_counts_each_lead_agencys_task_once(year):
    result = _rollup(year.period, AS_OF)

    assert result.total.total == 11
    assert _verdicts(result.total) == {
        ev.ON_TIME: 2,
        ev.DONE_LATE: 2,
        ev.OVERDUE: 2,
        ev.IN_PROGRESS: 2,
        ev.NOT_STARTED: 1,
        ev.NOT_DONE: 1,
        ev.NO_REPORT: 1,
    }
    assert result.total.on_time_share == 18.2
    assert result.total.done_share == 36.4
    assert result.total.by_status["done"] == 3
    assert result.total.by_status[""] == 1


def test_plans_and_their_top_level_headings(year):
    result = _rollup(year.period, AS_OF)

    old, new = result.plans  # oldest plan first
    assert old.plan == year.plans.old and new.plan == year.plans.new
    assert (new.tally.total, new.task_count) == (9, 8)  # the recurring task has two leads
    assert (old.tally.total, old.tally.overdue, old.tally.not_done) == (2, 1, 1)
    government, society = new.sections
    # The sub-heading "1. Nền tảng, hệ thống dùng chung" rolls up into "I".
    assert government.section == year.sections.government
    assert _verdicts(government.tally) == {ev.ON_TIME: 2, ev.DONE_LATE: 2, ev.OVERDUE: 1}
    assert government.tally.on_time_share == 40.0
    assert society.section == year.sections.society
    assert _verdicts(society.tally) == {ev.IN_PROGRESS: 2, ev.NOT_STARTED: 1, ev.NO_REPORT: 1}
    assert [s.title for s in old.sections] == ["Nhiệm vụ khác"]


def test_a_later_day_turns_tasks_in_progress_into_overdue(year):
    result = _rollup(year.period, dt.date(2027, 1, 5))

    # T4 (due 31/12) is now overdue; the recurring task in progress never is, but the one
    # not started is once the period is over.
    assert result.total.overdue == 4
    assert result.total.in_progress == 1
