"""The Excel form of an agency's report, written pre-filled from its rows: locked identifying
columns, drop-downs and date checks on the cells to fill, the version it was made from."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.reporting.excel_form import (
    ASSESSMENT_COLUMNS,
    ASSESSMENT_SHEET,
    COORDINATING_COLUMNS,
    COORDINATING_SHEET,
    DATE_FORMAT,
    FIRST_DATE,
    FIRST_ROW,
    FORMAT_VERSION,
    HEADER_ROW,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    LAST_DATE,
    LEAD_COLUMNS,
    LEAD_SHEET,
    META_SHEET,
    PROJECT_COLUMNS,
    PROJECT_SHEET,
    Column,
    date_text,
)
from dxtrack.reporting.models import AgencyReport, TaskStatus
from dxtrack.reporting.selectors import ReportDetail, TaskRow
from dxtrack.sheet_text import workbook_text_protect
from dxtrack.vn_text import fold

# ----------------------------------------------------------------------- writing

_ROLE_LABELS = {"lead": "Chủ trì theo dõi", "implementer": "Thực hiện"}

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
    PROJECT_SHEET: "TÌNH HÌNH TRIỂN KHAI CÁC DỰ ÁN TRỌNG TÂM ĐƠN VỊ CHỦ TRÌ",
    ASSESSMENT_SHEET: "ĐÁNH GIÁ CHUNG: TỒN TẠI, HẠN CHẾ VÀ ĐỀ XUẤT, KIẾN NGHỊ",
}
_GUIDANCE = (
    "Điền vào các ô nền vàng; các cột nền xám (mã, tên, mục tiêu) được khóa và không cần sửa. "
    "Tình trạng chọn trong danh sách; ngày ghi theo dạng dd/mm/yyyy (ví dụ 15/11/2026); "
    "số ghi kiểu Việt Nam (1.250 hoặc 87,43%). Điền xong, tải tệp lên trang báo cáo của đơn vị."
)


def _title_block(ws: Worksheet, heading: str, report: AgencyReport, width: int) -> None:
    period = report.period
    last = get_column_letter(width)
    lines = [
        (heading, _TITLE),
        (
            f"Kỳ báo cáo: {period.name} "
            f"(từ {date_text(period.starts_on)} đến {date_text(period.ends_on)})",
            _BOLD,
        ),
        (f"Đơn vị báo cáo: {report.agency.name}", _BOLD),
        (
            f"Hạn gửi báo cáo: {date_text(period.due_on)} · Biểu mẫu lập từ phiên bản "
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


# The status list lives in the hidden sheet: an inline list is split at commas, and
# "Không thuộc chức năng, nhiệm vụ" has one.
STATUS_LIST_COLUMN = 4
STATUS_LIST_RANGE = f"{META_SHEET}!$D$1:$D${len(TaskStatus.labels)}"


def _validations(ws: Worksheet, columns: list[Column], last_row: int) -> None:
    if last_row < FIRST_ROW:
        return
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}{FIRST_ROW}:{letter}{last_row}"
        if column.kind == "status":
            rule = DataValidation(
                type="list",
                formula1=STATUS_LIST_RANGE,
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
                formula1=str(int(to_excel(FIRST_DATE))),
                formula2=str(int(to_excel(LAST_DATE))),
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
                f"Đã được gia hạn; hạn ban đầu {date_text(task.ends_on)}.", "dxtrack"
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


def _budget_text(value: Decimal | None) -> str:
    return format_vn_number(value) if value is not None else ""


def _project_sheet(wb: Workbook, detail: ReportDetail) -> None:
    report = detail.report
    ws = _sheet_start(wb, PROJECT_SHEET, PROJECT_COLUMNS, report)
    labels = dict(TaskStatus.choices)
    row = FIRST_ROW - 1
    for row, update in enumerate(detail.projects, start=FIRST_ROW):
        project = update.project
        years = sorted(int(y) for y in project.years or () if str(y).isdigit())
        values = {
            "id": project.pk,
            "number": project.number,
            "name": project.name,
            "plan": project.plan.number or project.plan.title[:60],
            "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else "".join(map(str, years)),
            "funding_source": project.funding_source,
            "status": labels.get(update.status, ""),
            "description": update.description,
            "budget_planned": _budget_text(update.budget_planned),
            "budget_disbursed": _budget_text(update.budget_disbursed),
        }
        _write_row(ws, row, PROJECT_COLUMNS, values, editable=report.editable)
    if not detail.projects:
        ws.cell(row=FIRST_ROW, column=3, value="Kỳ này đơn vị không chủ trì dự án trọng tâm nào.")
        ws.cell(row=FIRST_ROW, column=3).font = _NOTE
    _validations(ws, PROJECT_COLUMNS, row)
    _protect(ws, PROJECT_COLUMNS, row)


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
    for index, label in enumerate(TaskStatus.labels, start=1):
        ws.cell(row=index, column=STATUS_LIST_COLUMN, value=label)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def form_build(*, detail: ReportDetail) -> bytes:
    """The .xlsx form of a report, pre-filled with its rows and what was already entered.
    Runs no query: `detail` (from `selectors.report_detail`) holds everything."""
    report = detail.report
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    _task_sheet(wb, LEAD_SHEET, LEAD_COLUMNS, detail.lead_tasks, report)
    _task_sheet(wb, COORDINATING_SHEET, COORDINATING_COLUMNS, detail.coordinating_tasks, report)
    _indicator_sheet(wb, detail)
    _project_sheet(wb, detail)
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
