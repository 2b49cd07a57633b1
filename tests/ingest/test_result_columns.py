"""Which column of a result table a header label names."""

import pytest

from dxtrack.ingest import result_columns as rc


@pytest.mark.parametrize(
    "label, role",
    [
        ("TT", rc.NUMBER),
        ("STT", rc.NUMBER),
        ("Số TT", rc.NUMBER),
        ("Số thứ tự", rc.NUMBER),
        ("Tên nhiệm vụ", rc.TASK),
        ("Nhiệm vụ, giải pháp", rc.TASK),
        ("Nội dung nhiệm vụ", rc.TASK),
        ("NHIEM VU", rc.TASK),
        ("Thời hạn", rc.DEADLINE),
        ("Thời hạn hoàn thành", rc.DEADLINE),
        ("Thời gian thực hiện", rc.DEADLINE),
        ("Hạn", rc.DEADLINE),
        ("Kết quả", rc.STATUS),
        ("Kết quả (Đã hoàn thành/Đang thực hiện/Chưa thực hiện)", rc.STATUS),
        ("Mức độ hoàn thành", rc.STATUS),
        ("Tình trạng", rc.STATUS),
        ("Trạng thái", rc.STATUS),
        ("Mô tả", rc.DESCRIPTION),
        ("Mô tả kết quả", rc.DESCRIPTION),
        ("Kết quả chi tiết", rc.DESCRIPTION),
        ("Kết quả thực hiện", rc.DESCRIPTION),
        ("Kết quả đạt được", rc.DESCRIPTION),
        ("Tình hình thực hiện", rc.DESCRIPTION),
        ("Tình hình triển khai", rc.DESCRIPTION),
        ("Tiến độ", rc.STATUS),
        ("Tiến độ thực hiện", rc.STATUS),
        ("Ngày hoàn thành thực tế", rc.COMPLETED),
        ("Ngày hoàn\nthành thực\ntế", rc.COMPLETED),
        ("Thời điểm hoàn thành", rc.COMPLETED),
        ("Thời gian hoàn thành thực tế", rc.COMPLETED),
        ("Khó khăn/vướng mắc", rc.DIFFICULTIES),
        ("Khó khắn, vướng mắc", rc.DIFFICULTIES),
        ("Tồn tại, hạn chế", rc.DIFFICULTIES),
        ("Đề xuất/kiến nghị", rc.PROPOSALS),
        ("Kiến nghị", rc.PROPOSALS),
        ("Đánh giá của Cơ quan Thường trực/Tổ Giúp việc BCĐTW", rc.EVALUATION),
        ("Đánh giá", rc.EVALUATION),
        ("Ghi chú", None),
        ("Cơ quan chủ trì", None),
        ("", None),
    ],
)
def test_result_role(label, role):
    assert rc.result_role(label) == role


def test_the_header_of_004_maps_every_column():
    header = [
        "TT",
        "Tên nhiệm vụ",
        "Thời hạn",
        "Kết quả",
        "Mô tả",
        "Ngày hoàn thành thực tế",
        "Khó khăn/vướng mắc",
        "Đề xuất/kiến nghị",
        "Đánh giá của Cơ quan Thường trực",
    ]

    assert rc.header_roles(header) == {
        rc.NUMBER: 0,
        rc.TASK: 1,
        rc.DEADLINE: 2,
        rc.STATUS: 3,
        rc.DESCRIPTION: 4,
        rc.COMPLETED: 5,
        rc.DIFFICULTIES: 6,
        rc.PROPOSALS: 7,
        rc.EVALUATION: 8,
    }


@pytest.mark.parametrize(
    "header",
    [
        # a plan's task table: lead and coordinating agencies, an expected product
        [
            "TT",
            "Nhiệm vụ, giải pháp",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Kết quả",
            "Thời gian",
        ],
        # the indicator table
        ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu 2025", "Đánh giá"],
        # a task name but a single result column
        ["STT", "Tên nhiệm vụ", "Kết quả"],
    ],
)
def test_a_table_that_is_not_a_result_table_has_no_roles(header):
    assert rc.header_roles(header) is None


def test_a_long_cell_in_the_first_row_is_not_a_label():
    first_row = ["1", "Triển khai nền tảng số dùng chung của tỉnh " * 3, "Kết quả", "Mô tả"]

    assert rc.header_roles(first_row) is None


@pytest.mark.parametrize(
    "header",
    [
        ["TT", "Tên nhiệm vụ", "Thời hạn", "Tiến độ", "Kết quả thực hiện"],
        ["STT", "Nhiệm vụ", "Thời gian", "Tình hình thực hiện"],
        ["TT", "Nội dung nhiệm vụ", "Kết quả thực hiện"],
    ],
)
def test_report_tables_with_other_wordings_of_their_result_columns_are_recognised(header):
    roles = rc.header_roles(header)
    assert roles is not None
    assert rc.TASK in roles and (rc.STATUS in roles or rc.DESCRIPTION in roles)


def test_a_plan_task_table_with_a_progress_column_is_not_a_result_table():
    plan = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Tiến độ"]
    assert rc.header_roles(plan) is None
    assert rc.header_roles(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Kết quả", "Tiến độ"]) is None
