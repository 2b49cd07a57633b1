"""An administrative document in the format of Nghị định 30/2020/NĐ-CP, laid out from its
blocks: the page (`page_layout`), the header and closing (`letterhead`), the tables
(`word_tables`). Each document of `layouts/` fills a `Page`; `page_render` writes the .docx
file.

No Django imports.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx.document import Document

from dxtrack.documents.letterhead import (
    Letterhead,
    addressees_block,
    closing_block,
    header_block,
    title_block,
)
from dxtrack.documents.page_layout import (
    appendix_heading,
    body_paragraph,
    document_new,
    heading_paragraph,
    landscape_section,
    paragraph_add,
    portrait_section,
)
from dxtrack.documents.table_spec import TableSpec
from dxtrack.documents.word_tables import TableRows, table_add


def document_bytes(document: Document, rows: TableRows | None = None) -> bytes:
    """The .docx file; `rows` are the table rows `table_add` left to be written here."""
    buffer = io.BytesIO()
    document.save(buffer)
    if rows is None or not rows.texts:
        return buffer.getvalue()
    return rows.spliced(buffer.getvalue())


@dataclass
class Page:
    """Blocks laid out in order: the document builders in `layouts/` append to it."""

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
