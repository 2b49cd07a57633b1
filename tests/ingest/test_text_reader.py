"""The three table layouts of text extractions (see the module's docstring), and paragraphs."""

from dxtrack.ingest.document import Paragraph, Table
from dxtrack.ingest.text_reader import read_text

KHCN = "Sở Khoa học và Công nghệ"


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _tables(text: str) -> list[Table]:
    return [b for b in read_text(text, "x.txt").blocks if isinstance(b, Table)]


def _cells(table: Table) -> list[list[str]]:
    return [row.cells for row in table.rows]


# -- paragraphs -------------------------------------------------------------------------


def test_paragraphs_keep_their_text_and_line_numbers():
    document = read_text(_lines("KẾ HOẠCH", "", "Chuyển đổi số năm 2026"), "ke-hoach.txt")
    assert document.name == "ke-hoach.txt"
    assert [(p.text, p.line) for p in document.paragraphs] == [
        ("KẾ HOẠCH", 1),
        ("Chuyển đổi số năm 2026", 3),
    ]


def test_markdown_emphasis_is_dropped_and_bold_is_remembered():
    document = read_text(
        _lines("**KẾ HOẠCH**  ", "*(Kèm theo Kế hoạch số 38/KH-UBND)*", "### **2.1 Mục tiêu**"),
        "x.txt",
    )
    assert document.paragraphs == [
        Paragraph(text="KẾ HOẠCH", line=1, bold=True),
        Paragraph(text="(Kèm theo Kế hoạch số 38/KH-UBND)", line=2, bold=False),
        Paragraph(text="### 2.1 Mục tiêu", line=3, bold=False),
    ]


def test_bookmarks_and_byte_order_mark_are_removed():
    document = read_text(
        "\ufeffDỰ THẢO\n[bookmark: muc_1]KẾ HOẠCH HÀNH ĐỘNG\n"
        "[bookmark: a][bookmark: b]3. Tăng cường",
        "x.txt",
    )
    assert [p.text for p in document.paragraphs] == [
        "DỰ THẢO",
        "KẾ HOẠCH HÀNH ĐỘNG",
        "3. Tăng cường",
    ]


def test_windows_line_endings_read_like_unix_ones():
    unix = _lines("\tTT", "\tNội dung", "\tChủ trì", "", "\t1", "\tViệc một", "\tSở Y tế")
    assert _cells(_tables(unix.replace("\n", "\r\n"))[0]) == _cells(_tables(unix)[0])


# -- one row per line (002) -----------------------------------------------------------------


ROW_PER_LINE = _lines(
    "Phụ lục II",
    "",
    "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tTiến độ",
    "<b>I</b>\t<b>Hạ tầng số</b>\t\t",
    "1\tNâng cấp mạng\tSở Khoa học và Công nghệ\tNăm 2026",
    "2\tTrang bị máy tính cho\tSở Tài chính\tQuý II/2027",
    "",
    "<b>STT</b>\t<b>Nội dung nhiệm vụ</b>\t<b>Đơn vị chủ trì</b>\t<b>Tiến độ</b>",
    "\tcấp xã\t\t",
    "3\tSố hóa hồ sơ\tSở Nội vụ\tThường xuyên",
    "",
    "Nơi nhận:",
)


def test_a_row_per_line_table_splits_cells_on_tabs():
    first = _tables(ROW_PER_LINE)[0]
    assert first.line == 3
    assert _cells(first) == [
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Tiến độ"],
        ["I", "Hạ tầng số", "", ""],
        ["1", "Nâng cấp mạng", "Sở Khoa học và Công nghệ", "Năm 2026"],
        ["2", "Trang bị máy tính cho", "Sở Tài chính", "Quý II/2027"],
    ]
    assert [row.line for row in first.rows] == [3, 4, 5, 6]


def test_bold_tags_mark_section_rows_and_are_removed():
    first = _tables(ROW_PER_LINE)[0]
    assert [row.bold for row in first.rows] == [False, True, False, False]


def test_each_page_of_a_row_per_line_table_is_a_table_of_its_own():
    tables = _tables(ROW_PER_LINE)
    assert len(tables) == 2
    second = tables[1]
    assert second.line == 8
    assert _cells(second) == [
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Tiến độ"],
        ["", "cấp xã", "", ""],
        ["3", "Số hóa hồ sơ", "Sở Nội vụ", "Thường xuyên"],
    ]
    assert second.rows[0].bold


def test_text_after_a_blank_line_ends_a_row_per_line_table():
    document = read_text(ROW_PER_LINE, "x.txt")
    assert isinstance(document.blocks[-1], Paragraph)
    assert document.blocks[-1].text == "Nơi nhận:"


def test_a_row_with_one_bold_cell_among_plain_ones_is_not_bold():
    (table,) = _tables(_lines("TT\tNội dung\tChủ trì", "1\t<b>Việc quan trọng</b>\tSở Y tế"))
    assert not table.rows[1].bold
    assert table.rows[1].cells == ["1", "Việc quan trọng", "Sở Y tế"]


# -- one cell per line (000, 001's Word tables, 003) -----------------------------------------


CELL_PER_LINE = _lines(
    "PHỤ LỤC I",
    "",
    "\tSTT",
    "\tTên chỉ tiêu",
    "\tĐơn vị",
    "\tCơ quan chủ trì",
    "",
    "\t1",
    "\tTỷ lệ hồ sơ được số hóa",
    "trên môi trường mạng",
    "\t%",
    "\tSở Khoa",
    "học và Công nghệ",
    "",
    "\t2",
    "\tSố nền tảng dùng chung",
    "\t\u00a0",
    "\t",
    "",
    "",
    "Ghi chú: (X): Thực hiện",
)


def test_a_cell_per_line_table_reads_one_row_per_blank_separated_run():
    (table,) = _tables(CELL_PER_LINE)
    assert table.line == 3
    assert _cells(table) == [
        ["STT", "Tên chỉ tiêu", "Đơn vị", "Cơ quan chủ trì"],
        ["1", "Tỷ lệ hồ sơ được số hóa\ntrên môi trường mạng", "%", "Sở Khoa\nhọc và Công nghệ"],
        ["2", "Số nền tảng dùng chung", "", ""],
    ]
    assert [row.line for row in table.rows] == [3, 8, 15]


def test_lines_without_a_tab_continue_the_cell_above():
    (table,) = _tables(CELL_PER_LINE)
    assert table.rows[1].cells[3] == "Sở Khoa\nhọc và Công nghệ"


def test_a_tab_alone_or_with_a_no_break_space_is_an_empty_cell():
    (table,) = _tables(CELL_PER_LINE)
    assert table.rows[2].cells[2:] == ["", ""]


def test_the_text_after_a_cell_per_line_table_is_a_paragraph():
    document = read_text(CELL_PER_LINE, "x.txt")
    assert document.blocks[-1] == Paragraph(text="Ghi chú: (X): Thực hiện", line=21)


def test_a_row_whose_blank_separator_is_missing_ends_when_the_next_number_arrives():
    (table,) = _tables(
        _lines(
            "\tTT",
            "\tNội dung",
            "\tChủ trì",
            "",
            "\t1",
            "\tViệc một",
            "\tSở Y tế",
            "\t2",
            "\tViệc hai",
            "\tSở Nội vụ",
        )
    )
    assert _cells(table)[1:] == [["1", "Việc một", "Sở Y tế"], ["2", "Việc hai", "Sở Nội vụ"]]


def test_a_number_inside_an_incomplete_row_is_a_cell_not_a_new_row():
    (table,) = _tables(
        _lines("\tTT", "\tChỉ tiêu", "\tMục tiêu", "\tChủ trì", "", "\t1", "\tSố dự án", "\t5")
    )
    assert _cells(table)[1] == ["1", "Số dự án", "5"]


def test_an_empty_paragraph_inside_a_cell_does_not_end_the_row():
    # 003, indicator 3.7: a blank line after the unit, then the rest of the row.
    (table,) = _tables(
        _lines(
            "\tSTT",
            "\tTên chỉ tiêu",
            "\tĐơn vị",
            "\tNăm 2030",
            "\tChủ trì",
            "",
            "\t3.7",
            "\tDịch vụ y tế đạt chuẩn tiên tiến",
            "\tHoàn thành",
            "",
            "\tX",
            "\tSở Y tế",
            "",
            "\t3.8",
            "\tHội nhập đô thị thông minh",
            "\tHoàn thành",
            "\tX",
            "\tSở Văn hóa, Thể thao và Du lịch",
        )
    )
    assert _cells(table)[1:] == [
        ["3.7", "Dịch vụ y tế đạt chuẩn tiên tiến", "Hoàn thành", "X", "Sở Y tế"],
        ["3.8", "Hội nhập đô thị thông minh", "Hoàn thành", "X", "Sở Văn hóa, Thể thao và Du lịch"],
    ]


def test_a_dash_after_an_empty_paragraph_is_a_no_target_cell_not_a_bullet_row():
    # 003, indicator 7.13: "-" for 2025 … 2040, "X" for 2045, then the row's own lead.
    (table,) = _tables(
        _lines(
            "\tSTT",
            "\tTên chỉ tiêu",
            "\tĐơn vị",
            "\t2025",
            "\t2030",
            "\t2045",
            "\tChủ trì",
            "",
            "\t7.13",
            "\tCác đô thị vận hành dựa trên dữ liệu",
            "\tHoàn thành",
            "",
            "\t-",
            "\t-",
            "\tX",
            "\tSở Xây dựng",
        )
    )
    assert _cells(table)[1] == [
        "7.13",
        "Các đô thị vận hành dựa trên dữ liệu",
        "Hoàn thành",
        "-",
        "-",
        "X",
        "Sở Xây dựng",
    ]


def test_a_blank_line_between_a_short_row_and_a_numbered_row_ends_the_short_row():
    # Section rows hold only their number and title; here the next row is short too, and the
    # two would make one row of the table's width.
    (table,) = _tables(
        _lines(
            "\tTT",
            "\tNội dung",
            "\tChủ trì",
            "\tThời gian",
            "",
            "\tI.",
            "\tNhóm nhiệm vụ chung",
            "",
            "\t1",
            "\tViệc một",
        )
    )
    assert _cells(table)[1:] == [["I.", "Nhóm nhiệm vụ chung"], ["1", "Việc một"]]


def test_bullet_rows_after_a_complete_row_are_rows_of_their_own():
    # 000, Phần A: "- Ví dụ: …" sub-rows under indicator 4.
    (table,) = _tables(
        _lines(
            "\tSTT",
            "\tChỉ tiêu",
            "\tĐơn vị đo lường báo cáo",
            "",
            "\t4",
            "\tTỷ lệ doanh nghiệp sử dụng hợp đồng điện tử",
            "\tCác sở, ban ngành",
            "",
            "\t-",
            "\tVí dụ: Nền tảng hợp đồng điện tử",
            "\tSở Công Thương",
        )
    )
    assert [row.cells[0] for row in table.rows] == ["STT", "4", "-"]


def test_a_space_before_the_tab_still_starts_a_cell():
    (table,) = _tables(_lines("\tTT", "\tNội dung", "", " \t9", "\tViệc chín"))
    assert _cells(table)[1] == ["9", "Việc chín"]


# -- plain lines (001's appendix) ------------------------------------------------------------


PLAIN = _lines(
    "PHỤ LỤC",
    "MỘT SỐ NHIỆM VỤ TRỌNG TÂM",
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Thời hạn",
    "I.",
    "Hạ tầng số",
    "1.",
    "Nâng cấp Trung tâm dữ liệu",
    "Sở Khoa học và Công nghệ",
    "2026",
    "2.",
    "Triển khai mạng truyền số liệu đến",
    "cấp xã",
    "Sở Tài chính",
    "15",
    "3",
    "Rà soát hạ tầng",
    "Sở Nội vụ",
    "Hằng năm",
    "",
    "Nguồn: tổng hợp",
)


def test_plain_lines_after_a_header_of_labels_become_loose_rows():
    (table,) = _tables(PLAIN)
    assert table.line == 3
    header, *rows = table.rows
    assert header.cells == ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]
    assert not header.loose
    assert all(row.loose for row in rows)
    assert [row.cells[0] for row in rows] == ["I.", "1.", "2.", "3"]


def test_a_loose_row_starts_only_at_the_next_plausible_number():
    # "2026" is no row number; "15" after row 2 is a cell, not row 15.
    (table,) = _tables(PLAIN)
    assert table.rows[2].cells == ["1.", "Nâng cấp Trung tâm dữ liệu", KHCN, "2026"]
    assert table.rows[3].cells == [
        "2.",
        "Triển khai mạng truyền số liệu đến",
        "cấp xã",
        "Sở Tài chính",
        "15",
    ]


def test_a_plain_table_ends_at_a_blank_line():
    document = read_text(PLAIN, "x.txt")
    assert isinstance(document.blocks[-1], Paragraph)
    assert document.blocks[-1].text == "Nguồn: tổng hợp"


def test_two_label_lines_are_not_a_plain_table():
    document = read_text(_lines("TT", "Nội dung", "1.", "Việc một"), "x.txt")
    assert not _tables(_lines("TT", "Nội dung", "1.", "Việc một"))
    assert [p.text for p in document.paragraphs] == ["TT", "Nội dung", "1.", "Việc một"]
