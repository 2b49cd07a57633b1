"""The Nghị định 30 building blocks, on a small document built by hand."""

import datetime as dt

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from documents.support import LETTERHEAD, docx
from dxtrack.documents.official import Page, page_render
from dxtrack.documents.table_spec import Column, Row, TableSpec
from dxtrack.documents.word_tables import table_texts
from dxtrack.documents.wordml import PROPERTY_ORDER


def _page() -> bytes:
    page = Page(
        letterhead=LETTERHEAD,
        day=dt.date(2026, 12, 2),
        title="Báo cáo",
        subtitle="Kết quả thực hiện năm 2026",
    )
    page.heading("Phần A. ĐÁNH GIÁ")
    page.text("Sở Khoa học và Công nghệ tổng hợp báo cáo của 28 cơ quan, đơn vị.")
    wide = TableSpec(
        name="Phụ lục",
        columns=(Column("TT", 10), Column("Tên nhiệm vụ", 150), Column("Kết quả", 40, True)),
        rows=(
            Row(("I", "Sở Y tế"), heading=True),
            *(
                Row((str(n), "Triển khai hồ sơ sức khỏe điện tử cho người dân", 87.43))
                for n in range(1, 80)
            ),
        ),
    )
    page.appendix(["Phụ lục", "Kết quả thực hiện"], note="(Kèm theo Báo cáo số …)", tables=[wide])
    return page_render(page)


def test_styles_carry_times_new_roman_for_every_script():
    document = docx(_page())
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attribute)) == "Times New Roman"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(
        qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:rFonts")
    )
    assert defaults.get(qn("w:eastAsia")) == "Times New Roman"


def test_first_section_is_a4_portrait_with_the_decree_margins():
    section = docx(_page()).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20


def test_header_block_is_a_borderless_two_column_table():
    document = docx(_page())
    header = document.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {child.get(qn("w:val")) for child in borders} == {"nil"}
    left, right = (cell for cell in header.rows[0].cells)
    assert [p.text for p in left.paragraphs][:2] == [
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ]
    assert left.paragraphs[1].runs[0].bold
    # The short line under the unit's name: a border on a paragraph narrowed by indents.
    assert left.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None
    motto, slogan = right.paragraphs[0], right.paragraphs[1]
    assert motto.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and motto.runs[0].bold
    assert slogan.text == "Độc lập - Tự do - Hạnh phúc"
    assert slogan.runs[0].bold and slogan.runs[0].underline
    number, place = header.rows[1].cells
    assert number.paragraphs[0].text.replace(" ", "") == "Số:/BC-SKHCN"
    assert place.paragraphs[0].text == "Quảng Ngãi, ngày 02 tháng 12 năm 2026"
    assert place.paragraphs[0].runs[0].italic


def test_title_is_bold_capitals():
    document = docx(_page())
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold


def test_closing_has_recipients_left_and_signature_right():
    document = docx(_page())
    closing = document.tables[1]
    left, right = closing.rows[0].cells
    heading = left.paragraphs[0]
    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].bold and heading.runs[0].italic
    assert [p.text for p in left.paragraphs[1:]] == [
        "- Bộ Khoa học và Công nghệ;",
        "- UBND tỉnh (b/cáo);",
        "- Lưu: VT, KH&ĐMST.",
    ]
    assert all(p.runs[0].font.size.pt == 12 for p in left.paragraphs)
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phan Văn Hiếu"]
    assert right.paragraphs[-1].runs[0].bold


def test_wide_table_is_landscape_with_repeated_header_and_fixed_widths():
    document = docx(_page())
    appendix = document.sections[-1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height
    table = document.tables[-1]
    first = table._tbl.tr_lst[0]
    assert first.trPr.find(qn("w:tblHeader")) is not None
    assert all(
        tr.trPr is None or tr.trPr.find(qn("w:tblHeader")) is None for tr in table._tbl.tr_lst[1:]
    )
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths == [int(Mm(w).twips) for w in (10, 150, 40)]
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert not table._tbl.xpath(".//w:noWrap")
    rows = table_texts(table)
    assert rows[0] == ["TT", "Tên nhiệm vụ", "Kết quả"]
    assert rows[1] == ["I", "Sở Y tế"]
    assert rows[2] == ["1", "Triển khai hồ sơ sức khỏe điện tử cho người dân", "87,43"]


def test_properties_are_written_in_the_order_word_requires():
    document = docx(_page())
    body = document.element.body
    for parent_tag, order in PROPERTY_ORDER.items():
        for parent in body.iter(parent_tag):
            positions = [order.index(child.tag) for child in parent if child.tag in order]
            assert positions == sorted(positions), parent_tag
