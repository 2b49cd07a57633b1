"""The life of an agency's report: its states, the moves between them and who may make
each, and when a report counts as late. No Django imports.

    draft ──submit──▶ submitted ──approve──▶ approved (final)
                        │    ▲
                  return│    │submit
                        ▼    │
                       returned

The agency edits its report while it is *waiting* (a draft, or returned for revision) and
sends it; the standing body returns it with a comment or approves it, which is final. The
services (`report_services.py`) move a report only through `TRANSITIONS`, the pages and the
API ask `is_editable`/`is_sent`, and every count of late reports (the period's progress, the
consolidation, the reminders) reads `report_lateness`, so none of them can disagree about
what a state means.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The values stored in AgencyReport.status (the model's TextChoices are built from these).
DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"

STATE_LABELS: dict[str, str] = {
    DRAFT: "Đang soạn",
    SUBMITTED: "Đã gửi",
    RETURNED: "Trả lại để bổ sung",
    APPROVED: "Đã duyệt",
}

# Owed by the agency: it may edit it, it is reminded, and it is late once past the due date
# (a report sent back for revision is owed again).
WAITING: frozenset[str] = frozenset({DRAFT, RETURNED})
# In the standing body's hands or accepted.
SENT: frozenset[str] = frozenset({SUBMITTED, APPROVED})

# The access actions (accounts.access.Action values) behind each move.
EDIT_PERMISSION = "report.edit"
SUBMIT_PERMISSION = "report.submit"
REVIEW_PERMISSION = "report.review"


@dataclass(frozen=True)
class Transition:
    """One move of a report: `name` is also the version's action and the audit's
    "report.<name>"; `verb` completes "Không thể … báo cáo"."""

    name: str
    verb: str
    sources: frozenset[str]
    target: str
    permission: str


SUBMIT = Transition("submit", "gửi", WAITING, SUBMITTED, SUBMIT_PERMISSION)
RETURN = Transition("return", "trả lại", frozenset({SUBMITTED}), RETURNED, REVIEW_PERMISSION)
APPROVE = Transition("approve", "duyệt", frozenset({SUBMITTED}), APPROVED, REVIEW_PERMISSION)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in (SUBMIT, RETURN, APPROVE)}


def is_waiting(status: str) -> bool:
    return status in WAITING


def is_sent(status: str) -> bool:
    return status in SENT


def is_editable(status: str) -> bool:
    """May the agency change the report's content and evidence? Only while it is owed."""
    return status in WAITING


def transition_allowed(*, status: str, name: str) -> bool:
    """May a report in `status` make the move `name` ("submit", "return", "approve")?"""
    transition = TRANSITIONS.get(name)
    return transition is not None and status in transition.sources


def transitions_from(status: str) -> list[Transition]:
    """The moves a report in `status` may make, in the table's order."""
    return [t for t in TRANSITIONS.values() if status in t.sources]


# ----------------------------------------------------------------------- lateness

REPORT_ON_TIME, REPORT_LATE, REPORT_MISSING = "on_time", "late", "missing"

REPORT_VERDICT_LABELS: dict[str, str] = {
    REPORT_ON_TIME: "Gửi đúng hạn",
    REPORT_LATE: "Gửi muộn",
    REPORT_MISSING: "Chưa gửi",
}


@dataclass(frozen=True)
class ReportVerdict:
    kind: str
    days_late: int = 0

    @property
    def label(self) -> str:
        if self.days_late:
            return f"{REPORT_VERDICT_LABELS[self.kind]} {self.days_late} ngày"
        return REPORT_VERDICT_LABELS[self.kind]


def days_late(*, due_on: dt.date, done_on: dt.date | None, today: dt.date) -> int:
    """Days past `due_on`: until `done_on` when done, until `today` while not done."""
    return max(0, ((done_on or today) - due_on).days)


def report_verdict(
    *, due_on: dt.date, submitted_on: dt.date | None, as_of: dt.date
) -> ReportVerdict:
    """A report sent by its due date is on time; one not sent is counted late to `as_of`."""
    late = days_late(due_on=due_on, done_on=submitted_on, today=as_of)
    if submitted_on is None:
        return ReportVerdict(REPORT_MISSING, late)
    return ReportVerdict(REPORT_LATE, late) if late > 0 else ReportVerdict(REPORT_ON_TIME)


def report_lateness(
    *, status: str, submitted_on: dt.date | None, due_on: dt.date, as_of: dt.date
) -> ReportVerdict:
    """The verdict on a report in `status`, last sent on `submitted_on` (local date): a
    report waiting (draft, or returned for revision) is not sent, whatever it was before."""
    sent_on = None if is_waiting(status) else submitted_on
    return report_verdict(due_on=due_on, submitted_on=sent_on, as_of=as_of)
