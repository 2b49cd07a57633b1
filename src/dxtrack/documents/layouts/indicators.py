"""A plan's indicators with the target of every milestone and the period's value.
No Django imports."""

from __future__ import annotations

from dxtrack.documents.content import (
    IndicatorsContent,
    IndicatorTable,
)
from dxtrack.documents.layouts.wording import (
    NO_INDICATORS,
    appendix_note,
    breakdown_text,
    count_text,
    plan_name,
)
from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.official import Page, page_render
from dxtrack.documents.page_layout import LANDSCAPE_TEXT_MM
from dxtrack.documents.spreadsheet import workbook_bytes
from dxtrack.documents.table_spec import Column, Row, TableSpec


def _indicator_spec(table: IndicatorTable, index: int, period_name: str) -> TableSpec:
    milestones = table.milestones
    fixed = 10 + 18 + 36 + 24 + 28
    milestone_mm = min(24.0, max(14.0, (LANDSCAPE_TEXT_MM - fixed - 60) / max(1, len(milestones))))
    name_mm = LANDSCAPE_TEXT_MM - fixed - milestone_mm * len(milestones)
    columns = (
        Column("TT", 10),
        Column("Chỉ tiêu", name_mm),
        Column("Đơn vị tính", 18),
        Column("Cơ quan chủ trì theo dõi, đánh giá", 36),
        *(Column(m, milestone_mm) for m in milestones),
        Column("Kết quả kỳ báo cáo", 24, numeric=True),
        Column("Đánh giá", 28),
    )
    groups = (
        (
            ("TT", 1),
            ("Chỉ tiêu", 1),
            ("Đơn vị tính", 1),
            ("Cơ quan chủ trì", 1),
            ("Mục tiêu theo mốc", len(milestones)),
            ("Kết quả", 1),
            ("Đánh giá", 1),
        )
        if milestones
        else ()
    )
    rows: list[Row] = []
    for section in table.sections:
        if section.title:
            rows.append(Row(("", section.title), heading=True))
        for row in section.rows:
            value = row.value if row.value is not None else row.value_text
            verdict = (
                f"{row.verdict} (mốc {row.judged_milestone})"
                if row.judged_milestone
                else (row.verdict)
            )
            rows.append(
                Row((row.number, row.name, row.unit, row.lead, *row.targets, value, verdict))
            )
    return TableSpec(
        name=f"Chỉ tiêu {index}",
        title=plan_name(table.plan_number, table.plan_title),
        columns=columns,
        rows=tuple(rows),
        groups=groups,
    )


def indicators_tables(content: IndicatorsContent) -> list[TableSpec]:
    return [
        _indicator_spec(table, index, content.period.name)
        for index, table in enumerate(content.tables, start=1)
    ]


def _indicators_page(content: IndicatorsContent, letterhead: Letterhead) -> Page:
    period = content.period
    page = Page(
        letterhead=letterhead,
        day=period.as_of,
        title="Báo cáo",
        subtitle=f"Kết quả thực hiện các chỉ tiêu\n{period.name}",
    )
    for table in content.tables:
        page.text(
            f"{plan_name(table.plan_number, table.plan_title)}: "
            f"{count_text(table.verdicts.total)} chỉ tiêu ({breakdown_text(table.verdicts)})."
        )
    if len(content.tables) > 1:
        page.text(
            f"Tổng cộng {count_text(content.verdicts.total)} chỉ tiêu: "
            f"{breakdown_text(content.verdicts)}."
        )
    if not content.tables:
        page.text(NO_INDICATORS)
    page.text(
        "Mục tiêu theo từng mốc và kết quả kỳ báo cáo của từng chỉ tiêu tại Phụ lục đính kèm./."
    )
    page.appendix(
        ["Phụ lục", f"Kết quả thực hiện các chỉ tiêu - {period.name}"],
        note=appendix_note(letterhead, period.as_of),
        tables=indicators_tables(content),
    )
    return page


def indicators_docx(content: IndicatorsContent, letterhead: Letterhead) -> bytes:
    return page_render(_indicators_page(content, letterhead))


def indicators_xlsx(content: IndicatorsContent) -> bytes:
    return workbook_bytes(
        indicators_tables(content), title=f"Kết quả thực hiện các chỉ tiêu {content.period.name}"
    )
