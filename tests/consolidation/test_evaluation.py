import datetime as dt

import pytest

from dxtrack.consolidation import evaluation as ev
from dxtrack.consolidation.evaluation import (
    ReportVerdict,
    TaskVerdict,
    agency_score,
    indicator_verdict,
    milestone_for_year,
    report_verdict,
    task_verdict,
)


@pytest.mark.parametrize(
    "comparator, target, value, met, percent, expected",
    [
        # ≥ 50% (Tối thiểu 50%, Phấn đấu 50%, a bare "50%")
        (">=", 50, 62.5, None, True, ev.MET),
        (">=", 50, 50, None, True, ev.MET),
        (">=", 50, 49.99, None, True, ev.NOT_MET),
        # ≥ 1.000 doanh nghiệp
        (">=", 1000, 1250, None, False, ev.MET),
        # > 80% (Trên 80%): reaching it is not enough
        (">", 80, 80, None, True, ev.NOT_MET),
        (">", 80, 80.1, None, True, ev.MET),
        # ≤ 15 (Tối đa, Không quá)
        ("<=", 15, 15, None, False, ev.MET),
        ("<=", 15, 16, None, False, ev.NOT_MET),
        # < 5% (Dưới 5%)
        ("<", 5, 5, None, True, ev.NOT_MET),
        ("<", 5, 4.2, None, True, ev.MET),
        # = 87,43% read from "87,43" and from "87.43"
        ("=", 87.43, 87.43, None, True, ev.MET),
        ("=", 87.43, 87.44, None, True, ev.NOT_MET),
        # khoảng 20%: within a tenth either way
        ("approx", 20, 18, None, True, ev.MET),
        ("approx", 20, 22, None, True, ev.MET),
        ("approx", 20, 17.9, None, True, ev.NOT_MET),
        ("approx", 20, 22.1, None, True, ev.NOT_MET),
        # Đạt / Hoàn thành, and X under a milestone year (parsed alike, as "done")
        ("done", None, None, True, False, ev.MET),
        ("done", None, None, False, False, ev.NOT_MET),
        ("done", None, 100, None, True, ev.MET),
        ("done", None, 95, None, True, ev.NOT_MET),
        ("done", None, 3, None, False, ev.NO_DATA),
        ("done", None, None, None, False, ev.NO_DATA),
        # A numeric target answered "Đạt" / "Không đạt": the agency's own assessment
        (">=", 50, None, True, True, ev.MET),
        (">=", 50, None, False, True, ev.NOT_MET),
        # No data
        (">=", 50, None, None, True, ev.NO_DATA),
        # No target: a dash, nothing written, or a target nobody could read
        (None, None, 62.5, None, True, ev.NO_TARGET),
        ("", None, 62.5, None, True, ev.NO_TARGET),
        (">=", None, 62.5, None, True, ev.NO_TARGET),
        ("unknown", 50, 62.5, None, True, ev.NO_TARGET),
    ],
)
def test_indicator_verdict(comparator, target, value, met, percent, expected):
    verdict = indicator_verdict(
        comparator=comparator, target=target, value=value, met=met, percent=percent
    )

    assert verdict == expected


def test_every_indicator_verdict_has_a_vietnamese_label():
    assert ev.INDICATOR_VERDICT_LABELS == {
        "met": "Đạt",
        "not_met": "Chưa đạt",
        "no_data": "Chưa có số liệu",
        "no_target": "Không đặt mục tiêu",
    }


@pytest.mark.parametrize(
    "milestones, year, expected",
    [
        ([(2026, 2027), (2028, 2030)], 2026, 0),
        ([(2026, 2027), (2028, 2030)], 2029, 1),
        # 2025 and 2030 only: a 2027 report works towards 2030.
        ([(2025, 2025), (2030, 2030), (2035, 2035)], 2027, 1),
        ([(2025, 2025)], 2025, 0),
        # X under 2028 (to be achieved by 2028): a 2026 report is measured against it, and
        # "Chưa đạt" then reads "not achieved yet".
        ([(2028, 2028)], 2026, 0),
        ([(2025, 2025)], 2026, None),
        ([(None, None)], 2026, None),
        ([], 2026, None),
    ],
)
def test_milestone_for_year(milestones, year, expected):
    assert milestone_for_year(milestones, year=year) == expected


D = dt.date
DUE = D(2026, 6, 30)
AS_OF = D(2026, 12, 15)
PERIOD_END = D(2026, 12, 31)


@pytest.mark.parametrize(
    "status, deadline, completed_on, as_of, recurring, expected",
    [
        # Done by the deadline, on the day, or with no date given.
        ("done", DUE, D(2026, 6, 20), AS_OF, False, TaskVerdict(ev.ON_TIME)),
        ("done", DUE, DUE, AS_OF, False, TaskVerdict(ev.ON_TIME)),
        ("done", DUE, None, AS_OF, False, TaskVerdict(ev.ON_TIME)),
        ("done", None, D(2026, 6, 20), AS_OF, False, TaskVerdict(ev.ON_TIME)),
        # Done after the deadline: late by the days between, whatever status was chosen.
        ("done", DUE, D(2026, 8, 15), AS_OF, False, TaskVerdict(ev.DONE_LATE, 46)),
        ("done_late", DUE, D(2026, 7, 1), AS_OF, False, TaskVerdict(ev.DONE_LATE, 1)),
        ("done_late", DUE, None, AS_OF, False, TaskVerdict(ev.DONE_LATE, 0)),
        # In progress: fine until the deadline, then overdue by the days to as_of.
        ("in_progress", PERIOD_END, None, AS_OF, False, TaskVerdict(ev.IN_PROGRESS)),
        ("in_progress", AS_OF, None, AS_OF, False, TaskVerdict(ev.IN_PROGRESS)),
        ("in_progress", D(2026, 9, 30), None, AS_OF, False, TaskVerdict(ev.OVERDUE, 76)),
        ("in_progress", None, None, AS_OF, False, TaskVerdict(ev.IN_PROGRESS)),
        # Not started: fine until the deadline, then overdue.
        ("not_started", PERIOD_END, None, AS_OF, False, TaskVerdict(ev.NOT_STARTED)),
        ("not_started", D(2025, 12, 31), None, AS_OF, False, TaskVerdict(ev.OVERDUE, 349)),
        ("not_done", DUE, None, AS_OF, False, TaskVerdict(ev.NOT_DONE)),
        ("", DUE, None, AS_OF, False, TaskVerdict(ev.NO_REPORT)),
    ],
)
def test_task_verdict(status, deadline, completed_on, as_of, recurring, expected):
    verdict = task_verdict(
        status=status,
        deadline=deadline,
        completed_on=completed_on,
        as_of=as_of,
        recurring=recurring,
    )

    assert verdict == expected


Q3_END = D(2026, 9, 30)


@pytest.mark.parametrize(
    "status, completed_on, as_of, expected",
    [
        # A continuous task (Thường xuyên) judged per quarter: the quarter's end is its deadline.
        ("done", D(2026, 9, 25), D(2026, 10, 5), TaskVerdict(ev.ON_TIME)),
        ("done", D(2026, 10, 3), D(2026, 10, 5), TaskVerdict(ev.DONE_LATE, 3)),
        # Carrying it out is its normal state, never late.
        ("in_progress", None, D(2026, 10, 20), TaskVerdict(ev.IN_PROGRESS)),
        ("not_started", None, D(2026, 9, 1), TaskVerdict(ev.NOT_STARTED)),
        ("not_started", None, D(2026, 10, 10), TaskVerdict(ev.OVERDUE, 10)),
    ],
)
def test_recurring_task_is_judged_per_period(status, completed_on, as_of, expected):
    verdict = task_verdict(
        status=status,
        # The task's own timeframe (2026 - 2030) does not apply to a recurring task.
        deadline=D(2030, 12, 31),
        completed_on=completed_on,
        as_of=as_of,
        recurring=True,
        period_end=Q3_END,
    )

    assert verdict == expected


def test_task_verdict_labels_say_how_late():
    assert TaskVerdict(ev.OVERDUE, 76).label == "Quá hạn, chưa hoàn thành 76 ngày"
    assert TaskVerdict(ev.DONE_LATE, 0).label == "Hoàn thành quá hạn"
    assert TaskVerdict(ev.ON_TIME).label == "Hoàn thành đúng hạn"
    assert set(ev.TASK_VERDICT_LABELS) == set(ev.TASK_VERDICTS)


@pytest.mark.parametrize(
    "submitted_on, as_of, expected",
    [
        (D(2026, 11, 25), AS_OF, ReportVerdict(ev.REPORT_ON_TIME)),
        (D(2026, 11, 30), AS_OF, ReportVerdict(ev.REPORT_ON_TIME)),
        (D(2026, 12, 5), AS_OF, ReportVerdict(ev.REPORT_LATE, 5)),
        (None, AS_OF, ReportVerdict(ev.REPORT_MISSING, 15)),
        (None, D(2026, 11, 20), ReportVerdict(ev.REPORT_MISSING, 0)),
    ],
)
def test_report_verdict(submitted_on, as_of, expected):
    verdict = report_verdict(due_on=D(2026, 11, 30), submitted_on=submitted_on, as_of=as_of)

    assert verdict == expected


@pytest.mark.parametrize(
    "counts, report, expected",
    [
        ({ev.ON_TIME: 4}, ReportVerdict(ev.REPORT_ON_TIME), 100.0),
        ({ev.ON_TIME: 1, ev.DONE_LATE: 2}, ReportVerdict(ev.REPORT_ON_TIME), 76.7),
        ({ev.OVERDUE: 1, ev.IN_PROGRESS: 2}, ReportVerdict(ev.REPORT_LATE, 5), 71.7),
        ({ev.OVERDUE: 2}, ReportVerdict(ev.REPORT_LATE, 45), 0.0),
        ({ev.NOT_DONE: 1, ev.NO_REPORT: 1}, ReportVerdict(ev.REPORT_MISSING, 15), 0.0),
        ({}, ReportVerdict(ev.REPORT_LATE, 15), 50.0),
    ],
)
def test_agency_score(counts, report, expected):
    assert (
        agency_score(verdict_counts=counts, report=report, weights=ev.DEFAULT_SCORE_WEIGHTS)
        == expected
    )


@pytest.mark.parametrize(
    "weights, counts, report, expected",
    [
        # Half the tasks on track, report 5 days late with 10 days' grace.
        (
            ev.ScoreWeights(50, 50, 10),
            {ev.ON_TIME: 1, ev.OVERDUE: 1},
            ReportVerdict(ev.REPORT_LATE, 5),
            50.0,
        ),
        (ev.ScoreWeights(100, 0, 30), {ev.DONE_LATE: 1}, ReportVerdict(ev.REPORT_MISSING, 9), 50.0),
        # No task: the report alone, scaled to 100, whatever the weights.
        (ev.ScoreWeights(90, 10, 20), {}, ReportVerdict(ev.REPORT_LATE, 5), 75.0),
    ],
)
def test_agency_score_uses_the_weights_it_is_given(weights, counts, report, expected):
    assert agency_score(verdict_counts=counts, report=report, weights=weights) == expected


def test_the_explanation_is_written_from_the_weights():
    method = ev.score_method(ev.ScoreWeights(60, 40, 30))

    assert method.startswith("Điểm tối đa 100: 60 điểm theo tỷ lệ nhiệm vụ chủ trì")
    assert "40 điểm cho việc gửi báo cáo đúng hạn (gửi muộn trừ 1,33 điểm mỗi ngày" in method
    assert "quá 30 ngày hoặc chưa gửi không được điểm" in method
