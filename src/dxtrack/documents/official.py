"""The building blocks of an administrative document in the format of Nghị định 30/2020/NĐ-CP.

A4 portrait pages with the decree's margins, Times New Roman 13–14 pt on the styles (East
Asian attributes included, so that Word never falls back to another font for Vietnamese),
the header block (issuing body left, national motto right), the number and symbol, place and
date, the title, the body, "Nơi nhận" and the signature block, and landscape sections for
wide appendix tables whose header rows repeat on every page.

No Django imports: reports.py lays each document out with these blocks.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.vn_text import CONTROL_CHARACTERS, strip_control_characters

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
HEADER_PT = 13
MOTTO_PT = 12  # the issuing body and the first line of the motto: 12–13 pt in the decree
RECIPIENTS_PT = 12

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
# The decree's ranges: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
PORTRAIT_TEXT_MM = 210 - 30 - 15
LANDSCAPE_TEXT_MM = 297 - 30 - 15

Cell = str | int | float | None


# ----------------------------------------------------------------------- what a page holds


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document and who signs it."""

    province_line: str  # "UBND TỈNH QUẢNG NGÃI"
    unit_name: str  # "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    unit_title: str  # "Sở Khoa học và Công nghệ", as sentences name it
    place: str  # "Quảng Ngãi"
    symbol: str  # "BC-SKHCN": the number itself is given by the clerk on registration
    signer_title: str  # "KT. GIÁM ĐỐC"
    signer_position: str  # "PHÓ GIÁM ĐỐC"
    signer_name: str
    recipients: tuple[str, ...] = ()
    head_title: str = ""  # "Giám đốc Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    number: str = ""

    @property
    def number_line(self) -> str:
        # The decree leaves room for the number when the document is registered.
        return f"Số: {self.number or ' ' * 7}/{self.symbol}"


@dataclass(frozen=True)
class Column:
    label: str
    width_mm: float
    numeric: bool = False  # right-aligned; written with Vietnamese separators


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    # A heading row (a section of the plan, an agency): one bold cell over the whole width
    # after the number cell.
    heading: bool = False


@dataclass(frozen=True)
class TableSpec:
    """A table the document and the spreadsheet both show, cell for cell."""

    name: str  # the spreadsheet's sheet name
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # An upper header row of (label, number of columns spanned), over `columns`.
    groups: tuple[tuple[str, int], ...] = ()
    title: str = ""
    # Rows that never break across a page (short rows only: a row taller than a page
    # could not be printed whole).
    rows_unbroken: bool = False

    @property
    def header_depth(self) -> int:
        return 2 if self.groups else 1


def cell_text(value: Cell) -> str:
    """What a cell shows: numbers the Vietnamese way (1.234,5), nothing for None."""
    if type(value) is str:  # most cells: no other test needed
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    if isinstance(value, int | float):
        return format_vn_number(value)
    return str(value)


def date_line(place: str, day: dt.date) -> str:
    """ "Quảng Ngãi, ngày 05 tháng 02 năm 2026": the decree writes days below 10 and the
    months January and February with a leading zero."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"


def vn_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# The schema's order of the children we add: Word refuses a file whose properties are out
# of order ("unreadable content"), LibreOffice does not care.
_ORDER = {
    "w:pPr": (
        "w:pStyle",
        "w:keepNext",
        "w:keepLines",
        "w:pageBreakBefore",
        "w:framePr",
        "w:widowControl",
        "w:numPr",
        "w:suppressLineNumbers",
        "w:pBdr",
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    "w:tblPr": (
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
    "w:trPr": (
        "w:cnfStyle",
        "w:divId",
        "w:gridBefore",
        "w:gridAfter",
        "w:wBefore",
        "w:wAfter",
        "w:cantSplit",
        "w:trHeight",
        "w:tblHeader",
        "w:tblCellSpacing",
        "w:jc",
        "w:hidden",
        "w:ins",
        "w:del",
        "w:trPrChange",
    ),
}
_ORDER_QN = {qn(parent): [qn(tag) for tag in tags] for parent, tags in _ORDER.items()}


def _put(parent, child) -> None:
    """Add `child` to a properties element where the schema orders it, replacing one of the
    same name."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    order = _ORDER_QN[parent.tag]
    later = set(order[order.index(child.tag) + 1 :])
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return
    parent.append(child)


# ----------------------------------------------------------------------- the document


def document_new() -> Document:
    """An empty A4 document with the decree's margins, fonts and a page number from page 2."""
    document = new_document()
    _styles_set(document)
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.orientation = WD_ORIENT.PORTRAIT
    _margins_set(section)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    return document


def document_bytes(document: Document, rows: TableRows | None = None) -> bytes:
    """The .docx file; `rows` are the table rows `table_add` left to be written here."""
    buffer = io.BytesIO()
    document.save(buffer)
    if rows is None or not rows.texts:
        return buffer.getvalue()
    return rows.spliced(buffer.getvalue())


class TableRows:
    """Table rows kept as XML text until the file is written, then put in place of their
    marker in word/document.xml: parsing tens of thousands of cells into the document tree
    only to write them out again costs more than everything else in a large document."""

    PART = "word/document.xml"

    def __init__(self) -> None:
        self.texts: list[bytes] = []

    def defer(self, tbl, xml: str) -> None:
        tbl.append(etree.Comment(self._marker(len(self.texts))))
        self.texts.append(xml.encode("utf-8"))

    @staticmethod
    def _marker(index: int) -> str:
        return f"dxtrack-rows-{index}"

    def spliced(self, package: bytes) -> bytes:
        source = zipfile.ZipFile(io.BytesIO(package))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == self.PART:
                    data = self._fill(data)
                target.writestr(info, data)
        return buffer.getvalue()

    def _fill(self, xml: bytes) -> bytes:
        parts = re.split(rb"<!--dxtrack-rows-(\d+)-->", xml)
        if len(parts) != 2 * len(self.texts) + 1:
            raise ValueError("A table's rows have no place in the document.")
        for index in range(1, len(parts), 2):
            parts[index] = self.texts[int(parts[index])]
        return b"".join(parts)


def _font_set(rpr_owner, size_pt: int) -> None:
    font = rpr_owner.font
    font.name = FONT
    font.size = Pt(size_pt)
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    # Theme fonts would override the names above in Word.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), "vi-VN")
    language.set(qn("w:eastAsia"), "vi-VN")


def _styles_set(document: Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _font_set(normal, BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    names = {style.name for style in styles}
    for name in ("Header", "Footer", "Table Grid"):
        if name in names:
            _font_set(styles[name], HEADER_PT if name != "Table Grid" else TABLE_PT)
    # The defaults every other style inherits (tables, fields LibreOffice creates).
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr.insert(0, fonts)
            for attribute in list(fonts.attrib):
                del fonts.attrib[attribute]
            for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attribute), FONT)


def _margins_set(section) -> None:
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_number(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
    _run_font(run, HEADER_PT)


def _run_font(run, size_pt: int) -> None:
    run.font.name = FONT
    run.font.size = Pt(size_pt)
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)


def paragraph_add(
    container,
    text: str = "",
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_line_mm: float | None = None,
    space_after: float = 0,
    space_before: float = 0,
    keep_with_next: bool = False,
) -> Paragraph:
    """A paragraph of one run in the document font (container: document or table cell)."""
    paragraph = container.add_paragraph()
    _paragraph_fill(
        paragraph,
        text,
        size=size,
        bold=bold,
        italic=italic,
        underline=underline,
        align=align,
        first_line_mm=first_line_mm,
        space_after=space_after,
        space_before=space_before,
        keep_with_next=keep_with_next,
    )
    return paragraph


def _paragraph_fill(
    paragraph: Paragraph,
    text: str,
    *,
    size: int,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_line_mm: float | None = None,
    space_after: float = 0,
    space_before: float = 0,
    keep_with_next: bool = False,
) -> None:
    if align is not None:
        paragraph.alignment = align
    form = paragraph.paragraph_format
    form.space_after = Pt(space_after)
    form.space_before = Pt(space_before)
    if first_line_mm is not None:
        form.first_line_indent = Mm(first_line_mm)
    if keep_with_next:
        form.keep_with_next = True
    if text:
        lines = _xml_safe(text).split("\n")
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break(WD_BREAK.LINE)
            run.add_text(line)
        # Only what is on: an explicit "off" would override the style for no reason.
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True
        _run_font(run, size)


def body_paragraph(document: Document, text: str, *, bold: bool = False) -> Paragraph:
    """A body paragraph: justified, first line indented 1 cm, 6 pt after (the decree's)."""
    paragraph = paragraph_add(
        document,
        text,
        bold=bold,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        space_after=6,
    )
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def heading_paragraph(document: Document, text: str, *, italic: bool = False) -> Paragraph:
    """A heading inside the body (Phần A, I., 1.): bold, indented like the body."""
    return paragraph_add(
        document,
        text,
        bold=True,
        italic=italic,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_mm=10,
        space_before=6,
        space_after=6,
        keep_with_next=True,
    )


def _borderless_table(document: Document, widths_mm: Sequence[float]) -> DocxTable:
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths_set(table, widths_mm)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _put(table._tbl.tblPr, borders)
    return table


def _cell_first(cell: _Cell) -> Paragraph:
    return cell.paragraphs[0]


def _short_rule(cell: _Cell, *, cell_mm: float, rule_mm: float) -> None:
    """The short line under the unit's name (and the motto): a paragraph border drawn only
    between indents, which Word and LibreOffice both render."""
    paragraph = cell.add_paragraph()
    indent = max(0.0, (cell_mm - rule_mm) / 2 - 2)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    paragraph.paragraph_format.space_after = Pt(0)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), "6")
    top.set(qn("w:space"), "1")
    top.set(qn("w:color"), "000000")
    borders.append(top)
    _put(ppr, borders)
    run = paragraph.add_run("")
    _run_font(run, 4)
    # An empty paragraph still has the height of its mark: keep it small.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "8")
    mark.append(size)
    _put(ppr, mark)


# The header block reaches 5 mm into the left margin, as the decree's models do, so that
# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the unit's name each hold on one line.
HEADER_OUTDENT_MM = 5.0
HEADER_LEFT_MM = 75.0
HEADER_RIGHT_MM = PORTRAIT_TEXT_MM + 2 * HEADER_OUTDENT_MM - HEADER_LEFT_MM


def header_block(
    document: Document,
    letterhead: Letterhead,
    *,
    day: dt.date,
    summary: str = "",
) -> None:
    """Issuing body and national motto, then number and symbol left, place and date right.
    `summary` is the công văn's "V/v …" line under the number."""
    table = _borderless_table(document, (HEADER_LEFT_MM, HEADER_RIGHT_MM))
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(-int(Mm(HEADER_OUTDENT_MM).twips)))
    indent.set(qn("w:type"), "dxa")
    _put(table._tbl.tblPr, indent)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_fill(
        _cell_first(left), letterhead.province_line.upper(), size=MOTTO_PT, align=center
    )
    paragraph_add(left, letterhead.unit_name.upper(), size=MOTTO_PT, bold=True, align=center)
    _short_rule(left, cell_mm=HEADER_LEFT_MM, rule_mm=28)
    _paragraph_fill(
        _cell_first(right),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        size=MOTTO_PT,
        bold=True,
        align=center,
    )
    paragraph_add(
        right,
        "Độc lập - Tự do - Hạnh phúc",
        size=HEADER_PT,
        bold=True,
        underline=True,
        align=center,
    )
    second = table.add_row().cells
    _widths_row(table.rows[1], (HEADER_LEFT_MM, HEADER_RIGHT_MM))
    _paragraph_fill(
        _cell_first(second[0]),
        letterhead.number_line,
        size=HEADER_PT,
        align=center,
        space_before=6,
    )
    if summary:
        paragraph_add(second[0], summary, size=12, align=center, space_before=3)
    _paragraph_fill(
        _cell_first(second[1]),
        date_line(letterhead.place, day),
        size=BODY_PT,
        italic=True,
        align=center,
        space_before=6,
    )


def title_block(document: Document, title: str, subtitle: str = "") -> None:
    """The kind of document in bold capitals, then what it is about in bold."""
    paragraph_add(
        document,
        title.upper(),
        size=BODY_PT,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_before=18,
        keep_with_next=True,
    )
    if subtitle:
        paragraph_add(
            document,
            subtitle,
            size=BODY_PT,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            keep_with_next=True,
        )
    _short_rule_body(document)


def _short_rule_body(document: Document) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = Mm(PORTRAIT_TEXT_MM / 2 - 20)
    paragraph.paragraph_format.right_indent = Mm(PORTRAIT_TEXT_MM / 2 - 20)
    paragraph.paragraph_format.space_after = Pt(12)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    _put(ppr, borders)


def addressees_block(document: Document, addressees: Sequence[str]) -> None:
    """ "Kính gửi:" with one addressee, or a list of them, under it (công văn)."""
    if not addressees:
        return
    if len(addressees) == 1:
        paragraph_add(
            document,
            f"Kính gửi: {addressees[0]}.",
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=12,
        )
        return
    paragraph_add(document, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    for index, name in enumerate(addressees):
        end = "." if index == len(addressees) - 1 else ";"
        paragraph = paragraph_add(document, f"- {name}{end}", space_after=0)
        paragraph.paragraph_format.left_indent = Mm(45)
    paragraph_add(document, "", space_after=6)


SIGN_LEFT_MM, SIGN_RIGHT_MM = 85.0, PORTRAIT_TEXT_MM - 85.0


def closing_block(document: Document, letterhead: Letterhead) -> None:
    """ "Nơi nhận:" bottom left (bold italic, items in 12 pt) and the signature bottom
    right (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC, room to sign, the name in bold)."""
    paragraph_add(document, "", space_after=6)
    table = _borderless_table(document, (SIGN_LEFT_MM, SIGN_RIGHT_MM))
    left, right = table.rows[0].cells
    _paragraph_fill(_cell_first(left), "Nơi nhận:", size=RECIPIENTS_PT, bold=True, italic=True)
    items = list(letterhead.recipients) or ["Lưu: VT."]
    for index, item in enumerate(items):
        text = item.strip().rstrip(".;")
        end = "." if index == len(items) - 1 else ";"
        paragraph_add(left, f"- {text}{end}", size=11 if len(items) > 8 else RECIPIENTS_PT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = _cell_first(right)
    _paragraph_fill(first, letterhead.signer_title.upper(), size=BODY_PT, bold=True, align=center)
    if letterhead.signer_position:
        paragraph_add(
            right, letterhead.signer_position.upper(), size=BODY_PT, bold=True, align=center
        )
    for _blank in range(4):
        paragraph_add(right, "", size=BODY_PT)
    paragraph_add(right, letterhead.signer_name, size=BODY_PT, bold=True, align=center)


# ----------------------------------------------------------------------- sections and tables


def landscape_section(document: Document):
    """A new page in landscape for a wide appendix; the margins turn with the page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    _margins_set(section)
    return section


def portrait_section(document: Document):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    _margins_set(section)
    return section


def appendix_heading(document: Document, lines: Sequence[str], note: str = "") -> None:
    """ "Phụ lục I" and its title in bold, centred; the "(Kèm theo …)" note in italics."""
    for line in lines:
        paragraph_add(
            document, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True
        )
    if note:
        paragraph_add(
            document,
            note,
            size=13,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=12,
            keep_with_next=True,
        )


def _widths_set(table: DocxTable, widths_mm: Sequence[float]) -> None:
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        _widths_row(row, widths_mm)
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _put(tbl_pr, layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    total.set(qn("w:type"), "dxa")
    _put(tbl_pr, total)


def _widths_row(row, widths_mm: Sequence[float]) -> None:
    # A merged cell (gridSpan) is as wide as the columns it spans.
    column = 0
    for tc in row._tr.tc_lst:
        span = tc.grid_span
        tc.width = Mm(sum(widths_mm[column : column + span]))
        column += span


def _header_repeat(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    _put(tr_pr, mark)


def _cell_write(cell: _Cell, text: str, *, size: int, bold: bool = False, align=None) -> None:
    paragraph = cell.paragraphs[0]
    _paragraph_fill(paragraph, text, size=size, bold=bold, align=align)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def table_add(
    document: Document,
    spec: TableSpec,
    *,
    size: int = TABLE_PT,
    later: TableRows | None = None,
) -> DocxTable:
    """A bordered table with fixed column widths; its header row(s) repeat on every page and
    long cells wrap within their column. With `later`, the body rows are written only with
    the file (`document_bytes(document, later)`), not in the returned table."""
    widths = [c.width_mm for c in spec.columns]
    depth = spec.header_depth
    table = document.add_table(rows=depth, cols=len(spec.columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    center = WD_ALIGN_PARAGRAPH.CENTER
    if spec.groups:
        top, bottom = table.rows[0], table.rows[1]
        index = 0
        for label, span in spec.groups:
            if span == 1:
                merged = top.cells[index].merge(bottom.cells[index])
                _cell_write(merged, spec.columns[index].label, size=size, bold=True, align=center)
            else:
                merged = top.cells[index].merge(top.cells[index + span - 1])
                _cell_write(merged, label, size=size, bold=True, align=center)
                for offset in range(span):
                    column = spec.columns[index + offset]
                    _cell_write(
                        bottom.cells[index + offset],
                        column.label,
                        size=size,
                        bold=True,
                        align=center,
                    )
            index += span
    else:
        for cell, column in zip(table.rows[0].cells, spec.columns, strict=True):
            _cell_write(cell, column.label, size=size, bold=True, align=center)
    for header in table.rows[:depth]:
        _header_repeat(header)
        for cell in header.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _widths_set(table, widths)
    twips = [int(Mm(w).twips) for w in widths]
    aligns = ["center"] + ["right" if c.numeric else "" for c in spec.columns[1:]]
    # Rows are written as XML text: python-docx's cell and run objects, and even one lxml
    # element at a time, cost far too much for tables of thousands of rows.
    body = _CellXml(size, twips, aligns, unbroken=spec.rows_unbroken)
    rows = [body.heading(row.cells) if row.heading else body.row(row.cells) for row in spec.rows]
    if rows:
        if later is not None:
            later.defer(table._tbl, "".join(rows))
        else:
            parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
            table._tbl.extend(list(parsed))
    return table


class _CellXml:
    """The XML of table rows whose cells hold one paragraph of one run, in the document font
    at one size; what does not depend on the text is built once per table."""

    def __init__(
        self, size: int, twips: Sequence[int], aligns: Sequence[str], *, unbroken: bool = False
    ) -> None:
        self._tr = "<w:tr><w:trPr><w:cantSplit/></w:trPr>" if unbroken else "<w:tr>"
        fonts = "".join(f' w:{name}="{FONT}"' for name in ("ascii", "hAnsi", "eastAsia", "cs"))
        sizes = f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/>'
        self._run = f"<w:r><w:rPr><w:rFonts{fonts}/>{sizes}</w:rPr>"
        self._bold_run = f"<w:r><w:rPr><w:rFonts{fonts}/><w:b/>{sizes}</w:rPr>"
        self._heads = [
            self._head(width, 1, align) for width, align in zip(twips, aligns, strict=True)
        ]
        self._heading_heads = (
            self._head(twips[0], 1, "center"),
            self._head(sum(twips[1:]), len(twips) - 1, ""),
        )

    @staticmethod
    def _head(width: int, span: int, align: str) -> str:
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        paragraph = f'<w:p><w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else "<w:p>"
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}<w:vAlign w:val="top"/>'
            f"</w:tcPr>{paragraph}"
        )

    def row(self, cells: Sequence[Cell]) -> str:
        run = self._run
        return (
            self._tr
            + "".join(
                _cell_xml(head, run, cell_text(value))
                for head, value in zip(self._heads, cells, strict=True)
            )
            + "</w:tr>"
        )

    def heading(self, cells: Sequence[Cell]) -> str:
        first, rest = self._heading_heads
        run = self._bold_run
        return (
            f"{self._tr}{_cell_xml(first, run, cell_text(cells[0]))}"
            f"{_cell_xml(rest, run, cell_text(cells[1]))}</w:tr>"
        )


def _cell_xml(head: str, run: str, text: str) -> str:
    if not text:
        return head + "</w:p></w:tc>"
    if _SPECIAL.search(text):
        # A carriage return written as such would be read back as a line feed.
        text = escape(_xml_safe(text)).replace("\r", "&#13;")
    if "\n" in text:
        text = '</w:t><w:br/><w:t xml:space="preserve">'.join(text.split("\n"))
    return f'{head}{run}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'


# What a cell's text cannot hold as it is in XML: most cells have none of it.
_SPECIAL = re.compile(f"[&<>\r{CONTROL_CHARACTERS}]")


def _xml_safe(text: str) -> str:
    return strip_control_characters(text)


def table_texts(table: DocxTable) -> list[list[str]]:
    """The text of each row's cells, a merged cell once (for tests and checks)."""
    rows = []
    for tr in table._tbl.tr_lst:
        rows.append(["\n".join(p.text for p in _Cell(tc, table).paragraphs) for tc in tr.tc_lst])
    return rows


@dataclass
class Page:
    """Blocks laid out in order: the document builders in reports.py append to it."""

    letterhead: Letterhead
    day: dt.date
    title: str
    subtitle: str = ""
    summary: str = ""  # công văn: "V/v …"
    addressees: tuple[str, ...] = ()
    blocks: list[tuple[str, object]] = field(default_factory=list)
    appendices: list[tuple[tuple[str, ...], str, tuple[TableSpec, ...], bool]] = field(
        default_factory=list
    )

    def heading(self, text: str) -> None:
        self.blocks.append(("heading", text))

    def text(self, text: str) -> None:
        self.blocks.append(("text", text))

    def table(self, spec: TableSpec) -> None:
        self.blocks.append(("table", spec))

    def appendix(
        self,
        lines: Sequence[str],
        *,
        note: str = "",
        tables: Sequence[TableSpec],
        landscape: bool = True,
    ) -> None:
        self.appendices.append((tuple(lines), note, tuple(tables), landscape))

    @property
    def tables(self) -> list[TableSpec]:
        inline = [spec for _kind, spec in self.blocks if isinstance(spec, TableSpec)]
        return inline + [spec for _l, _n, specs, _o in self.appendices for spec in specs]


def page_render(page: Page) -> bytes:
    """The whole document: header, title, body, closing, then each appendix on its own
    pages (landscape for wide tables)."""
    document = document_new()
    rows = TableRows()
    header_block(document, page.letterhead, day=page.day, summary=page.summary)
    if page.title:
        title_block(document, page.title, page.subtitle)
    else:
        paragraph_add(document, "", space_after=12)
    addressees_block(document, page.addressees)
    for kind, value in page.blocks:
        if kind == "heading":
            heading_paragraph(document, str(value))
        elif kind == "text":
            body_paragraph(document, str(value))
        else:
            table_add(document, value, later=rows)  # type: ignore[arg-type]
            paragraph_add(document, "", space_after=6)
    closing_block(document, page.letterhead)
    for lines, note, specs, landscape in page.appendices:
        if landscape:
            landscape_section(document)
        else:
            portrait_section(document)
        appendix_heading(document, lines, note)
        for spec in specs:
            if spec.title:
                paragraph_add(
                    document,
                    spec.title,
                    bold=True,
                    space_before=6,
                    space_after=6,
                    keep_with_next=True,
                )
            table_add(document, spec, later=rows)
    return document_bytes(document, rows)
