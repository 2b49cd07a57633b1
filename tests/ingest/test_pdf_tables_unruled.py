"""Tables without ruling lines: a plan's appendix printed with the table borders off, as some
document systems export it, must read as the same plan as the Word file; and the words of a
page, laid out as such a table, give its rows (a two-level header, a row cut by the page
break, text below the table)."""

import pytest

from dxtrack.ingest.document import Paragraph, Table
from dxtrack.ingest.pdf_tables_unruled import unruled_blocks
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document
from dxtrack.office import soffice_path
from ingest.pdf_lines import printed_line as _line
from ingest.scans import pdf_printed, plan_word


def test_columns_come_from_the_header_and_rows_from_the_number_column():
    words = [
        *_line(10, (0, "KẾ HOẠCH CHUYỂN ĐỔI SỐ")),
        *_line(40, (0, "TT"), (40, "Chỉ tiêu"), (200, "Đơn vị tính"), (318, "Mục tiêu")),
        *_line(53, (300, "2025"), (360, "2030")),
        *_line(
            70, (0, "1"), (40, "Tỷ lệ hồ sơ trực"), (200, "%"), (300, "80"), (360, "100")
        ),
        *_line(83, (40, "tuyến toàn trình")),
        *_line(
            100, (0, "2"), (40, "Số doanh nghiệp số"), (200, "doanh"), (300, "500"), (360, "1.000")
        ),
        *_line(113, (200, "nghiệp")),
        *_line(200, (0, "Nơi nhận: như trên, lưu văn thư và các cơ quan liên quan")),
    ]
    page = unruled_blocks(words, line=0, page=1)
    title, table, below = page.blocks
    assert isinstance(title, Paragraph) and isinstance(below, Paragraph)
    assert isinstance(table, Table)
    # The two-level header as a .docx gives it: the caption over the first of its columns,
    # the cells standing over both header rows merged down.
    assert [(r.cells, sorted(r.merged_down)) for r in table.rows] == [
        (["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", ""], []),
        (["", "", "", "2025", "2030"], [0, 1, 2]),
        (["1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "80", "100"], []),
        (["2", "Số doanh nghiệp số", "doanh nghiệp", "500", "1.000"], []),
    ]
    assert page.carried is None


def test_a_table_run_on_to_the_next_page_drops_the_repeated_header():
    header = _line(
        40, (0, "TT"), (40, "Nhiệm vụ"), (250, "Cơ quan chủ trì"), (400, "Thời gian")
    )
    first = unruled_blocks(
        [
            *header,
            *_line(
                60, (0, "1"), (40, "Xây dựng kho dữ liệu"), (250, "Sở Y tế"), (400, "2027")
            ),
        ],
        line=0,
        page=1,
    )
    assert first.carried is not None
    second = unruled_blocks(
        [
            *header,
            *_line(60, (40, "dùng chung của tỉnh")),
            *_line(80, (0, "2"), (40, "Số hóa"), (250, "Sở Nội vụ"), (400, "2028")),
        ],
        line=first.line,
        page=2,
        carried=first.carried,
    )
    (table,) = second.blocks
    assert [r.cells for r in table.rows] == [
        ["", "dùng chung của tỉnh", "", ""],
        ["2", "Số hóa", "Sở Nội vụ", "2028"],
    ]


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is installed by ./bin/setup")
def test_a_borderless_pdf_reads_as_the_word_file_does(tmp_path, resolver):
    word = plan_word(tasks=14, ruled=False)
    docx_path = tmp_path / "ke-hoach.docx"
    docx_path.write_bytes(word)
    pdf_path = tmp_path / "ke-hoach.pdf"
    pdf_path.write_bytes(pdf_printed(word=word))
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        assert len(pdf.pages) >= 2
        assert not any(page.find_tables() for page in pdf.pages)
    expected = read_plan(read_document(docx_path), resolver)
    draft = read_plan(read_document(pdf_path), resolver)
    rows = [(t.section, t.number, t.name, t.lead_text, t.timeframe.text) for t in draft.tasks]
    assert len(rows) == 14
    assert rows == [
        (t.section, t.number, t.name, t.lead_text, t.timeframe.text) for t in expected.tasks
    ]


def test_sub_labels_printed_below_a_taller_first_header_row_stay_under_their_caption():
    # "Kết quả / năm 2025" and "Cơ quan / chủ trì" take three lines; the targets' caption
    # "Mục tiêu" stands at the top, its years ("Năm / 2026") below the whole first row.
    words = [
        *_line(
            40, (0, "TT"), (60, "Chỉ tiêu"), (300, "Kết quả"), (420, "Mục tiêu"), (620, "Cơ quan")
        ),
        *_line(54, (300, "năm"), (620, "chủ trì")),
        *_line(68, (300, "2025")),
        *_line(100, (420, "Năm"), (520, "Năm")),
        *_line(114, (420, "2026"), (520, "2030")),
        *_line(
            140,
            (0, "1"),
            (60, "Tỷ lệ hồ sơ trực tuyến toàn trình"),
            (300, "41,5"),
            (420, "80"),
            (520, "100"),
            (620, "Văn phòng UBND tỉnh"),
        ),
        *_line(
            170,
            (0, "2"),
            (60, "Số doanh nghiệp số được hỗ trợ"),
            (300, "120"),
            (420, "500"),
            (520, "1.000"),
            (620, "Sở Tài chính"),
        ),
    ]
    (table,) = unruled_blocks(words, line=0, page=1).blocks
    assert isinstance(table, Table)
    assert [(r.cells, sorted(r.merged_down)) for r in table.rows] == [
        (["TT", "Chỉ tiêu", "Kết quả năm 2025", "Mục tiêu", "", "Cơ quan chủ trì"], []),
        (["", "", "", "Năm 2026", "Năm 2030", ""], [0, 1, 2, 5]),
        (
            ["1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "41,5", "80", "100", "Văn phòng UBND tỉnh"],
            [],
        ),
        (["2", "Số doanh nghiệp số được hỗ trợ", "120", "500", "1.000", "Sở Tài chính"], []),
    ]


def test_a_table_of_short_cells_keeps_its_columns_apart():
    # Most cells hold a word or a number: the gaps between the cells outnumber the spaces
    # between words, and must not be taken for them ("1 Tỷ lệ" is two cells).
    words = [
        *_line(
            40,
            (0, "TT"),
            (30, "Chỉ tiêu"),
            (150, "Đơn vị"),
            (210, "2026"),
            (260, "2030"),
            (310, "Chủ trì"),
        ),
        *_line(
            70, (0, "1"), (30, "Tỷ lệ"), (150, "%"), (210, "80%"), (260, "100%"), (310, "Sở Y tế")
        ),
        *_line(
            100, (0, "2"), (30, "Số xã"), (150, "xã"), (210, "10"), (260, "20"), (310, "Sở Nội vụ")
        ),
        *_line(
            130,
            (0, "3"),
            (30, "Số thôn"),
            (150, "thôn"),
            (210, "50"),
            (260, "90"),
            (310, "Sở Tư pháp"),
        ),
    ]
    (table,) = unruled_blocks(words, line=0, page=1).blocks
    assert isinstance(table, Table)
    assert [r.cells for r in table.rows] == [
        ["TT", "Chỉ tiêu", "Đơn vị", "2026", "2030", "Chủ trì"],
        ["1", "Tỷ lệ", "%", "80%", "100%", "Sở Y tế"],
        ["2", "Số xã", "xã", "10", "20", "Sở Nội vụ"],
        ["3", "Số thôn", "thôn", "50", "90", "Sở Tư pháp"],
    ]
