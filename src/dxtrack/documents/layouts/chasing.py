"""The letter to the agencies that still owe their report (công văn đôn đốc), with what
each still owes. No Django imports."""

from __future__ import annotations

from dxtrack.documents.content import (
    ChasingContent,
)
from dxtrack.documents.layouts.wording import (
    breakdown_text,
    count_text,
    roman,
)
from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.official import Page, page_render
from dxtrack.documents.page_layout import PORTRAIT_TEXT_MM
from dxtrack.documents.spreadsheet import workbook_bytes
from dxtrack.documents.table_spec import Column, Row, TableSpec
from dxtrack.documents.vn_dates import vn_date

_OWING_COLUMNS = (
    Column("TT", 10),
    Column("Cơ quan, đơn vị", 55),
    Column("Tình trạng báo cáo", 30),
    Column("Số ngày quá hạn", 22, numeric=True),
    Column("Nhiệm vụ chưa báo cáo", 24, numeric=True),
    Column("Chỉ tiêu chưa có số liệu", 24, numeric=True),
)
assert sum(c.width_mm for c in _OWING_COLUMNS) <= PORTRAIT_TEXT_MM  # noqa: S101
_OWED_COLUMNS = (
    Column("TT", 12),
    Column("Nhiệm vụ", 150),
    Column("Kế hoạch", 60),
    Column("Thời hạn", 30),
)


def chasing_tables(content: ChasingContent) -> list[TableSpec]:
    owing = TableSpec(
        name="Đơn vị chưa báo cáo",
        columns=_OWING_COLUMNS,
        rows=tuple(
            Row(
                (
                    index,
                    agency.name,
                    agency.report_status,
                    agency.days_late,
                    len(agency.tasks),
                    agency.indicators_missing,
                )
            )
            for index, agency in enumerate(content.agencies, start=1)
        ),
        rows_unbroken=True,
    )
    rows: list[Row] = []
    for index, agency in enumerate(content.agencies, start=1):
        rows.append(Row((roman(index), agency.name), heading=True))
        for number, task in enumerate(agency.tasks, start=1):
            name = f"{task.number}. {task.name}" if task.number else task.name
            rows.append(Row((number, name, task.plan, task.deadline)))
    owed = TableSpec(name="Nhiệm vụ chưa báo cáo", columns=_OWED_COLUMNS, rows=tuple(rows))
    return [owing, owed]


def _chasing_page(content: ChasingContent, letterhead: Letterhead) -> Page:
    period = content.period
    unit = letterhead.unit_title
    names = [agency.name for agency in content.agencies]
    addressees = (
        tuple(names)
        if 0 < len(names) <= 6
        else ("Các cơ quan, đơn vị có tên tại Phụ lục kèm theo",)
    )
    page = Page(
        letterhead=letterhead,
        day=period.as_of,
        title="",
        summary=f"V/v đôn đốc gửi báo cáo kết quả thực hiện {period.name}",
        addressees=addressees,
    )
    owing_tasks = sum(len(agency.tasks) for agency in content.agencies)
    owing_values = sum(agency.indicators_missing for agency in content.agencies)
    page.text(
        f"Thực hiện {'; '.join(content.plans)}, {unit} đã đề nghị các cơ quan, đơn vị báo cáo "
        f"kết quả thực hiện kỳ {period.name} ({period.span}) trước ngày {vn_date(period.due_on)}."
    )
    returned = (
        f", trong đó {count_text(content.returned)} báo cáo bị trả lại để bổ sung"
        if content.returned
        else ""
    )
    page.text(
        f"Đến ngày {vn_date(period.as_of)}, trong {count_text(content.reports.total)} "
        "cơ quan, đơn vị "
        f"phải báo cáo: {breakdown_text(content.reports)}{returned}. Các cơ quan, đơn vị chưa "
        f"gửi còn {count_text(owing_tasks)} lượt nhiệm vụ được giao chủ trì "
        "chưa được báo cáo kết "
        f"quả và {count_text(owing_values)} chỉ tiêu chưa có số liệu, cụ thể như sau:"
    )
    tables = chasing_tables(content)
    page.table(tables[0])
    page.text(
        f"Để kịp thời tổng hợp, báo cáo UBND tỉnh, {unit} đề nghị các cơ quan, đơn vị khẩn "
        "trương cập nhật kết quả thực hiện các nhiệm vụ, chỉ tiêu được giao (danh mục nhiệm vụ "
        f"chưa báo cáo tại Phụ lục kèm theo) và gửi báo cáo về {unit} trước ngày "
        f"{vn_date(content.reply_by)}."
    )
    page.text(f"{unit} đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.")
    page.appendix(
        ["Phụ lục", "Danh mục nhiệm vụ chưa báo cáo kết quả thực hiện"],
        note=(
            f"(Kèm theo Công văn số {' ' * 6}/{letterhead.symbol} ngày {' ' * 6}/"
            f"{period.as_of.month}/{period.as_of.year} của {letterhead.head_title})"
        ),
        tables=tables[1:],
    )
    return page


def chasing_docx(content: ChasingContent, letterhead: Letterhead) -> bytes:
    return page_render(_chasing_page(content, letterhead))


def chasing_xlsx(content: ChasingContent) -> bytes:
    return workbook_bytes(
        chasing_tables(content), title=f"Đơn vị chưa gửi báo cáo {content.period.name}"
    )
