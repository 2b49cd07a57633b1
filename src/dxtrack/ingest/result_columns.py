"""What a result table's columns hold (TT · Tên nhiệm vụ · Thời hạn · Kết quả · Mô tả ·
Ngày hoàn thành thực tế · Khó khăn/vướng mắc · Đề xuất/kiến nghị · Đánh giá), from the
header labels, folded, so an unseen wording of a known column still maps. No Django."""

from __future__ import annotations

# The numbering column is the same in a plan's tables and a report's.
from dxtrack.ingest.columns import NUMBER as NUMBER
from dxtrack.ingest.columns import role_by_rules

TASK, DEADLINE, STATUS, DESCRIPTION = "task", "deadline", "status", "description"
# A key project's budget (kinh phí, millions of đồng): planned and disbursed.
BUDGET_PLANNED, BUDGET_DISBURSED = "budget_planned", "budget_disbursed"
COMPLETED, DIFFICULTIES, PROPOSALS, EVALUATION = (
    "completed_on",
    "difficulties",
    "proposals",
    "evaluation",
)

# First rule whose words all occur wins; order matters ("kết quả chi tiết" before "kết quả").
_RULES: list[tuple[str, tuple[str, ...]]] = [
    (BUDGET_DISBURSED, ("giai ngan",)),
    (BUDGET_PLANNED, ("kinh phi",)),
    (BUDGET_PLANNED, ("tong muc dau tu",)),
    (COMPLETED, ("ngay hoan thanh",)),
    (COMPLETED, ("thoi diem hoan thanh",)),
    (COMPLETED, ("hoan thanh", "thuc te")),  # "Thời gian hoàn thành thực tế"
    (DIFFICULTIES, ("kho khan",)),
    (DIFFICULTIES, ("vuong mac",)),
    (DIFFICULTIES, ("ton tai",)),
    (DIFFICULTIES, ("han che",)),
    (PROPOSALS, ("de xuat",)),
    (PROPOSALS, ("kien nghi",)),
    (EVALUATION, ("danh gia",)),
    (DESCRIPTION, ("mo ta",)),
    (DESCRIPTION, ("ket qua chi tiet",)),
    (DESCRIPTION, ("ket qua thuc hien",)),
    (DESCRIPTION, ("noi dung thuc hien",)),
    (DESCRIPTION, ("ket qua dat duoc",)),
    (DESCRIPTION, ("tinh hinh thuc hien",)),
    (DESCRIPTION, ("tinh hinh", "trien khai")),
    # In a result table "Tiến độ" is how far the task has come ("Đang thực hiện"); a plan's
    # task table uses it for the deadline, but such a table names no other result column.
    (STATUS, ("tien do",)),
    (STATUS, ("muc do hoan thanh",)),
    (STATUS, ("tinh trang",)),
    (STATUS, ("trang thai",)),
    (STATUS, ("ket qua",)),
    (DEADLINE, ("thoi han",)),
    (DEADLINE, ("thoi gian",)),
    (DEADLINE, ("han",)),  # "Hạn", "Hạn chót"
    (TASK, ("nhiem vu",)),
    (TASK, ("noi dung",)),
    (TASK, ("ten",)),
    (TASK, ("du an",)),
]


def result_role(label: str) -> str | None:
    return role_by_rules(label, _RULES)


def header_roles(cells: list[str]) -> dict[str, int] | None:
    """role → column index when `cells` is the header of a result table, else None.

    A result table names the task and at least two of the result columns; a plan's task
    table (lead, coordinating agencies, no status) is not one.
    """
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = result_role(cell) if cell.strip() and len(cell) < 80 else None
        if role and role not in roles:
            roles[role] = index
    results = {STATUS, DESCRIPTION, COMPLETED, DIFFICULTIES, PROPOSALS} & set(roles)
    if TASK in roles and len(results) >= 2:
        return roles
    # One result column is enough when its label can only head a report's column ("Kết quả
    # thực hiện", "Tình hình thực hiện"); a bare "Kết quả" or "Tiến độ" also heads a plan's
    # product and deadline columns.
    if TASK in roles and results == {DESCRIPTION}:
        return roles
    return None
