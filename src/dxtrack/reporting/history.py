"""A report's content as a plain snapshot, and what changed between two snapshots.

No Django imports: the history page, the conflict message (409) and the audit trail
all describe changes with `snapshot_diff`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

TASK_FIELDS = {
    "status": "Tình trạng",
    "description": "Kết quả thực hiện",
    "evidence": "Văn bản, minh chứng",
    "completed_on": "Ngày hoàn thành thực tế",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị",
    "evaluation": "Đánh giá của Cơ quan Thường trực",
}
PROJECT_FIELDS = {
    "status": "Tình trạng",
    "description": "Kết quả triển khai",
    "budget_planned": "Kinh phí kế hoạch",
    "budget_disbursed": "Kinh phí đã giải ngân",
}
INDICATOR_FIELDS = {"value": "Giá trị", "note": "Ghi chú", "source": "Nguồn số liệu"}
ASSESSMENT_FIELDS = {"issues": "Tồn tại, hạn chế", "proposals": "Đề xuất, kiến nghị"}


@dataclass(frozen=True)
class Change:
    kind: str  # "task", "indicator", "project", "assessment", "report"
    key: str  # task or indicator id, topic key; "" for the report
    field: str
    label: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "field": self.field,
            "label": self.label,
            "old": self.old,
            "new": self.new,
        }


def _rows_diff(
    kind: str, old: dict[str, dict], new: dict[str, dict], fields: dict[str, str]
) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new), key=lambda k: (len(k), k)):
        before, after = old.get(key, {}), new.get(key, {})
        for field, label in fields.items():
            a, b = before.get(field) or "", after.get(field) or ""
            if a != b:
                changes.append(Change(kind, key, field, label, a, b))
    return changes


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every field whose value differs between two snapshots, tasks first."""
    changes = []
    if (old.get("status") or "") != (new.get("status") or ""):
        changes.append(
            Change("report", "", "status", "Trạng thái", old.get("status"), new.get("status"))
        )
    changes += _rows_diff("task", old.get("tasks", {}), new.get("tasks", {}), TASK_FIELDS)
    changes += _rows_diff(
        "indicator", old.get("indicators", {}), new.get("indicators", {}), INDICATOR_FIELDS
    )
    # Key projects are kept by the saves that touch them; a version without them (a move
    # of the report) says nothing about them.
    if "projects" in old and "projects" in new:
        changes += _rows_diff("project", old["projects"], new["projects"], PROJECT_FIELDS)
    changes += _rows_diff(
        "assessment", old.get("assessment", {}), new.get("assessment", {}), ASSESSMENT_FIELDS
    )
    return changes


# How a row's column is shown in a snapshot (None: as it is), for `rows_changes`.
Shown = Callable[[Any], Any] | None


def rows_changes(
    kind: str,
    pairs: Iterable[tuple[str, dict[str, Any], dict[str, Any]]],
    fields: Iterable[tuple[str, str, str, Shown]],
) -> list[dict[str, Any]]:
    """The changes `snapshot_diff` finds in the rows of `kind` of two snapshots, as
    `Change.as_dict` writes them, told from the rows themselves rather than from snapshots
    built of them: a save of a hundred rows compares only the columns that differ.

    pairs: (key, row before, row after) for each row that may have changed, keyed as in a
    snapshot; fields: (snapshot field, label, the row's column, how a snapshot shows it)."""
    fields = tuple(fields)
    changes = []
    for key, old, new in sorted(pairs, key=lambda pair: (len(pair[0]), pair[0])):
        for field, label, column, shown in fields:
            a, b = old[column], new[column]
            if a == b:
                continue  # the same value shows the same in a snapshot
            if shown is not None:
                a, b = shown(a), shown(b)
            a, b = a or "", b or ""
            if a != b:
                changes.append(
                    {"kind": kind, "key": key, "field": field, "label": label, "old": a, "new": b}
                )
    return changes


def assessment_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes `snapshot_diff` finds between two snapshots' assessments (Phần C), as
    `Change.as_dict` writes them."""
    return [c.as_dict() for c in _rows_diff("assessment", old, new, ASSESSMENT_FIELDS)]
