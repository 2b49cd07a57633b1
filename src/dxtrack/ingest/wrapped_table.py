"""Tables of a PDF extraction whose cells were wrapped line by line (as in `004`).

The printed header's first line holds the first words of every column ("TT Tên nhiệm
vụ Thời hạn Kết quả Mô tả"), the rest of the labels follow one fragment per line. Each
row then starts with its number alone on a line ("1." or "19"); the row's cells follow
one after the other, each wrapped to its column's width: the name over many short
lines, the deadline cut as "31/8/" then "2025", the status as "Đang" / "thực" / "hiện",
then the wider description. A page break prints the page number and restarts the cells
that continue, the name's tail first, usually on a line starting with a space.

Only what a plan needs is recovered: the row number, the name and the deadline. The
other cells cannot be told apart reliably, so each row carries a note that the plan
reader reports as a warning.
"""

import re
from dataclasses import dataclass

from dxtrack.ingest.columns import NAME, NUMBER, TIMEFRAME, label_role
from dxtrack.ingest.document import Row, Table
from dxtrack.vn_text import collapse_spaces, fold

_ALONE = re.compile(r"^\s*(\d{1,3})(\.?)\s*$")
# A printed line running across all the columns: "10.  Triển khai … 31/12/ Đã và (1) …".
_MASHED = re.compile(r"^\s*(\d{1,3})\.(\s+)(\S.*)$")
_DATE_CUT = re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?!\d)")
_DATE_START = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}\s*/")
# A deadline cell holds a date and nothing else, possibly cut: "31/12/" + "2025", "31/12" + "/2025".
_DATE_ONLY = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}\s*(?:/\s*(?:\d{4})?)?$")
_YEAR_PART = re.compile(r"^/?\s*\d{4}\b")
_FULL_DATE = re.compile(r"^\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s*$")
_YEAR = re.compile(r"^(?:19|20)\d\d\b")
_PERIOD = re.compile(r"^(?:tháng|quý|năm)\s+\S+\s*/?\s*\d{0,4}\s*$|^thường xuyên$|^h[aằ]ng năm$")
# The next appendix ends the table; a description line may well start with "phần mềm".
_APPENDIX = re.compile(r"^\s*(?:[Pp]hụ lục|PHỤ LỤC|PHẦN)(?:\s+(?:[IVXLC]+|\d+|[A-Z]))?\.?\s*$")
# The first words of a status cell wrapped to a narrow column.
_STATUS_STARTS = ("dang", "da hoan", "da va", "da", "chua", "hoan", "khong")
_STATUS_WIDTH = 12
_HEADER_NEEDLES = ("ten nhiem vu", "nhiem vu", "noi dung", "thoi han", "thoi gian", "ket qua")
_NUMBER_LABELS = ("tt", "stt")


def is_wrapped_header(line: str) -> bool:
    """A header's first printed line: "TT" and at least two column labels, no tabs."""
    if "\t" in line or len(line) > 160:
        return False
    words = fold(line).split()
    if not words or words[0].strip(".") not in _NUMBER_LABELS:
        return False
    folded = " ".join(words)
    return sum(1 for needle in _HEADER_NEEDLES if f" {needle}" in f" {folded}") >= 2


def _header_labels(line: str) -> list[str]:
    """Split "TT Tên nhiệm vụ Thời hạn Kết quả Mô tả" into labels: each printed label
    starts with a capital letter, the words wrapped under it do not."""
    labels: list[str] = []
    for word in line.split():
        if not labels or word[:1].isupper():
            labels.append(word)
        else:
            labels[-1] += f" {word}"
    return labels


@dataclass
class _Line:
    text: str
    number: int


def _row_start(text: str, expected: int) -> tuple[str, str] | None:
    """(number as written, text after it) when the line starts row `expected`."""
    alone = _ALONE.match(text)
    if alone and int(alone.group(1)) == expected:
        return alone.group(1), ""
    mashed = _MASHED.match(text)
    if mashed and int(mashed.group(1)) == expected:
        rest = mashed.group(3)
        # A numbered list inside a description ("1. Dịch vụ …") has one space after the
        # number and no deadline; a printed row line has the column gap or a cut date.
        if len(mashed.group(2)) >= 2 or _DATE_CUT.search(rest):
            return mashed.group(1), rest
    return None


def _dotted_later(lines: list[_Line], start: int, value: int) -> bool:
    """Whether "value." starts a line before "value + 1" does: an undotted "value" before it
    is then a page number."""
    for line in lines[start:]:
        match = _ALONE.match(line.text) or _MASHED.match(line.text)
        if match and int(match.group(1)) == value and match.group(2).startswith("."):
            return True
        if match and int(match.group(1)) == value + 1:
            return False
    return False


@dataclass
class _RawRow:
    number: str
    line: int
    head: str  # text on the number's own line
    lines: list[_Line]


def _split_rows(body: list[_Line]) -> list[_RawRow]:
    rows: list[_RawRow] = []
    for index, line in enumerate(body):
        start = _row_start(line.text, len(rows) + 1)
        if start is not None:
            alone = _ALONE.match(line.text)
            undotted = alone is not None and not alone.group(2)
            following = body[index + 1].text if index + 1 < len(body) else ""
            # An undotted number is a page number when "N." follows, or when the next line
            # is a cell restarting after the break (led by a space), not a row's first line.
            page = undotted and (
                following.startswith(" ") or _dotted_later(body, index + 1, len(rows) + 1)
            )
            if not page:
                rows.append(_RawRow(number=start[0], line=line.number, head=start[1], lines=[]))
                continue
        if rows:
            rows[-1].lines.append(line)
    return rows


def _is_page_number(text: str) -> bool:
    return _ALONE.match(text) is not None and "." not in text


def _deadline_at(lines: list[_Line], index: int) -> int:
    """How many lines the deadline starting at `index` takes, 0 when none starts there.

    A candidate followed straight by another one closes the name instead ("… trước ngày"
    / "01/10/2025" / "01/10/" / "2025"; "Nhiệm vụ" / "thường xuyên" / "31/12/" / "2025").
    """
    taken = _deadline_length(lines, index)
    if taken and index + taken < len(lines) and _deadline_length(lines, index + taken):
        return 0
    return taken


def _deadline_length(lines: list[_Line], index: int) -> int:
    text = lines[index].text.strip()
    following = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
    if not _DATE_ONLY.match(text):
        return 1 if _PERIOD.match(text.lower()) else 0
    if _FULL_DATE.match(text):
        return 1
    return 2 if _YEAR_PART.match(following) else 1


def _is_status_start(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) <= _STATUS_WIDTH and fold(stripped).startswith(_STATUS_STARTS)


def _wraps(line: str, following: str, width: int) -> bool:
    """Whether `following` continues `line` in a column `width` wide: its first word
    would not have fitted at the end of `line` (allowing for a misjudged width)."""
    words = following.split()
    return bool(words) and len(line.strip()) + 1 + len(words[0]) >= width - 3


def _join(parts: list[str]) -> str:
    """Wrapped lines joined with a space; a date cut after "/" joins without one."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        text = f"{text}{part}" if text.endswith("/") or not text else f"{text} {part}"
    return collapse_spaces(text)


@dataclass
class _Cells:
    name: list[str]
    deadline: str
    found_deadline: bool
    tail: bool  # part of the name came after a page break


def _cells(row: _RawRow, name_width: int) -> _Cells:
    lines = row.lines
    name: list[str] = []
    head = row.head
    if head:
        cut = _DATE_CUT.search(head)
        name.append(head[: cut.start()] if cut else head)
    index = 0
    deadline = ""
    found = False
    while index < len(lines):
        text = lines[index].text
        taken = _deadline_at(lines, index)
        if taken:
            deadline = re.sub(
                r"\s*/\s*", "/", _join([x.text for x in lines[index : index + taken]])
            )
            index += taken
            found = True
            break
        if _is_status_start(text) and name:
            break
        if head and text.strip() and _YEAR.match(text.strip()):
            # The deadline's year; its day and month were on the number's line.
            head_cut = _DATE_CUT.search(head)
            if head_cut:
                deadline = head_cut.group(0) + text.split()[0]
                found = True
            break
        name.append(text)
        index += 1
    tail = False
    rest = lines[index:]
    # A name ending its sentence was not cut by a page break: no tail to look for.
    cut = bool(name) and not name[-1].rstrip().endswith((".", ";", ":"))
    for position, line in enumerate(rest if cut else []):
        text = line.text
        after_page = position > 0 and _is_page_number(rest[position - 1].text)
        fragment = text.startswith(" ") or after_page
        if not fragment or _is_page_number(text) or len(text.strip()) > name_width:
            continue
        if _deadline_at(rest, position) or _is_status_start(text):
            continue
        if not _wraps(name[-1], text, name_width):
            continue
        # The name's tail: its lines fill the column until the last, shorter one.
        name.append(text)
        tail = True
        for following in rest[position + 1 :]:
            stripped = following.text.strip()
            if not stripped or len(stripped) > name_width or _DATE_ONLY.match(stripped):
                break
            if not _wraps(name[-1], stripped, name_width):
                break
            name.append(following.text)
        break
    return _Cells(name=name, deadline=deadline, found_deadline=found, tail=tail)


def read_wrapped_table(lines: list[str], start: int) -> tuple[Table, int]:
    """The table whose header starts at `lines[start]`, and the index of the line after it.

    `lines` are the document's lines; blank ones are skipped, since the extraction puts a
    blank line between all printed lines.
    """
    end = start + 1
    body: list[_Line] = []
    while end < len(lines):
        text = lines[end].rstrip()
        if text.strip() and (is_wrapped_header(text) or _APPENDIX.match(text)):
            break
        if text.strip():
            body.append(_Line(text=text, number=end + 1))
        end += 1
    labels = _header_labels(lines[start].strip())
    rows = _split_rows(body)
    first_row = next((i for i, b in enumerate(body) if rows and b.number == rows[0].line), 0)
    wrapped_labels = _join([b.text for b in body[:first_row]])
    if wrapped_labels:
        labels.append(wrapped_labels)
    roles = [label_role(label) for label in labels]
    name_at = roles.index(NAME) if NAME in roles else 1
    deadline_at = roles.index(TIMEFRAME) if TIMEFRAME in roles else None
    if NUMBER not in roles:
        labels[0] = "TT"
    width = len(labels)
    name_width = _name_width(rows)
    table = Table(line=start + 1, rows=[Row(cells=labels, line=start + 1)])
    for row in rows:
        cells = _cells(row, name_width)
        values = [""] * width
        values[0] = row.number
        values[name_at] = _join(cells.name)
        if deadline_at is not None:
            values[deadline_at] = cells.deadline
        table.rows.append(Row(cells=values, line=row.line, note=_note(cells)))
    return table, end


def _name_width(rows: list[_RawRow]) -> int:
    """The name column's width: the longest of the lines before the deadline (ninth
    decile, against odd lines), in the rows whose deadline was found."""
    widths = []
    for row in rows:
        before = []
        for index, line in enumerate(row.lines):
            if _deadline_at(row.lines, index):
                widths.extend(before)
                break
            before.append(len(line.text.strip()))
    if not widths:
        return 30
    widths.sort()
    return widths[min(len(widths) - 1, int(len(widths) * 0.9))] + 1


def _note(cells: _Cells) -> str:
    parts = ["bảng trích từ PDF bị ngắt dòng theo cột: chỉ đọc được số thứ tự, tên nhiệm vụ"]
    parts[0] += " và thời hạn" if cells.found_deadline else ""
    parts.append("các cột còn lại không tách được")
    if not cells.found_deadline:
        parts.append("không tìm thấy thời hạn, tên nhiệm vụ có thể lẫn nội dung cột khác")
    if cells.tail:
        parts.append("phần cuối tên nhiệm vụ nằm sau chỗ sang trang và đã được nối vào")
    return "; ".join(parts) + ". Hãy đối chiếu với bản gốc."
