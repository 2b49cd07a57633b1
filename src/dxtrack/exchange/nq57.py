"""The province's tasks and KPIs with their status, for the national system that monitors
Resolution 57-NQ/TW (Hệ thống thông tin giám sát, đánh giá việc thực hiện Nghị quyết 57).

No data format for localities' updates to that system is published (docs/decisions/
0076-nq57-export.md): this is a documented export of what such an update holds (tasks with
status, results, difficulties and proposals; KPIs with value and target), from approved
reports only, as JSON or as an Excel workbook with one sheet each.
"""

from __future__ import annotations

import io
import json

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dxtrack.exchange import packets as p
from dxtrack.exchange.selectors import period_data
from dxtrack.reporting.models import ReportingPeriod, TaskStatus

FORMAT_VERSION = "dxtrack-nq57-1"
STATUS_LABELS = dict(TaskStatus.choices)

TASK_COLUMNS = [
    ("maNhiemVu", "Mã nhiệm vụ"),
    ("soThuTu", "TT"),
    ("tenNhiemVu", "Tên nhiệm vụ"),
    ("donViChuTri", "Cơ quan chủ trì"),
    ("tinhTrang", "Tình trạng"),
    ("ketQua", "Kết quả thực hiện"),
    ("ngayHoanThanh", "Ngày hoàn thành"),
    ("khoKhanVuongMac", "Khó khăn, vướng mắc"),
    ("deXuatKienNghi", "Đề xuất, kiến nghị"),
]
KPI_COLUMNS = [
    ("maChiSo", "Mã chỉ số"),
    ("tenChiSo", "Tên chỉ số (KPI)"),
    ("donViTinh", "Đơn vị tính"),
    ("mucTieu", "Mục tiêu"),
    ("donVi", "Đơn vị báo cáo"),
    ("giaTri", "Giá trị"),
    ("dat", "Đánh giá"),
]


def nq57_rows(*, period: ReportingPeriod) -> dict:
    data = period_data(period=period)
    indicators = {row.pk: row for row in data.indicators}
    tasks, kpis = [], []
    for report in data.reports:
        for task in report.tasks:
            if task.role != "lead":
                continue
            tasks.append(
                {
                    "maNhiemVu": f"{data.sender.code}.NV.{task.task_id}",
                    "soThuTu": task.number,
                    "tenNhiemVu": task.name,
                    "donViChuTri": report.agency_name,
                    "tinhTrang": STATUS_LABELS.get(task.status, "Chưa báo cáo"),
                    "ketQua": task.description,
                    "ngayHoanThanh": task.completed_on.strftime("%d/%m/%Y")
                    if task.completed_on
                    else "",
                    "khoKhanVuongMac": task.difficulties,
                    "deXuatKienNghi": task.proposals,
                }
            )
        for value in report.values:
            row = indicators.get(value.indicator_id)
            if row is None or not (value.text or value.number is not None):
                continue
            kpis.append(
                {
                    "maChiSo": p.indicator_code(data.sender, row),
                    "tenChiSo": row.national_name or row.name,
                    "donViTinh": row.unit,
                    "mucTieu": "; ".join(f"{m}: {t}" for m, t in row.targets if t),
                    "donVi": report.agency_name,
                    "giaTri": value.text,
                    "dat": "" if value.met is None else ("Đạt" if value.met else "Chưa đạt"),
                }
            )
    return {
        "phienBan": FORMAT_VERSION,
        "donViGui": {"maDonVi": data.sender.code, "tenDonVi": data.sender.name},
        "kyBaoCao": {
            "ten": data.period.name,
            "tuNgay": data.period.starts_on.isoformat(),
            "denNgay": data.period.ends_on.isoformat(),
        },
        "thoiGianTao": timezone.now().isoformat(timespec="seconds"),
        "nhiemVu": tasks,
        "chiSo": kpis,
    }


def _sheet(book: Workbook, title: str, columns, rows, first: bool) -> None:
    sheet = book.worksheets[0] if first else book.create_sheet()
    sheet.title = title
    sheet.append([label for _key, label in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([row[key] for key, _label in columns])
    sheet.freeze_panes = "A2"


def nq57_export(*, period: ReportingPeriod, fmt: str) -> tuple[bytes, int]:
    """(bytes, rows) of the export as "json" or "xlsx"."""
    content = nq57_rows(period=period)
    count = len(content["nhiemVu"]) + len(content["chiSo"])
    if fmt == "json":
        return json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8"), count
    book = Workbook(write_only=False)
    _sheet(book, "Nhiệm vụ", TASK_COLUMNS, content["nhiemVu"], first=True)
    _sheet(book, "Chỉ số KPI", KPI_COLUMNS, content["chiSo"], first=False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count
