"""The five documents, laid out from their content: each has a Word function and an Excel
function, built from the same tables so the two always agree cell for cell.

- report: the consolidated report in the shape of the province's form (Phần A indicators,
  Phần B tasks, Phần C assessment and proposals by topic);
- appendix: the result table of DOST's report of August 2025 (TT · Tên nhiệm vụ · Thời hạn ·
  Kết quả · Mô tả · Ngày hoàn thành thực tế · Khó khăn/vướng mắc · Đề xuất/kiến nghị ·
  Đánh giá tiến độ · Đánh giá của Cơ quan Thường trực), for one agency or all;
- indicators: a plan's indicators with the target of every milestone and the period's value;
- chasing: the letter to the agencies that still owe their report (công văn đôn đốc);
- scorecard: the agencies ranked by the consolidation's score.

No Django imports.
"""

from __future__ import annotations

from dxtrack.documents.content import (
    AppendixContent,
    Breakdown,
    ChasingContent,
    IndicatorsContent,
    IndicatorTable,
    ReportContent,
    ScorecardContent,
)
from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.official import Page, page_render
from dxtrack.documents.page_layout import LANDSCAPE_TEXT_MM, PORTRAIT_TEXT_MM
from dxtrack.documents.spreadsheet import workbook_bytes
from dxtrack.documents.table_spec import Column, Row, TableSpec
from dxtrack.documents.vn_dates import vn_date
from dxtrack.plans.vn_numbers import format_vn_number

NO_NOTE = "Không có ý kiến."


NO_INDICATORS = (
    "Trong kỳ báo cáo này không có chỉ tiêu nào còn mục tiêu phải đánh giá "
    "(các mốc mục tiêu đã qua trước kỳ)."
)


def breakdown_text(breakdown: Breakdown, *, separator: str = ", ") -> str:
    """Every category of a count, zeros included: "2 chỉ tiêu đạt, 0 chỉ tiêu chưa đạt".
    Task categories hold commas ("quá hạn, chưa hoàn thành"): they are separated by "; "."""
    return separator.join(f"{_n(part.count)} {part.label}" for part in breakdown.parts)


def _n(number: int) -> str:
    return format_vn_number(number)


def _plan_name(number: str, title: str) -> str:
    return f"{number} {title}".strip() if number else title


def _appendix_note(letterhead: Letterhead, content_period_as_of) -> str:
    day = content_period_as_of
    return (
        f"(Kèm theo Báo cáo số {' ' * 6}/{letterhead.symbol} ngày {' ' * 6}/{day.month}/{day.year}"
        f" của {letterhead.head_title})"
    )


# ----------------------------------------------------------------------- report (000)

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
        suffix = f" - KH{index}" if several else ""
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
                    title=f"Chỉ tiêu: {_plan_name(plan.number, plan.title)}",
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
                    title=f"Nhiệm vụ: {_plan_name(plan.number, plan.title)}",
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
        f"({period.span}). Đến ngày {vn_date(period.as_of)}, trong {_n(counts.reports.total)} "
        f"cơ quan, đơn vị phải báo cáo: {breakdown_text(counts.reports)} ({counts.approved} "
        "báo cáo đã được duyệt; báo cáo bị trả lại để bổ sung tính là chưa gửi). Kết quả cụ "
        "thể như sau:"
    )
    specs = {spec.name: spec for spec in report_tables(content)}
    page.heading("Phần A. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU ĐÃ ĐẶT RA")
    if counts.indicators.total:
        page.text(
            f"Trong {_n(counts.indicators.total)} chỉ tiêu: {breakdown_text(counts.indicators)} "
            "(đánh giá theo mục tiêu của mốc gần nhất với kỳ báo cáo)."
        )
    else:
        # A plan whose targets all fall before the period (the 2022–2025 form in 2026).
        page.text(NO_INDICATORS)
    several = len(content.plans) > 1
    for index, plan in enumerate(content.plans, start=1):
        spec = specs.get(f"Phần A{f' - KH{index}' if several else ''}")
        if spec:
            if several:
                page.heading(f"{_roman(index)}. {_plan_name(plan.number, plan.title)}")
            page.table(spec)
    page.heading("Phần B. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO")
    page.text(
        f"Tổng số {_n(counts.tasks.total)} lượt nhiệm vụ được giao chủ trì (mỗi cơ quan chủ "
        f"trì một lượt): {breakdown_text(counts.tasks, separator='; ')}. Như vậy, "
        f"{_n(counts.tasks_done)} đã hoàn thành và {_n(counts.tasks_late)} trễ hạn "
        "(hoàn thành quá hạn hoặc quá hạn chưa hoàn thành)."
    )
    for index, plan in enumerate(content.plans, start=1):
        spec = specs.get(f"Phần B{f' - KH{index}' if several else ''}")
        if spec:
            if several:
                page.heading(f"{_roman(index)}. {_plan_name(plan.number, plan.title)}")
            page.table(spec)
    page.heading("Phần C. ĐÁNH GIÁ VÀ KIẾN NGHỊ")
    for index, topic in enumerate(content.topics, start=1):
        page.heading(f"{index}. {topic.label}")
        page.heading("a) Tồn tại, hạn chế")
        for note in topic.issues or ():
            page.text(f"- {note.agency}: {note.text}")
        if not topic.issues:
            page.text(NO_NOTE)
        page.heading("b) Đề xuất, kiến nghị")
        for note in topic.proposals or ():
            page.text(f"- {note.agency}: {note.text}")
        if not topic.proposals:
            page.text(NO_NOTE)
    page.text(
        f"Trên đây là báo cáo kết quả thực hiện {period.name}, "
        f"{letterhead.unit_title} kính báo cáo./."
    )
    return page


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


def report_docx(content: ReportContent, letterhead: Letterhead) -> bytes:
    return page_render(_report_page(content, letterhead))


def report_xlsx(content: ReportContent) -> bytes:
    return workbook_bytes(report_tables(content), title=f"Báo cáo kết quả {content.period.name}")


# ----------------------------------------------------------------------- appendix (004)

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
        rows.append(Row((_roman(index), group.title), heading=True))
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
        f"{letterhead.unit_title} đã rà soát kết quả thực hiện {_n(verdicts.total)} {what}"
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
        note=_appendix_note(letterhead, period.as_of),
        tables=appendix_tables(content),
    )
    return page


def appendix_docx(content: AppendixContent, letterhead: Letterhead) -> bytes:
    return page_render(_appendix_page(content, letterhead))


def appendix_xlsx(content: AppendixContent) -> bytes:
    whose = content.agency or "các cơ quan, đơn vị"
    return workbook_bytes(appendix_tables(content), title=f"Kết quả thực hiện nhiệm vụ của {whose}")


# ----------------------------------------------------------------------- indicators


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
        title=_plan_name(table.plan_number, table.plan_title),
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
            f"{_plan_name(table.plan_number, table.plan_title)}: "
            f"{_n(table.verdicts.total)} chỉ tiêu ({breakdown_text(table.verdicts)})."
        )
    if len(content.tables) > 1:
        page.text(
            f"Tổng cộng {_n(content.verdicts.total)} chỉ tiêu: {breakdown_text(content.verdicts)}."
        )
    if not content.tables:
        page.text(NO_INDICATORS)
    page.text(
        "Mục tiêu theo từng mốc và kết quả kỳ báo cáo của từng chỉ tiêu tại Phụ lục đính kèm./."
    )
    page.appendix(
        ["Phụ lục", f"Kết quả thực hiện các chỉ tiêu - {period.name}"],
        note=_appendix_note(letterhead, period.as_of),
        tables=indicators_tables(content),
    )
    return page


def indicators_docx(content: IndicatorsContent, letterhead: Letterhead) -> bytes:
    return page_render(_indicators_page(content, letterhead))


def indicators_xlsx(content: IndicatorsContent) -> bytes:
    return workbook_bytes(
        indicators_tables(content), title=f"Kết quả thực hiện các chỉ tiêu {content.period.name}"
    )


# ----------------------------------------------------------------------- chasing letter

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
        rows.append(Row((_roman(index), agency.name), heading=True))
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
        f", trong đó {_n(content.returned)} báo cáo bị trả lại để bổ sung"
        if content.returned
        else ""
    )
    page.text(
        f"Đến ngày {vn_date(period.as_of)}, trong {_n(content.reports.total)} cơ quan, đơn vị "
        f"phải báo cáo: {breakdown_text(content.reports)}{returned}. Các cơ quan, đơn vị chưa "
        f"gửi còn {_n(owing_tasks)} lượt nhiệm vụ được giao chủ trì chưa được báo cáo kết "
        f"quả và {_n(owing_values)} chỉ tiêu chưa có số liệu, cụ thể như sau:"
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


# ----------------------------------------------------------------------- scorecard

_SCORE_COLUMNS = (
    Column("Hạng", 11),
    Column("Cơ quan, đơn vị", 39),
    Column("Gửi báo cáo", 22),
    Column("Số nhiệm vụ", 14, numeric=True),
    Column("Hoàn thành đúng hạn", 15, numeric=True),
    Column("Hoàn thành quá hạn", 15, numeric=True),
    Column("Đang thực hiện trong hạn", 15, numeric=True),
    Column("Quá hạn chưa hoàn thành", 15, numeric=True),
    Column("Chưa thực hiện", 15, numeric=True),
    Column("Không thực hiện", 15, numeric=True),
    Column("Không thuộc chức năng, nhiệm vụ", 15, numeric=True),
    Column("Chưa báo cáo", 15, numeric=True),
    Column("Tỷ lệ hoàn thành (%)", 16, numeric=True),
    Column("Chỉ tiêu có số liệu", 16),
    Column("Điểm", 14, numeric=True),
)
assert sum(c.width_mm for c in _SCORE_COLUMNS) <= LANDSCAPE_TEXT_MM  # noqa: S101


def scorecard_tables(content: ScorecardContent) -> list[TableSpec]:
    rows = tuple(
        Row(
            (
                line.rank,
                line.agency,
                line.report,
                line.tasks,
                line.on_time,
                line.done_late,
                line.in_progress,
                line.overdue,
                line.not_started,
                line.not_done,
                line.not_assigned,
                line.unreported,
                line.completion,
                f"{line.indicators_reported}/{line.indicators}",
                line.score,
            )
        )
        for line in content.lines
    )
    return [TableSpec(name="Xếp hạng", columns=_SCORE_COLUMNS, rows=rows)]


def _scorecard_page(content: ScorecardContent, letterhead: Letterhead) -> Page:
    period = content.period
    page = Page(
        letterhead=letterhead,
        day=period.as_of,
        title="Báo cáo",
        subtitle=f"Đánh giá, xếp hạng các cơ quan, đơn vị\ntrong thực hiện {period.name}",
    )
    page.text(
        f"Căn cứ báo cáo của {_n(len(content.lines))} cơ quan, đơn vị trong kỳ {period.name} "
        f"({period.span}), tính đến ngày {vn_date(period.as_of)}: "
        f"{breakdown_text(content.reports)}. Tổng số {_n(content.tasks.total)} lượt nhiệm vụ "
        f"được giao chủ trì: {breakdown_text(content.tasks, separator='; ')}."
    )
    page.text(f"Cách tính điểm: {content.method}")
    if content.lines:
        best = [line.agency for line in content.lines if line.rank == 1]
        page.text(
            f"Đơn vị xếp thứ nhất: {', '.join(best)} ({format_vn_number(content.lines[0].score)} "
            "điểm). Kết quả chi tiết tại Phụ lục đính kèm./."
        )
    page.appendix(
        ["Phụ lục", f"Bảng đánh giá, xếp hạng các cơ quan, đơn vị - {period.name}"],
        note=_appendix_note(letterhead, period.as_of),
        tables=scorecard_tables(content),
    )
    return page


def scorecard_docx(content: ScorecardContent, letterhead: Letterhead) -> bytes:
    return page_render(_scorecard_page(content, letterhead))


def scorecard_xlsx(content: ScorecardContent) -> bytes:
    return workbook_bytes(
        scorecard_tables(content), title=f"Xếp hạng các cơ quan, đơn vị {content.period.name}"
    )
