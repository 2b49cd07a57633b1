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
