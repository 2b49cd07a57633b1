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
    # Set when the deadline has a time of day ("trước 16 giờ"): lateness to the minute.
    minutes_late: int = 0

    @property
    def label(self) -> str:
        if self.days_late:
            return f"{REPORT_VERDICT_LABELS[self.kind]} {self.days_late} ngày"
        if self.minutes_late:
            return f"{REPORT_VERDICT_LABELS[self.kind]} {_duration_label(self.minutes_late)}"
        return REPORT_VERDICT_LABELS[self.kind]


def _duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} giờ {rest} phút"
    return f"{hours} giờ" if hours else f"{rest} phút"


def days_late(*, due_on: dt.date, done_on: dt.date | None, today: dt.date) -> int:
    """Days past `due_on`: until `done_on` when done, until `today` while not done."""
    return max(0, ((done_on or today) - due_on).days)


def minutes_late(*, due_at: dt.datetime, done_at: dt.datetime | None, now: dt.datetime) -> int:
    """Whole minutes started past `due_at` (a minute and a second late is two minutes):
    until `done_at` when done, until `now` while not. Both in the same (local) time."""
    seconds = ((done_at or now) - due_at).total_seconds()
    return max(0, -int(-seconds // 60))


def report_verdict(
    *,
    due_on: dt.date,
    submitted_on: dt.date | None,
    as_of: dt.date,
    due_time: dt.time | None = None,
    submitted_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> ReportVerdict:
    """A report sent by its due date is on time; one not sent is counted late to `as_of`.

    When the deadline has a time of day (`due_time`, local), the report is judged to the
    minute: `submitted_at` and `now` are local naive date-times (`now` defaults to the end
    of `as_of`); days late then count the calendar days past `due_on`.
    """
    if due_time is None:
        late = days_late(due_on=due_on, done_on=submitted_on, today=as_of)
        if submitted_on is None:
            return ReportVerdict(REPORT_MISSING, late)
        return ReportVerdict(REPORT_LATE, late) if late > 0 else ReportVerdict(REPORT_ON_TIME)
    due_at = dt.datetime.combine(due_on, due_time)
    now = now or dt.datetime.combine(as_of, dt.time.max)
    sent_at = submitted_at
    if sent_at is None and submitted_on is not None:
        sent_at = dt.datetime.combine(submitted_on, dt.time.max)
    minutes = minutes_late(due_at=due_at, done_at=sent_at, now=now)
    days = days_late(due_on=due_on, done_on=(sent_at or now).date(), today=as_of) if minutes else 0
    if sent_at is None:
        return ReportVerdict(REPORT_MISSING, days, minutes)
    if minutes:
        return ReportVerdict(REPORT_LATE, days, minutes)
    return ReportVerdict(REPORT_ON_TIME)


def report_lateness(
    *,
    status: str,
    submitted_on: dt.date | None,
    due_on: dt.date,
    as_of: dt.date,
    due_time: dt.time | None = None,
    submitted_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> ReportVerdict:
    """The verdict on a report in `status`, last sent on `submitted_on` (local date; at
    `submitted_at`, local, when the deadline has a time): a report waiting (draft, or
    returned for revision) is not sent, whatever it was before."""
    waiting = is_waiting(status)
    return report_verdict(
        due_on=due_on,
        submitted_on=None if waiting else submitted_on,
        as_of=as_of,
        due_time=due_time,
        submitted_at=None if waiting else submitted_at,
        now=now,
    )
