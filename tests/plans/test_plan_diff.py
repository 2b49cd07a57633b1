"""Matching the rows of a revised plan to the stored ones: plans.diff."""

import dataclasses

import pytest

from dxtrack.plans.diff import RowSnapshot, draft_rows, plan_diff
from dxtrack.plans.drafts import AgencyRef, IndicatorDraft, PlanDraft, TargetDraft, TaskDraft
from dxtrack.plans.drafts import TimeframeDraft as Timeframe

KHCN = "Sở Khoa học và Công nghệ"
SECTION = ("Phụ lục II", "I Thể chế số")


def _task(number: str, name: str, section=SECTION, **values) -> RowSnapshot:
    values = {
        "result": "",
        "lead": ((KHCN, KHCN, None),),
        "coordinating": (),
        "timeframe": "Năm 2026",
        **values,
    }
    return RowSnapshot(kind="task", section=section, number=number, name=name, values=values)


TASKS = [
    _task("1", "Xây dựng Khung kiến trúc số tỉnh"),
    _task("2", "Đo lường mức độ chuyển đổi số của các sở, ngành"),
    _task("3", "Triển khai nền tảng chữ ký số cho cán bộ, công chức"),
]


def _diff(old, new):
    return plan_diff({"task": old}, {"task": new})


def _summary(diff):
    return [(c.status, c.old, c.new, c.fields) for c in diff.changes]


def test_the_same_rows_are_all_unchanged():
    diff = _diff(TASKS, list(TASKS))

    assert _summary(diff) == [
        ("unchanged", 0, 0, ()),
        ("unchanged", 1, 1, ()),
        ("unchanged", 2, 2, ()),
    ]
    assert not diff.has_changes
    assert diff.counts == {"added": 0, "removed": 0, "modified": 0, "unchanged": 3}


def test_a_new_row_is_added_and_a_missing_row_removed():
    new = [TASKS[0], _task("2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"), TASKS[2]]

    diff = _diff(TASKS, new)

    assert _summary(diff) == [
        ("unchanged", 0, 0, ()),
        ("added", None, 1, ()),
        ("unchanged", 2, 2, ()),
        ("removed", 1, None, ()),
    ]
    assert diff.matches("task") == {0: 0, 2: 2}
    assert diff.removed("task") == [1]


def test_changed_fields_are_named():
    edited = _task(
        "1",
        "Xây dựng Khung kiến trúc số tỉnh",
        result="Quyết định ban hành",
        timeframe="Tháng 12/2026",
        lead=((KHCN, KHCN, None), ("Sở Nội vụ", "Sở Nội vụ", None)),
    )

    diff = _diff(TASKS, [edited, *TASKS[1:]])

    assert diff.change_for("task", 0).fields == ("result", "lead", "timeframe")
    assert diff.change_for("task", 0).status == "modified"


def test_an_edited_name_at_the_same_place_is_the_same_row():
    edited = _task("2", "Đo lường, đánh giá mức độ chuyển đổi số của các sở, ban, ngành")

    diff = _diff(TASKS, [TASKS[0], edited, TASKS[2]])

    assert diff.change_for("task", 1).old == 1
    assert diff.change_for("task", 1).fields == ("name",)


def test_a_different_task_at_the_same_number_is_a_replacement():
    other = _task("2", "Phát triển hạ tầng IoT dùng chung")

    diff = _diff(TASKS, [TASKS[0], other, TASKS[2]])

    assert diff.change_for("task", 1).status == "added"
    assert diff.removed("task") == [1]


def test_renumbered_and_moved_rows_are_found_by_their_name():
    moved = dataclasses.replace(TASKS[2], number="1", section=("Phụ lục II", "II Dữ liệu số"))
    renumbered = [dataclasses.replace(TASKS[0], number="2"), moved]

    diff = _diff(TASKS, renumbered)

    assert _summary(diff) == [
        ("modified", 0, 0, ("number",)),
        ("modified", 2, 1, ("section", "number")),
        ("removed", 1, None, ()),
    ]


def test_a_moved_and_slightly_edited_row_is_found_by_similarity():
    moved = _task("5", "Triển khai nền tảng chữ ký số cho cán bộ, công chức, viên chức", section=())

    diff = _diff(TASKS, [moved])

    assert diff.change_for("task", 0).old == 2
    assert diff.change_for("task", 0).fields == ("section", "number", "name")


def test_the_same_name_in_two_phases_stays_in_its_phase():
    # Phụ lục I lists the same indicator for 2026-2027 and for 2028-2030.
    first = ("Phụ lục I", "A Giai đoạn 2026-2027")
    second = ("Phụ lục I", "B Giai đoạn 2028-2030")
    old = [
        _task("1", "Tỷ lệ dịch vụ công trực tuyến", first),
        _task("1", "Tỷ lệ dịch vụ công trực tuyến", second),
    ]
    new = [old[1], dataclasses.replace(old[0], values={**old[0].values, "result": "100%"})]

    diff = _diff(old, new)

    assert _summary(diff) == [("unchanged", 1, 0, ()), ("modified", 0, 1, ("result",))]


def test_white_space_does_not_count_as_a_change():
    spaced = _task("1", "Xây dựng  Khung kiến trúc số tỉnh ")

    assert _diff(TASKS[:1], [spaced]).change_for("task", 0).status == "unchanged"


def test_a_fixed_accent_is_a_modified_name_of_the_same_row():
    fixed = _task("1", "Xây dựng Khung kiến trúc sô tỉnh")

    change = _diff([fixed], TASKS[:1]).change_for("task", 0)

    assert (change.old, change.fields) == (0, ("name",))


def test_the_kinds_are_matched_separately():
    indicator = dataclasses.replace(TASKS[0], kind="indicator", values={})

    diff = plan_diff({"task": TASKS[:1]}, {"indicator": [indicator]})

    assert [(c.kind, c.status) for c in diff.changes] == [
        ("indicator", "added"),
        ("task", "removed"),
    ]


@pytest.mark.parametrize(
    "field, written",
    [("name", "Xây dựng Khung kiến trúc số"), ("timeframe", "Tháng 12/2026"), ("number", "1")],
)
def test_shown_gives_the_value_as_written(field, written):
    row = _task("1", "Xây dựng Khung kiến trúc số", timeframe="Tháng 12/2026")
    assert row.shown(field) == written


def test_shown_lists_agencies_by_their_written_names_and_the_section_without_appendix():
    row = _task("1", "Tên", lead=((KHCN, KHCN, None), ("Sở TT&TT", None, None)))

    assert row.shown("lead") == f"{KHCN}; Sở TT&TT"
    assert row.shown("section") == "I Thể chế số"


# -- from drafts ------------------------------------------------------------------------------


def _draft() -> PlanDraft:
    return PlanDraft(
        source="kh.txt",
        indicators=[
            IndicatorDraft(
                section=["A Giai đoạn 2026-2027"],
                number="1",
                name="Tỷ lệ dịch vụ công trực tuyến toàn trình",
                line=10,
                appendix="Phụ lục I",
                lead=[AgencyRef("Sở KH&CN", KHCN, None)],
                unit="%",
                targets=[TargetDraft("2026-2027", "≥ 80%", ">=", 80.0, "%")],
            )
        ],
        tasks=[
            TaskDraft(
                section=[],
                number="1",
                name="Đo lường chuyển đổi số",
                line=20,
                appendix="Phụ lục II",
                lead=[AgencyRef("Sở Mới", "Sở Mới", None)],
                timeframe=Timeframe("Hằng năm", None, None, "yearly"),
                result="x" * 10,
            )
        ],
    )


def test_draft_rows_hold_what_a_revision_compares():
    rows = draft_rows(_draft())

    indicator = rows["indicator"][0]
    assert indicator.section == ("Phụ lục I", "A Giai đoạn 2026-2027")
    assert indicator.value("targets") == (("2026-2027", "≥ 80%"),)
    assert indicator.value("lead") == (("Sở KH&CN", KHCN, None),)
    task = rows["task"][0]
    # Outside any heading a row is stored without its appendix.
    assert task.section == ("",)
    assert task.value("timeframe") == "Hằng năm"
    assert rows["project"] == []


def test_draft_rows_drop_resolutions_the_catalogue_does_not_hold():
    rows = draft_rows(_draft(), agencies={KHCN}, groups=set())

    assert rows["task"][0].value("lead") == (("Sở Mới", None, None),)
    assert rows["indicator"][0].value("lead") == (("Sở KH&CN", KHCN, None),)
