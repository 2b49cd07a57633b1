import pytest

from dxtrack.ingest import columns as col
from dxtrack.ingest.columns import (
    detect_layout,
    is_header_row,
    label_role,
    looks_like_header_label,
    milestone_of,
)


@pytest.mark.parametrize(
    "label, role",
    [
        # Row numbers.
        ("TT", col.NUMBER),
        ("STT", col.NUMBER),
        ("Số TT", col.NUMBER),
        ("Số thứ tự", col.NUMBER),
        # The item's name, as the seeds and other plans write it.
        ("Chỉ tiêu", col.NAME),
        ("Tên chỉ tiêu", col.NAME),
        ("Nội dung", col.NAME),
        ("Nội dung nhiệm vụ", col.NAME),
        ("Nội dung công việc", col.NAME),
        ("Nhiệm vụ, giải pháp", col.NAME),
        ("Tên nhiệm vụ", col.NAME),
        ("Tên nhiệm vụ/chương trình/dự án", col.NAME),
        ("Tên dự án", col.NAME),
        # Lead agency.
        ("Chủ trì", col.LEAD),
        ("Cơ quan chủ trì", col.LEAD),
        ("Đơn vị chủ trì", col.LEAD),
        ("Cơ quan, đơn vị chủ trì", col.LEAD),
        ("Cơ quan chủ trì triển khai, theo dõi và đánh giá", col.LEAD),
        ("Cơ quan chủ trì theo dõi, đánh giá", col.LEAD),
        ("Cơ quan theo dõi", col.LEAD),
        ("Đơn vị đo lường báo cáo", col.LEAD),  # 000, Phần A: the agency that reports
        ("Chủ đầu tư", col.LEAD),
        # Other agencies.
        ("Phối hợp", col.COORDINATING),
        ("Cơ quan phối hợp", col.COORDINATING),
        ("Đơn vị phối hợp", col.COORDINATING),
        ("Cơ quan thực hiện", col.IMPLEMENTERS),
        ("Đơn vị thực hiện", col.IMPLEMENTERS),
        # Result, timeframe, unit, target.
        ("Kết quả", col.RESULT),
        ("Sản phẩm", col.RESULT),
        ("Kết quả, sản phẩm", col.RESULT),
        ("Kết quả dự kiến", col.RESULT),
        ("Thời gian", col.TIMEFRAME),
        ("Thời gian thực hiện", col.TIMEFRAME),
        ("Thời gian hoàn thành", col.TIMEFRAME),
        ("Thời hạn", col.TIMEFRAME),
        ("Tiến độ", col.TIMEFRAME),
        ("Tiến độ thực hiện", col.TIMEFRAME),
        ("Đơn vị", col.UNIT),
        ("Đơn vị tính", col.UNIT),
        ("ĐVT", col.UNIT),
        ("Mục tiêu", col.TARGET),
        ("Mục tiêu 2025", col.TARGET),
        # Columns a blank reporting form leaves for the agencies to fill.
        ("Đánh giá", col.IGNORED),
        ("Mức độ hoàn thành", col.IGNORED),
        ("Kết quả chi tiết", col.IGNORED),
        ("Ghi chú", col.IGNORED),
        ("Kinh phí (triệu đồng)", col.IGNORED),
        ("Khó khăn, vướng mắc", col.IGNORED),
        ("Đề xuất, kiến nghị", col.IGNORED),
        ("Ngày hoàn thành thực tế", col.IGNORED),
        ("Đánh giá của Cơ quan Thường trực", col.IGNORED),
        # Case and diacritics do not matter.
        ("CƠ QUAN CHỦ TRÌ", col.LEAD),
        ("co quan phoi hop", col.COORDINATING),
        # Labels that name no known column.
        ("Năm 2026", None),
        ("Nguồn vốn", None),
        ("Văn phòng UBND tỉnh", None),
    ],
)
def test_label_role_maps_the_many_wordings_of_a_column(label, role):
    assert label_role(label) == role


@pytest.mark.parametrize(
    "label, milestone",
    [
        ("Mục tiêu 2025", "2025"),
        ("Đến hết năm 2025", "2025"),
        ("Đến năm 2045", "2045"),
        ("2030", "2030"),
        ("Năm 2026", "2026"),
        ("Giai đoạn 2026-2027", "2026-2027"),
        ("Giai đoạn 2028 - 2030", "2028-2030"),
        ("Kết quả", None),
        ("Tỷ lệ 100%", None),
        ("Quyết định 411/QĐ-TTg", None),
    ],
)
def test_milestone_of_reads_the_year_or_phase_a_label_names(label, milestone):
    assert milestone_of(label) == milestone


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cơ quan chủ trì", True),
        ("Đến năm 2030", True),
        ("2027", True),
        ("", False),
        ("Triển khai nền tảng số dùng chung của tỉnh phục vụ chính quyền số và kinh tế số", False),
        ("Sở Y tế", False),
    ],
)
def test_looks_like_header_label(text, expected):
    assert looks_like_header_label(text) is expected


@pytest.mark.parametrize(
    "cells, expected",
    [
        (["TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", "Thời gian thực hiện"], True),
        (["", "Nội dung", "Đơn vị chủ trì", "Tiến độ"], True),
        (["STT", "Phụ lục kèm theo QUYẾT ĐỊNH 411/QĐ - TTg", "Mức độ hoàn thành"], True),
        (["1", "Xây dựng kế hoạch", "Sở Nội vụ", "Các sở, ban, ngành", "Năm 2026"], False),
        (["I", "Phát triển hạ tầng số", "", ""], False),
        (["TT", "", "", ""], False),
    ],
)
def test_is_header_row(cells, expected):
    assert is_header_row(cells) is expected


def _roles(layout):
    return [c.role for c in layout.columns]


def test_a_one_line_task_header_maps_every_column():
    layout = detect_layout(
        [
            [
                *("TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì", "Cơ quan phối hợp"),
                *("Kết quả", "Thời gian thực hiện"),
            ],
            ["1", "Tăng cường công tác chỉ đạo", "Sở Nội vụ", "Công an tỉnh", "Báo cáo", "2026"],
        ]
    )
    assert layout.kind == "tasks"
    assert layout.header_rows == 1
    assert _roles(layout) == [
        col.NUMBER,
        col.NAME,
        col.LEAD,
        col.COORDINATING,
        col.RESULT,
        col.TIMEFRAME,
    ]


def test_in_an_indicator_table_the_result_column_is_the_target():
    layout = detect_layout(
        [["TT", "Chỉ tiêu", "Kết quả", "Cơ quan chủ trì triển khai", "Cơ quan thực hiện"]]
    )
    assert layout.kind == "indicators"
    assert _roles(layout) == [col.NUMBER, col.NAME, col.TARGET, col.LEAD, col.IMPLEMENTERS]


def test_years_under_a_phasing_header_are_the_years_a_project_runs():
    # 002, Phụ lục III.
    layout = detect_layout(
        [
            [
                *("TT", "Tên nhiệm vụ/chương trình/dự án", "Cơ quan, đơn vị chủ trì"),
                *("Phân kỳ thời gian triển khai", "", "", "", ""),
            ],
            ["", "", "", "2026", "2027", "2028", "2029", "2030"],
        ]
    )
    assert layout.kind == "projects"
    assert layout.header_rows == 2
    assert _roles(layout) == [col.NUMBER, col.NAME, col.LEAD] + [col.YEAR] * 5
    assert [c.milestone for c in layout.columns[3:]] == ["2026", "2027", "2028", "2029", "2030"]


def test_milestones_under_a_spanning_result_header_are_targets():
    # 003, Phụ lục I: the lower header row has more cells than the upper one.
    layout = detect_layout(
        [
            ["STT", "Tên chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá"],
            [
                *("", "", "", "Đến hết năm 2025", "Đến năm 2030", "Đến năm 2035"),
                *("Đến năm 2040", "Đến năm 2045", ""),
            ],
        ]
    )
    assert layout.kind == "indicators"
    assert _roles(layout) == [col.NUMBER, col.NAME, col.UNIT] + [col.TARGET] * 5 + [col.LEAD]
    assert [c.milestone for c in layout.columns if c.role == col.TARGET] == [
        "2025",
        "2030",
        "2035",
        "2040",
        "2045",
    ]
    assert {c.parent for c in layout.columns if c.role == col.TARGET} == {"Kết quả"}


def test_milestone_years_under_a_target_header_of_equal_width():
    layout = detect_layout(
        [
            ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "", "Cơ quan theo dõi"],
            ["", "", "", "Năm 2026", "Năm 2030", ""],
        ]
    )
    assert _roles(layout) == [col.NUMBER, col.NAME, col.UNIT, col.TARGET, col.TARGET, col.LEAD]
    assert [c.milestone for c in layout.columns] == [None, None, None, "2026", "2030", None]


def test_real_labels_under_a_caption_that_spans_them():
    # 000, Phần B: "Phụ lục kèm theo QUYẾT ĐỊNH 411" over task, lead and time; report columns
    # of the blank form to the right.
    layout = detect_layout(
        [
            [
                *("STT", "Phụ lục kèm theo QUYẾT ĐỊNH 411/QĐ - TTg", "Mức độ\nhoàn thành"),
                "Kết quả chi tiết",
            ],
            ["", "Nhiệm vụ, giải pháp", "Chủ trì", "Thời gian", "", ""],
        ]
    )
    assert layout.kind == "tasks"
    assert _roles(layout) == [
        col.NUMBER,
        col.NAME,
        col.LEAD,
        col.TIMEFRAME,
        col.IGNORED,
        col.IGNORED,
    ]
    assert layout.index(col.RESULT) is None


def test_a_caption_row_above_the_header_is_skipped():
    layout = detect_layout(
        [["BIỂU MẪU SỐ 01", "", "", ""], ["STT", "Nội dung", "Đơn vị chủ trì", "Tiến độ"]]
    )
    assert layout.header_rows == 2
    assert _roles(layout) == [col.NUMBER, col.NAME, col.LEAD, col.TIMEFRAME]


def test_the_only_agency_column_of_a_task_table_names_the_lead():
    layout = detect_layout([["STT", "Nội dung", "Đơn vị thực hiện", "Thời hạn"]])
    assert layout.kind == "tasks"
    assert layout.index(col.LEAD) == 2


def test_an_indicator_table_keeps_its_implementers_apart_from_its_lead():
    layout = detect_layout([["TT", "Chỉ tiêu", "Mục tiêu", "Cơ quan thực hiện"]])
    assert layout.kind == "indicators"
    assert layout.index(col.LEAD) is None
    assert layout.index(col.IMPLEMENTERS) == 3


def test_a_table_without_a_header_has_no_layout():
    assert detect_layout([["1", "Xây dựng kế hoạch", "Sở Nội vụ", "Năm 2026"]]) is None


def test_the_signature_of_a_repeated_header_ignores_case_and_diacritics():
    plain = detect_layout([["TT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì"]])
    shouting = detect_layout([["TT", "NHIỆM VỤ, GIẢI PHÁP", "CƠ QUAN CHỦ TRÌ"]])
    assert plain.signature == shouting.signature


def test_an_index_plan_names_its_indicators_chi_so_and_keeps_the_year_reached_apart():
    # A DTI plan: "Kết quả năm 2025" beside the milestones grouped under "Mục tiêu".
    layout = detect_layout(
        [
            [
                "STT",
                "Chỉ số",
                "ĐVT",
                "Kết quả năm 2025",
                "Mục tiêu",
                "",
                "Cơ quan chủ trì",
                "Ghi chú",
            ],
            ["", "", "", "", "Năm 2026", "Năm 2030", "", ""],
        ]
    )
    assert layout.kind == "indicators"
    assert _roles(layout) == [
        *(col.NUMBER, col.NAME, col.UNIT, col.IGNORED, col.TARGET, col.TARGET),
        *(col.LEAD, col.IGNORED),
    ]


def test_a_year_already_carried_out_is_no_agency_column():
    layout = detect_layout(
        [["TT", "Chỉ tiêu", "Ước thực hiện năm 2025", "Kế hoạch năm 2026", "Đơn vị thực hiện"]]
    )
    assert _roles(layout) == [col.NUMBER, col.NAME, col.IGNORED, col.TARGET, col.IMPLEMENTERS]


def test_a_target_column_headed_chi_tieu_with_its_year_is_no_second_name():
    layout = detect_layout([["TT", "Chỉ tiêu", "ĐVT", "Chỉ tiêu năm 2024", "Đơn vị thực hiện"]])
    assert _roles(layout) == [col.NUMBER, col.NAME, col.UNIT, col.TARGET, col.IMPLEMENTERS]
    assert layout.columns[3].milestone == "2024"
