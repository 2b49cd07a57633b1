"""Lines of a row whose cell boundaries were lost, fitted to the table's columns."""

from dxtrack.ingest.columns import detect_layout
from dxtrack.ingest.loose_rows import loose_cells_fit

HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
AGENCIES = {"Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính"}


def _layout():
    layout = detect_layout([HEADER])
    assert layout is not None
    return layout


def test_agency_lines_go_to_the_agency_columns_and_the_year_to_the_time_column():
    lines = [
        "3",
        "Xây dựng kho dữ liệu dùng chung",
        "của tỉnh",
        "Sở Khoa học và Công nghệ",
        "Sở Nội vụ",
        "Năm 2026",
    ]

    cells = loose_cells_fit(lines, _layout(), lambda text: text in AGENCIES)

    assert cells == [
        "3",
        "Xây dựng kho dữ liệu dùng chung\ncủa tỉnh",
        "Sở Khoa học và Công nghệ",
        "Sở Nội vụ",
        "Năm 2026",
    ]


def test_a_row_with_as_many_lines_as_columns_is_taken_as_it_is():
    lines = ["1", "Số hóa hồ sơ", "Sở Nội vụ", "Sở Tài chính", "2026"]

    assert loose_cells_fit(lines, _layout(), lambda text: False) == lines
