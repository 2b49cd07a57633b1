"""The report's states, the moves between them, who may make each, and lateness."""

import datetime as dt

import pytest

from dxtrack.accounts.access import Action
from dxtrack.reporting import workflow
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.workflow import (
    APPROVED,
    DRAFT,
    RETURNED,
    SUBMITTED,
    ReportVerdict,
    days_late,
    is_editable,
    is_sent,
    is_waiting,
    report_lateness,
    transition_allowed,
    transitions_from,
)

D = dt.date


def test_the_models_states_are_the_workflows():
    assert dict(AgencyReport.Status.choices) == workflow.STATE_LABELS


# Every (state, move) pair: the whole table, so a new move or state shows up here.
@pytest.mark.parametrize(
    "status, move, allowed",
    [
        (DRAFT, "submit", True),
        (DRAFT, "return", False),
        (DRAFT, "approve", False),
        (SUBMITTED, "submit", False),
        (SUBMITTED, "return", True),
        (SUBMITTED, "approve", True),
        (RETURNED, "submit", True),
        (RETURNED, "return", False),
        (RETURNED, "approve", False),
        (APPROVED, "submit", False),
        (APPROVED, "return", False),
        (APPROVED, "approve", False),
        (DRAFT, "reopen", False),  # no such move
    ],
)
def test_transition_table(status, move, allowed):
    assert transition_allowed(status=status, name=move) is allowed
    assert (move in [t.name for t in transitions_from(status)]) is allowed


@pytest.mark.parametrize(
    "move, target, permission",
    [
        ("submit", SUBMITTED, Action.REPORT_SUBMIT),
        ("return", RETURNED, Action.REPORT_REVIEW),
        ("approve", APPROVED, Action.REPORT_REVIEW),
    ],
)
def test_each_move_names_its_target_and_who_may_make_it(move, target, permission):
    transition = workflow.TRANSITIONS[move]
    assert transition.target == target
    assert Action(transition.permission) is permission
    assert Action(workflow.EDIT_PERMISSION) is Action.REPORT_EDIT


@pytest.mark.parametrize(
    "status, waiting, editable, sent",
    [
        (DRAFT, True, True, False),
        (RETURNED, True, True, False),
        (SUBMITTED, False, False, True),
        (APPROVED, False, False, True),
    ],
)
def test_waiting_editable_and_sent(status, waiting, editable, sent):
    assert (is_waiting(status), is_editable(status), is_sent(status)) == (waiting, editable, sent)
    assert AgencyReport(status=status).editable is editable


@pytest.mark.parametrize(
    "done_on, today, expected",
    [
        (None, D(2026, 11, 29), 0),  # not due yet
        (None, D(2026, 11, 30), 0),  # the due date itself
        (None, D(2026, 12, 3), 3),  # still not sent
        (D(2026, 12, 2), D(2026, 12, 20), 2),  # sent two days late: stays two
        (D(2026, 11, 20), D(2026, 12, 20), 0),  # sent on time
    ],
)
def test_days_late(done_on, today, expected):
    assert days_late(due_on=D(2026, 11, 30), done_on=done_on, today=today) == expected


AS_OF = D(2026, 12, 15)


@pytest.mark.parametrize(
    "status, submitted_on, expected",
    [
        (DRAFT, None, ReportVerdict("missing", 15)),
        (SUBMITTED, D(2026, 11, 28), ReportVerdict("on_time")),
        (SUBMITTED, D(2026, 12, 5), ReportVerdict("late", 5)),
        (APPROVED, D(2026, 12, 2), ReportVerdict("late", 2)),
        # Sent on time, then returned for revision: owed again, late to today.
        (RETURNED, D(2026, 11, 28), ReportVerdict("missing", 15)),
        (DRAFT, D(2026, 11, 28), ReportVerdict("missing", 15)),
    ],
)
def test_report_lateness(status, submitted_on, expected):
    verdict = report_lateness(
        status=status, submitted_on=submitted_on, due_on=D(2026, 11, 30), as_of=AS_OF
    )
    assert verdict == expected


def test_the_consolidation_judges_reports_by_the_workflows_rule():
    from dxtrack.consolidation import evaluation as ev

    assert ev.report_verdict is workflow.report_verdict
    assert ev.ReportVerdict is workflow.ReportVerdict
    assert ReportVerdict("late", 5).label == "Gửi muộn 5 ngày"


# ----------------------------------------------------------------------- a due time of day


def _local(*parts: int) -> dt.datetime:
    # The rule compares the province's wall-clock times; the callers convert to them.
    return dt.datetime(*parts)  # noqa: DTZ001


def test_a_report_due_at_four_is_late_to_the_minute():
    from dxtrack.reporting.workflow import REPORT_LATE, REPORT_ON_TIME, report_verdict

    due = dict(due_on=dt.date(2026, 12, 7), due_time=dt.time(16, 0), as_of=dt.date(2026, 12, 7))
    on_time = report_verdict(
        **due, submitted_on=dt.date(2026, 12, 7), submitted_at=_local(2026, 12, 7, 15, 59)
    )
    late = report_verdict(
        **due, submitted_on=dt.date(2026, 12, 7), submitted_at=_local(2026, 12, 7, 17, 5, 1)
    )

    assert on_time.kind == REPORT_ON_TIME
    assert (late.kind, late.days_late, late.minutes_late) == (REPORT_LATE, 0, 66)
    assert late.label == "Gửi muộn 1 giờ 6 phút"


def test_a_report_not_sent_by_four_is_counted_until_now_and_by_day_after():
    from dxtrack.reporting.workflow import REPORT_MISSING, report_lateness

    verdict = report_lateness(
        status="draft",
        submitted_on=None,
        due_on=dt.date(2026, 12, 7),
        as_of=dt.date(2026, 12, 9),
        due_time=dt.time(16, 0),
        now=_local(2026, 12, 9, 8, 0),
    )

    assert (verdict.kind, verdict.days_late) == (REPORT_MISSING, 2)
    assert verdict.minutes_late == 40 * 60
    assert verdict.label == "Chưa gửi 2 ngày"


def test_a_date_without_a_time_keeps_the_days_rule():
    from dxtrack.reporting.workflow import report_verdict

    verdict = report_verdict(
        due_on=dt.date(2026, 11, 30), submitted_on=dt.date(2026, 11, 30), as_of=dt.date(2026, 12, 1)
    )

    assert (verdict.kind, verdict.minutes_late) == ("on_time", 0)
