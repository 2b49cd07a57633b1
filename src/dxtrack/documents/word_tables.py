"""Tables in the Word document: bordered, fixed column widths, header rows repeated on
every page. Body rows are written as XML text, and a large table's rows are kept as text
until the file is written (`TableRows`): a province's appendix has tens of thousands of
cells (decision 0031).

No Django imports.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.table import Table as DocxTable
from docx.table import _Cell
from lxml import etree

from dxtrack.documents.page_layout import FONT, TABLE_PT, paragraph_fill
from dxtrack.documents.table_spec import Cell, TableSpec, cell_text
from dxtrack.documents.wordml import property_put
from dxtrack.vn_text import CONTROL_CHARACTERS, strip_control_characters


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


def table_widths_set(table: DocxTable, widths_mm: Sequence[float]) -> None:
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        row_widths_set(row, widths_mm)
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    property_put(tbl_pr, layout)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    total.set(qn("w:type"), "dxa")
    property_put(tbl_pr, total)


def row_widths_set(row, widths_mm: Sequence[float]) -> None:
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
    property_put(tr_pr, mark)


def _cell_write(cell: _Cell, text: str, *, size: int, bold: bool = False, align=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph_fill(paragraph, text, size=size, bold=bold, align=align)
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
    table_widths_set(table, widths)
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
        text = escape(strip_control_characters(text)).replace("\r", "&#13;")
    if "\n" in text:
        text = '</w:t><w:br/><w:t xml:space="preserve">'.join(text.split("\n"))
    return f'{head}{run}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'


# What a cell's text cannot hold as it is in XML: most cells have none of it.
_SPECIAL = re.compile(f"[&<>\r{CONTROL_CHARACTERS}]")


def table_texts(table: DocxTable) -> list[list[str]]:
    """The text of each row's cells, a merged cell once (for tests and checks)."""
    rows = []
    for tr in table._tbl.tr_lst:
        rows.append(["\n".join(p.text for p in _Cell(tc, table).paragraphs) for tc in tr.tc_lst])
    return rows
