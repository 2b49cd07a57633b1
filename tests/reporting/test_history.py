"""What changed between two snapshots of a report."""

import pytest

from dxtrack.reporting.history import Change, snapshot_diff

BASE = {
    "status": "draft",
    "tasks": {
        "12": {"status": "in_progress", "description": "Đang xây dựng kế hoạch", "evidence": ""},
        "3": {"status": "", "description": ""},
    },
    "indicators": {"4": {"value": "45%", "note": "", "source": "Bộ Công an"}},
    "assessment": {"ha_tang": {"issues": "Lõm sóng ở xã miền núi", "proposals": ""}},
}


def _with(**parts):
    snapshot = {
        key: dict(value) if isinstance(value, dict) else value for key, value in BASE.items()
    }
    snapshot.update(parts)
    return snapshot


@pytest.mark.parametrize(
    "new, expected",
    [
        (BASE, []),
        (
            _with(status="submitted"),
            [Change("report", "", "status", "Trạng thái", "draft", "submitted")],
        ),
        (
            _with(
                tasks={
                    **BASE["tasks"],
                    "12": {**BASE["tasks"]["12"], "status": "done", "completed_on": "2026-10-15"},
                }
            ),
            [
                Change("task", "12", "status", "Tình trạng", "in_progress", "done"),
                Change("task", "12", "completed_on", "Ngày hoàn thành thực tế", "", "2026-10-15"),
            ],
        ),
        (
            _with(indicators={"4": {"value": "52,5%", "note": "", "source": "Bộ Công an"}}),
            [Change("indicator", "4", "value", "Giá trị", "45%", "52,5%")],
        ),
        (
            _with(assessment={}),
            [
                Change(
                    "assessment",
                    "ha_tang",
                    "issues",
                    "Tồn tại, hạn chế",
                    "Lõm sóng ở xã miền núi",
                    "",
                )
            ],
        ),
        (
            # A row that appears (a task added when the period was opened again).
            _with(tasks={**BASE["tasks"], "40": {"status": "not_started"}}),
            [Change("task", "40", "status", "Tình trạng", "", "not_started")],
        ),
    ],
)
def test_snapshot_diff(new, expected):
    assert snapshot_diff(BASE, new) == expected


def test_rows_come_in_numeric_order_and_tasks_first():
    old = {"tasks": {"3": {}, "12": {}}, "indicators": {"1": {}}}
    new = {
        "tasks": {"3": {"proposals": "Bổ sung kinh phí"}, "12": {"difficulties": "Thiếu nhân lực"}},
        "indicators": {"1": {"note": "Ước đạt"}},
    }

    changes = snapshot_diff(old, new)

    assert [(c.kind, c.key, c.field) for c in changes] == [
        ("task", "3", "proposals"),
        ("task", "12", "difficulties"),
        ("indicator", "1", "note"),
    ]


def test_none_and_empty_are_the_same():
    assert (
        snapshot_diff({"tasks": {"1": {"evidence": None}}}, {"tasks": {"1": {"evidence": ""}}})
        == []
    )
    assert snapshot_diff({}, {"status": ""}) == []


def test_a_change_as_a_dict_for_the_api_and_the_audit():
    change = Change("indicator", "4", "value", "Giá trị", "45%", "52,5%")

    assert change.as_dict() == {
        "kind": "indicator",
        "key": "4",
        "field": "value",
        "label": "Giá trị",
        "old": "45%",
        "new": "52,5%",
    }
