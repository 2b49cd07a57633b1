"""The offline Excel form of an agency's report: written pre-filled, read back whole.

An agency downloads the form of its report, fills it in Excel or LibreOffice without the
network and uploads it again. The upload goes through `services.report_save` with the
version the file was made from, so a file made before someone else's save is refused
(StaleVersion) rather than silently overwriting that save. The file is checked whole
first: one bad cell and nothing is stored, and every error names its sheet, row and column.

Only what the agency enters is read back (status, results, dates, values, assessment);
the identifying columns are locked in the file and ignored on upload, so an edited task
name cannot change the plan.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel, to_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dxtrack.accounts.access import Action, require
from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.reporting.assessment import TOPIC_KEYS
from dxtrack.reporting.models import AgencyReport, TaskStatus, TaskUpdate
from dxtrack.reporting.selectors import ReportDetail, TaskRow
from dxtrack.reporting.services import (
    FieldError,
    IndicatorInput,
    ReportingError,
    ReportInput,
    ReportInvalid,
    TaskInput,
    report_save,
    task_status_value,
)
from dxtrack.reporting.values import ValueError_, parse_value
from dxtrack.sheet_text import workbook_text_protect
from dxtrack.vn_text import fold

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
ASSESSMENT_SHEET = "Đánh giá"
META_SHEET = "dxtrack"

DATE_FORMAT = "dd/mm/yyyy"
# Excel's date validation compares serial numbers: 1/1/2000 to 31/12/2100.
_FIRST_DATE, _LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


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
SHEET_COLUMNS = {
    LEAD_SHEET: LEAD_COLUMNS,
    COORDINATING_SHEET: COORDINATING_COLUMNS,
    INDICATOR_SHEET: INDICATOR_COLUMNS,
    ASSESSMENT_SHEET: ASSESSMENT_COLUMNS,
}
_ROLE_LABELS = {"lead": "Chủ trì theo dõi", "implementer": "Thực hiện"}

# ----------------------------------------------------------------------- writing

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="Times New Roman", size=12)
_BOLD = Font(name="Times New Roman", size=12, bold=True)
_TITLE = Font(name="Times New Roman", size=14, bold=True)
_NOTE = Font(name="Times New Roman", size=11, italic=True, color="595959")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_FIXED_FILL = PatternFill("solid", fgColor="F2F2F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_UNLOCKED = Protection(locked=False)

_HEADINGS = {
    LEAD_SHEET: "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƠN VỊ CHỦ TRÌ",
    COORDINATING_SHEET: "KẾT QUẢ THAM GIA CÁC NHIỆM VỤ ĐƠN VỊ PHỐI HỢP",
    INDICATOR_SHEET: "SỐ LIỆU CÁC CHỈ TIÊU",
    ASSESSMENT_SHEET: "ĐÁNH GIÁ CHUNG: TỒN TẠI, HẠN CHẾ VÀ ĐỀ XUẤT, KIẾN NGHỊ",
}
_GUIDANCE = (
    "Điền vào các ô nền vàng; các cột nền xám (mã, tên, mục tiêu) được khóa và không cần sửa. "
    "Tình trạng chọn trong danh sách; ngày ghi theo dạng dd/mm/yyyy (ví dụ 15/11/2026); "
    "số ghi kiểu Việt Nam (1.250 hoặc 87,43%). Điền xong, tải tệp lên trang báo cáo của đơn vị."
)


def _d(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _title_block(ws: Worksheet, heading: str, report: AgencyReport, width: int) -> None:
    period = report.period
    last = get_column_letter(width)
    lines = [
        (heading, _TITLE),
        (
            f"Kỳ báo cáo: {period.name} (từ {_d(period.starts_on)} đến {_d(period.ends_on)})",
            _BOLD,
        ),
        (f"Đơn vị báo cáo: {report.agency.name}", _BOLD),
        (
            f"Hạn gửi báo cáo: {_d(period.due_on)} · Biểu mẫu lập từ phiên bản "
            f"{report.version} của báo cáo",
            _FONT,
        ),
        (_GUIDANCE, _NOTE),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[5].height = 32


def _sheet_start(wb: Workbook, title: str, columns: list[Column], report: AgencyReport):
    ws = wb.create_sheet(title)
    _title_block(ws, _HEADINGS[title], report, len(columns))
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=index, value=column.label)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BORDER, _CENTER
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=4)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _write_row(
    ws: Worksheet, row: int, columns: list[Column], values: dict[str, Any], *, editable: bool
) -> None:
    for index, column in enumerate(columns, start=1):
        value = values.get(column.key)
        cell = ws.cell(row=row, column=index, value=value if value != "" else None)
        cell.font, cell.border, cell.alignment = _FONT, _BORDER, _WRAP
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        elif column.kind in ("text", "value", "status"):
            # Text, so that Excel keeps "1/2" or "87,43%" as the agency typed them.
            cell.number_format = "@"
        if column.kind == "date" and not isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        if column.is_input and editable:
            cell.fill, cell.protection = _INPUT_FILL, _UNLOCKED
        else:
            cell.fill = _FIXED_FILL
    ws.row_dimensions[row].height = _row_height(columns, values)


_LINE_HEIGHT = 16  # points, for 12 pt Times New Roman


def _row_height(columns: list[Column], values: dict[str, Any]) -> float:
    """Room for the longest wrapped cell. Set on the row because LibreOffice (and Excel,
    for files it did not write) shows a row at its stored height, cutting wrapped text."""
    lines = 1
    for column in columns:
        value = values.get(column.key)
        if not isinstance(value, str) or not value:
            continue
        per_line = max(1, int(column.width * 1.2) - 2)
        wrapped = sum(-(-max(1, len(part)) // per_line) for part in value.split("\n"))
        lines = max(lines, wrapped)
    return min(409, lines * _LINE_HEIGHT + 4)


def _protect(ws: Worksheet, columns: list[Column], last_row: int) -> None:
    ws.protection.sheet = True
    # Locked cells stay locked; widening columns, rows and filtering stay possible.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    if last_row >= FIRST_ROW:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_row}"


def _validations(ws: Worksheet, columns: list[Column], last_row: int) -> None:
    if last_row < FIRST_ROW:
        return
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{FIRST_ROW}:{letter}{last_row}"
        if column.kind == "status":
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(TaskStatus.labels) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Tình trạng không hợp lệ",
                error="Chọn một tình trạng trong danh sách: " + ", ".join(TaskStatus.labels) + ".",
                showInputMessage=True,
                promptTitle="Tình trạng",
                prompt="Chọn trong danh sách.",
            )
        elif column.kind == "date":
            rule = DataValidation(
                type="date",
                operator="between",
                formula1=str(int(to_excel(_FIRST_DATE))),
                formula2=str(int(to_excel(_LAST_DATE))),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Ngày không hợp lệ",
                error="Ghi ngày theo dạng dd/mm/yyyy, ví dụ 15/11/2026.",
                showInputMessage=True,
                promptTitle="Ngày hoàn thành",
                prompt="Ghi theo dạng dd/mm/yyyy; chỉ ghi khi đã hoàn thành.",
            )
        else:
            continue
        ws.add_data_validation(rule)
        rule.add(cells)


def _task_sheet(
    wb: Workbook, title: str, columns: list[Column], rows: list[TaskRow], report: AgencyReport
) -> None:
    ws = _sheet_start(wb, title, columns, report)
    labels = dict(TaskStatus.choices)
    deadline_col = next(i for i, c in enumerate(columns, start=1) if c.key == "deadline")
    row = FIRST_ROW - 1
    for row, item in enumerate(rows, start=FIRST_ROW):
        update, task = item.update, item.task
        values = {
            "id": task.pk,
            "number": task.number,
            "name": task.name,
            "plan": task.plan.number or task.plan.title[:60],
            "lead": task.lead_text,
            "result": task.result,
            "deadline": item.deadline or task.timeframe_text,
            "status": labels.get(update.status, ""),
            "description": update.description,
            "evidence": update.evidence,
            "completed_on": update.completed_on,
            "difficulties": update.difficulties,
            "proposals": update.proposals,
        }
        _write_row(ws, row, columns, values, editable=report.editable and not update.carried_over)
        if item.extended and task.ends_on:
            ws.cell(row=row, column=deadline_col).comment = Comment(
                f"Đã được gia hạn; hạn ban đầu {_d(task.ends_on)}.", "dxtrack"
            )
        if update.carried_over:
            ws.cell(row=row, column=1).comment = Comment(
                "Đã hoàn thành và được duyệt ở kỳ trước; không sửa ở kỳ này.", "dxtrack"
            )
    if not rows:
        ws.cell(row=FIRST_ROW, column=3, value="Kỳ này đơn vị không có nhiệm vụ nào ở mục này.")
        ws.cell(row=FIRST_ROW, column=3).font = _NOTE
    _validations(ws, columns, row)
    _protect(ws, columns, row)


def _indicator_sheet(wb: Workbook, detail: ReportDetail) -> None:
    report = detail.report
    ws = _sheet_start(wb, INDICATOR_SHEET, INDICATOR_COLUMNS, report)
    row = FIRST_ROW - 1
    for row, value in enumerate(detail.indicators, start=FIRST_ROW):
        indicator = value.indicator
        targets = "; ".join(
            f"{t.milestone}: {t.text}" if t.milestone else t.text
            for t in indicator.targets.all()
            if t.text
        )
        values = {
            "id": indicator.pk,
            "number": indicator.number,
            "name": indicator.name,
            "plan": indicator.plan.number or indicator.plan.title[:60],
            "role": _ROLE_LABELS.get(value.role, value.role),
            "unit": indicator.unit,
            "targets": targets,
            "value": value.value_text,
            "note": value.note,
            "source": value.source,
        }
        _write_row(ws, row, INDICATOR_COLUMNS, values, editable=report.editable)
    if not detail.indicators:
        ws.cell(row=FIRST_ROW, column=3, value="Kỳ này đơn vị không có chỉ tiêu nào phải báo cáo.")
        ws.cell(row=FIRST_ROW, column=3).font = _NOTE
    _protect(ws, INDICATOR_COLUMNS, row)


def _assessment_sheet(wb: Workbook, detail: ReportDetail) -> None:
    report = detail.report
    ws = _sheet_start(wb, ASSESSMENT_SHEET, ASSESSMENT_COLUMNS, report)
    row = FIRST_ROW - 1
    for row, (key, label, entry) in enumerate(detail.topics, start=FIRST_ROW):
        values = {
            "id": key,
            "number": row - FIRST_ROW + 1,
            "name": label,
            "issues": (entry or {}).get("issues", ""),
            "proposals": (entry or {}).get("proposals", ""),
        }
        _write_row(ws, row, ASSESSMENT_COLUMNS, values, editable=report.editable)
    _protect(ws, ASSESSMENT_COLUMNS, row)


def _meta_sheet(wb: Workbook, report: AgencyReport) -> None:
    ws = wb.create_sheet(META_SHEET)
    rows = [
        ("format", FORMAT_VERSION),
        ("report_id", report.pk),
        ("version", report.version),
        ("period_id", report.period_id),
        ("agency_id", report.agency_id),
    ]
    for index, (name, value) in enumerate(rows, start=1):
        ws.cell(row=index, column=1, value=name)
        ws.cell(row=index, column=2, value=value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def form_build(*, detail: ReportDetail) -> bytes:
    """The .xlsx form of a report, pre-filled with its rows and what was already entered.
    Runs no query: `detail` (from `selectors.report_detail`) holds everything."""
    report = detail.report
    wb = Workbook()
    wb.remove(wb.active)
    _task_sheet(wb, LEAD_SHEET, LEAD_COLUMNS, detail.lead_tasks, report)
    _task_sheet(wb, COORDINATING_SHEET, COORDINATING_COLUMNS, detail.coordinating_tasks, report)
    _indicator_sheet(wb, detail)
    _assessment_sheet(wb, detail)
    _meta_sheet(wb, report)
    # Sheets cannot be added, removed, renamed or unhidden: the upload finds them by name.
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"Báo cáo {report.agency.name} · {report.period.name}"[:250]
    wb.properties.creator = "dxtrack"
    workbook_text_protect(workbook=wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def form_filename(report: AgencyReport) -> str:
    """An ASCII file name: "bao-cao-so-khoa-hoc-va-cong-nghe-ky-12.xlsx"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(report.agency.name)).strip("-")[:60]
    return f"bao-cao-{slug or 'don-vi'}-ky-{report.period_id}.xlsx"


# ----------------------------------------------------------------------- reading


@dataclass
class FormContent:
    """What a form file holds: whose report, from which version, and the rows entered."""

    report_id: int
    version: int
    data: ReportInput
    # "tasks.12" / "indicators.4" / "assessment.ha_tang" → (sheet, row): for error messages.
    places: dict[str, tuple[str, int]] = field(default_factory=dict)
    # sheet → {id: row}, to check the ids against the report.
    ids: dict[str, dict[int, int]] = field(default_factory=dict)
    errors: list[FormError] = field(default_factory=list)

    def locate(self, error: FieldError) -> FormError:
        """The sheet, row and column of a service's field error ("tasks.12.completed_on")."""
        parts = error.where.split(".")
        place = self.places.get(".".join(parts[:2]))
        if place is None:
            return FormError("", None, None, error.message)
        sheet, row = place
        column = None
        if len(parts) > 2:
            column = next((c.label for c in SHEET_COLUMNS[sheet] if c.key == parts[2]), None)
        return FormError(sheet, row, column, error.message)


def _check_file(data: bytes) -> None:
    if not data:
        raise FormRejected("Tệp rỗng. Hãy chọn tệp Excel (.xlsx) đã điền.")
    if len(data) > MAX_FORM_BYTES:
        size = format_vn_number(round(len(data) / 1024 / 1024, 1))
        raise FormRejected(
            f"Tệp có dung lượng {size} MB, vượt giới hạn {MAX_FORM_BYTES // 1024 // 1024} MB."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise FormRejected(
            "Tệp là Excel 97–2003 (.xls); hãy lưu lại dạng Excel Workbook (.xlsx) rồi tải lên."
        )
    not_xlsx = FormRejected(
        "Tệp không phải là tệp Excel (.xlsx). Hãy tải lên biểu mẫu Excel đã tải về từ hệ thống."
    )
    if not data.startswith(b"PK\x03\x04"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise not_xlsx from None
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise not_xlsx
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise FormRejected("Nội dung tệp Excel quá lớn; biểu mẫu của một đơn vị không lớn như vậy.")


_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


class _CellError(ValueError):
    """A cell that cannot be read; the message is for the user, in Vietnamese."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return _d(value.date())
    if isinstance(value, dt.date):
        return _d(value)
    if isinstance(value, int | float):
        return format_vn_number(value)
    return str(value).strip()


def _value_text(cell: Any) -> str:
    """An indicator value as the agency meant it. A number Excel stored as a number (the
    agency typed into a cell it reformatted) is written back the Vietnamese way, and a
    percentage cell (0,8743 shown as 87,43%) as the percentage."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in (cell.number_format or ""):
            return format_vn_number(round(value * 100, 10)) + "%"
        return format_vn_number(value)
    return _text(value)


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date whose format was lost: Excel's serial day number.
        try:
            day = from_excel(value)
        except (ValueError, OverflowError):
            day = None
        day = day.date() if isinstance(day, dt.datetime) else day
        if isinstance(day, dt.date) and _FIRST_DATE <= day <= _LAST_DATE:
            return day
        raise _CellError(f"“{_text(value)}” không phải là ngày; ghi theo dạng dd/mm/yyyy.")
    text = str(value).strip()
    match = _DATE_TEXT.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise _CellError(f"Ngày “{text}” không có trên lịch.") from None
    raise _CellError(f"“{text}” không phải là ngày; ghi theo dạng dd/mm/yyyy (ví dụ 15/11/2026).")


def _int_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


class _SheetReader:
    """Rows of one data sheet, with its columns found by their header labels."""

    def __init__(self, ws: Any, title: str, columns: list[Column], errors: list[FormError]):
        self.title, self.columns, self.errors = title, columns, errors
        self.ws = ws
        self.index: dict[str, int] = {}
        header = next(
            ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=40, values_only=True),
            (),
        )
        found = {fold(_text(v)): i for i, v in enumerate(header) if v is not None}
        for column in columns:
            position = found.get(fold(column.label))
            if position is not None:
                self.index[column.key] = position
            elif column.key == "id" or column.is_input:
                self.error(
                    HEADER_ROW,
                    None,
                    f"không tìm thấy cột “{column.label}”; tệp không đúng biểu mẫu, hãy tải "
                    "lại biểu mẫu từ hệ thống.",
                )
        self.ok = "id" in self.index and all(c.key in self.index for c in columns if c.is_input)
        self.width = max(self.index.values(), default=0) + 1

    def error(self, row: int | None, column: Column | None, message: str) -> None:
        self.errors.append(FormError(self.title, row, column.label if column else None, message))

    def rows(self) -> Iterable[tuple[int, dict[str, Any]]]:
        """(row number, cells by column key) for each row that holds anything."""
        if not self.ok:
            return
        last = FIRST_ROW + MAX_ROWS - 1
        for number, cells in enumerate(
            self.ws.iter_rows(min_row=FIRST_ROW, max_row=last + 1, max_col=self.width),
            start=FIRST_ROW,
        ):
            by_key = {
                key: cells[i] if i < len(cells) else EMPTY_CELL for key, i in self.index.items()
            }
            if not any(
                _text(by_key[c.key].value)
                for c in self.columns
                if c.key in by_key and (c.key == "id" or c.is_input)
            ):
                continue
            if number > last:
                self.error(
                    number, None, f"sheet có quá {MAX_ROWS} dòng; biểu mẫu không dài như vậy."
                )
                return
            yield number, by_key


def _task_rows(reader: _SheetReader, content: FormContent, kind_ids: dict[int, int]) -> None:
    cols = {c.key: c for c in reader.columns}
    for row, cells in reader.rows():
        task_id = _int_id(cells["id"].value)
        if task_id is None:
            reader.error(
                row, cols["id"], "thiếu mã nhiệm vụ hoặc mã đã bị sửa; hãy tải lại biểu mẫu."
            )
            continue
        if task_id in kind_ids or f"tasks.{task_id}" in content.places:
            reader.error(row, cols["id"], f"mã {task_id} đã có ở dòng khác.")
            continue
        kind_ids[task_id] = row
        content.places[f"tasks.{task_id}"] = (reader.title, row)
        status_text = _text(cells["status"].value)
        status = task_status_value(status_text)
        if status is None:
            reader.error(
                row,
                cols["status"],
                f"“{status_text}” không có trong danh sách; chọn một trong: "
                + ", ".join(TaskStatus.labels)
                + ".",
            )
        try:
            completed_on = _date(cells["completed_on"].value)
        except _CellError as error:
            reader.error(row, cols["completed_on"], str(error))
            completed_on = None
        content.data.tasks[task_id] = TaskInput(
            status=status or "",
            description=_text(cells["description"].value),
            evidence=_text(cells["evidence"].value),
            completed_on=completed_on,
            difficulties=_text(cells["difficulties"].value),
            proposals=_text(cells["proposals"].value),
        )


def _indicator_rows(reader: _SheetReader, content: FormContent, ids: dict[int, int]) -> None:
    cols = {c.key: c for c in reader.columns}
    for row, cells in reader.rows():
        indicator_id = _int_id(cells["id"].value)
        if indicator_id is None:
            reader.error(
                row, cols["id"], "thiếu mã chỉ tiêu hoặc mã đã bị sửa; hãy tải lại biểu mẫu."
            )
            continue
        if indicator_id in ids:
            reader.error(row, cols["id"], f"mã {indicator_id} đã có ở dòng {ids[indicator_id]}.")
            continue
        ids[indicator_id] = row
        content.places[f"indicators.{indicator_id}"] = (reader.title, row)
        text = _value_text(cells["value"])
        try:
            parse_value(text)
        except ValueError_ as error:
            reader.error(row, cols["value"], str(error))
        content.data.indicators[indicator_id] = IndicatorInput(
            value=text, note=_text(cells["note"].value), source=_text(cells["source"].value)
        )


def _assessment_rows(reader: _SheetReader, content: FormContent) -> None:
    cols = {c.key: c for c in reader.columns}
    assessment: dict[str, dict[str, str]] = {}
    for row, cells in reader.rows():
        key = _text(cells["id"].value)
        if key not in TOPIC_KEYS:
            reader.error(row, cols["id"], f"“{key}” không phải mã lĩnh vực của biểu mẫu.")
            continue
        if key in assessment:
            reader.error(row, cols["id"], f"lĩnh vực “{key}” đã có ở dòng khác.")
            continue
        content.places[f"assessment.{key}"] = (reader.title, row)
        assessment[key] = {
            "issues": _text(cells["issues"].value),
            "proposals": _text(cells["proposals"].value),
        }
    if reader.ok:
        content.data.assessment = assessment


def _meta(wb: Any) -> tuple[int, int]:
    rejected = FormRejected(
        "Tệp không phải biểu mẫu Excel do hệ thống lập (thiếu thông tin báo cáo). "
        "Hãy tải biểu mẫu từ trang báo cáo của đơn vị, điền rồi tải lên."
    )
    if META_SHEET not in wb.sheetnames:
        raise rejected
    values = {
        _text(name): value
        for name, value in wb[META_SHEET].iter_rows(max_row=20, max_col=2, values_only=True)
        if name
    }
    report_id, version = _int_id(values.get("report_id")), _int_id(values.get("version"))
    if _int_id(values.get("format")) != FORMAT_VERSION or report_id is None or version is None:
        raise rejected
    return report_id, version


def form_read(*, data: bytes) -> FormContent:
    """Read a filled form. Raises FormRejected when the file is not one; cell errors are
    collected in `errors` (all of them, in sheet and row order), not raised."""
    _check_file(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FormRejected(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx."
        ) from error
    try:
        report_id, version = _meta(wb)
        content = FormContent(report_id=report_id, version=version, data=ReportInput())
        for title, columns in SHEET_COLUMNS.items():
            if title not in wb.sheetnames:
                content.errors.append(
                    FormError(title, None, None, "thiếu sheet này; hãy tải lại biểu mẫu.")
                )
                continue
            reader = _SheetReader(wb[title], title, columns, content.errors)
            ids = content.ids.setdefault(title, {})
            if title == INDICATOR_SHEET:
                _indicator_rows(reader, content, ids)
            elif title == ASSESSMENT_SHEET:
                _assessment_rows(reader, content)
            else:
                _task_rows(reader, content, ids)
    except FormRejected:
        raise
    except Exception as error:  # a damaged sheet part only shows while it is read
        raise FormRejected(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx."
        ) from error
    finally:
        wb.close()
    return content


def _id_errors(content: FormContent, report: AgencyReport) -> list[FormError]:
    """Rows whose ids are not the report's: another agency's form pasted in, or a task
    moved between the lead and the coordinating sheet."""
    roles = dict(report.task_updates.values_list("task_id", "role"))
    indicators = set(report.indicator_values.values_list("indicator_id", flat=True))
    expected = {
        LEAD_SHEET: {t for t, r in roles.items() if r == TaskUpdate.Role.LEAD},
        COORDINATING_SHEET: {t for t, r in roles.items() if r == TaskUpdate.Role.COORDINATING},
        INDICATOR_SHEET: indicators,
    }
    errors = []
    for sheet, allowed_ids in expected.items():
        noun = "chỉ tiêu" if sheet == INDICATOR_SHEET else "nhiệm vụ"
        for item_id, row in content.ids.get(sheet, {}).items():
            if item_id not in allowed_ids:
                errors.append(
                    FormError(
                        sheet, row, "Mã", f"{noun} mã {item_id} không thuộc mục này của báo cáo."
                    )
                )
    return errors


def form_upload(*, report: AgencyReport, actor: Any, data: bytes) -> AgencyReport:
    """Apply a filled form to `report` in one `report_save`, or refuse it whole.

    Raises FormRejected (not a form of this report), FormInvalid (cells to fix, each
    located), and what `report_save` raises: StaleVersion when the report was saved after
    the file was made, InvalidTransition when it is no longer editable."""
    require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    content = form_read(data=data)
    if content.report_id != report.pk:
        raise FormRejected(
            "Tệp này là biểu mẫu của một báo cáo khác (đơn vị hoặc kỳ báo cáo khác). "
            "Hãy tải biểu mẫu của báo cáo này."
        )
    errors = content.errors + _id_errors(content, report)
    if errors:
        raise FormInvalid(errors[:MAX_ERRORS], total=len(errors))
    try:
        return report_save(report=report, actor=actor, data=content.data, version=content.version)
    except ReportInvalid as error:
        located = [content.locate(e) for e in error.errors]
        raise FormInvalid(located[:MAX_ERRORS], total=len(located)) from error
