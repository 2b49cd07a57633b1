"""Plans copied from legal-document websites: Markdown pipe tables, cells separated by lines
holding only "|", and HTML pages; each read into the same drafts a .docx gives."""

import unicodedata

import pytest

from dxtrack.ingest.document import Paragraph, Table
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document
from dxtrack.ingest.web_reader import read_html, read_markdown

KHCN = "Sở Khoa học và Công nghệ"


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


PIPE_PLAN = _lines(
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "Số: 12/KH-UBND",
    "Quảng Ngãi, ngày 10 tháng 02 năm 2027",
    "**KẾ HOẠCH**",
    "**Chuyển đổi số năm 2027**",
    "",
    "**Phụ lục**",
    "**DANH MỤC NHIỆM VỤ**",
    "",
    "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
    "|---:|:---|:---:|---|---|",
    "| **I** | **Chính quyền số** | | | |",
    "| 1 | Triển khai nền tảng họp trực tuyến <br> đến cấp xã | Sở KH&CN "
    "| Các sở, ban, ngành | Quý II/2027 |",
    "| 2 | Số hóa hồ sơ, kết quả giải quyết TTHC \\| đợt 2 | Văn phòng UBND tỉnh "
    "| Sở Nội vụ | Năm 2027 |",
    "",
    "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |",
    "|---|---|---|---|---|",
    "| | (tiếp) phường, đặc khu | | | |",
    "| 3 | Bảo đảm an toàn thông tin cho hệ thống thông tin cấp độ 3 | Công an tỉnh "
    "| Sở KH&CN | Thường xuyên |",
)


def test_a_pipe_table_reads_as_a_table_and_its_page_break_joins(resolver):
    document = read_markdown(PIPE_PLAN, "ke-hoach.md")
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert len(tables) == 2
    first = tables[0]
    assert first.rows[0].cells == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
    ]
    assert first.rows[1].bold and first.rows[1].cells[:2] == ["I", "Chính quyền số"]
    assert first.rows[2].cells[1] == "Triển khai nền tảng họp trực tuyến\nđến cấp xã"
    draft = read_plan(document, resolver)
    assert draft.number == "12/KH-UBND"
    assert [(t.section, t.number) for t in draft.tasks] == [
        (["I Chính quyền số"], "1"),
        (["I Chính quyền số"], "2"),
        (["I Chính quyền số"], "3"),
    ]
    second = draft.tasks[1]
    assert second.name == "Số hóa hồ sơ, kết quả giải quyết TTHC | đợt 2 (tiếp) phường, đặc khu"
    assert [r.agency for r in draft.tasks[0].lead] == [KHCN]
    assert draft.tasks[2].timeframe.recurrence == "continuous"


# thuvienphapluat-style copy: hard-wrapped lines, each cell closed by a line "|".
BAR_PLAN = _lines(
    "ỦY BAN NHÂN DÂN",
    "TỈNH QUẢNG NGÃI",
    "-------",
    "|",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "---------------",
    "|",
    "Số: 45/KH-UBND",
    "|",
    "Quảng Ngãi, ngày 03 tháng 3 năm",
    "2027",
    "|",
    "KẾ HOẠCH",
    "Ứng dụng công nghệ thông tin, chuyển đổi số trong cơ quan nhà nước năm",
    "2027",
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá",
    "phát triển khoa học, công nghệ;",
    "PHỤ LỤC",
    "DANH MỤC NHIỆM VỤ",
    "TT",
    "|",
    "Nội dung",
    "|",
    "Đơn vị chủ trì",
    "|",
    "Đơn vị phối hợp",
    "|",
    "Thời gian",
    "|",
    "1",
    "|",
    "Xây dựng kho dữ liệu dùng chung của tỉnh, kết nối với",
    "nền tảng tích hợp, chia sẻ dữ liệu",
    "|",
    "Sở Khoa học và Công nghệ",
    "|",
    "Các sở, ban, ngành",
    "|",
    "Năm 2027",
    "|",
    "2",
    "|",
    "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã",
    "|",
    "Sở Nội vụ",
    "|",
    "Năm 2027",
    "|",
    "3",
    "|",
    "Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh",
    "|",
    "Sở Y tế",
    "|",
    "|",
    "2027-2028",
    "|",
    "Nơi nhận:",
    "- Như trên;",
)


def test_cells_separated_by_bar_lines_make_rows_by_their_numbers(resolver):
    document = read_markdown(BAR_PLAN, "ke-hoach.txt")
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert table.rows[0].cells == [
        "TT",
        "Nội dung",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian",
    ]
    assert table.rows[1].cells == [
        "1",
        "Xây dựng kho dữ liệu dùng chung của tỉnh, kết nối với nền tảng tích hợp, chia sẻ dữ liệu",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành",
        "Năm 2027",
    ]
    assert not table.rows[1].loose and table.rows[2].loose  # row 2 has no partner cell
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    # The page wraps lines at a fixed width; a sentence is one paragraph again.
    assert "Quảng Ngãi, ngày 03 tháng 3 năm 2027" in texts
    assert "Nơi nhận:" in texts and "- Như trên;" in texts
    draft = read_plan(document, resolver)
    assert draft.number == "45/KH-UBND"
    assert [(t.number, t.lead_text, t.coordinating_text) for t in draft.tasks] == [
        ("1", "Sở Khoa học và Công nghệ", "Các sở, ban, ngành"),
        ("2", "Sở Nội vụ", ""),
        ("3", "Sở Y tế", ""),
    ]
    assert draft.tasks[1].timeframe.text == "Năm 2027"
    assert draft.tasks[2].timeframe.text == "2027-2028"


HTML_PLAN = """<!DOCTYPE html>
<html><head><title>Kế hoạch</title><style>td{border:1px}</style>
<script>document.write("<p>không phải nội dung</p>")</script></head>
<body>
<p>Số: 88/KH-UBND</p><p>Quảng Ngãi, ngày 15 tháng 01 năm 2027</p>
<p><b>KẾ HOẠCH</b></p><p><b>Chuyển đổi số tỉnh năm 2027</b></p>
<p><b>PHỤ LỤC I</b></p><p>CHỈ TIÊU CHUYỂN ĐỔI SỐ</p>
<table border="1">
<tr><th rowspan="2">TT</th><th rowspan="2">Chỉ tiêu</th><th colspan="2">Mục tiêu</th>
    <th rowspan="2">Cơ quan chủ trì</th></tr>
<tr><th>Năm 2026</th><th>Năm 2027</th></tr>
<tr><td><b>I</b></td><td><b>Chính quyền số</b></td><td></td><td></td><td></td></tr>
<tr><td>1</td><td><p>Tỷ lệ hồ sơ TTHC được xử lý</p><p>hoàn toàn trực tuyến</p></td>
    <td>&ge; 60%</td><td>&gt; 80%</td><td rowspan="2">Văn phòng UBND tỉnh</td></tr>
<tr><td>2</td><td>Tỷ lệ văn bản điện tử có chữ ký số &amp; được gửi qua trục</td>
    <td>100%</td><td>100%</td></tr>
</table>
<p>Nơi nhận:</p>
</body></html>
"""


def test_an_html_table_keeps_spans_and_merged_cells(resolver):
    document = read_html(HTML_PLAN, "ke-hoach.html")
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert "không phải nội dung" not in " ".join(texts)
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert table.rows[0].cells == ["TT", "Chỉ tiêu", "Mục tiêu", "", "Cơ quan chủ trì"]
    assert table.rows[1].cells == ["", "", "Năm 2026", "Năm 2027", ""]
    assert table.rows[1].merged_down == frozenset({0, 1, 4})
    assert table.rows[2].bold
    assert table.rows[4].merged_down == frozenset({4})
    draft = read_plan(document, resolver)
    assert draft.number == "88/KH-UBND"
    first, second = draft.indicators
    assert first.name == "Tỷ lệ hồ sơ TTHC được xử lý hoàn toàn trực tuyến"
    assert [(t.milestone, t.text, t.comparator, t.value) for t in first.targets] == [
        ("2026", "≥ 60%", ">=", 60.0),
        ("2027", "> 80%", ">", 80.0),
    ]
    assert second.name == "Tỷ lệ văn bản điện tử có chữ ký số & được gửi qua trục"
    # The lead cell spans both rows: it applies to each.
    assert [r.agency for r in second.lead] == ["Văn phòng UBND tỉnh"]


@pytest.mark.parametrize("suffix", [".md", ".html", ".htm", ".txt"])
def test_read_document_picks_the_reader_by_suffix(tmp_path, resolver, suffix):
    text = HTML_PLAN if suffix.startswith(".htm") else PIPE_PLAN
    path = tmp_path / f"ke-hoach{suffix}"
    path.write_text(text, encoding="utf-8")
    draft = read_plan(read_document(path), resolver)
    assert draft.indicators or draft.tasks


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese pages write it: a letter with its vowel mark precomposed
    ("ư", "ê"), the tone as a combining mark after it."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            shape = [m for m in marks if m in "\u0302\u0306\u031b"]
            tones = [m for m in marks if m not in shape]
            vowel = unicodedata.normalize("NFC", base + "".join(shape))
            out += (vowel + "".join(tones)).encode("cp1258")
    return out


def test_a_page_in_windows_1258_is_read_by_its_declared_charset(tmp_path, resolver):
    page = HTML_PLAN.replace("<head>", '<head><meta charset="windows-1258">')
    path = tmp_path / "ke-hoach.html"
    path.write_bytes(_cp1258(page))
    draft = read_plan(read_document(path), resolver)
    assert draft.indicators[0].name.startswith("Tỷ lệ hồ sơ")


def _bars(*cells: str) -> list[str]:
    lines: list[str] = []
    for cell in cells:
        lines += ([cell] if cell else []) + ["|"]
    return lines


# A ministry's appendix as a site writes it: the header spans ("Cơ quan thực hiện" over
# "Chủ trì" and "Phối hợp", whose labels come last), a group row over "-" and "a" rows, a
# budget written with a thousands dot, a totals row.
SPANNING_BAR_PLAN = _lines(
    "PHỤ LỤC",
    "",
    *_bars("TT", "Nhiệm vụ", "Cơ quan thực hiện", "Thời gian", "Kinh phí", "Chủ trì", "Phối hợp"),
    *_bars("1", "Hạ tầng số", "", "", "", ""),
    *_bars("-", "Nâng cấp trung tâm dữ liệu", "Sở KH&CN", "Công an tỉnh", "Năm 2027", "1.500"),
    *_bars("a", "Thuê dịch vụ đám mây", "Sở Nội vụ", "", "Quý II/2027", "800"),
    *_bars("2", "Số hóa hồ sơ lưu trữ", "Sở Y tế", "Sở Nội vụ", "2027 - 2028", "-"),
    *_bars("", "Tổng cộng", "", "", "", "2.300"),
)


def test_a_spanning_header_sub_items_and_a_totals_row_in_the_bar_form(resolver):
    document = read_markdown(SPANNING_BAR_PLAN, "ke-hoach.txt")
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert [r.cells for r in table.rows[:2]] == [
        ["TT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian", "Kinh phí"],
        ["", "", "Chủ trì", "Phối hợp", "", ""],
    ]
    draft = read_plan(document, resolver)
    assert [(t.section, t.number, t.lead_text, t.coordinating_text) for t in draft.tasks] == [
        (["1 Hạ tầng số"], "-", "Sở KH&CN", "Công an tỉnh"),
        (["1 Hạ tầng số"], "a", "Sở Nội vụ", ""),
        ([], "2", "Sở Y tế", "Sở Nội vụ"),
    ]


def test_a_bar_cell_keeps_the_line_break_before_an_organisation_s_name():
    document = read_markdown(
        _lines(
            *_bars("TT", "Nhiệm vụ", "Chủ trì", "Phối hợp"),
            "1",
            "|",
            "Tích hợp sổ sức khỏe điện tử trên ứng dụng",
            "định danh quốc gia",
            "|",
            "Sở Y tế",
            "|",
            "Công an tỉnh",
            "Bảo hiểm xã hội tỉnh",
            "|",
        ),
        "ke-hoach.txt",
    )
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert table.rows[1].cells[1:] == [
        "Tích hợp sổ sức khỏe điện tử trên ứng dụng định danh quốc gia",
        "Sở Y tế",
        "Công an tỉnh\nBảo hiểm xã hội tỉnh",
    ]
