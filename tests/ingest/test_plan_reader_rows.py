"""Rows as written, in a table extracted as text: Roman rows that assign a lead, rows cut by a
page break, dashes, quotes and ranges, "Ví dụ:" rows of a form."""

import pytest


def _doc(*rows: str, caption: str = "Phụ lục") -> str:
    return "\n".join([caption, *rows]) + "\n"


HEADER = "TT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian"


def test_a_roman_row_that_names_a_lead_is_a_task_and_heads_the_rows_below(read):
    draft = read(
        _doc(
            HEADER,
            "<b>I</b>\t<b>Hạ tầng số</b>\t\t\t",
            "1\tNâng cấp mạng nội bộ\tSở Y tế\t\tNăm 2026",
            "<b>II</b>\t<b>Dữ liệu số</b>\t<b>Công an tỉnh</b>\t<b>Sở Y tế</b>\t<b>Năm 2027</b>",
            "1\tLàm sạch dữ liệu dân cư\tCông an tỉnh\t\tQuý I/2027",
        )
    )
    assert [(t.section, t.number, t.name) for t in draft.tasks] == [
        (["I Hạ tầng số"], "1", "Nâng cấp mạng nội bộ"),
        ([], "II", "Dữ liệu số"),
        (["II Dữ liệu số"], "1", "Làm sạch dữ liệu dân cư"),
    ]
    roman = draft.tasks[1]
    assert [r.agency for r in roman.lead] == ["Công an tỉnh"]
    assert [r.agency for r in roman.coordinating] == ["Sở Y tế"]
    assert roman.timeframe is not None and roman.timeframe.end is not None


def test_a_roman_row_without_a_lead_is_only_a_heading(read):
    draft = read(_doc(HEADER, "I\tHạ tầng số\t\t\t", "1\tNâng cấp mạng\tSở Y tế\t\tNăm 2026"))
    assert [t.number for t in draft.tasks] == ["1"]


def test_a_row_continued_after_a_page_break_with_an_empty_tt_joins_the_row_above(read):
    draft = read(
        _doc(
            HEADER,
            "1\tXây dựng cơ sở dữ liệu đất đai,\tSở Y tế\t\tNăm 2026",
            "",
            "<b>TT</b>\t<b>Nhiệm vụ</b>\t<b>Chủ trì</b>\t<b>Phối hợp</b>\t<b>Thời gian</b>",
            "\tkết nối với Cơ sở dữ liệu quốc gia về dân cư\t\tCông an tỉnh\t",
            "2\tSố hóa hồ sơ hộ tịch\tSở Nội vụ\t\tNăm 2026",
        )
    )
    assert [(t.number, t.name) for t in draft.tasks] == [
        ("1", "Xây dựng cơ sở dữ liệu đất đai, kết nối với Cơ sở dữ liệu quốc gia về dân cư"),
        ("2", "Số hóa hồ sơ hộ tịch"),
    ]
    assert [r.agency for r in draft.tasks[0].coordinating] == ["Công an tỉnh"]


def test_dashes_and_quotes_are_kept_as_written_while_dates_are_still_read(read):
    draft = read(
        _doc(
            HEADER,
            "1\tTriển khai SOC – giai đoạn 2 cho “một cửa” điện tử\tSở Y tế\t\t2026 – 2027",
        )
    )
    (task,) = draft.tasks
    assert task.name == "Triển khai SOC – giai đoạn 2 cho “một cửa” điện tử"
    assert task.timeframe is not None and task.timeframe.text == "2026 – 2027"
    assert (task.timeframe.start.year, task.timeframe.end.year) == (2026, 2027)


@pytest.mark.parametrize(
    "cell, value, high",
    [("30-40%", 30, 40), ("30 – 40%", 30, 40), ("từ 30% đến 40%", 30, 40), ("≥ 50%", 50, None)],
)
def test_a_range_target_keeps_its_text_and_both_ends(read, cell, value, high):
    draft = read(
        _doc(
            "TT\tChỉ tiêu\tĐơn vị tính\tNăm 2027\tCơ quan chủ trì",
            f"1\tTỷ lệ hồ sơ được số hóa\t%\t{cell}\tSở Y tế",
        )
    )
    ((target,),) = [i.targets for i in draft.indicators]
    assert (target.text, target.comparator, target.value, target.high) == (cell, ">=", value, high)
    assert draft.to_json()["indicators"][0]["targets"][0]["high"] == high


def test_example_rows_of_a_form_are_not_items(read):
    draft = read(
        _doc(
            "TT\tChỉ tiêu\tĐơn vị tính\tNăm 2027\tCơ quan chủ trì",
            "1\tSố nền tảng số được triển khai\tNền tảng\t5\tSở Y tế",
            "\tVí dụ: Nền tảng hợp đồng điện tử\t\t\t",
        )
    )
    assert [i.name for i in draft.indicators] == ["Số nền tảng số được triển khai"]


def test_the_replaced_plan_is_on_the_draft_and_in_its_json(read):
    draft = read(
        "Số: 112/KH-UBND\n"
        "Kế hoạch này thay thế Kế hoạch số 45/KH-UBND ngày 10/3/2025 của UBND tỉnh.\n"
        + _doc(HEADER, "1\tNâng cấp mạng\tSở Y tế\t\tNăm 2026")
    )
    assert draft.replaces == ["Kế hoạch số 45/KH-UBND"]
    assert draft.to_json()["plan"]["replaces"] == ["Kế hoạch số 45/KH-UBND"]


def test_group_rows_over_sub_items_head_them_even_without_bold(read):
    draft = read(
        _doc(
            HEADER,
            "1\tHạ tầng số\t\t\t",
            "-\tNâng cấp mạng nội bộ\tSở Y tế\t\tNăm 2026",
            "2\tDữ liệu\t\t\t",
            "a\tLàm sạch dữ liệu dân cư\tCông an tỉnh\t\tQuý I/2027",
            "-\tỨng dụng các nền tảng dùng chung:\t\t\t",
            "+\tNền tảng họp trực tuyến\tSở Nội vụ\t\tNăm 2026",
            "\tTổng cộng\t\t\t",
        )
    )
    assert [(t.section, t.number, t.lead_text) for t in draft.tasks] == [
        (["1 Hạ tầng số"], "-", "Sở Y tế"),
        (["2 Dữ liệu"], "a", "Công an tỉnh"),
        (["2 Dữ liệu", "- Ứng dụng các nền tảng dùng chung:"], "+", "Sở Nội vụ"),
    ]
