"""The result appendix: the table of DOST's report of August 2025 (TT · Tên nhiệm vụ · Thời
hạn · Kết quả · Mô tả · Ngày hoàn thành thực tế · Khó khăn/vướng mắc · Đề xuất/kiến nghị ·
Đánh giá tiến độ · Đánh giá của Cơ quan Thường trực), for one agency or all, and the key
projects. No Django imports."""

from __future__ import annotations

from dxtrack.documents.content import (
    AppendixContent,
)
from dxtrack.documents.layouts.wording import (
    appendix_note,
    breakdown_text,
    count_text,
    roman,
)
from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.official import Page, page_render
from dxtrack.documents.page_layout import LANDSCAPE_TEXT_MM
from dxtrack.documents.spreadsheet import workbook_bytes
from dxtrack.documents.table_spec import Column, Row, TableSpec

_RESULT_COLUMNS = (
    Column("TT", 9),
    Column("Tên nhiệm vụ", 42),
    # Wide enough for a whole date (31/12/2026) on one line.
    Column("Thời hạn", 21),
    Column("Kết quả", 20),
    Column("Mô tả", 43),
    Column("Ngày hoàn thành thực tế", 21),
    Column("Khó khăn/vướng mắc", 24),
    Column("Đề xuất/kiến nghị", 24),
    # The rule's verdict, then the standing body's own assessment (seed 004), apart.
    Column("Đánh giá tiến độ", 20),
    Column("Đánh giá của Cơ quan Thường trực", 28),
)
assert sum(c.width_mm for c in _RESULT_COLUMNS) <= LANDSCAPE_TEXT_MM  # noqa: S101


def appendix_tables(content: AppendixContent) -> list[TableSpec]:
    rows: list[Row] = []
    for index, group in enumerate(content.groups, start=1):
        rows.append(Row((roman(index), group.title), heading=True))
        for line in group.lines:
            rows.append(
                Row(
                    (
                        line.number,
                        line.name,
                        line.deadline,
                        line.status,
                        line.description,
                        line.completed_on,
                        line.difficulties,
                        line.proposals,
                        line.verdict,
                        line.evaluation,
                    )
                )
            )
    tables = [TableSpec(name="Phụ lục", columns=_RESULT_COLUMNS, rows=tuple(rows))]
    if content.projects:
        tables.append(_projects_table(content))
    return tables


_PROJECT_COLUMNS = (
    Column("TT", 10),
    Column("Dự án", 56),
    Column("Cơ quan chủ trì", 34),
    Column("Thời gian", 18),
    Column("Tình trạng", 22),
    Column("Kết quả triển khai", 50),
    Column("Nguồn kinh phí", 22),
    Column("Kinh phí kế hoạch (triệu đồng)", 20, numeric=True),
    Column("Kinh phí đã giải ngân (triệu đồng)", 20, numeric=True),
)
assert sum(c.width_mm for c in _PROJECT_COLUMNS) <= LANDSCAPE_TEXT_MM  # noqa: S101


def _projects_table(content: AppendixContent) -> TableSpec:
    rows = tuple(
        Row(
            (
                index,
                line.name,
                line.agency,
                line.years,
                line.status,
                line.description,
                line.funding_source,
                line.budget_planned,
                line.budget_disbursed,
            )
        )
        for index, line in enumerate(content.projects, start=1)
    )
    return TableSpec(
        name="Dự án trọng tâm",
        columns=_PROJECT_COLUMNS,
        rows=rows,
        title="Kết quả triển khai các dự án trọng tâm (Phụ lục III)",
    )


def _appendix_page(content: AppendixContent, letterhead: Letterhead) -> Page:
    period = content.period
    whose = f" của {content.agency}" if content.agency else " của các cơ quan, đơn vị"
    page = Page(
        letterhead=letterhead,
        day=period.as_of,
        title="Báo cáo",
        subtitle=f"Kết quả thực hiện các nhiệm vụ được giao{whose}\n{period.name}",
    )
    what = "lượt nhiệm vụ được giao chủ trì" if content.agency is None else "nhiệm vụ chủ trì"
    verdicts = content.verdicts
    page.text(
        f"{letterhead.unit_title} đã rà soát kết quả thực hiện {count_text(verdicts.total)} {what}"
        f"{whose} trong kỳ {period.name} ({period.span})"
        + (f": {breakdown_text(verdicts, separator='; ')}" if verdicts.total else "")
        + ". Kết quả chi tiết tại Phụ lục đính kèm."
    )
    page.text(f"{letterhead.unit_title} kính báo cáo./.")
    page.appendix(
        [
            "Phụ lục",
            f"Kết quả thực hiện các nhiệm vụ được giao{whose}",
        ],
        note=appendix_note(letterhead, period.as_of),
        tables=appendix_tables(content),
    )
    return page


def appendix_docx(content: AppendixContent, letterhead: Letterhead) -> bytes:
    return page_render(_appendix_page(content, letterhead))


def appendix_xlsx(content: AppendixContent) -> bytes:
    whose = content.agency or "các cơ quan, đơn vị"
    return workbook_bytes(appendix_tables(content), title=f"Kết quả thực hiện nhiệm vụ của {whose}")
