"""Reading a filled Excel form back: every cell checked, every error located by sheet, row and
column, nothing stored. Refuses what is not a form of this system (FormRejected)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.utils.datetime import from_excel

from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.reporting.assessment import TOPIC_KEYS
from dxtrack.reporting.errors import FieldError
from dxtrack.reporting.excel_form import (
    ASSESSMENT_SHEET,
    FIRST_DATE,
    FIRST_ROW,
    FORMAT_VERSION,
    HEADER_ROW,
    INDICATOR_SHEET,
    LAST_DATE,
    MAX_FORM_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    META_SHEET,
    OPTIONAL_SHEETS,
    PROJECT_SHEET,
    SHEET_COLUMNS,
    Column,
    FormError,
    FormRejected,
    date_text,
)
from dxtrack.reporting.models import TaskStatus
from dxtrack.reporting.report_input import (
    IndicatorInput,
    ProjectInput,
    ReportInput,
    TaskInput,
    budget_value,
    task_status_value,
)
from dxtrack.reporting.values import ValueError_, parse_value
from dxtrack.vn_text import fold

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
        return date_text(value.date())
    if isinstance(value, dt.date):
        return date_text(value)
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
        if isinstance(day, dt.date) and FIRST_DATE <= day <= LAST_DATE:
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


def _project_rows(reader: _SheetReader, content: FormContent, ids: dict[int, int]) -> None:
    cols = {c.key: c for c in reader.columns}
    for row, cells in reader.rows():
        project_id = _int_id(cells["id"].value)
        if project_id is None:
            reader.error(row, cols["id"], "thiếu mã dự án hoặc mã đã bị sửa; hãy tải lại biểu mẫu.")
            continue
        if project_id in ids:
            reader.error(row, cols["id"], f"mã {project_id} đã có ở dòng {ids[project_id]}.")
            continue
        ids[project_id] = row
        content.places[f"projects.{project_id}"] = (reader.title, row)
        status_text = _text(cells["status"].value)
        if task_status_value(status_text) is None:
            reader.error(
                row,
                cols["status"],
                f"“{status_text}” không có trong danh sách; chọn một trong: "
                + ", ".join(TaskStatus.labels)
                + ".",
            )
        budgets = {}
        for key in ("budget_planned", "budget_disbursed"):
            budgets[key] = _text(cells[key].value)
            try:
                budget_value(budgets[key])
            except ValueError:
                reader.error(
                    row,
                    cols[key],
                    f"“{budgets[key]}” không phải là số tiền (triệu đồng), ví dụ 1.500 hoặc "
                    "1.500,5.",
                )
        content.data.projects[project_id] = ProjectInput(
            status=status_text, description=_text(cells["description"].value), **budgets
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
            if title not in wb.sheetnames and title in OPTIONAL_SHEETS:
                continue
            if title not in wb.sheetnames:
                content.errors.append(
                    FormError(title, None, None, "thiếu sheet này; hãy tải lại biểu mẫu.")
                )
                continue
            reader = _SheetReader(wb[title], title, columns, content.errors)
            ids = content.ids.setdefault(title, {})
            if title == INDICATOR_SHEET:
                _indicator_rows(reader, content, ids)
            elif title == PROJECT_SHEET:
                _project_rows(reader, content, ids)
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
