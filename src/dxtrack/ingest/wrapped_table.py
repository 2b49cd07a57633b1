"""A plan's table read from a PDF extraction whose cells were wrapped line by line.

`wrapped_columns` reads the layout's rows. Only what a plan needs is kept: the row
number, the name and the deadline. The other cells cannot be told apart reliably
enough to be a plan's columns, so each row carries a note that the plan reader reports
as a warning.
"""

import re

from dxtrack.ingest.columns import NAME, NUMBER, TIMEFRAME, label_role
from dxtrack.ingest.document import Row, Table
from dxtrack.ingest.wrapped_columns import (
    WrappedRow,
    is_wrapped_header,
    join_wrapped,
    numbered_lines,
    wrapped_rows,
)

# The next appendix ends the table; a description line may well start with "phần mềm".
_APPENDIX = re.compile(r"^\s*(?:[Pp]hụ lục|PHỤ LỤC|PHẦN)(?:\s+(?:[IVXLC]+|\d+|[A-Z]))?\.?\s*$")


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


def read_wrapped_table(lines: list[str], start: int) -> tuple[Table, int]:
    """The table whose header starts at `lines[start]`, and the index of the line after it.

    `lines` are the document's lines.
    """
    end = start + 1
    while end < len(lines):
        text = lines[end].rstrip()
        if text.strip() and (is_wrapped_header(text) or _APPENDIX.match(text)):
            break
        end += 1
    body = numbered_lines(lines[start + 1 : end], first=start + 2)
    rows = wrapped_rows(body)
    labels = _header_labels(lines[start].strip())
    # The header's other lines, before the first row: the labels' wrapped fragments.
    first_row = rows[0].line if rows else 0
    wrapped_labels = join_wrapped([line.text for line in body if line.number < first_row])
    if wrapped_labels:
        labels.append(wrapped_labels)
    roles = [label_role(label) for label in labels]
    name_at = roles.index(NAME) if NAME in roles else 1
    deadline_at = roles.index(TIMEFRAME) if TIMEFRAME in roles else None
    if NUMBER not in roles:
        labels[0] = "TT"
    table = Table(line=start + 1, rows=[Row(cells=labels, line=start + 1)])
    for row in rows:
        values = [""] * len(labels)
        values[0] = row.number
        values[name_at] = join_wrapped(row.cells.name)
        if deadline_at is not None:
            values[deadline_at] = re.sub(r"\s*/\s*", "/", join_wrapped(row.cells.deadline))
        table.rows.append(Row(cells=values, line=row.line, note=_note(row)))
    return table, end


def _note(row: WrappedRow) -> str:
    found_deadline = bool(row.cells.deadline)
    parts = ["bảng trích từ PDF bị ngắt dòng theo cột: chỉ đọc được số thứ tự, tên nhiệm vụ"]
    parts[0] += " và thời hạn" if found_deadline else ""
    parts.append("các cột còn lại không tách được")
    if not found_deadline:
        parts.append("không tìm thấy thời hạn, tên nhiệm vụ có thể lẫn nội dung cột khác")
    if row.name_resumed:
        parts.append("phần cuối tên nhiệm vụ nằm sau chỗ sang trang và đã được nối vào")
    return "; ".join(parts) + ". Hãy đối chiếu với bản gốc."
