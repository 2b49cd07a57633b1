"""The tables of a document as an Excel workbook: one sheet per table, cell for cell the same
as in the Word document, numbers kept as numbers. No Django imports.

The workbook is written as SpreadsheetML text directly, in the shape openpyxl gives it (the
same parts, styles and sheet properties): building a cell object per cell and a style object
per cell property costs tens of seconds for the appendix of a province (tens of thousands of
cells), the text costs a fraction of one. A workbook has only the six cell formats below (each
also with a quote prefix, for text a spreadsheet would take for a formula).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.writer.theme import theme_xml

from dxtrack.documents.table_spec import TableSpec
from dxtrack.sheet_text import text_is_formula_like
from dxtrack.vn_text import CONTROL_CHARACTERS, strip_control_characters

TITLE_ROW = 1
HEADER_ROW = 3  # the first header row; rows 1–2 hold the title

_FONT = "Times New Roman"
# Excel column widths are in characters of the default font: about 2 mm each at 12 pt.
_MM_PER_CHAR = 2.0
# Excel keeps at most this many characters in a cell.
_MAX_TEXT = 32767

# The cell formats (indexes into cellXfs): every cell has a thin black border and Times New
# Roman; the title is bold 13 pt; headers bold 12 pt centred; heading rows bold 12 pt and
# body cells 12 pt, wrapped at the top; numbers of numeric columns shown as 1,234.5.
_TITLE, _HEAD, _HEADING, _BODY, _NUMBER = 1, 2, 3, 4, 5
_NUMBER_FORMAT = "#,##0.##"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_BLACK = '<color rgb="00000000"/>'
_THIN = "".join(f'<{edge} style="thin">{_BLACK}</{edge}>' for edge in ("left", "right", "top"))
_WRAP_TOP = '<alignment vertical="top" wrapText="1"/>'
_XF = (
    '<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="{border}"{extra} pivotButton="0"'
    ' quotePrefix="{quoted}" xfId="0"{body}'
)
# (numFmt, font, border, extra attributes, body) of each cell format, in index order.
_FORMATS = (
    (0, 0, 0, "", "/>"),
    (0, 1, 0, "", "/>"),
    (
        0,
        2,
        1,
        ' applyAlignment="1"',
        '><alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
    ),
    (0, 2, 1, ' applyAlignment="1"', f">{_WRAP_TOP}</xf>"),
    (0, 3, 1, ' applyAlignment="1"', f">{_WRAP_TOP}</xf>"),
    (164, 3, 1, ' applyAlignment="1"', f">{_WRAP_TOP}</xf>"),
)
# Each format again with Excel's quote prefix, for text a spreadsheet would take for a
# formula (sheet_text): format n quoted is n + _QUOTED.
_QUOTED = len(_FORMATS)
_CELL_XFS = "".join(
    _XF.format(fmt=fmt, font=font, border=border, extra=extra, body=body, quoted=quoted)
    for quoted in (0, 1)
    for fmt, font, border, extra, body in _FORMATS
)
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{_NUMBER_FORMAT}"/></numFmts>'
    '<fonts count="4">'
    '<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
    '<scheme val="minor"/></font>'
    f'<font><name val="{_FONT}"/><b val="1"/><sz val="13"/></font>'
    f'<font><name val="{_FONT}"/><b val="1"/><sz val="12"/></font>'
    f'<font><name val="{_FONT}"/><sz val="12"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/>'
    "</fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    f'<border>{_THIN}<bottom style="thin">{_BLACK}</bottom></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    f'<cellXfs count="{2 * _QUOTED}">' + _CELL_XFS + "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0"/>'
    "</cellStyles>"
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)
_PAGE_MARGINS = (
    '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
)
_TYPES = "application/vnd.openxmlformats-officedocument"


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip("' ") or "Bảng"
    base = base[:31]
    title, suffix = base, 2
    while title.lower() in taken:
        tail = f" ({suffix})"
        title = base[: 31 - len(tail)] + tail
        suffix += 1
    taken.add(title.lower())
    return title


def workbook_bytes(tables: Sequence[TableSpec], *, title: str) -> bytes:
    taken: set[str] = set()
    sheets: list[tuple[str, str, int | None]] = []  # name, XML, last header row to print
    for spec in tables:
        xml, header_end = _sheet_xml(spec, title)
        sheets.append((sheet_title(spec.name, taken), xml, header_end))
    if not tables:
        sheets.append(("Bảng", _title_only_xml(title), None))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("docProps/app.xml", _APP)
        archive.writestr("docProps/core.xml", _core(title))
        archive.writestr("xl/workbook.xml", _workbook(sheets))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/theme/theme1.xml", theme_xml)
        for index, (_name, xml, _end) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{index}.xml", xml)
    return buffer.getvalue()


# ----------------------------------------------------------------------- cells


# What a text cannot hold as it is in XML, or at all (control characters): most have none.
_SPECIAL = re.compile(f"[&<>\r{CONTROL_CHARACTERS}]")


def _text(value: str) -> str:
    # Dropped, as in the Word documents, rather than failing the whole download.
    return strip_control_characters(value[:_MAX_TEXT])


def _cell(ref: str, style: int, value) -> str:
    """One <c> element: text inline, numbers as numbers, None as an empty styled cell."""
    if type(value) is str:  # most cells
        return _text_cell(ref, style, value)
    if value is None:
        return f'<c r="{ref}" s="{style}" t="n"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        shown = "" if math.isnan(value) or math.isinf(value) else f"{value:.16g}"
        return f'<c r="{ref}" s="{style}" t="n"><v>{shown}</v></c>'
    return _text_cell(ref, style, str(value))


def _text_cell(ref: str, style: int, value: str) -> str:
    text = value[:_MAX_TEXT]
    if not text:
        return f'<c r="{ref}" s="{style}" t="inlineStr"/>'
    if text_is_formula_like(text):
        style += _QUOTED
    body = text
    if _SPECIAL.search(text):
        body = escape(_text(text)).replace("\r", "&#13;")
    # Leading or trailing spaces are kept only when the text is not all spaces.
    space = ""
    if (text[0].isspace() or text[-1].isspace()) and not text.isspace():
        space = ' xml:space="preserve"'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{body}</t></is></c>'


def _empty(ref: str, style: int) -> str:
    # The covered cells of a merged range keep the range's format (its borders).
    return f'<c r="{ref}" s="{style}" t="n"/>'


# ----------------------------------------------------------------------- sheets


def _sheet_xml(spec: TableSpec, title: str) -> tuple[str, int]:
    width = len(spec.columns)
    letters = [get_column_letter(column) for column in range(1, width + 1)]
    last = letters[-1]
    merged = [f"A{TITLE_ROW}:{last}{TITLE_ROW}"]
    rows = [f'<row r="{TITLE_ROW}">{_cell(f"A{TITLE_ROW}", _TITLE, spec.title or title)}</row>']
    row = HEADER_ROW
    if spec.groups:
        top: list[str] = []
        bottom: list[str] = []
        column = 0
        for label, span in spec.groups:
            if span == 1:
                letter = letters[column]
                top.append(_cell(f"{letter}{row}", _HEAD, spec.columns[column].label))
                bottom.append(_empty(f"{letter}{row + 1}", _HEAD))
                merged.append(f"{letter}{row}:{letter}{row + 1}")
            else:
                top.append(_cell(f"{letters[column]}{row}", _HEAD, label))
                for offset in range(1, span):
                    top.append(_empty(f"{letters[column + offset]}{row}", _HEAD))
                merged.append(f"{letters[column]}{row}:{letters[column + span - 1]}{row}")
                for offset in range(span):
                    bottom.append(
                        _cell(
                            f"{letters[column + offset]}{row + 1}",
                            _HEAD,
                            spec.columns[column + offset].label,
                        )
                    )
            column += span
        # Columns the groups leave out still get the header's format, as in Word.
        for index in range(column, width):
            top.append(_empty(f"{letters[index]}{row}", _HEAD))
            bottom.append(_empty(f"{letters[index]}{row + 1}", _HEAD))
        rows.append(f'<row r="{row}">{"".join(top)}</row>')
        rows.append(f'<row r="{row + 1}">{"".join(bottom)}</row>')
        header_rows = 2
    else:
        head_cells = "".join(
            _cell(f"{letter}{row}", _HEAD, column.label)
            for letter, column in zip(letters, spec.columns, strict=True)
        )
        rows.append(f'<row r="{row}">{head_cells}</row>')
        header_rows = 1
    row += header_rows
    numeric = [column.numeric for column in spec.columns]
    plain = all(not flag for flag in numeric)
    for table_row in spec.rows:
        if table_row.heading:
            cells = [
                _cell(f"A{row}", _HEADING, table_row.cells[0]),
                _cell(f"B{row}", _HEADING, table_row.cells[1]),
            ]
            cells.extend(_empty(f"{letter}{row}", _HEADING) for letter in letters[2:])
            merged.append(f"B{row}:{last}{row}")
        elif plain:
            cells = [
                _cell(f"{letter}{row}", _BODY, value)
                for letter, value in zip(letters, table_row.cells, strict=True)
            ]
        else:
            cells = [
                _cell(
                    f"{letter}{row}",
                    _NUMBER if number and isinstance(value, int | float) else _BODY,
                    value,
                )
                for letter, number, value in zip(letters, numeric, table_row.cells, strict=True)
            ]
        rows.append(f'<row r="{row}">{"".join(cells)}</row>')
        row += 1
    header_end = HEADER_ROW + header_rows - 1
    cols = "".join(
        f'<col width="{max(5, round(column.width_mm / _MM_PER_CHAR))}" customWidth="1" '
        f'min="{index}" max="{index}"/>'
        for index, column in enumerate(spec.columns, start=1)
    )
    frozen = HEADER_ROW + header_rows
    orientation = "landscape" if width > 6 else "portrait"
    xml = (
        f'<worksheet xmlns="{_MAIN}">'
        '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/>'
        "</sheetPr>"
        f'<dimension ref="A1:{last}{max(row - 1, header_end)}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        f'<pane ySplit="{frozen - 1}" topLeftCell="A{frozen}" activePane="bottomLeft" '
        'state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        f"<cols>{cols}</cols>"
        f"<sheetData>{''.join(rows)}</sheetData>"
        f'<mergeCells count="{len(merged)}">'
        + "".join(f'<mergeCell ref="{ref}"/>' for ref in merged)
        + "</mergeCells>"
        + _PAGE_MARGINS
        + f'<pageSetup orientation="{orientation}" paperSize="9" fitToHeight="0" fitToWidth="1"/>'
        "</worksheet>"
    )
    return xml, header_end


def _title_only_xml(title: str) -> str:
    return (
        f'<worksheet xmlns="{_MAIN}">'
        '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
        '<dimension ref="A1:A1"/>'
        '<sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" sqref="A1"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        f'<sheetData><row r="1">{_cell("A1", _TITLE, title)}</row></sheetData>'
        f"{_PAGE_MARGINS}</worksheet>"
    )


# ----------------------------------------------------------------------- the package

_ROOT_RELS = (
    f'<Relationships xmlns="{_PACKAGE_REL}">'
    f'<Relationship Type="{_REL}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>'
    f'<Relationship Type="{_PACKAGE_REL}/metadata/core-properties" Target="docProps/core.xml" '
    'Id="rId2"/>'
    f'<Relationship Type="{_REL}/extended-properties" Target="docProps/app.xml" Id="rId3"/>'
    "</Relationships>"
)
_APP = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application>"
    "<AppVersion>3.1</AppVersion></Properties>"
)


def _content_types(sheet_count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
        f'ContentType="{_TYPES}.spreadsheetml.worksheet+xml"/>'
        for index in range(1, sheet_count + 1)
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPES}.spreadsheetml.styles+xml"/>'
        f'<Override PartName="/xl/theme/theme1.xml" ContentType="{_TYPES}.theme+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_TYPES}.extended-properties+xml"/>'
        f"{sheets}"
        f'<Override PartName="/xl/workbook.xml" '
        f'ContentType="{_TYPES}.spreadsheetml.sheet.main+xml"/>'
        "</Types>"
    )


def _core(title: str) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    dc = "http://purl.org/dc/elements/1.1/"
    terms = (
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF"'
    )
    return (
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
        f'<dc:creator xmlns:dc="{dc}">openpyxl</dc:creator>'
        f'<dc:title xmlns:dc="{dc}">{escape(_text(title))}</dc:title>'
        f"<dcterms:created {terms}>{now}</dcterms:created>"
        f"<dcterms:modified {terms}>{now}</dcterms:modified>"
        "</cp:coreProperties>"
    )


def _workbook(sheets: list[tuple[str, str, int | None]]) -> str:
    entries = "".join(
        f'<sheet xmlns:r="{_REL}" name={quoteattr(name)} sheetId="{index}" state="visible" '
        f'r:id="rId{index}"/>'
        for index, (name, _xml, _end) in enumerate(sheets, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
        f"{escape(quote_sheetname(name))}!${HEADER_ROW}:${end}</definedName>"
        for index, (name, _xml, end) in enumerate(sheets)
        if end is not None
    )
    return (
        f'<workbook xmlns="{_MAIN}"><workbookPr/><workbookProtection/>'
        '<bookViews><workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
        'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
        'autoFilterDateGrouping="1"/></bookViews>'
        f"<sheets>{entries}</sheets>"
        + (f"<definedNames>{names}</definedNames>" if names else "<definedNames/>")
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _workbook_rels(sheet_count: int) -> str:
    sheets = "".join(
        f'<Relationship Type="{_REL}/worksheet" Target="/xl/worksheets/sheet{index}.xml" '
        f'Id="rId{index}"/>'
        for index in range(1, sheet_count + 1)
    )
    return (
        f'<Relationships xmlns="{_PACKAGE_REL}">{sheets}'
        f'<Relationship Type="{_REL}/styles" Target="styles.xml" Id="rId{sheet_count + 1}"/>'
        f'<Relationship Type="{_REL}/theme" Target="theme/theme1.xml" '
        f'Id="rId{sheet_count + 2}"/></Relationships>'
    )
