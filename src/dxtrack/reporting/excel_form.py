"""The offline Excel form of an agency's report: its layout, shared by the writer and the
reader, and what an upload may be refused for.

An agency downloads the form of its report (`excel_form_writer.form_build`), fills it in
Excel or LibreOffice without the network and uploads it again
(`excel_form_services.form_upload`, reading it with `excel_form_reader.form_read`). The
upload goes through `report_services.report_apply` with the version the file was made from,
so a file made before someone else's save is refused (StaleVersion) rather than silently
overwriting that save. The file is checked whole first: one bad cell and nothing is stored,
and every error names its sheet, row and column.

Only what the agency enters is read back (status, results, dates, values, assessment);
the identifying columns are locked in the file and ignored on upload, so an edited task
name cannot change the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dxtrack.reporting.errors import ReportingError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FORM_BYTES = 5 * 1024 * 1024
# A small zip can unpack to gigabytes; the form of the largest agency unpacks to a few MB.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
# Rows read per sheet: the busiest agency has a few hundred rows; a sheet filled down to
# row 1,048,576 must not keep the server busy.
MAX_ROWS = 3000
MAX_ERRORS = 200
FORMAT_VERSION = 1

HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1

LEAD_SHEET = "Nhiệm vụ chủ trì"
COORDINATING_SHEET = "Nhiệm vụ phối hợp"
INDICATOR_SHEET = "Chỉ tiêu"
PROJECT_SHEET = "Dự án trọng tâm"
ASSESSMENT_SHEET = "Đánh giá"
META_SHEET = "dxtrack"

DATE_FORMAT = "dd/mm/yyyy"
# Excel's date validation compares serial numbers: 1/1/2000 to 31/12/2100.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


# ----------------------------------------------------------------------- errors


class FormRejected(ReportingError):
    """The upload is not a form this system can read; the message is in Vietnamese."""


@dataclass(frozen=True)
class FormError:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"Sheet “{self.sheet}”"] if self.sheet else []
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class FormInvalid(ReportingError):
    """Some cells are wrong; nothing was stored. `errors` name the sheet, row and column."""

    def __init__(self, errors: list[FormError], total: int | None = None) -> None:
        self.errors = errors
        self.total = total if total is not None else len(errors)
        super().__init__(
            f"Tệp Excel có {self.total} lỗi nên chưa lưu nội dung nào. "
            "Sửa các ô được nêu dưới đây rồi tải tệp lên lại."
        )


# ----------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float
    kind: str = "fixed"  # fixed | text | status | date | value

    @property
    def is_input(self) -> bool:
        return self.kind != "fixed"


_TASK_HEAD = [
    Column("id", "Mã", 7),
    Column("number", "TT", 6),
    Column("name", "Nhiệm vụ, giải pháp", 48),
    Column("plan", "Kế hoạch", 16),
]
_TASK_TAIL = [
    Column("result", "Kết quả, sản phẩm", 24),
    Column("deadline", "Thời hạn", 13),
    Column("status", "Tình trạng", 20, "status"),
    Column("description", "Kết quả thực hiện", 45, "text"),
    Column("evidence", "Văn bản, minh chứng", 30, "text"),
    Column("completed_on", "Ngày hoàn thành thực tế", 14, "date"),
    Column("difficulties", "Khó khăn, vướng mắc", 30, "text"),
    Column("proposals", "Đề xuất, kiến nghị", 30, "text"),
]
LEAD_COLUMNS = [*_TASK_HEAD, *_TASK_TAIL]
COORDINATING_COLUMNS = [*_TASK_HEAD, Column("lead", "Cơ quan chủ trì", 24), *_TASK_TAIL]
INDICATOR_COLUMNS = [
    Column("id", "Mã", 7),
    Column("number", "TT", 6),
    Column("name", "Chỉ tiêu", 48),
    Column("plan", "Kế hoạch", 16),
    Column("role", "Vai trò", 14),
    Column("unit", "Đơn vị tính", 10),
    Column("targets", "Mục tiêu", 26),
    Column("value", "Giá trị", 16, "value"),
    Column("note", "Ghi chú", 34, "text"),
    Column("source", "Nguồn số liệu", 30, "text"),
]
ASSESSMENT_COLUMNS = [
    Column("id", "Mã", 12),
    Column("number", "TT", 6),
    Column("name", "Lĩnh vực", 34),
    Column("issues", "Tồn tại, hạn chế", 60, "text"),
    Column("proposals", "Đề xuất, kiến nghị", 60, "text"),
]
# The key projects the agency leads that run in the period's years (Phụ lục III of 002).
PROJECT_COLUMNS = [
    Column("id", "Mã", 7),
    Column("number", "TT", 6),
    Column("name", "Dự án", 48),
    Column("plan", "Kế hoạch", 16),
    Column("years", "Thời gian thực hiện", 14),
    Column("funding_source", "Nguồn kinh phí", 22),
    Column("status", "Tình trạng", 20, "status"),
    Column("description", "Kết quả triển khai", 45, "text"),
    Column("budget_planned", "Kinh phí kế hoạch (triệu đồng)", 16, "value"),
    Column("budget_disbursed", "Kinh phí đã giải ngân (triệu đồng)", 16, "value"),
]
SHEET_COLUMNS = {
    LEAD_SHEET: LEAD_COLUMNS,
    COORDINATING_SHEET: COORDINATING_COLUMNS,
    INDICATOR_SHEET: INDICATOR_COLUMNS,
    PROJECT_SHEET: PROJECT_COLUMNS,
    ASSESSMENT_SHEET: ASSESSMENT_COLUMNS,
}
# Forms downloaded before key projects were reported have no such sheet; they still read.
OPTIONAL_SHEETS = {PROJECT_SHEET}


def date_text(value: dt.date | None) -> str:
    """A date as the form shows it, dd/mm/yyyy ("" for none)."""
    return value.strftime("%d/%m/%Y") if value else ""
