"""Plans shaped as officials receive them as PDF, written here as Word files for LibreOffice to
print: a landscape appendix whose header has two levels ("Thời gian thực hiện" over "Bắt đầu |
Kết thúc"), repeated on every page; group headings merged over the whole row ("I. HẠ TẦNG
SỐ") or over every cell after the number; a lead agency and a time frame written once for a
group of rows (merged vertically, centred as offices centre them); long cells wrapped over many
lines and rows cut by page breaks; and, on every page, the document system's signature line
("Ký bởi: … Thời gian ký: …") in the page header, a page number and a footnote in the footer.
Printed with the borders on (ruled), off (as some systems export appendices), or partly on: a
frame around the table only ("outer"), or lines between the rows only ("rows"). Nothing
binary is committed: the tests and the benchmark write the files."""

from __future__ import annotations

import io
from dataclasses import dataclass

SIGNED_BY = "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi"
SIGNED_AT = "Thời gian ký: 20.04.2027 09:15:22 +07:00"
FOOTNOTE = "(*) Cơ quan chủ trì báo cáo kết quả trước ngày 15 tháng 12 hằng năm."
HEADER_TOP = [
    "TT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
]
HEADER_SUB = ["Bắt đầu", "Kết thúc"]

_SUBJECTS = [
    "Nâng cấp hạ tầng mạng truyền số liệu chuyên dùng cấp tỉnh, cấp xã",
    "Xây dựng kho dữ liệu dùng chung của tỉnh, kết nối với nền tảng tích hợp, chia sẻ dữ liệu "
    "quốc gia (NDXP)",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
    "Triển khai “Tổ công nghệ số cộng đồng” tại 100% thôn, tổ dân phố",
    "Bảo đảm an toàn thông tin mạng theo mô hình 4 lớp cho các hệ thống thông tin dùng chung",
    "Ứng dụng hồ sơ sức khỏe điện tử – bệnh án điện tử tại các cơ sở khám bệnh, chữa bệnh",
]
_LEADS = ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Công an tỉnh"]
_GROUPS = ["HẠ TẦNG SỐ", "DỮ LIỆU SỐ", "CHÍNH QUYỀN SỐ"]


@dataclass(frozen=True)
class ShapedRow:
    """A task as written: number, name, lead, coordinating, start, end. `lead_group` and
    `time_group` count the rows (this one first) sharing one merged lead or time cell."""

    number: str
    name: str
    lead: str
    coordinating: str
    start: str
    end: str
    lead_group: int = 1
    time_group: int = 1


def shaped_rows(tasks_per_group: int = 7) -> list[ShapedRow | str]:
    """The appendix's rows: a group heading (a str, "I. HẠ TẦNG SỐ") then its tasks; in each
    group the first three tasks share a lead cell and the last two a time cell."""
    rows: list[ShapedRow | str] = []
    number = 0
    for group_index, group in enumerate(_GROUPS):
        rows.append(f"{'I' * (group_index + 1) if group_index < 3 else 'IV'}. {group}")
        for position in range(tasks_per_group):
            number += 1
            name = _SUBJECTS[number % len(_SUBJECTS)]
            if number % 5 == 0:
                # Long enough to wrap over many lines and, somewhere, to be cut by a page break.
                name += (
                    "; rà soát, chuẩn hóa, làm sạch dữ liệu theo quy định tại Nghị định số "
                    "47/2024/NĐ-CP, bảo đảm dữ liệu “đúng, đủ, sạch, sống”, thống nhất, dùng "
                    "chung, cập nhật thường xuyên cho các cơ quan nhà nước của tỉnh"
                )
            shared_lead = position < 3
            shared_time = position >= tasks_per_group - 2
            rows.append(
                ShapedRow(
                    number=str(number),
                    name=name,
                    lead=_LEADS[group_index % len(_LEADS)]
                    if shared_lead
                    else _LEADS[number % len(_LEADS)],
                    coordinating="Các sở, ban, ngành; UBND các xã, phường, đặc khu"
                    if number % 3 == 0
                    else "Sở Tài chính",
                    start="2026",
                    end="2030" if shared_time else f"{2026 + number % 3}",
                    lead_group=3 if position == 0 else 1,
                    time_group=2 if position == tasks_per_group - 2 else 1,
                )
            )
    return rows


BORDERS = ("all", "none", "outer", "rows")


def shaped_word(*, borders: str, landscape: bool = True, tasks_per_group: int = 7) -> bytes:
    """The Word file of the appendix (see the module's note); `borders` one of `BORDERS`."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(13)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    header = section.header.paragraphs[0]
    header.text = f"{SIGNED_BY}\n{SIGNED_AT}"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.add_run(FOOTNOTE).font.size = Pt(9)
    page_number = section.footer.add_paragraph()
    _page_field(page_number, OxmlElement)
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    document.add_paragraph("Số: 52/KH-UBND")
    document.add_paragraph("Quảng Ngãi, ngày 20 tháng 4 năm 2027")
    document.add_paragraph().add_run("Phụ lục").bold = True
    document.add_paragraph("DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2026-2030")
    rows = shaped_rows(tasks_per_group)
    table = document.add_table(rows=2 + len(rows), cols=6)
    _borders(table, borders, OxmlElement)
    widths = [Cm(1.3), Cm(10), Cm(4.5), Cm(5), Cm(2.2), Cm(2.2)]
    for column, width in enumerate(widths):
        for cell in table.columns[column].cells:
            cell.width = width
    for column, label in enumerate(HEADER_TOP[:4]):
        _write(table.cell(0, column), label, bold=True)
        table.cell(0, column).merge(table.cell(1, column))
    _write(table.cell(0, 4), HEADER_TOP[4], bold=True)
    table.cell(0, 4).merge(table.cell(0, 5))
    _write(table.cell(1, 4), HEADER_SUB[0], bold=True)
    _write(table.cell(1, 5), HEADER_SUB[1], bold=True)
    for index in (0, 1):
        table.rows[index]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for index, row in enumerate(rows, start=2):
        cells = table.rows[index].cells
        if isinstance(row, str):
            number, _dot, title = row.partition(". ")
            if number == "II":
                # A group heading with its number in the TT cell and its title over the rest.
                _write(cells[0], number, bold=True)
                _write(cells[1], title, bold=True)
                cells[1].merge(cells[5])
            else:
                _write(cells[0], row, bold=True)
                cells[0].merge(cells[5])
            continue
        values = [row.number, row.name, row.lead, row.coordinating, row.start, row.end]
        for column, value in enumerate(values):
            if column == 2 and _covered(rows, index - 2, "lead"):
                continue
            if column in (4, 5) and _covered(rows, index - 2, "time"):
                continue
            _write(cells[column], value)
    for index, row in enumerate(rows, start=2):
        if not isinstance(row, ShapedRow):
            continue
        if row.lead_group > 1:
            merged = table.cell(index, 2).merge(table.cell(index + row.lead_group - 1, 2))
            merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if row.time_group > 1:
            for column in (4, 5):
                merged = table.cell(index, column).merge(
                    table.cell(index + row.time_group - 1, column)
                )
                merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _signature_block(document, Pt)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


STAMP = [SIGNED_BY, "Email: ubnd@quangngai.gov.vn", "Cơ quan: Tỉnh Quảng Ngãi", SIGNED_AT]


def _signature_block(document, points) -> None:
    """The closing block as the province lays it out, in a table without borders: the
    recipients on the left, the signer on the right with the document system's stamp
    printed small beside the signer's title, sharing its lines with the recipients."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    for text in ("- Như trên;", "- Sở Khoa học và Công nghệ;", "- Lưu: VT, KGVX."):
        left.add_paragraph(text)
    right.paragraphs[0].add_run("TM. ỦY BAN NHÂN DÂN").bold = True
    right.add_paragraph().add_run("KT. CHỦ TỊCH").bold = True
    for text in STAMP:
        right.add_paragraph().add_run(text).font.size = points(8)
    right.add_paragraph().add_run("Nguyễn Văn An").bold = True


def _borders(table, borders: str, element) -> None:
    """The table's borders: Word's "Table Grid" style, or the table's own w:tblBorders."""
    from docx.oxml.ns import qn

    if borders == "all":
        table.style = "Table Grid"
        return
    shown = {
        "none": (),
        "outer": ("top", "left", "bottom", "right"),
        "rows": ("top", "bottom", "insideH"),
    }[borders]
    properties = table._tbl.tblPr
    node = element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = element(f"w:{edge}")
        line.set(qn("w:val"), "single" if edge in shown else "nil")
        if edge in shown:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:color"), "000000")
        node.append(line)
    properties.append(node)


def _covered(rows: list[ShapedRow | str], index: int, what: str) -> bool:
    """Whether the row's lead (or time) cell is covered by a merge from a row above."""
    for back in range(1, 4):
        if index - back < 0:
            return False
        above = rows[index - back]
        if not isinstance(above, ShapedRow):
            return False
        group = above.lead_group if what == "lead" else above.time_group
        if group > back:
            return True
    return False


def _write(cell, text: str, *, bold: bool = False) -> None:
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold


def _page_field(paragraph, element) -> None:
    """A centred PAGE field, as Word's "Page number" inserts it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind is not None:
            node = element("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = element("w:instrText")
            node.text = text
        run._r.append(node)
        if kind == "separate":
            number = element("w:t")
            number.text = "1"
            run._r.append(number)


# A short table whose merged cells are printed at the top of their rows, as Word prints a
# merge by default: a coordinating cell listing several agencies merged over three one-line
# rows (longer than the first of them, it runs on into the rows below), a time frame merged
# over two rows (one line, no longer than the first), and a coordinating cell really empty.
MERGED_HEADER = [
    "TT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
]
MERGED_ROWS = [
    [
        "1",
        "Rà soát quy chế nội bộ",
        "Sở Nội vụ",
        "Sở Tài chính; Sở Tư pháp; Công an tỉnh; UBND các xã, phường",
        "2026",
    ],
    ["2", "Đào tạo kỹ năng số", "Sở Y tế", "", "2027"],
    ["3", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "", "Quý IV/2027"],
    ["4", "Kết nối dữ liệu dân cư", "Công an tỉnh", "Sở Tài chính", ""],
    ["5", "Cập nhật cổng dịch vụ công", "Sở Y tế", "", "2028"],
    ["6", "Đánh giá chuyển đổi số", "Sở Nội vụ", "Các sở, ban, ngành", "Hằng năm"],
]
# (first row, rows, column) of each merge, rows counted from 0 in MERGED_ROWS.
MERGES = [(0, 3, 3), (2, 2, 4)]


def merged_word(*, borders: str) -> bytes:
    """The Word file of the short table above, with `borders` one of `BORDERS`; the merged
    cells keep Word's default vertical alignment (top)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(13)
    document.add_paragraph("Phụ lục")
    document.add_paragraph("DANH MỤC NHIỆM VỤ NĂM 2026")
    table = document.add_table(rows=1 + len(MERGED_ROWS), cols=len(MERGED_HEADER))
    _borders(table, borders, OxmlElement)
    widths = [Cm(1.2), Cm(6), Cm(3.5), Cm(3.5), Cm(2.8)]
    for column, width in enumerate(widths):
        table.columns[column].width = width
        for cell in table.columns[column].cells:
            cell.width = width
    for column, label in enumerate(MERGED_HEADER):
        _write(table.cell(0, column), label, bold=True)
    for index, values in enumerate(MERGED_ROWS, start=1):
        for column, value in enumerate(values):
            if value:
                _write(table.cell(index, column), value)
    for first, count, column in MERGES:
        table.cell(1 + first, column).merge(table.cell(first + count, column))
    document.add_paragraph("Nơi nhận: như trên.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
