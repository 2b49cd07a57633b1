"""The risk that an open task will be late: one rule set, in words a leader can check.

No Django imports. Each rule that applies adds points and one reason; the points give the
level. The rules (docs/decisions/0061-task-risk.md):

| rule | when | points |
|---|---|---|
| overdue | the deadline (an approved extension replaces it) has passed, not completed | 3 |
| not done | the agency reported "Không thực hiện" | 3 |
| due soon, no progress | DUE_SOON_DAYS or fewer left and no progress reported | 3 |
| due soon | DUE_SOON_DAYS or fewer left, some progress reported | 1 |
| not started | DUE_QUARTER_DAYS or fewer left and not started | 2 |
| stalled | the same unfinished status for STALLED_PERIODS periods or more in a row | 2 |
| lateness record | LATE_RECORD_SHARE or more of the agency's tasks late in earlier | 1 |
|  | periods (of at least LATE_RECORD_MIN done or due) |  |
| extension pending | a request to extend the deadline awaits a decision | 1 |
| coordinators silent | a coordinating agency has not reported its part | 1 |

Level: HIGH from 3 points, MEDIUM at 2, LOW at 1, NONE at 0. A recurring task ("Thường
xuyên", "Hằng năm") has no deadline of its own and is never stalled by carrying on: only the
last four rules apply to it. "No progress" is a status of not started or none, or in progress
with nothing written about what was done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dxtrack.plans.vn_numbers import format_vn_number

# The status values of reporting.models.TaskStatus (this module imports no Django).
DONE, DONE_LATE = "done", "done_late"
IN_PROGRESS, NOT_STARTED, NOT_DONE = "in_progress", "not_started", "not_done"
NOT_ASSIGNED = "not_assigned"
STATUS_LABELS = {
    DONE: "Đã hoàn thành",
    DONE_LATE: "Hoàn thành quá hạn",
    IN_PROGRESS: "Đang thực hiện",
    NOT_STARTED: "Chưa thực hiện",
    NOT_DONE: "Không thực hiện",
    NOT_ASSIGNED: "Không thuộc chức năng, nhiệm vụ",
    "": "Chưa báo cáo",
}

# The colour rule's "deadline near" (consolidation/colours.py DUE_SOON_DAYS).
DUE_SOON_DAYS = 30
DUE_QUARTER_DAYS = 90
STALLED_PERIODS = 3
LATE_RECORD_SHARE = 0.3
LATE_RECORD_MIN = 3

HIGH, MEDIUM, LOW, NONE = "high", "medium", "low", "none"
LEVEL_LABELS = {HIGH: "Cao", MEDIUM: "Trung bình", LOW: "Thấp", NONE: "Không"}

RISK_METHOD = (
    "Mức nguy cơ trễ hạn cộng điểm theo các dấu hiệu: đã quá hạn, báo cáo không thực hiện, "
    f"còn {DUE_SOON_DAYS} ngày trở xuống mà chưa có tiến độ (3 điểm mỗi dấu hiệu); còn "
    f"{DUE_QUARTER_DAYS} ngày trở xuống mà chưa triển khai, tình trạng không đổi qua "
    f"{STALLED_PERIODS} kỳ (2 điểm); sắp đến hạn, đơn vị thường trễ hạn, đang chờ duyệt gia "
    "hạn, cơ quan phối hợp chưa báo cáo (1 điểm). Từ 3 điểm: cao; 2 điểm: trung bình; "
    "1 điểm: thấp."
)


@dataclass(frozen=True)
class TaskSituation:
    """What is known about one lead agency's open task as of a day."""

    status: str  # the period's status ("" when not reported)
    as_of: dt.date
    deadline: dt.date | None  # an approved extension already replaces the task's own
    progress_described: bool = False  # something written about what was done
    recurring: bool = False
    statuses_before: tuple[str, ...] = ()  # the agency's status in earlier periods, oldest first
    agency_late: int = 0  # the agency's tasks late in earlier periods...
    agency_judged: int = 0  # ...out of those done or due by then
    extension_pending_until: dt.date | None = None
    coordinators_silent: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskRisk:
    level: str
    points: int
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _no_progress(s: TaskSituation) -> bool:
    return s.status in ("", NOT_STARTED) or (s.status == IN_PROGRESS and not s.progress_described)


def _unchanged_for(s: TaskSituation) -> int:
    """How many periods in a row, this one included, the status has stayed as it is."""
    count = 1
    for status in reversed(s.statuses_before):
        if status != s.status:
            break
        count += 1
    return count


def task_risk(situation: TaskSituation) -> TaskRisk:
    """The risk level of one open task with the reasons that make it, in Vietnamese."""
    s = situation
    if s.status in (DONE, DONE_LATE):
        return TaskRisk(NONE, 0, ())
    found: list[tuple[int, str]] = []
    days_left = (s.deadline - s.as_of).days if s.deadline and not s.recurring else None

    if s.status == NOT_DONE:
        found.append((3, "Đơn vị báo cáo “Không thực hiện” nhiệm vụ này"))
    if s.status == NOT_ASSIGNED:
        # Nobody carries it out until the standing body gives it to someone.
        found.append((2, "Đơn vị báo nhiệm vụ không thuộc chức năng, nhiệm vụ; chờ giao lại"))
    if days_left is not None and s.deadline is not None and s.status != NOT_DONE:
        if days_left < 0:
            found.append(
                (3, f"Đã quá hạn {-days_left} ngày (hạn {_day(s.deadline)}) mà chưa hoàn thành")
            )
        elif days_left <= DUE_SOON_DAYS and _no_progress(s):
            found.append(
                (3, f"Còn {days_left} ngày đến hạn ({_day(s.deadline)}) mà chưa báo cáo tiến độ")
            )
        elif days_left <= DUE_SOON_DAYS:
            found.append((1, f"Còn {days_left} ngày đến hạn ({_day(s.deadline)})"))
        elif days_left <= DUE_QUARTER_DAYS and s.status in ("", NOT_STARTED):
            found.append(
                (2, f"Còn {days_left} ngày đến hạn ({_day(s.deadline)}) mà chưa triển khai")
            )
    if not s.recurring and s.status in (IN_PROGRESS, NOT_STARTED):
        unchanged = _unchanged_for(s)
        if unchanged >= STALLED_PERIODS:
            found.append(
                (
                    2,
                    f"Tình trạng “{STATUS_LABELS[s.status]}” không đổi qua {unchanged} kỳ "
                    "báo cáo liên tiếp",
                )
            )
    if s.agency_judged >= LATE_RECORD_MIN and s.agency_late / s.agency_judged >= LATE_RECORD_SHARE:
        share = format_vn_number(100 * s.agency_late / s.agency_judged, 0)
        found.append(
            (
                1,
                f"Đơn vị đã trễ hạn {s.agency_late}/{s.agency_judged} nhiệm vụ ({share}%) "
                "trong các kỳ trước",
            )
        )
    if s.extension_pending_until is not None:
        found.append((1, f"Đang chờ xem xét đề nghị gia hạn đến {_day(s.extension_pending_until)}"))
    if s.coordinators_silent:
        found.append((1, "Cơ quan phối hợp chưa báo cáo: " + ", ".join(s.coordinators_silent)))

    points = sum(p for p, _ in found)
    level = HIGH if points >= 3 else MEDIUM if points == 2 else LOW if points == 1 else NONE
    # The weightiest reasons first.
    reasons = tuple(reason for _, reason in sorted(found, key=lambda f: -f[0]))
    return TaskRisk(level, points, reasons)
