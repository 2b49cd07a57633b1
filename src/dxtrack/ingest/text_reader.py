"""Reading the text extractions of plan documents into a `Document`.

Three table layouts occur in extractions of Word and PDF files:

* row per line: one line per row, cells separated by tabs, `<b>` around the
  cells of bold (section) rows; a blank line is a page break, after which the
  header row repeats and a long cell may continue on the next line;
* cell per line: each cell starts on a new line with a tab (an empty cell is a
  tab alone, or a tab and a no-break space), a cell's text may continue on
  lines without a tab, and a blank line ends the row;
* plain lines: after a header of one label per line ("TT", "Nội dung", ...),
  each cell on its own line with nothing marking where a row ends except its
  number. Those rows come out `loose` for the plan reader to fit;
* wrapped columns (a PDF's table printed cell after cell, each cell wrapped line by
  line): see `wrapped_columns`.
"""

import re

from dxtrack.ingest.columns import looks_like_header_label
from dxtrack.ingest.document import Document, Paragraph, Row, Table
from dxtrack.ingest.wrapped_columns import is_wrapped_header
from dxtrack.ingest.wrapped_table import read_wrapped_table
from dxtrack.plans.numbering import NumberSequence, parse_number
from dxtrack.vn_text import fold

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_BOLD_TAG = re.compile(r"</?b>", re.IGNORECASE)
_TAB_ROW = re.compile(r"^(?:<b>)?[^\t\s<][^\t]*\t")
_TAB_LED = re.compile(r"^[ \u00a0]*\t")
_NUMBER_HEADERS = {"tt", "stt", "so tt"}


def _clean(line: str) -> str:
    line = _BOOKMARK.sub("", line.replace("\ufeff", "").rstrip("\r\n"))
    return line.rstrip(" ") if "\t" not in line else line


def _is_blank(line: str) -> bool:
    return "\t" not in line and not line.strip()


def _paragraph(line: str, number: int) -> Paragraph:
    text = line.strip()
    bold = text.startswith("**")
    # Markdown emphasis of some extractions: **bold**, *italic*, ***both***.
    text = re.sub(r"(?<!\S)\*{1,3}|\*{1,3}(?!\S)", "", text).strip()
    return Paragraph(text=text, line=number, bold=bold)


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = [_clean(line) for line in text.splitlines()]
        self.i = 0

    def __bool__(self) -> bool:
        return self.i < len(self.lines)

    @property
    def current(self) -> str:
        return self.lines[self.i]

    def next_nonblank(self, start: int) -> int | None:
        for j in range(start, len(self.lines)):
            if not _is_blank(self.lines[j]):
                return j
        return None


def read_text(text: str, name: str) -> Document:
    """Split a text extraction into paragraphs and tables."""
    lines = _Lines(text)
    document = Document(name=name)
    while lines:
        line = lines.current
        if _is_blank(line):
            lines.i += 1
        elif _TAB_ROW.match(line):
            document.blocks.extend(_read_row_per_line(lines))
        elif _TAB_LED.match(line):
            document.blocks.append(_read_cell_per_line(lines))
        elif is_wrapped_header(line):
            table, lines.i = read_wrapped_table(lines.lines, lines.i)
            document.blocks.append(table)
        elif _plain_header_length(lines) >= 3:
            document.blocks.append(_read_plain(lines))
        else:
            document.blocks.append(_paragraph(line, lines.i + 1))
            lines.i += 1
    return document


def _split_row(line: str, number: int) -> Row:
    cells = line.split("\t")
    filled = [c for c in cells if c.strip()]
    bold = bool(filled) and all(c.strip().lower().startswith("<b>") for c in filled)
    return Row(cells=[_BOLD_TAG.sub("", c).strip() for c in cells], line=number, bold=bold)


def _read_row_per_line(lines: _Lines) -> list[Table]:
    """Each page becomes its own table; the plan reader joins repeated headers."""
    tables = [Table(line=lines.i + 1)]
    while lines:
        line = lines.current
        if _is_blank(line):
            following = lines.next_nonblank(lines.i)
            if following is None or "\t" not in lines.lines[following]:
                lines.i = following if following is not None else len(lines.lines)
                break
            tables.append(Table(line=following + 1))
            lines.i = following
            continue
        if "\t" not in line:
            break
        tables[-1].rows.append(_split_row(line, lines.i + 1))
        lines.i += 1
    return [t for t in tables if t.rows]


def _read_cell_per_line(lines: _Lines) -> Table:
    table = Table(line=lines.i + 1)
    cells: list[str] | None = None
    start = 0
    width = 0

    def close() -> None:
        nonlocal cells, width
        if cells is not None:
            table.rows.append(Row(cells=[c.strip() for c in cells], line=start))
            width = max(width, len(cells))
        cells = None

    while lines:
        line = lines.current
        if _is_blank(line):
            following = lines.next_nonblank(lines.i)
            if following is None or not _TAB_LED.match(lines.lines[following]):
                close()
                lines.i = following if following is not None else len(lines.lines)
                break
            if not _row_resumes(cells, width, lines, following):
                close()
            lines.i = following
            continue
        if _TAB_LED.match(line):
            content = line.split("\t", 1)[1]
            # A row whose blank separator line is missing: the next row's number
            # arrives once the current row is complete.
            if cells is not None and width and len(cells) >= width and parse_number(content):
                close()
            if cells is None:
                cells, start = [content], lines.i + 1
            else:
                cells.append(content)
        elif cells is not None:
            cells[-1] += "\n" + line
        else:
            break
        lines.i += 1
    close()
    return table


def _row_resumes(cells: list[str] | None, width: int, lines: _Lines, following: int) -> bool:
    """Whether a blank line sits inside a cell (an empty paragraph) rather than between rows:
    the row is short and the cells after the blank line complete it exactly."""
    if cells is None or not width or len(cells) >= width:
        return False
    upcoming = 0
    for line in lines.lines[following:]:
        if _is_blank(line):
            break
        if _TAB_LED.match(line):
            # "-" (no target) and "X" (to be achieved) are target marks as often as a bullet
            # or the tenth section: only another number starts a row here.
            number = parse_number(line.split("\t", 1)[1]) if upcoming == 0 else None
            if number is not None and number.kind != "bullet" and number.text != "X":
                return False
            upcoming += 1
    return len(cells) + upcoming == width


def _plain_header_length(lines: _Lines) -> int:
    """How many header lines start here: "TT" then one label per line, else 0."""
    if fold(lines.current).strip(" .") not in _NUMBER_HEADERS:
        return 0
    count = 1
    for line in lines.lines[lines.i + 1 :]:
        if parse_number(line) or not looks_like_header_label(line):
            break
        count += 1
    return count


def _read_plain(lines: _Lines) -> Table:
    count = _plain_header_length(lines)
    table = Table(line=lines.i + 1)
    header = [line.strip() for line in lines.lines[lines.i : lines.i + count]]
    table.rows.append(Row(cells=header, line=lines.i + 1))
    lines.i += count
    sequence = NumberSequence()
    current: Row | None = None
    while lines and not _is_blank(lines.current):
        text = lines.current.strip()
        number = parse_number(text)
        if number is not None and (
            current is None or (len(current.cells) >= 2 and sequence.plausible(number))
        ):
            sequence.accept(number)
            current = Row(cells=[text], line=lines.i + 1, loose=True)
            table.rows.append(current)
        elif current is None:
            current = Row(cells=["", text], line=lines.i + 1, loose=True)
            table.rows.append(current)
        else:
            current.cells.append(text)
        lines.i += 1
    return table
