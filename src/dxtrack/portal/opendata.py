"""The open datasets as files: CSV (UTF-8 with BOM, comma separated, dot decimal), XLSX and
JSON, with the descriptions of their columns. No Django imports.

The records come from `portal.selectors` (open_indicator_records, open_task_records), the
same the open API returns. CSV and XLSX carry one column per JSON field; the task counts by
status, an object in JSON, become one column each, named `by_status.<status>`.

Text comes from plans and reports that people typed: in the XLSX every text cell is written
as a string (never a formula), and in the CSV a text that a spreadsheet would take for a
formula (= + @ or - before a letter) is preceded by an apostrophe, as OWASP advises.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

LICENCE = "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"
LICENCE_CODE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"
PUBLISHER = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi (cơ quan thường trực chuyển đổi số)"


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class Dataset:
    slug: str  # the file name: /du-lieu-mo/<slug>.csv
    title: str
    description: str
    columns: tuple[Column, ...]


INDICATORS = Dataset(
    slug="chi-tieu",
    title="Chỉ số chính về chuyển đổi số",
    description=(
        "Số liệu đã được duyệt và công khai của các chỉ tiêu chính trong các kế hoạch chuyển "
        "đổi số của tỉnh: mỗi dòng là một chỉ tiêu trong một kỳ báo cáo đã công khai."
    ),
    columns=(
        Column("indicator_id", "Mã chỉ tiêu trong hệ thống (số nguyên)."),
        Column("plan", "Kế hoạch giao chỉ tiêu (số, ký hiệu và tên)."),
        Column("name", "Tên chỉ tiêu."),
        Column("unit", "Đơn vị tính."),
        Column("milestone", "Mốc của mục tiêu dùng để đánh giá (năm hoặc giai đoạn)."),
        Column("target", "Mục tiêu của mốc, như kế hoạch ghi (ví dụ “≥ 50%”)."),
        Column("period", "Tên kỳ báo cáo."),
        Column("period_end", "Ngày cuối kỳ báo cáo (YYYY-MM-DD)."),
        Column(
            "value",
            "Giá trị toàn tỉnh: một số (dấu chấm thập phân) hoặc “Đạt” / “Không đạt”.",
        ),
        Column(
            "verdict",
            "Đánh giá so với mục tiêu: met (đạt), not_met (chưa đạt), no_data (chưa có số "
            "liệu), no_target (không đặt mục tiêu).",
        ),
        Column(
            "colour",
            "Màu trạng thái: green (xanh, đạt), yellow (vàng, có nguy cơ), red (đỏ, đã qua mốc "
            "mà chưa đạt), grey (xám, chưa có số liệu hoặc mục tiêu).",
        ),
        Column("agency", "Cơ quan, đơn vị cung cấp số liệu."),
        Column("published_at", "Thời điểm công khai (ISO 8601, giờ Việt Nam)."),
    ),
)

TASKS = Dataset(
    slug="nhiem-vu",
    title="Tiến độ thực hiện nhiệm vụ chuyển đổi số",
    description=(
        "Số nhiệm vụ theo tình trạng thực hiện, theo kế hoạch và kỳ báo cáo đã công khai, "
        "tính từ các báo cáo đã được duyệt (mỗi đơn vị chủ trì một lượt)."
    ),
    columns=(
        Column("plan", "Kế hoạch (số, ký hiệu và tên)."),
        Column("period", "Tên kỳ báo cáo."),
        Column("total", "Tổng số lượt nhiệm vụ được báo cáo (mỗi đơn vị chủ trì một lượt)."),
        Column(
            "by_status",
            "Số lượt theo tình trạng: Đã hoàn thành, Hoàn thành quá hạn, Đang thực hiện, Chưa "
            "thực hiện, Không thực hiện, Chưa báo cáo. Trong CSV, XLSX: mỗi tình trạng một cột "
            "“by_status.<tình trạng>”.",
        ),
        Column("published_at", "Thời điểm công khai (ISO 8601, giờ Việt Nam)."),
    ),
)

DATASETS = {INDICATORS.slug: INDICATORS, TASKS.slug: TASKS}


def flat_columns(dataset: Dataset, *, object_keys: dict[str, list[str]] | None = None) -> list[str]:
    """The CSV/XLSX header: the JSON field names, an object field spread over one column
    per key given in `object_keys` (`by_status.Đã hoàn thành`)."""
    names = []
    for column in dataset.columns:
        keys = (object_keys or {}).get(column.name)
        if keys is None:
            names.append(column.name)
        else:
            names.extend(f"{column.name}.{key}" for key in keys)
    return names


def _flat_row(record: dict[str, Any], names: list[str]) -> list[Any]:
    row = []
    for name in names:
        field, _, key = name.partition(".")
        value = record.get(field)
        row.append(value.get(key) if key and isinstance(value, dict) else value)
    return row


# A spreadsheet reads these as the start of a formula.
_FORMULA_START = re.compile(r"^(?:[=+@\t\r]|-(?![\d\s]|$))")


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if _FORMULA_START.match(text) else text


def csv_bytes(
    dataset: Dataset,
    records: list[dict[str, Any]],
    *,
    object_keys: dict[str, list[str]] | None = None,
) -> bytes:
    names = flat_columns(dataset, object_keys=object_keys)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for record in records:
        writer.writerow([_csv_text(v) for v in _flat_row(record, names)])
    # The BOM makes Excel read the file as UTF-8 (Vietnamese letters intact).
    return buffer.getvalue().encode("utf-8-sig")


def json_bytes(records: Iterable[dict[str, Any]]) -> bytes:
    return json.dumps(list(records), ensure_ascii=False, indent=1).encode("utf-8")


def _cell(sheet, value: Any, *, bold: bool = False) -> Cell:
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        text = "" if value is None else str(value)
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub(" ", text))
        # Whatever the text, a string: "=HYPERLINK(…)" typed in a plan stays text.
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(
    dataset: Dataset,
    records: list[dict[str, Any]],
    *,
    object_keys: dict[str, list[str]] | None = None,
    updated_at: str = "",
) -> bytes:
    """A workbook with the data (header row: the JSON field names) and a sheet describing
    the columns, the licence and the source."""
    names = flat_columns(dataset, object_keys=object_keys)
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("Dữ liệu")
    data.append([_cell(data, name, bold=True) for name in names])
    for record in records:
        data.append([_cell(data, value) for value in _flat_row(record, names)])
    about = workbook.create_sheet("Mô tả")
    about.append([_cell(about, dataset.title, bold=True)])
    about.append([_cell(about, dataset.description)])
    about.append([_cell(about, "Giấy phép"), _cell(about, f"{LICENCE} — {LICENCE_URL}")])
    about.append([_cell(about, "Nguồn"), _cell(about, PUBLISHER)])
    about.append([_cell(about, "Cập nhật"), _cell(about, updated_at)])
    about.append([])
    about.append([_cell(about, "Cột", bold=True), _cell(about, "Ý nghĩa", bold=True)])
    for column in dataset.columns:
        about.append([_cell(about, column.name), _cell(about, column.description)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
