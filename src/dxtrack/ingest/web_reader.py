"""Plans copied from the web: Markdown text and HTML pages, read into a `Document`.

Legal-document websites publish a plan's tables in two textual forms when the page is
copied or saved as text:

* pipe tables, one row per line: `| TT | Nội dung | Cơ quan chủ trì |`, an optional
  `|---|---|` rule under the header, `<br>` for a line break inside a cell;
* cell after cell: each cell's text (hard-wrapped over several lines) followed by a line
  holding only `|`, with nothing marking where a row ends. A table starts with its header
  ("TT", "Nội dung", …): its labels give the width, and a row starts at the cell that
  continues the row numbers (or, after a complete row, at a "-" or "a" numbering a
  sub-item). A header that spans two rows is written label after label, the lower row's
  labels last; rows one cell narrower than the labels tell it. Rows come out `loose` for
  the plan reader to fit to the columns, as a plain-lines extraction does. Outside tables
  those pages wrap paragraphs at a fixed width, so a line that does not end a sentence is
  joined to the next.

Everything else in a Markdown file is read as the text extractions are (`text_reader`).
An HTML page (`.html`, `.htm`) is parsed with the standard library's `html.parser`, which
fetches nothing and knows no entities but HTML's own: paragraphs from the block elements,
tables from `<tr>`/`<td>`/`<th>` with `colspan` (the first grid cell holds the text) and
`rowspan` (the cells below are empty and `merged_down`, as in a .docx).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from dxtrack.agencies.cell_segments import starts_name
from dxtrack.ingest import columns as col
from dxtrack.ingest.columns import label_role, looks_like_header_label, milestone_of
from dxtrack.ingest.document import Block, Document, Paragraph, Row, Table
from dxtrack.ingest.text_reader import read_text
from dxtrack.plans.numbering import NumberSequence, parse_number
from dxtrack.vn_text import collapse_spaces, fold

__all__ = ["read_html", "read_markdown"]

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}|\*{1,3}(?![\w*])|(?<!\w)_{2}|_{2}(?!\w)")
_BAR_LINE = re.compile(r"^\s*\|\s*$")
_RULE_LINE = re.compile(r"^\s*[-_=]{3,}\s*$")
_NUMBER_HEADERS = {"tt", "stt", "so tt"}
# A line that starts a paragraph of its own in wrapped web text.
_STARTS_BLOCK = re.compile(
    r"^\s*(?:[-–—+•*]\s|[IVXLC]+[.)]\s|\d+(?:\.\d+)*[.)]?\s|[a-zđ]\)\s|phụ lục|phần\s)",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"[.;:!?…)\]]\s*$|/\.\s*$")
# A cell longer than this many lines is a run of paragraphs, not a table cell.
_MAX_CELL_LINES = 30


def read_markdown(text: str, name: str) -> Document:
    """A Markdown (or copied web) text as paragraphs and tables."""
    lines = text.replace("\ufeff", "").splitlines()
    document = Document(name=name)
    legal_form = any(_BAR_LINE.match(line) for line in lines)
    i = 0
    plain_start = 0

    def flush(end: int) -> None:
        if end > plain_start:
            chunk = lines[plain_start:end]
            if legal_form:
                chunk = _unwrap(chunk)
            document.blocks.extend(_shifted(read_text("\n".join(chunk), name), plain_start))

    while i < len(lines):
        if _PIPE_ROW.match(lines[i]) and not _BAR_LINE.match(lines[i]):
            flush(i)
            table, i = _read_pipe_table(lines, i)
            document.blocks.append(table)
            plain_start = i
            continue
        if _BAR_LINE.match(lines[i]):
            start = _cell_run_start(lines, i, plain_start)
            if start is not None:
                flush(start)
                blocks, i = _read_bar_table(lines, start)
                document.blocks.extend(blocks)
                plain_start = i
                continue
        i += 1
    flush(len(lines))
    return document


# -- pipe tables -------------------------------------------------------------------------------


def _read_pipe_table(lines: list[str], start: int) -> tuple[Table, int]:
    table = Table(line=start + 1)
    i = start
    while i < len(lines) and _PIPE_ROW.match(lines[i]) and not _BAR_LINE.match(lines[i]):
        line = lines[i].strip()
        i += 1
        if _PIPE_RULE.match(line):
            continue
        raw = _CELL_SPLIT.split(line[1:-1])
        cells, bolds = [], []
        for cell in raw:
            cell = cell.replace("\\|", "|").strip()
            bolds.append(cell.startswith("**") or cell.startswith("__"))
            cells.append(_cell_text(cell))
        filled = [b for b, c in zip(bolds, cells, strict=True) if c]
        table.rows.append(Row(cells=cells, line=i, bold=bool(filled) and all(filled)))
    return table, i


def _cell_text(cell: str) -> str:
    text = _BREAK.sub("\n", cell)
    text = _EMPHASIS.sub("", text)
    return "\n".join(collapse_spaces(part) for part in text.split("\n")).strip()


# -- cells separated by lines holding only "|" ---------------------------------------------------


def _cell_run_start(lines: list[str], bar: int, floor: int) -> int | None:
    """Where the first cell ending at the bar line `bar` starts, when that cell opens a table
    with a row-number header ("TT", "STT"); None for other bar-separated runs (the masthead
    of a document), which are read as paragraphs."""
    for back in range(bar - 1, max(floor, bar - 4) - 1, -1):
        if not lines[back].strip():
            return None
        if fold(lines[back]).strip(" .") in _NUMBER_HEADERS:
            return back if back == bar - 1 else None
    return None


@dataclass
class _Cell:
    text: str
    line: int


def _split_cells(lines: list[str], start: int) -> tuple[list[_Cell], int]:
    """The cells from `start` up to the last bar line the run reaches; returns where the
    text after the table starts."""
    cells: list[_Cell] = []
    current: list[str] = []
    first = start
    i = start
    end = start
    while i < len(lines):
        line = lines[i]
        if _BAR_LINE.match(line):
            cells.append(_Cell(text=_join_wrapped(current, in_cell=True), line=first + 1))
            current = []
            end = i + 1
            first = i + 1
        else:
            if len(current) >= _MAX_CELL_LINES:
                break
            if not current:
                first = i
            current.append(line)
        i += 1
    return cells, end


def _read_bar_table(lines: list[str], start: int) -> tuple[list[Block], int]:
    cells, end = _split_cells(lines, start)
    header: list[_Cell] = [cells[0]]
    for cell in cells[1:]:
        if parse_number(cell.text) or not looks_like_header_label(cell.text):
            break
        header.append(cell)
    table = Table(line=start + 1)
    labels = [c.text for c in header]
    levels = _two_levels(labels, cells[len(header) :])
    if levels is None:
        table.rows.append(Row(cells=labels, line=header[0].line))
    else:
        table.rows += [Row(cells=level, line=header[0].line) for level in levels]
    width = len(table.rows[-1].cells)
    sequence = NumberSequence()
    current: Row | None = None
    for cell in cells[len(header) :]:
        number = parse_number(cell.text)
        complete = current is not None and len(current.cells) >= width
        # A dash alone is an empty target or agency cell ("-"), not a row's number, unless
        # the row before is complete: then it numbers a sub-item, as "a", "b" do.
        starts_row = (
            number is not None
            and number.kind != "bullet"
            and (current is None or (len(current.cells) >= 2 and sequence.plausible(number)))
        ) or (complete and (number is not None or _SUB_ITEM.match(cell.text) is not None))
        if starts_row:
            if number is not None:
                sequence.accept(number)
            current = Row(cells=[cell.text], line=cell.line, loose=True)
            table.rows.append(current)
        elif current is not None and len(current.cells) >= width and not cell.text:
            # Two bars in a row after a complete row: a row whose TT cell is empty (a
            # form's "Ví dụ:" row, an unnumbered heading, a row continued).
            current = Row(cells=[""], line=cell.line, loose=True)
            table.rows.append(current)
        elif current is not None and len(current.cells) >= width:
            # A complete row followed by something that does not continue the numbering:
            # the table has ended and the text goes on.
            end = cell.line - 1
            break
        elif current is None:
            current = Row(cells=["", cell.text], line=cell.line, loose=True)
            table.rows.append(current)
        else:
            current.cells.append(cell.text)
    for row in table.rows[1:]:
        # A row of exactly the header's width has its cells where they belong.
        row.loose = len(row.cells) != width
    return [table], end


_SUB_ITEM = re.compile(r"^[a-zđ][.)]?$")


def _two_levels(labels: list[str], body: list[_Cell]) -> list[list[str]] | None:
    """The two header rows of a table whose header spans, as a site writes it: every label
    once, so the labels under a spanning one ("Chủ trì", "Phối hợp" under "Cơ quan thực
    hiện"; "Năm 2026", "Năm 2028" under "Mục tiêu") come after the upper row's last. Rows one
    cell narrower than the labels tell it; None for a header of one row."""
    width = len(labels) - 1
    if len(body) <= width or not parse_number(body[0].text) or not parse_number(body[width].text):
        return None
    for count in range(len(labels) - 2, 1, -1):
        upper, lower = labels[: len(labels) - count], labels[len(labels) - count :]
        spanning = [i for i, label in enumerate(upper) if _spans(label, lower)]
        if len(spanning) != 1 or len(upper) - 1 + count != width:
            continue
        at = spanning[0]
        top = [*upper[: at + 1], *[""] * (count - 1), *upper[at + 1 :]]
        sub = [""] * at + lower + [""] * (len(upper) - at - 1)
        return [top, sub]
    return None


def _spans(label: str, lower: list[str]) -> bool:
    """Whether `label` is the caption over the labels `lower`: milestones under a target,
    the lead and the coordinating agencies under the agencies in charge."""
    role = label_role(label)
    if all(milestone_of(text) for text in lower):
        return role in (col.TARGET, col.RESULT) and not milestone_of(label)
    roles = {label_role(text) for text in lower}
    return role in (col.IMPLEMENTERS, col.LEAD) and roles <= {col.LEAD, col.COORDINATING, None}


def _join_wrapped(lines: list[str], *, in_cell: bool = False) -> str:
    return "\n".join(_unwrap(lines, in_cell=in_cell)).strip()


def _unwrap(lines: list[str], *, in_cell: bool = False) -> list[str]:
    """Join the lines a web page wrapped at a fixed width: a line that does not end a sentence
    continues on the next, unless that one starts a heading, a bullet or a numbered point;
    in a cell, also unless it starts an organisation's name ("Công an tỉnh" / "Bảo hiểm xã
    hội tỉnh" is a list of two, whose line break the agency cell needs)."""
    joined: list[str] = []
    for line in lines:
        stripped = line.strip()
        if _BAR_LINE.match(line) or _RULE_LINE.match(line):
            # Cell bars of a masthead table and its "-------" rules end a paragraph.
            joined.append("")
            continue
        previous = joined[-1].strip() if joined else ""
        if (
            previous
            and stripped
            and "\t" not in line
            and "\t" not in joined[-1]
            and not _ENDS_SENTENCE.search(previous)
            and not _STARTS_BLOCK.match(stripped)
            and previous.isupper() == stripped.isupper()
            and not (in_cell and stripped[:1].isupper() and starts_name(stripped))
        ):
            joined[-1] = f"{joined[-1].rstrip()} {stripped}"
        else:
            joined.append(line)
    return joined


def _shifted(document: Document, offset: int) -> list[Block]:
    """The blocks of a part read on its own, with line numbers counted in the whole file.
    (After unwrapping, a line number is that of the paragraph's first line or later.)"""
    for block in document.blocks:
        block.line += offset
        if isinstance(block, Table):
            for row in block.rows:
                row.line += offset
    return document.blocks


# -- HTML ----------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li br section article header footer blockquote pre dt dd "
    "caption".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "head", "noscript", "template", "svg", "iframe"})
_BOLD_TAGS = frozenset({"b", "strong", "th"})


@dataclass
class _HtmlCell:
    parts: list[str] = field(default_factory=list)
    bold_chars: int = 0
    chars: int = 0
    colspan: int = 1
    rowspan: int = 1

    @property
    def text(self) -> str:
        raw = "".join(self.parts)
        lines = [collapse_spaces(line) for line in raw.split("\n")]
        return "\n".join(line for line in lines if line)

    @property
    def bold(self) -> bool:
        return self.chars > 0 and self.bold_chars >= self.chars


@dataclass
class _HtmlTable:
    line: int
    rows: list[tuple[list[_HtmlCell], int]] = field(default_factory=list)
    row: list[_HtmlCell] | None = None
    row_line: int = 0
    cell: _HtmlCell | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.text_line = 0
        self.text_bold = 0
        self.text_chars = 0
        self.skip = 0
        self.bold = 0
        self.tables: list[_HtmlTable] = []

    # Paragraph text outside tables.
    def _flush_text(self) -> None:
        text = collapse_spaces("".join(self.text))
        if text:
            bold = self.text_chars > 0 and self.text_bold >= self.text_chars
            self.blocks.append(Paragraph(text=text, line=self.text_line, bold=bold))
        self.text = []
        self.text_bold = self.text_chars = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in _BOLD_TAGS:
            self.bold += 1
        table = self.tables[-1] if self.tables else None
        if tag == "table":
            if table is not None and table.cell is not None:
                # A table inside a cell: its text becomes the cell's text.
                self.tables.append(_HtmlTable(line=-1))
                return
            self._flush_text()
            self.tables.append(_HtmlTable(line=self.getpos()[0]))
        elif table is not None and table.line == -1:
            if tag in ("tr", "br", "p", "div", "li"):
                self._nested_break()
        elif tag == "tr" and table is not None:
            self._close_row(table)
            table.row, table.row_line = [], self.getpos()[0]
        elif tag in ("td", "th") and table is not None:
            if table.row is None:
                table.row, table.row_line = [], self.getpos()[0]
            self._close_cell(table)
            values = dict(attrs)
            table.cell = _HtmlCell(
                colspan=_span(values.get("colspan")), rowspan=_span(values.get("rowspan"))
            )
            table.row.append(table.cell)
        elif tag in _BLOCK_TAGS:
            if table is not None and table.cell is not None:
                if table.cell.parts:
                    table.cell.parts.append("\n")
            elif table is None:
                self._flush_text()

    def _nested_break(self) -> None:
        outer = next((t for t in reversed(self.tables) if t.line != -1), None)
        if outer is not None and outer.cell is not None and outer.cell.parts:
            outer.cell.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in _BOLD_TAGS:
            self.bold = max(0, self.bold - 1)
        table = self.tables[-1] if self.tables else None
        if tag == "table" and table is not None:
            self.tables.pop()
            if table.line == -1:
                self._nested_break()
                return
            self._close_row(table)
            self.blocks.append(_as_table(table))
        elif table is not None and table.line != -1:
            if tag in ("td", "th"):
                self._close_cell(table)
            elif tag == "tr":
                self._close_row(table)
        elif table is None and tag in _BLOCK_TAGS:
            self._flush_text()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        outer = next((t for t in reversed(self.tables) if t.line != -1), None)
        chars = len(data.strip())
        if outer is not None:
            if outer.cell is None:
                return  # white space between cells
            outer.cell.parts.append(data)
            outer.cell.chars += chars
            if self.bold:
                outer.cell.bold_chars += chars
            return
        if not self.text:
            self.text_line = self.getpos()[0]
        self.text.append(data)
        self.text_chars += chars
        if self.bold:
            self.text_bold += chars

    @staticmethod
    def _close_cell(table: _HtmlTable) -> None:
        table.cell = None

    def _close_row(self, table: _HtmlTable) -> None:
        self._close_cell(table)
        if table.row is not None:
            table.rows.append((table.row, table.row_line))
        table.row = None

    def close(self) -> None:
        super().close()
        while self.tables:
            table = self.tables.pop()
            if table.line != -1:
                self._close_row(table)
                self.blocks.append(_as_table(table))
        self._flush_text()


def _span(value: str | None) -> int:
    if value is None or not value.strip().isdigit():
        return 1
    # A page may say colspan="1000"; no plan table is that wide.
    return max(1, min(int(value.strip()), 50))


def _as_table(table: _HtmlTable) -> Table:
    """Lay the cells on the grid: a spanned cell fills its first grid cell, a cell covered by
    a rowspan from above is empty and marked `merged_down`."""
    result = Table(line=table.line)
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan
    for cells, line in table.rows:
        grid: list[str] = []
        merged: set[int] = set()
        bolds: list[bool] = []
        queue = list(cells)
        column = 0
        while queue or any(c >= column and n > 0 for c, n in pending.items()):
            if pending.get(column, 0) > 0:
                pending[column] -= 1
                grid.append("")
                merged.add(column)
                column += 1
                continue
            if not queue:
                column += 1
                grid.append("")
                continue
            cell = queue.pop(0)
            text = cell.text
            grid.append(text)
            if text:
                bolds.append(cell.bold)
            for extra in range(cell.colspan):
                if cell.rowspan > 1:
                    pending[column + extra] = cell.rowspan - 1
            grid.extend([""] * (cell.colspan - 1))
            column += cell.colspan
        while grid and not grid[-1] and len(grid) - 1 not in merged:
            grid.pop()
        result.rows.append(
            Row(
                cells=grid,
                line=line,
                bold=bool(bolds) and all(bolds),
                merged_down=frozenset(merged),
            )
        )
    return result


def read_html(text: str, name: str) -> Document:
    """An HTML page as paragraphs and tables."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return Document(name=name, blocks=parser.blocks)
