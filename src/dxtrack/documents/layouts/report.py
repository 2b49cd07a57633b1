"""The consolidated report in the shape of the province's form: Phần A the indicators,
Phần B the tasks (a table of each per plan), Phần C the shortcomings and proposals by
topic. No Django imports."""

from __future__ import annotations

from dxtrack.documents.content import (
    ReportContent,
)
from dxtrack.documents.layouts.wording import (
    NO_INDICATORS,
    NO_NOTE,
    breakdown_text,
    count_text,
    plan_name,
    roman,
)
from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.official import Page, page_render
from dxtrack.documents.spreadsheet import workbook_bytes
from dxtrack.documents.table_spec import Column, Row, TableSpec
from dxtrack.documents.vn_dates import vn_date

_INDICATOR_COLUMNS = (
    Column("STT", 10),
    Column("Chỉ tiêu", 57),
    Column("Đơn vị đo lường báo cáo", 30),
    Column("Mục tiêu", 22),
    Column("Kết quả", 20, numeric=True),
    Column("Đánh giá", 26),
)
_TASK_COLUMNS = (
    Column("STT", 10),
    Column("Nhiệm vụ, giải pháp", 45),
    Column("Chủ trì", 25),
    Column("Thời gian", 17),
    Column("Mức độ hoàn thành", 23),
    Column("Kết quả chi tiết", 45),
)


def report_tables(content: ReportContent) -> list[TableSpec]:
    """Phần A's tables (one per plan), then Phần B's: the order of the document."""
    indicator_tables, task_tables = [], []
    several = len(content.plans) > 1
    for index, plan in enumerate(content.plans, start=1):
        suffix = _plan_suffix(index, several=several)
        rows: list[Row] = []
        for group in plan.indicator_groups:
            if group.title:
                rows.append(Row(("", group.title), heading=True))
            for line in group.lines:
                target = f"{line.target} ({line.milestone})" if line.milestone else line.target
                value = line.value if line.value is not None else line.value_text
                rows.append(Row((line.number, line.name, line.lead, target, value, line.verdict)))
        if rows:
            indicator_tables.append(
                TableSpec(
                    name=f"Phần A{suffix}",
                    title=f"Chỉ tiêu: {plan_name(plan.number, plan.title)}",
                    columns=_INDICATOR_COLUMNS,
                    rows=tuple(rows),
                )
            )
        rows = []
        for task_group in plan.task_groups:
            rows.append(Row((task_group.label, task_group.title), heading=True))
            for task_line in task_group.lines:
                rows.append(
                    Row(
                        (
                            task_line.number,
                            task_line.name,
                            task_line.lead,
                            task_line.timeframe,
                            task_line.completion,
                            task_line.details,
                        )
                    )
                )
        if rows:
            task_tables.append(
                TableSpec(
                    name=f"Phần B{suffix}",
                    title=f"Nhiệm vụ: {plan_name(plan.number, plan.title)}",
                    columns=_TASK_COLUMNS,
                    rows=tuple(rows),
                )
            )
    return indicator_tables + task_tables


def _report_page(content: ReportContent, letterhead: Letterhead) -> Page:
    counts, period = content.counts, content.period
    plan_names = "; ".join(p.reference for p in content.plans)
    page = Page(
        letterhead=letterhead,
        day=period.as_of,
        title="Báo cáo",
        subtitle=f"Kết quả thực hiện kế hoạch chuyển đổi số\n{period.name}",
    )
    page.text(
        f"Thực hiện {plan_names}, {letterhead.unit_title} tổng hợp "
        f"báo cáo của các cơ quan, đơn vị về kết quả thực hiện trong kỳ {period.name} "
        f"({period.span}). Đến ngày {vn_date(period.as_of)}, "
        f"trong {count_text(counts.reports.total)} "
        f"cơ quan, đơn vị phải báo cáo: {breakdown_text(counts.reports)} ({counts.approved} "
        "báo cáo đã được duyệt; báo cáo bị trả lại để bổ sung tính là chưa gửi). Kết quả cụ "
        "thể như sau:"
    )
    tables = {spec.name: spec for spec in report_tables(content)}
    page.heading("Phần A. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU ĐÃ ĐẶT RA")
    if counts.indicators.total:
        page.text(
            f"Trong {count_text(counts.indicators.total)} chỉ tiêu: "
            f"{breakdown_text(counts.indicators)} "
            "(đánh giá theo mục tiêu của mốc gần nhất với kỳ báo cáo)."
        )
    else:
        # A plan whose targets all fall before the period (the 2022–2025 form in 2026).
        page.text(NO_INDICATORS)
    _plan_tables(page, content, tables, part="Phần A")
    page.heading("Phần B. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO")
    page.text(
        f"Tổng số {count_text(counts.tasks.total)} lượt nhiệm vụ được giao chủ trì "
        "(mỗi cơ quan chủ "
        f"trì một lượt): {breakdown_text(counts.tasks, separator='; ')}. Như vậy, "
        f"{count_text(counts.tasks_done)} đã hoàn thành và {count_text(counts.tasks_late)} trễ hạn "
        "(hoàn thành quá hạn hoặc quá hạn chưa hoàn thành)."
    )
    _plan_tables(page, content, tables, part="Phần B")
    page.heading("Phần C. ĐÁNH GIÁ VÀ KIẾN NGHỊ")
    for index, topic in enumerate(content.topics, start=1):
        page.heading(f"{index}. {topic.label}")
        for heading, notes in (
            ("a) Tồn tại, hạn chế", topic.issues),
            ("b) Đề xuất, kiến nghị", topic.proposals),
        ):
            page.heading(heading)
            for note in notes or ():
                page.text(f"- {note.agency}: {note.text}")
            if not notes:
                page.text(NO_NOTE)
    page.text(
        f"Trên đây là báo cáo kết quả thực hiện {period.name}, "
        f"{letterhead.unit_title} kính báo cáo./."
    )
    return page


def _plan_suffix(index: int, *, several: bool) -> str:
    """What tells the tables of several plans apart: " - KH2" for the second plan."""
    return f" - KH{index}" if several else ""


def _plan_tables(
    page: Page, content: ReportContent, tables: dict[str, TableSpec], *, part: str
) -> None:
    """The tables of one part (Phần A or B), one per plan, each under the plan's name when
    the report covers several plans."""
    several = len(content.plans) > 1
    for index, plan in enumerate(content.plans, start=1):
        spec = tables.get(f"{part}{_plan_suffix(index, several=several)}")
        if spec:
            if several:
                page.heading(f"{roman(index)}. {plan_name(plan.number, plan.title)}")
            page.table(spec)


def report_docx(content: ReportContent, letterhead: Letterhead) -> bytes:
    return page_render(_report_page(content, letterhead))


def report_xlsx(content: ReportContent) -> bytes:
    return workbook_bytes(report_tables(content), title=f"Báo cáo kết quả {content.period.name}")
