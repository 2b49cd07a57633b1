"""The evaluation rules: an indicator value against its target, a task against its deadline,
a report against its due date, and the score that ranks agencies.

No Django imports: the web pages, the API and the official documents all judge through these
functions, so a verdict cannot differ from one place to another. The labels are the words of
the province's result tables.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from dxtrack.plans.vn_numbers import format_vn_number

# A report's lateness belongs to its workflow (reporting, which must not import this module);
# the consolidation judges reports by that one rule, named here beside the other verdicts.
from dxtrack.reporting.workflow import REPORT_LATE as REPORT_LATE
from dxtrack.reporting.workflow import REPORT_MISSING as REPORT_MISSING
from dxtrack.reporting.workflow import REPORT_ON_TIME as REPORT_ON_TIME
from dxtrack.reporting.workflow import REPORT_VERDICT_LABELS as REPORT_VERDICT_LABELS
from dxtrack.reporting.workflow import ReportVerdict as ReportVerdict
from dxtrack.reporting.workflow import report_verdict as report_verdict

# ----------------------------------------------------------------------- indicators

MET, NOT_MET, NO_DATA, NO_TARGET = "met", "not_met", "no_data", "no_target"

INDICATOR_VERDICT_LABELS: dict[str, str] = {
    MET: "Đạt",
    NOT_MET: "Chưa đạt",
    NO_DATA: "Chưa có số liệu",
    NO_TARGET: "Không đặt mục tiêu",
}

# "khoảng 20%" is an estimate, not a floor or a ceiling: plans write it where the department
# could only forecast. A value within a tenth of the target either way (18–22% for 20%) is
# what such a forecast means in the province's own assessments; a fixed number of points
# would be too loose for small targets and too strict for large counts, so it is relative.
APPROX_TOLERANCE = 0.10

# Two floats read from "87,43" and "87.43" must compare equal.
_EQUAL_TOLERANCE = 1e-9

COMPARATORS = (">=", ">", "<=", "<", "=", "approx", "done")


def indicator_verdict(
    *,
    comparator: str | None,
    target: float | None,
    value: float | None,
    met: bool | None,
    percent: bool = False,
) -> str:
    """Judge a reported value against the target of the milestone.

    comparator, target: the parsed target (plans.targets.Target); comparator None means the
    milestone has no target (a dash) or none a machine can read. value, met: the reported
    number and the reported "Đạt" / "Không đạt" (reporting.values.ParsedValue); percent:
    whether the indicator is a percentage.

    - "done" targets ("Đạt", "Hoàn thành", "X" under a milestone year): met when the value
      says "Đạt"; a percentage indicator answered with a number is met at 100% or more.
    - Numeric targets compare the number; an answer "Đạt" / "Không đạt" without a number is
      taken as the agency's own assessment against that target.
    - No number and no answer: no data.
    """
    if not comparator or comparator not in COMPARATORS:
        return NO_TARGET
    if comparator == "done":
        if met is not None:
            return MET if met else NOT_MET
        if value is not None and percent:
            return MET if value >= 100 - _EQUAL_TOLERANCE else NOT_MET
        # A count answering "Đạt" ("03 hệ thống" for "Hoàn thành") says nothing about done.
        return NO_DATA
    if target is None:
        return NO_TARGET
    if value is None:
        if met is not None:
            return MET if met else NOT_MET
        return NO_DATA
    return MET if _compare(comparator, value, target) else NOT_MET


def _compare(comparator: str, value: float, target: float) -> bool:
    equal = math.isclose(value, target, rel_tol=_EQUAL_TOLERANCE, abs_tol=_EQUAL_TOLERANCE)
    if comparator == ">=":
        return value > target or equal
    if comparator == ">":
        return value > target and not equal
    if comparator == "<=":
        return value < target or equal
    if comparator == "<":
        return value < target and not equal
    if comparator == "=":
        return equal
    # approx
    return abs(value - target) <= APPROX_TOLERANCE * abs(target) + _EQUAL_TOLERANCE


def milestone_covers(*, year_from: int | None, year_to: int | None, year: int) -> bool:
    """Does a target's milestone apply to a period in `year`? "2026-2027" covers 2026 and
    2027; "2025" covers 2025."""
    low, high = year_from or year_to, year_to or year_from
    if low is None or high is None:
        return False
    return low <= year <= high


def milestone_for_year(milestones: list[tuple[int | None, int | None]], *, year: int) -> int | None:
    """The index of the milestone that judges a period in `year`: the one covering the year,
    else the next one ahead (a 2026 report is judged against the 2030 target when the plan
    sets only 2025 and 2030 — the nearest target still to reach), else None."""
    ahead: tuple[int, int] | None = None
    for index, (year_from, year_to) in enumerate(milestones):
        if milestone_covers(year_from=year_from, year_to=year_to, year=year):
            return index
        start = year_from or year_to
        if start is not None and start > year and (ahead is None or start < ahead[0]):
            ahead = (start, index)
    return ahead[1] if ahead else None


# ----------------------------------------------------------------------- tasks

ON_TIME = "on_time"
DONE_LATE = "done_late"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
NOT_STARTED = "not_started"
NOT_DONE = "not_done"
# The agency says the task is not its function; counted apart, never late, until the
# standing body accepts (the assignment ends) or gives the task to another agency.
NOT_ASSIGNED = "not_assigned"
NO_REPORT = "no_report"

TASK_VERDICTS = (
    ON_TIME,
    DONE_LATE,
    IN_PROGRESS,
    OVERDUE,
    NOT_STARTED,
    NOT_DONE,
    NOT_ASSIGNED,
    NO_REPORT,
)

TASK_VERDICT_LABELS: dict[str, str] = {
    ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    IN_PROGRESS: "Đang thực hiện, trong hạn",
    OVERDUE: "Quá hạn, chưa hoàn thành",
    NOT_STARTED: "Chưa thực hiện",
    NOT_DONE: "Không thực hiện",
    NOT_ASSIGNED: "Không thuộc chức năng, nhiệm vụ",
    NO_REPORT: "Chưa báo cáo",
}

# The status values of reporting.models.TaskStatus (repeated: this module imports no Django).
STATUS_DONE, STATUS_DONE_LATE = "done", "done_late"
STATUS_IN_PROGRESS, STATUS_NOT_STARTED, STATUS_NOT_DONE = "in_progress", "not_started", "not_done"
STATUS_NOT_ASSIGNED = "not_assigned"


@dataclass(frozen=True)
class TaskVerdict:
    kind: str
    days_late: int = 0

    @property
    def label(self) -> str:
        if self.kind in (DONE_LATE, OVERDUE) and self.days_late:
            return f"{TASK_VERDICT_LABELS[self.kind]} {self.days_late} ngày"
        return TASK_VERDICT_LABELS[self.kind]

    @property
    def late(self) -> bool:
        return self.kind in (DONE_LATE, OVERDUE)


def task_verdict(
    *,
    status: str,
    deadline: dt.date | None,
    completed_on: dt.date | None,
    as_of: dt.date,
    recurring: bool,
    period_end: dt.date | None = None,
) -> TaskVerdict:
    """Judge one task update: done by the deadline, done late, in progress, overdue...

    deadline: the task's deadline (an approved extension replaces it). A recurring task
    (Thường xuyên, Hằng năm) is judged per period: its deadline is the period's end, and
    carrying it out ("Đang thực hiện") is its normal state, never late; not started when the
    period is over is overdue. A task completed after its deadline is late whatever status
    the agency chose (the domain's rule), and "Hoàn thành quá hạn" is late even without a
    date. A task with no deadline is never late.
    """
    if recurring and period_end is not None:
        deadline = period_end
    if not status:
        return TaskVerdict(NO_REPORT)
    if status == STATUS_NOT_DONE:
        return TaskVerdict(NOT_DONE)
    if status == STATUS_NOT_ASSIGNED:
        return TaskVerdict(NOT_ASSIGNED)
    if status in (STATUS_DONE, STATUS_DONE_LATE):
        late = _days(deadline, completed_on)
        if late > 0:
            return TaskVerdict(DONE_LATE, late)
        if status == STATUS_DONE_LATE:
            return TaskVerdict(DONE_LATE, 0)
        return TaskVerdict(ON_TIME)
    overdue = _days(deadline, as_of)
    if status == STATUS_IN_PROGRESS:
        if recurring or overdue <= 0:
            return TaskVerdict(IN_PROGRESS)
        return TaskVerdict(OVERDUE, overdue)
    # not started
    if overdue > 0:
        return TaskVerdict(OVERDUE, overdue)
    return TaskVerdict(NOT_STARTED)


def _days(deadline: dt.date | None, day: dt.date | None) -> int:
    if deadline is None or day is None:
        return 0
    return (day - deadline).days


# ----------------------------------------------------------------------- scorecard

# The ranking score, 0–100, out of what an agency controls in a period. The weights are
# the province's to set (consolidation.models.ScoreSettings); the defaults are ours:
#   70 points for its tasks: the share of its tasks on track (done on time, or in progress
#      or not started before the deadline) counts fully, done late counts half; overdue,
#      not done and unreported count nothing;
#   30 points for its report: sent on time 30, sent late loses its points in equal steps
#      over 30 days (one point a day with these weights), not sent 0.
# An agency with no task in the period is judged on its report alone (scaled to 100).
SCORE_TOTAL = 100

_TASK_CREDIT = {ON_TIME: 1.0, IN_PROGRESS: 1.0, NOT_STARTED: 1.0, DONE_LATE: 0.5}


@dataclass(frozen=True)
class ScoreWeights:
    """How the score is made: points for tasks and for the report (they sum to 100), and
    the days after which a late report earns nothing."""

    task_points: int = 70
    report_points: int = 30
    grace_days: int = 30

    def errors(self) -> dict[str, str]:
        """What is wrong with these weights, by field, in Vietnamese; empty when valid."""
        errors = {}
        for name in ("task_points", "report_points"):
            if not 0 <= getattr(self, name) <= SCORE_TOTAL:
                errors[name] = f"Số điểm phải từ 0 đến {SCORE_TOTAL}."
        if not errors and self.task_points + self.report_points != SCORE_TOTAL:
            errors["report_points"] = (
                f"Điểm nhiệm vụ và điểm báo cáo phải cộng lại bằng {SCORE_TOTAL} "
                f"(đang là {self.task_points} + {self.report_points} = "
                f"{self.task_points + self.report_points})."
            )
        if self.grace_days < 1:
            errors["grace_days"] = "Số ngày phải từ 1 trở lên."
        return errors


DEFAULT_SCORE_WEIGHTS = ScoreWeights()


def score_method(weights: ScoreWeights) -> str:
    """The one explanation of the score, in the words pages and documents print, with the
    weights it was computed with."""
    per_day = format_vn_number(round(weights.report_points / weights.grace_days, 2))
    return (
        f"Điểm tối đa {SCORE_TOTAL}: {weights.task_points} điểm theo tỷ lệ nhiệm vụ chủ trì "
        "đúng tiến độ (hoàn thành đúng hạn, hoặc đang thực hiện, chưa đến hạn; hoàn thành quá "
        "hạn được một nửa; quá hạn, không thực hiện, chưa báo cáo không được điểm) và "
        f"{weights.report_points} điểm cho việc gửi báo cáo đúng hạn (gửi muộn trừ {per_day} "
        f"điểm mỗi ngày, quá {weights.grace_days} ngày hoặc chưa gửi không được điểm). Đơn vị "
        "không có nhiệm vụ chủ trì trong kỳ được tính theo việc gửi báo cáo."
    )


def agency_score(
    *, verdict_counts: dict[str, int], report: ReportVerdict, weights: ScoreWeights
) -> float:
    """The ranking score (see `score_method`): higher is better, 0–100."""
    if report.kind == REPORT_ON_TIME:
        report_share = 1.0
    elif report.kind == REPORT_LATE:
        report_share = max(0.0, 1 - report.days_late / weights.grace_days)
    else:
        report_share = 0.0
    # A task the agency says is not its function is the standing body's to settle, not
    # the agency's work: it counts neither for nor against it.
    total = sum(n for kind, n in verdict_counts.items() if kind != NOT_ASSIGNED)
    if not total:
        return round(SCORE_TOTAL * report_share, 1)
    credit = sum(_TASK_CREDIT.get(kind, 0.0) * n for kind, n in verdict_counts.items())
    return round(weights.task_points * credit / total + weights.report_points * report_share, 1)


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, None when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None
