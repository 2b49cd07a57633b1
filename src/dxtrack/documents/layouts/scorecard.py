"""The agencies ranked by the consolidation's score, with how the score is computed.
No Django imports."""

from __future__ import annotations

from dxtrack.documents.content import (
    ScorecardContent,
)
from dxtrack.documents.layouts.wording import (
    appendix_note,
    breakdown_text,
    count_text,
)
from dxtrack.documents.letterhead import Letterhead
from dxtrack.documents.official import Page, page_render
from dxtrack.documents.page_layout import LANDSCAPE_TEXT_MM
from dxtrack.documents.spreadsheet import workbook_bytes
from dxtrack.documents.table_spec import Column, Row, TableSpec
from dxtrack.documents.vn_dates import vn_date
from dxtrack.plans.vn_numbers import format_vn_number

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
        f"Căn cứ báo cáo của {count_text(len(content.lines))} cơ quan, đơn vị "
        f"trong kỳ {period.name} "
        f"({period.span}), tính đến ngày {vn_date(period.as_of)}: "
        f"{breakdown_text(content.reports)}. "
        f"Tổng số {count_text(content.tasks.total)} lượt nhiệm vụ "
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
        note=appendix_note(letterhead, period.as_of),
        tables=scorecard_tables(content),
    )
    return page


def scorecard_docx(content: ScorecardContent, letterhead: Letterhead) -> bytes:
    return page_render(_scorecard_page(content, letterhead))


def scorecard_xlsx(content: ScorecardContent) -> bytes:
    return workbook_bytes(
        scorecard_tables(content), title=f"Xếp hạng các cơ quan, đơn vị {content.period.name}"
    )
