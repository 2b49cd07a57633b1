"""The task risk rules, one row per situation."""

import datetime as dt

import pytest

from dxtrack.forecasting.task_risk import (
    HIGH,
    LOW,
    MEDIUM,
    NONE,
    TaskSituation,
    task_risk,
)

AS_OF = dt.date(2026, 11, 15)


def situation(**changes) -> TaskSituation:
    base = {
        "status": "in_progress",
        "as_of": AS_OF,
        "deadline": dt.date(2027, 6, 30),
        "progress_described": True,
    }
    return TaskSituation(**(base | changes))


@pytest.mark.parametrize(
    "changes, level, reasons",
    [
        # Far from its deadline, progressing: no risk.
        ({}, NONE, []),
        ({"status": "done"}, NONE, []),
        ({"status": "done_late", "deadline": dt.date(2026, 1, 1)}, NONE, []),
        (
            {"deadline": dt.date(2026, 10, 31)},
            HIGH,
            ["Đã quá hạn 15 ngày (hạn 31/10/2026) mà chưa hoàn thành"],
        ),
        (
            {"status": "not_done"},
            HIGH,
            ["Đơn vị báo cáo “Không thực hiện” nhiệm vụ này"],
        ),
        (
            {"status": "", "deadline": dt.date(2026, 12, 5)},
            HIGH,
            ["Còn 20 ngày đến hạn (05/12/2026) mà chưa báo cáo tiến độ"],
        ),
        (
            # In progress with nothing written about what was done: no progress reported.
            {"progress_described": False, "deadline": dt.date(2026, 12, 5)},
            HIGH,
            ["Còn 20 ngày đến hạn (05/12/2026) mà chưa báo cáo tiến độ"],
        ),
        (
            {"deadline": dt.date(2026, 12, 5)},
            LOW,
            ["Còn 20 ngày đến hạn (05/12/2026)"],
        ),
        (
            {"status": "not_started", "deadline": dt.date(2027, 1, 31)},
            MEDIUM,
            ["Còn 77 ngày đến hạn (31/01/2027) mà chưa triển khai"],
        ),
        (
            {"statuses_before": ("not_started", "in_progress", "in_progress")},
            MEDIUM,
            ["Tình trạng “Đang thực hiện” không đổi qua 3 kỳ báo cáo liên tiếp"],
        ),
        (
            # Changed last period: not stalled.
            {"statuses_before": ("in_progress", "not_started")},
            NONE,
            [],
        ),
        (
            {"agency_late": 3, "agency_judged": 8},
            LOW,
            ["Đơn vị đã trễ hạn 3/8 nhiệm vụ (38%) trong các kỳ trước"],
        ),
        (
            # Too few tasks judged to call it a record.
            {"agency_late": 2, "agency_judged": 2},
            NONE,
            [],
        ),
        (
            {"extension_pending_until": dt.date(2027, 12, 31)},
            LOW,
            ["Đang chờ xem xét đề nghị gia hạn đến 31/12/2027"],
        ),
        (
            {"coordinators_silent": ("Sở Tài chính", "Sở Y tế")},
            LOW,
            ["Cơ quan phối hợp chưa báo cáo: Sở Tài chính, Sở Y tế"],
        ),
        (
            {
                "extension_pending_until": dt.date(2027, 12, 31),
                "coordinators_silent": ("Sở Y tế",),
            },
            MEDIUM,
            [
                "Đang chờ xem xét đề nghị gia hạn đến 31/12/2027",
                "Cơ quan phối hợp chưa báo cáo: Sở Y tế",
            ],
        ),
        (
            # A recurring task has no deadline of its own and carrying on is its normal state.
            {
                "recurring": True,
                "deadline": dt.date(2026, 1, 1),
                "statuses_before": ("in_progress",) * 4,
            },
            NONE,
            [],
        ),
    ],
)
def test_task_risk(changes, level, reasons):
    risk = task_risk(situation(**changes))
    assert risk.level == level
    assert list(risk.reasons) == reasons


def test_the_weightiest_reason_comes_first():
    risk = task_risk(
        situation(
            deadline=dt.date(2026, 10, 1),
            coordinators_silent=("Sở Y tế",),
            statuses_before=("in_progress", "in_progress"),
        )
    )
    assert risk.level == HIGH
    assert risk.points == 6
    assert risk.reasons[0].startswith("Đã quá hạn 45 ngày")
    assert risk.reasons[1].startswith("Tình trạng “Đang thực hiện” không đổi qua 3 kỳ")
    assert risk.reasons[2] == "Cơ quan phối hợp chưa báo cáo: Sở Y tế"
