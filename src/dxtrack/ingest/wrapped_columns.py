"""Tables a PDF extraction printed with their columns wrapped line by line (as `004`).

The printed header's first line holds the first words of every column ("TT Tên nhiệm
vụ Thời hạn Kết quả Mô tả"), the rest of the labels follow one fragment per line. Each
cell then comes out as a run of short lines, the cells of a row one after the other:
the row number alone on a line ("4." or "19"), the task name, the deadline ("30/6/"
then "2025"), the status ("Đã hoàn" then "thành"), the description, the actual
completion date, then the other columns. A page break inserts the page number and
restarts every column that continues, so the tail of a long name can follow the
completion date. What tells the cells apart is their content (a date alone on a line,
a status phrase) and their width (the name column is narrower than the description).

This module reads the lines into rows of cells; `result_lines` makes result rows of
them, `wrapped_table` a plan's table. No Django imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dxtrack.vn_text import collapse_spaces, fold

STATUS_PHRASES = [
    "Đã hoàn thành",
    "Hoàn thành quá hạn",
    "Hoàn thành đúng hạn",
    "Hoàn thành",
    "Đang thực hiện",
    "Đang triển khai",
    "Chưa thực hiện",
    "Chưa triển khai",
    "Chưa hoàn thành",
    "Không thực hiện",
    "Đã thực hiện",
    "Đã và đang thực hiện",
]
_STATUS_KEYS = [fold(p).split() for p in STATUS_PHRASES]

_HEADER_NEEDLES = ("ten nhiem vu", "nhiem vu", "noi dung", "thoi han", "thoi gian", "ket qua")
_NUMBER_LABELS = ("tt", "stt")
_ROW_NUMBER = re.compile(r"^\s*(\d{1,3})(\.?)\s*$")
# "10.  Triển khai … 31/12/ Đã và (1) …": the extraction put a whole printed line on one.
_ROW_MASHED = re.compile(r"^\s*(\d{1,3})\.(\s+)(\S.*)$")
_DATE_CUT = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?!\d)")
_DATE_ALONE = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:\d{4})?$")
_YEAR_ALONE = re.compile(r"^\d{4}$")
_PERIOD_ALONE = re.compile(
    r"^(?:(?:tháng|quý)\s+[\divxIVX]+\s*/\s*\d{4}|năm\s+\d{4}(?:\s*-\s*\d{4})?|"
    r"thường xuyên|hằng năm|hàng năm|\d{4})$",
    re.IGNORECASE,
)


@dataclass
class Line:
    number: int
    text: str
    # The extraction starts the first line of a new page with a space: a page break where
    # no page number was printed.
    indented: bool = False


@dataclass
class _Row:
    number: str
    line: int
    segments: list[list[Line]] = field(default_factory=lambda: [[]])
    mashed: str = ""  # text after the number on the number's own line


def numbered_lines(texts: Iterable[str], *, first: int = 1) -> list[Line]:
    """The printed lines among `texts` (numbered from `first`); the extraction puts blank
    lines between them."""
    return [
        Line(number, raw.strip(), indented=raw[:1].isspace())
        for number, raw in enumerate(texts, start=first)
        if raw.strip()
    ]


def lines_of(text: str) -> list[Line]:
    return numbered_lines(text.splitlines())


def is_wrapped_header(line: str) -> bool:
    """A header's first printed line: "TT" and at least two column labels, no tabs."""
    if "\t" in line or len(line) > 160:
        return False
    words = fold(line).split()
    if not words or words[0].strip(".") not in _NUMBER_LABELS:
        return False
    folded = " ".join(words)
    return sum(1 for needle in _HEADER_NEEDLES if f" {needle}" in f" {folded}") >= 2


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped lines with one space; a line cut after "/" or inside a symbol
    ("66/NQ-" + "CP", "2021-" + "2025") joins without one."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not text:
            text = part
        elif (
            text.endswith("/")
            or part.startswith("/")
            or (text.endswith("-") and len(text) > 1 and text[-2].isalnum() and part[0].isalnum())
        ):
            text += part
        else:
            text += " " + part
    return collapse_spaces(text)


def _status_prefix(words: list[str]) -> bool:
    return any(key[: len(words)] == words for key in _STATUS_KEYS if len(key) >= len(words))


def _status_complete(words: list[str]) -> bool:
    return words in _STATUS_KEYS


def _split_rows(lines: list[Line]) -> list[_Row]:
    """Rows start at their number, in sequence; any other lone number is a page number
    and marks a page break inside the current row."""
    rows: list[_Row] = []
    expected = 1
    for index, line in enumerate(lines):
        match = _ROW_NUMBER.match(line.text)
        if match:
            value, dotted = int(match.group(1)), bool(match.group(2))
            following = lines[index + 1] if index + 1 < len(lines) else None
            # An undotted number is a page number when "N." follows, or when the next line
            # is a cell restarting after the break (indented), not a row's first line.
            page = not dotted and (
                (following is not None and following.indented) or _dotted_ahead(lines, index, value)
            )
            starts = value == expected and not page
            # A row number may be skipped by the document (a missing "10."): accept the next
            # but one when it carries the dot that page numbers never have.
            if not starts and dotted and value == expected + 1:
                starts = True
            if starts:
                rows.append(_Row(number=str(value), line=line.number))
                expected = value + 1
                continue
            if rows:
                rows[-1].segments.append([])
            continue
        mashed = _ROW_MASHED.match(line.text)
        if mashed and int(mashed.group(1)) == expected and _row_line(mashed):
            rows.append(_Row(number=str(expected), line=line.number, mashed=mashed.group(3)))
            expected += 1
            continue
        if rows:
            rows[-1].segments[-1].append(line)
    return rows


def _row_line(mashed: re.Match[str]) -> bool:
    """Whether a line starting "N." is a printed row line rather than a numbered list
    inside a description ("1. Dịch vụ …"): the row line has the gap before the next
    column or a deadline cut by its column."""
    return len(mashed.group(2)) >= 2 or _DATE_CUT.search(mashed.group(3)) is not None


def _dotted_ahead(lines: list[Line], index: int, value: int) -> bool:
    """Is `value` written with its dot further on, before the row after it? Then this bare
    number is a page number that happens to equal the next row's."""
    for line in lines[index + 1 :]:
        if alone := _ROW_NUMBER.match(line.text):
            number, dotted = int(alone.group(1)), bool(alone.group(2))
        elif (mashed := _ROW_MASHED.match(line.text)) and _row_line(mashed):
            number, dotted = int(mashed.group(1)), True
        else:
            continue
        if number == value and dotted:
            return True
        if number == value + 1:
            return False
    return False


@dataclass
class Cells:
    """The lines of each cell of a row, as printed."""

    name: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # khó khăn, đề xuất, đánh giá: one run


def _take_date(lines: list[Line], index: int) -> tuple[list[str], int]:
    """A date alone on its line, with its year on the next line when wrapped after "/"."""
    parts = [lines[index].text]
    if index + 1 < len(lines):
        following = lines[index + 1].text
        if (lines[index].text.endswith("/") and _YEAR_ALONE.match(following)) or (
            re.fullmatch(r"\d{1,2}/\d{1,2}", lines[index].text)
            and re.fullmatch(r"/\d{4}", following)
        ):
            return [*parts, following], index + 2
    return parts, index + 1


def _deadline_before(lines: list[Line], j: int) -> int:
    """Where a deadline ending just before line `j` starts (`j` when there is none)."""
    last = lines[j - 1].text if j >= 1 else ""
    before = lines[j - 2].text if j >= 2 else ""
    if j >= 3 and _YEAR_ALONE.match(last) and before.endswith("/"):
        return j - 2  # "31/8/" + "2025"
    if j >= 3 and re.fullmatch(r"/\d{4}", last) and re.fullmatch(r"\d{1,2}/\d{1,2}", before):
        return j - 2  # "31/12" + "/2025"
    if j >= 2 and (_DATE_ALONE.match(last) or _PERIOD_ALONE.match(last)):
        return j - 1
    return j


def _status_at(lines: list[Line], j: int) -> int:
    """The end of a status phrase starting at line `j` (`j` when none starts there)."""
    words: list[str] = []
    end = j
    complete = j
    while end < len(lines):
        candidate = words + fold(lines[end].text).split()
        if not _status_prefix(candidate):
            break
        words, end = candidate, end + 1
        if _status_complete(words):
            complete = end
    return complete


def _anchor(lines: list[Line]) -> tuple[int, int, int] | None:
    """(deadline start, status start, status end) of the first status phrase that follows
    the name, preferring one right after a deadline; None when the row has no status."""
    fallback = None
    for j in range(1, len(lines)):
        end = _status_at(lines, j)
        if end == j:
            continue
        start = _deadline_before(lines, j)
        if start < j and start >= 1:
            return start, j, end
        if fallback is None:
            fallback = (j, j, end)
    return fallback


def _width_class(text: str, name_width: int, description_width: int) -> str:
    width = len(text)
    if description_width and width > name_width + 2:
        return "description"
    if width <= max(12, name_width // 2):
        return "others"
    return "name"


_MASHED_CELLS = re.compile(
    r"^(?P<name>.+?)\s+(?P<deadline>\d{1,2}/\d{1,2}/(?:\d{4})?)\s+(?P<rest>.+?)"
    r"(?:\s+(?P<done>\d{1,2}/\d{1,2}/\d{4}))?$"
)
_YEAR_FIRST = re.compile(r"^(\d{4})\b\s*(.*)$")


def _unmashed_cells(row: _Row) -> Cells | None:
    """Cells of a row whose first printed line came out as one line: "Triển khai … quốc
    31/12/ Đã và (1) UB tỉnh … 31/12/2025", the columns then wrapping on as usual."""
    match = _MASHED_CELLS.match(row.mashed)
    if match is None:
        return None
    words = match.group("rest").split()
    # The status is the longest run of words that can begin a status phrase.
    taken = max(
        (
            k
            for k in range(1, min(4, len(words)) + 1)
            if _status_prefix(fold(" ".join(words[:k])).split())
        ),
        default=0,
    )
    if not taken:
        return None
    cells = Cells(
        name=[match.group("name")],
        deadline=[match.group("deadline")],
        status=[" ".join(words[:taken])],
        description=[" ".join(words[taken:])],
        completed=[match.group("done")] if match.group("done") else [],
    )
    lines = [line.text for segment in row.segments for line in segment]
    index = 0
    while index < len(lines) and not _YEAR_FIRST.match(lines[index]):
        cells.name.append(lines[index])
        index += 1
    if index < len(lines) and (first := _YEAR_FIRST.match(lines[index])):
        year, status_words = first.groups()
        cells.deadline.append(year)
        if status_words:
            cells.status.append(status_words)
        index += 1
    while index < len(lines) and _status_prefix(
        fold(" ".join([*cells.status, lines[index]])).split()
    ):
        cells.status.append(lines[index])
        index += 1
    cells.description += lines[index:]
    return cells


def _deadline_without_status(flat: list[Line]) -> int | None:
    """Where the deadline starts in a row with no status: the first date alone after the
    name. A name may itself end with a date ("… trước ngày" / "15/7/2025"); then the
    deadline, wrapped by its narrow column ("15/7/" / "2025"), follows it at once."""
    first = next((i for i, line in enumerate(flat) if i and _DATE_ALONE.match(line.text)), None)
    if first is None:
        return None
    parts, after = _take_date(flat, first)
    if len(parts) == 1 and after < len(flat) and _DATE_ALONE.match(flat[after].text):
        if len(_take_date(flat, after)[0]) == 2:
            return after
    return first


def _restart_column(cells: Cells) -> str:
    """The first column to continue on a new page: the name, unless it ended with a full
    stop while the description stopped mid-sentence."""
    if (
        cells.name
        and _ends_sentence(cells.name[-1], strict=True)
        and cells.description
        and not _ends_sentence(cells.description[-1])
    ):
        return "description"
    return "name"


def _continues(text: str) -> bool:
    """Does the line carry on a sentence (a page's first line that is a cell's tail)?"""
    return text[:1].islower()


def _cells_of(row: _Row) -> tuple[Cells, bool, bool]:
    """The row's cells, whether they could be told apart, and whether part of the name
    came after a page break."""
    if row.mashed and (unmashed := _unmashed_cells(row)) is not None:
        return unmashed, True, False
    cells = Cells()
    flat = [line for segment in row.segments for line in segment]
    if row.mashed:
        flat.insert(0, Line(row.line, row.mashed))
    # Lines that open a new page (in `flat` numbering): every column restarts there. After a
    # page number the break is certain; a line the extraction indented only hints at one.
    page_starts, count = set(), int(bool(row.mashed))
    for segment in row.segments[:-1]:
        count += len(segment)
        page_starts.add(count)
    hinted = {i for i, line in enumerate(flat) if i and line.indented}
    anchor = _anchor(flat)
    if anchor is None:
        first_date = _deadline_without_status(flat)
        if first_date is None:
            cells.name = [line.text for line in flat]
            return cells, False, False
        cells.name = [line.text for line in flat[:first_date]]
        parts, rest_start = _take_date(flat, first_date)
        cells.deadline = parts
    else:
        deadline_start, status_start, rest_start = anchor
        cells.name = [line.text for line in flat[:deadline_start]]
        cells.deadline = [line.text for line in flat[deadline_start:status_start]]
        cells.status = [line.text for line in flat[status_start:rest_start]]
    name_width = max((len(t) for t in cells.name), default=0)
    name_before_break = len(cells.name)

    def name_fits(text: str) -> bool:
        return 0 < len(text) <= name_width + 2 and not _DATE_ALONE.match(text)

    rest = flat[rest_start:]
    index = 0
    while index < len(rest) and not _DATE_ALONE.match(rest[index].text):
        position = rest_start + index
        text = rest[index].text
        new_page = position in page_starts or (
            position in hinted and _continues(text) and name_fits(text)
        )
        if new_page:
            # The name's tail comes first on the new page: lines no wider than its column.
            start = index
            unfinished = bool(cells.description) and not _ends_sentence(cells.description[-1])
            while index < len(rest) and name_fits(rest[index].text):
                cells.name.append(rest[index].text)
                index += 1
                if unfinished and _ends_sentence(cells.name[-1], strict=True):
                    break  # the name is done; what follows finishes the description
            if index > start:
                continue
        cells.description.append(text)
        index += 1
    if index < len(rest):
        parts, index = _take_date(rest, index)
        cells.completed = parts
    elif cells.description and (tail := _trailing_date(cells.description[-1])):
        # The completion date printed on the description's last line.
        cells.description[-1] = cells.description[-1][: tail.start()].rstrip()
        cells.completed = [tail.group(1)]
    description_width = max((len(t) for t in cells.description), default=0)
    # What follows the completion date continues the other columns after a page break, in
    # column order; only the widths tell which column a line belongs to.
    order = ["name", "description", "others"]
    tail_start = rest_start + index
    tail_lines = rest[index:]
    column, new_page = "name", False
    for position, line in enumerate(tail_lines):
        if tail_start + position in page_starts or line.indented:
            column, new_page = _restart_column(cells), True  # a new page: columns restart
        kind = _width_class(line.text, name_width, description_width)
        following = tail_lines[position + 1].text if position + 1 < len(tail_lines) else ""
        if kind == "others" and column in ("name", "description"):
            values = getattr(cells, column)
            if following:
                continues = _width_class(following, name_width, description_width) != "others"
            else:
                # The row's last line ends the column when that column is unfinished; the
                # name can only go on after a page break.
                continues = (
                    bool(values)
                    and not _ends_sentence(values[-1])
                    and (new_page or column == "description")
                )
            if continues and line.text not in _EMPTY_CELLS:
                kind = column  # the short last line of a paragraph
        if order.index(kind) < order.index(column):
            kind = column
        column = kind
        getattr(cells, kind).append(line.text)
    separated = bool(cells.name) and bool(cells.status or cells.deadline)
    return cells, separated, len(cells.name) > name_before_break


_EMPTY_CELLS = {"-", "x", "X", "/"}
_TRAILING_DATE = re.compile(r"\s(\d{1,2}/\d{1,2}/\d{4})$")


def _trailing_date(text: str) -> re.Match[str] | None:
    """A date ending the line that is not the text's own ("… tổ chức ngày 08/8/2025")."""
    match = _TRAILING_DATE.search(text)
    if match is None or fold(text[: match.start()]).endswith(("ngay", "ngay:", "tu", "den")):
        return None
    return match


def _ends_sentence(text: str, *, strict: bool = False) -> bool:
    """Does the line end a sentence (or, unless strict, a clause or an item)?"""
    return text.rstrip().endswith((".", "!", "?") if strict else (".", ";", ":", "!", "?", ")"))


@dataclass
class WrappedRow:
    number: str
    line: int  # of the row's number
    cells: Cells
    # False when only the number could be read, the rest of the row left in `cells.name`.
    separated: bool
    # The number's line held the first printed line of every column; its cells are guessed.
    mashed: bool
    # Part of the name was printed after a page break and has been joined back.
    name_resumed: bool


def wrapped_rows(lines: list[Line]) -> list[WrappedRow]:
    """The rows of a table in this layout; `lines` follow the header's first line."""
    rows = []
    for raw in _split_rows(lines):
        cells, separated, resumed = _cells_of(raw)
        rows.append(
            WrappedRow(
                number=raw.number,
                line=raw.line,
                cells=cells,
                separated=separated,
                mashed=bool(raw.mashed),
                name_resumed=resumed,
            )
        )
    return rows
