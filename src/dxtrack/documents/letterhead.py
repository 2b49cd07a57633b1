"""The blocks of the decree around the body: the header (issuing body left, national motto
right, then number and symbol, place and date), the title, "Kính gửi", and the closing
("Nơi nhận" left, the signature right).

No Django imports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from dxtrack.documents.page_layout import (
    BODY_PT,
    HEADER_PT,
    MOTTO_PT,
    PORTRAIT_TEXT_MM,
    RECIPIENTS_PT,
    paragraph_add,
    paragraph_fill,
    run_font_set,
)
from dxtrack.documents.vn_dates import date_line
from dxtrack.documents.word_tables import row_widths_set, table_widths_set
from dxtrack.documents.wordml import property_put


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


def _borderless_table(document: Document, widths_mm: Sequence[float]) -> DocxTable:
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_widths_set(table, widths_mm)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    property_put(table._tbl.tblPr, borders)
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
    property_put(ppr, borders)
    run = paragraph.add_run("")
    run_font_set(run, 4)
    # An empty paragraph still has the height of its mark: keep it small.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "8")
    mark.append(size)
    property_put(ppr, mark)


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
    property_put(table._tbl.tblPr, indent)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_fill(_cell_first(left), letterhead.province_line.upper(), size=MOTTO_PT, align=center)
    paragraph_add(left, letterhead.unit_name.upper(), size=MOTTO_PT, bold=True, align=center)
    _short_rule(left, cell_mm=HEADER_LEFT_MM, rule_mm=28)
    paragraph_fill(
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
    row_widths_set(table.rows[1], (HEADER_LEFT_MM, HEADER_RIGHT_MM))
    paragraph_fill(
        _cell_first(second[0]),
        letterhead.number_line,
        size=HEADER_PT,
        align=center,
        space_before=6,
    )
    if summary:
        paragraph_add(second[0], summary, size=12, align=center, space_before=3)
    paragraph_fill(
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
    property_put(ppr, borders)


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
    paragraph_fill(_cell_first(left), "Nơi nhận:", size=RECIPIENTS_PT, bold=True, italic=True)
    items = list(letterhead.recipients) or ["Lưu: VT."]
    for index, item in enumerate(items):
        text = item.strip().rstrip(".;")
        end = "." if index == len(items) - 1 else ";"
        paragraph_add(left, f"- {text}{end}", size=11 if len(items) > 8 else RECIPIENTS_PT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = _cell_first(right)
    paragraph_fill(first, letterhead.signer_title.upper(), size=BODY_PT, bold=True, align=center)
    if letterhead.signer_position:
        paragraph_add(
            right, letterhead.signer_position.upper(), size=BODY_PT, bold=True, align=center
        )
    for _blank in range(4):
        paragraph_add(right, "", size=BODY_PT)
    paragraph_add(right, letterhead.signer_name, size=BODY_PT, bold=True, align=center)
