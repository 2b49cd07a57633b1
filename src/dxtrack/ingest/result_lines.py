"""Result tables whose columns a PDF extraction wrapped line by line (as `004`).

`wrapped_columns` reads the rows' cells; here they become result rows, one table per
appendix. Rows whose cells cannot be told apart are kept with their number and text and
reported in a warning. No Django imports.
"""

from __future__ import annotations

import datetime as dt
import re

from dxtrack.ingest.report_draft import DateText, ReportRowDraft
from dxtrack.ingest.wrapped_columns import Line, is_wrapped_header, join_wrapped, wrapped_rows
from dxtrack.vn_text import collapse_spaces, fold

_APPENDIX = re.compile(r"^\s*(phu luc\s+[ivx\d]+)\b", re.IGNORECASE)
_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _appendices(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    found: list[tuple[str, list[Line]]] = []
    for line in lines:
        match = _APPENDIX.match(fold(line.text))
        # "Phụ lục I" as a heading stands alone; "như Phụ lục đính kèm" is running text.
        if match and len(line.text) <= 20:
            found.append((collapse_spaces(line.text), []))
            continue
        if found:
            found[-1][1].append(line)
    return found


def read_wrapped_results(lines: list[Line]) -> tuple[list[ReportRowDraft], list[tuple[str, str]]]:
    """Rows of every appendix's result table, and (where, message) warnings."""
    rows: list[ReportRowDraft] = []
    warnings: list[tuple[str, str]] = []
    appendices = _appendices(lines) or [("", lines)]
    for appendix, body in appendices:
        header = next((i for i, line in enumerate(body) if is_wrapped_header(line.text)), None)
        if header is None:
            continue
        for wrapped in wrapped_rows(body[header + 1 :]):
            cells = wrapped.cells
            if wrapped.mashed:
                warnings.append(
                    (
                        f"{appendix or 'Bảng'}, TT {wrapped.number}",
                        "Các cột của dòng này bị trộn trên cùng một dòng trong văn bản trích "
                        "từ PDF; nội dung đã được tách phỏng đoán, hãy kiểm tra lại.",
                    )
                )
            row = ReportRowDraft(
                appendix=appendix,
                number=wrapped.number,
                task=join_wrapped(cells.name),
                line=wrapped.line,
                deadline=_date_text(cells.deadline),
                status=join_wrapped(cells.status),
                description=join_wrapped(cells.description),
                completed_on=_date_text(cells.completed),
                difficulties=join_wrapped(cells.others),
            )
            rows.append(row)
            if not wrapped.separated:
                warnings.append(
                    (
                        row.where,
                        "Không tách được các cột của dòng này (văn bản trích từ PDF): chỉ "
                        "lấy được số thứ tự và nội dung; hãy kiểm tra lại.",
                    )
                )
            elif not row.status:
                warnings.append((row.where, "Không thấy kết quả (tình trạng) của nhiệm vụ."))
    return rows, warnings


def _date_text(parts: list[str]) -> DateText | None:
    if not parts:
        return None
    text = join_wrapped(parts)
    return DateText(text=text, date=parse_date(text))
