"""One corpus plan written in each format officials receive it in.

Word (.docx, python-docx) with the appendix tables on landscape pages, a table cut by a page
break and its header repeated; from it, by LibreOffice, the same document as .doc, .odt and
a PDF with a text layer; Excel (.xlsx, openpyxl; .xls by LibreOffice); the text a legal-
document website shows, as Markdown pipe tables and as the form whose cells are separated by
lines holding only "|"; an HTML page; the row-per-line text extraction. A row that a page
break cuts in two in the paged formats (Word, PDF, text extraction) is whole in the others,
as it is in the source.
"""

from __future__ import annotations

import html
import io
import os
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ingest.corpus import Appendix, CorpusPlan, Row

__all__ = ["ALL_SUFFIXES", "FORMATS", "OFFICE_FORMATS", "write_all", "write_format"]


def _cells(row: Row, *, whole: bool) -> list[str]:
    cells = row.whole() if whole else row.cells
    return [str(c) for c in cells]


def _paragraphs(plan: CorpusPlan):
    yield from plan.head
    yield from plan.body


# -- Word ----------------------------------------------------------------------------------


def docx_bytes(plan: CorpusPlan) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for paragraph in _paragraphs(plan):
        document.add_paragraph().add_run(paragraph.text).bold = paragraph.bold
    for appendix in plan.appendices:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        if appendix.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        document.add_paragraph().add_run(appendix.title).bold = True
        for line in appendix.caption:
            document.add_paragraph().add_run(line).bold = not line.startswith("(")
        pending = list(appendix.rows)
        while pending:
            cut = next((i for i, r in enumerate(pending) if r.rest), None)
            chunk = pending if cut is None else pending[: cut + 1]
            table = _word_table(document, appendix, chunk)
            if cut is None:
                break
            # The rest of the cut row opens the next page, under the header repeated.
            run = document.add_paragraph().add_run()
            run.add_break(WD_BREAK.PAGE)
            rest = pending[cut]
            pending = [Row(cells=rest.rest, item=False), *pending[cut + 1 :]]
            del table
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _word_table(document, appendix: Appendix, rows: list[Row]):
    levels = 2 if appendix.subheader else 1
    table = document.add_table(rows=levels + len(rows), cols=len(appendix.header))
    table.style = "Table Grid"
    for column, label in enumerate(appendix.header):
        table.rows[0].cells[column].paragraphs[0].add_run(label).bold = True
    if appendix.subheader:
        for column, label in enumerate(appendix.subheader):
            if label:
                table.rows[1].cells[column].paragraphs[0].add_run(label).bold = True
        for first, count in appendix.spans():
            if count > 1:
                table.cell(0, first).merge(table.cell(0, first + count - 1))
            elif not appendix.subheader[first]:
                table.cell(0, first).merge(table.cell(1, first))
    for level in range(levels):
        table.rows[level].repeat_header = True
    for index, row in enumerate(rows, start=levels):
        cells = table.rows[index].cells
        for column, value in enumerate(_cells(row, whole=False)):
            cells[column].paragraphs[0].add_run(value).bold = row.heading
    return table


# -- Excel ---------------------------------------------------------------------------------


def xlsx_bytes(plan: CorpusPlan) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kế hoạch"
    for index, paragraph in enumerate(_paragraphs(plan), start=1):
        cell = sheet.cell(row=index, column=1, value=paragraph.text)
        cell.font = Font(bold=paragraph.bold)
    for number, appendix in enumerate(plan.appendices, start=1):
        sheet = book.create_sheet(f"Phụ lục {number}")
        line = 1
        for text in (appendix.title, *appendix.caption):
            sheet.cell(row=line, column=1, value=text).font = Font(bold=not text.startswith("("))
            line += 1
        line += 1
        for column, label in enumerate(appendix.header, start=1):
            if label:
                sheet.cell(row=line, column=column, value=label).font = Font(bold=True)
        if appendix.subheader:
            for column, label in enumerate(appendix.subheader, start=1):
                if label:
                    sheet.cell(row=line + 1, column=column, value=label).font = Font(bold=True)
            for first, count in appendix.spans():
                if count > 1:
                    sheet.merge_cells(
                        start_row=line,
                        start_column=first + 1,
                        end_row=line,
                        end_column=first + count,
                    )
                elif not appendix.subheader[first]:
                    sheet.merge_cells(
                        start_row=line,
                        start_column=first + 1,
                        end_row=line + 1,
                        end_column=first + 1,
                    )
            line += 1
        for row in appendix.rows:
            line += 1
            for column, value in enumerate(_cells(row, whole=True), start=1):
                if value:
                    cell = sheet.cell(row=line, column=column, value=value)
                    cell.font = Font(bold=row.heading)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- text ----------------------------------------------------------------------------------


def markdown_pipes(plan: CorpusPlan) -> str:
    lines: list[str] = []
    for paragraph in _paragraphs(plan):
        lines += [f"**{paragraph.text}**" if paragraph.bold else paragraph.text, ""]
    for appendix in plan.appendices:
        lines += [f"**{appendix.title}**", ""]
        for text in appendix.caption:
            lines += [text, ""]
        lines.append("| " + " | ".join(appendix.header) + " |")
        lines.append("|" + "---|" * len(appendix.header))
        if appendix.subheader:
            lines.append("| " + " | ".join(appendix.subheader) + " |")
        for row in appendix.rows:
            cells = [
                f"**{c}**" if row.heading and c else c.replace("|", "\\|").replace("\n", "<br>")
                for c in _cells(row, whole=True)
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"


def markdown_bars(plan: CorpusPlan) -> str:
    """The form of legal-document websites: each cell's text, then a line holding only "|"."""
    lines: list[str] = []
    for paragraph in _paragraphs(plan):
        lines += [paragraph.text, ""]
    for appendix in plan.appendices:
        lines += [appendix.title, ""]
        for text in appendix.caption:
            lines += [text, ""]
        for first, _count in appendix.spans():
            # The site writes a spanning cell once.
            lines += [appendix.header[first], "|"]
        for label in appendix.subheader:
            if label:
                lines += [label, "|"]
        for row in appendix.rows:
            for cell in _cells(row, whole=True):
                lines += ([cell] if cell else []) + ["|"]
        lines.append("")
    return "\n".join(lines) + "\n"


def html_page(plan: CorpusPlan) -> str:
    parts = ['<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kế hoạch</title>']
    parts.append("</head><body>")
    for paragraph in _paragraphs(plan):
        text = html.escape(paragraph.text)
        parts.append(f"<p><b>{text}</b></p>" if paragraph.bold else f"<p>{text}</p>")
    for appendix in plan.appendices:
        parts.append(f"<p><b>{html.escape(appendix.title)}</b></p>")
        for text in appendix.caption:
            parts.append(f"<p>{html.escape(text)}</p>")
        parts.append('<table border="1"><tr>')
        if appendix.subheader:
            for first, count in appendix.spans():
                label = html.escape(appendix.header[first])
                if count > 1:
                    parts.append(f'<th colspan="{count}">{label}</th>')
                else:
                    rows_spanned = 1 if appendix.subheader[first] else 2
                    parts.append(f'<th rowspan="{rows_spanned}">{label}</th>')
            parts.append("</tr><tr>")
            parts += [f"<th>{html.escape(label)}</th>" for label in appendix.subheader if label]
        else:
            parts += [f"<th>{html.escape(label)}</th>" for label in appendix.header]
        parts.append("</tr>")
        for row in appendix.rows:
            parts.append("<tr>")
            for cell in _cells(row, whole=True):
                text = html.escape(cell).replace("\n", "<br>")
                parts.append(
                    f"<td><b>{text}</b></td>" if row.heading and text else f"<td>{text}</td>"
                )
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def text_extraction(plan: CorpusPlan) -> str:
    """Row per line, cells separated by tabs, a blank line at a page break (the extraction
    form of the province's seed plans)."""
    lines = [p.text for p in _paragraphs(plan)]
    for appendix in plan.appendices:
        lines += ["", appendix.title, *appendix.caption, ""]
        lines.append("\t".join(appendix.header))
        if appendix.subheader:
            lines.append("\t".join(appendix.subheader))
        for row in appendix.rows:
            # The extraction writes a row on one line: a cell's lines run on with a space.
            cells = [c.replace("\n", " ") for c in _cells(row, whole=False)]
            if row.heading:
                cells = [f"<b>{c}</b>" if c else "" for c in cells]
            lines.append("\t".join(cells))
            if row.rest:
                lines += ["", "\t".join(f"<b>{h}</b>" if h else "" for h in appendix.header)]
                if appendix.subheader:
                    lines.append("\t".join(f"<b>{h}</b>" if h else "" for h in appendix.subheader))
                lines.append("\t".join(row.rest))
    return "\n".join(lines) + "\n"


# -- all formats ---------------------------------------------------------------------------

Writer = Callable[[CorpusPlan], bytes]
FORMATS: dict[str, Writer] = {
    ".docx": docx_bytes,
    ".xlsx": xlsx_bytes,
    ".md": lambda plan: markdown_pipes(plan).encode(),
    ".web.txt": lambda plan: markdown_bars(plan).encode(),
    ".html": lambda plan: html_page(plan).encode(),
    ".txt": lambda plan: text_extraction(plan).encode(),
}
# Made by LibreOffice from the Word or Excel file: (source format, --convert-to target).
# The .doc is saved from the OpenDocument file, as Writer saves it: LibreOffice's own export
# of a python-docx table that opens a new section drops the table's structure.
OFFICE_FORMATS: dict[str, tuple[str, str]] = {
    ".doc": (".odt", "doc:MS Word 97"),
    ".odt": (".docx", "odt"),
    ".pdf": (".docx", "pdf:writer_pdf_Export"),
    ".xls": (".xlsx", "xls:MS Excel 97"),
}


ALL_SUFFIXES = (*FORMATS, ".odt", ".doc", ".pdf", ".xls")


def write_format(plan: CorpusPlan, suffix: str, folder: Path) -> Path:
    """`plan` written as `suffix` into `folder` (LibreOffice formats need soffice)."""
    from dxtrack.office import office_convert

    path = folder / f"{plan.slug}{suffix}"
    if suffix in FORMATS:
        path.write_bytes(FORMATS[suffix](plan))
        return path
    source, target = OFFICE_FORMATS[suffix]
    original = folder / f"{plan.slug}{source}"
    if not original.exists():
        write_format(plan, source, folder)
    data = office_convert(data=original.read_bytes(), suffix=source, target=target, timeout=180)
    path.write_bytes(data)
    return path


def write_all(plans: Sequence[CorpusPlan], folder: Path, *, office: bool = True) -> None:
    """Every plan in every format into `folder` as `<slug><suffix>`. The LibreOffice formats
    are made by one soffice run per format for all the plans (its start-up is most of the
    time a conversion takes)."""
    for plan in plans:
        for suffix, writer in FORMATS.items():
            (folder / f"{plan.slug}{suffix}").write_bytes(writer(plan))
    if not office:
        return
    for suffix in (".odt", ".doc", ".pdf", ".xls"):
        source, target = OFFICE_FORMATS[suffix]
        _soffice_batch([folder / f"{p.slug}{source}" for p in plans], target, folder)


def _soffice_batch(sources: list[Path], target: str, folder: Path) -> None:
    from dxtrack.office import soffice_path

    program = soffice_path()
    if program is None:
        raise RuntimeError("LibreOffice is installed by ./bin/setup")
    with tempfile.TemporaryDirectory(prefix="corpus-office-") as work:
        subprocess.run(  # noqa: S603 - a fixed program, our own arguments
            [
                program,
                f"-env:UserInstallation={(Path(work) / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(folder),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            timeout=600,
            env={**os.environ, "HOME": work},
        )
