"""The page of Nghị định 30/2020/NĐ-CP: A4 with the decree's margins, Times New Roman
13–14 pt on the styles (East Asian attributes included, so that Word never falls back to
another font for Vietnamese), the page number from page 2, body paragraphs and headings,
and landscape sections for wide appendices.

No Django imports.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from dxtrack.vn_text import strip_control_characters

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


def document_new() -> Document:
    """An empty A4 document with the decree's margins, fonts and a page number from page 2."""
    document = new_document()
    _styles_set(document)
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.orientation = WD_ORIENT.PORTRAIT
    margins_set(section)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    return document


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


def margins_set(section) -> None:
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
    run_font_set(run, HEADER_PT)


def run_font_set(run, size_pt: int) -> None:
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
    paragraph_fill(
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


def paragraph_fill(
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
        lines = strip_control_characters(text).split("\n")
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
        run_font_set(run, size)


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


def landscape_section(document: Document):
    """A new page in landscape for a wide appendix; the margins turn with the page."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    margins_set(section)
    return section


def portrait_section(document: Document):
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    margins_set(section)
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
