"""The status colour of an indicator, a task and an agency report: xanh, vàng, đỏ, xám.

One rule for every page, API, document and export (spec `insight.md`, "Status colours").
It reads the verdicts of `evaluation` and adds only what a colour needs beyond them: how
near a deadline is, whether an extension is pending, whether a milestone has passed, and a
forecast's probability of meeting the target when one exists. No Django imports.

Interpretations the table leaves open (recorded in docs/decisions/0002-status-colours.md):
- A task in progress with more than DUE_SOON_DAYS left is on track: green, as the scorecard
  counts it. It turns yellow when its deadline is DUE_SOON_DAYS away or nearer.
- A recurring task ("Thường xuyên", "Hằng năm") carried out in the period is green.
- "Không thực hiện" is red once the deadline has passed, yellow before.
- An indicator not yet met before its milestone is yellow without a forecast; with one, the
  forecast's probability of meeting the target decides (FORECAST_MET, FORECAST_FAR_SHORT).
"""

from __future__ import annotations

import datetime as dt

from dxtrack.consolidation import evaluation as ev

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
COLOURS = (GREEN, YELLOW, RED, GREY)

COLOUR_LABELS: dict[str, str] = {
    GREEN: "Xanh",
    YELLOW: "Vàng",
    RED: "Đỏ",
    GREY: "Xám",
}

# A deadline this near makes unfinished work "at risk".
DUE_SOON_DAYS = 30
# A forecast at least this likely to meet the target counts as "forecast to be met"...
FORECAST_MET = 0.5
# ...and one below this is "far short".
FORECAST_FAR_SHORT = 0.2

COLOUR_METHOD: dict[str, str] = {
    "indicator": (
        "Chỉ tiêu: xanh khi đạt mục tiêu của mốc (hoặc dự báo đạt, xác suất từ 50%); vàng khi "
        "chưa đạt và chưa đến mốc (hoặc dự báo thiếu, xác suất 20–50%); đỏ khi đã qua mốc mà "
        "chưa đạt (hoặc dự báo thiếu xa, xác suất dưới 20%); xám khi chưa có số liệu hoặc "
        "không đặt mục tiêu cho kỳ."
    ),
    "task": (
        f"Nhiệm vụ: xanh khi hoàn thành đúng hạn hoặc đang thực hiện, còn hơn {DUE_SOON_DAYS} "
        f"ngày đến hạn (nhiệm vụ thường xuyên đang thực hiện trong kỳ); vàng khi còn "
        f"{DUE_SOON_DAYS} ngày trở xuống mà chưa hoàn thành, hoặc đang chờ duyệt gia hạn; đỏ khi "
        "quá hạn chưa hoàn thành, hoàn thành quá hạn, hoặc không thực hiện khi đã đến hạn; xám "
        "khi chưa thực hiện (hoặc chưa báo cáo) và chưa đến gần hạn."
    ),
    "report": (
        "Báo cáo của đơn vị: xanh khi gửi đúng hạn; vàng khi gửi muộn; đỏ khi quá hạn mà chưa "
        "gửi; xám khi chưa gửi và chưa đến hạn."
    ),
}


def indicator_colour(
    *,
    verdict: str,
    milestone_passed: bool,
    probability_met: float | None = None,
) -> str:
    """The colour of an indicator in a period.

    verdict: `evaluation.indicator_verdict` of the value against the milestone's target;
    milestone_passed: the period reaches the end of the milestone judging it (a report on
    2025 for a 2025 target); probability_met: a forecast's probability of meeting the target
    at that milestone, None when there is no forecast.
    """
    if verdict in (ev.NO_TARGET, ev.NO_DATA):
        return GREY
    if verdict == ev.MET:
        return GREEN
    if milestone_passed:
        return RED
    if probability_met is None:
        return YELLOW
    if probability_met >= FORECAST_MET:
        return GREEN
    if probability_met < FORECAST_FAR_SHORT:
        return RED
    return YELLOW


def task_colour(
    *,
    verdict: ev.TaskVerdict | str,
    deadline: dt.date | None,
    as_of: dt.date,
    recurring: bool = False,
    extension_pending: bool = False,
) -> str:
    """The colour of one lead agency's task in a period.

    verdict: `evaluation.task_verdict` (or its kind), judged against `deadline` (an approved
    extension already replaces it) as of `as_of`.
    """
    kind = verdict.kind if isinstance(verdict, ev.TaskVerdict) else verdict
    if kind == ev.ON_TIME:
        return GREEN
    if kind in (ev.DONE_LATE, ev.OVERDUE):
        return RED
    if kind == ev.NOT_ASSIGNED:
        return GREY
    due = deadline is not None and deadline <= as_of
    if kind == ev.NOT_DONE:
        return RED if due else YELLOW
    if kind == ev.NO_REPORT and due and not recurring:
        return RED
    if extension_pending:
        return YELLOW
    soon = deadline is not None and (deadline - as_of).days <= DUE_SOON_DAYS
    if kind == ev.IN_PROGRESS:
        if recurring:
            return GREEN
        return YELLOW if soon else GREEN
    # not started, or not yet reported, before the deadline
    if soon and not recurring:
        return YELLOW
    return GREY


def report_colour(*, verdict: ev.ReportVerdict | str, due_on: dt.date, as_of: dt.date) -> str:
    """The colour of an agency's report for a period: `evaluation.report_verdict` as of
    `as_of`, with a report still owed before its due date grey."""
    kind = verdict.kind if isinstance(verdict, ev.ReportVerdict) else verdict
    if kind == ev.REPORT_ON_TIME:
        return GREEN
    if kind == ev.REPORT_LATE:
        return YELLOW
    return RED if as_of > due_on else GREY
