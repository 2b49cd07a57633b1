"""What each official document shows, as plain data.

sources.py fills these from the consolidation (verdicts, province values, scores) and the
reporting selectors; reports.py lays them out. Verdicts arrive here as the labels the
consolidation gave: nothing in the documents judges a value or a deadline. No Django imports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodInfo:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date
    as_of: dt.date  # the day the document states its facts for

    @property
    def span(self) -> str:
        return f"từ ngày {self.starts_on:%d/%m/%Y} đến ngày {self.ends_on:%d/%m/%Y}"


@dataclass(frozen=True)
class ReportCounts:
    """The figures of the report's opening paragraph."""

    agencies: int
    submitted: int
    approved: int
    late: int
    tasks: int
    tasks_done: int
    tasks_late: int
    tasks_unreported: int
    indicators: int
    indicators_met: int
    indicators_not_met: int
    indicators_no_data: int


# ----------------------------------------------------------------------- the report (000)


@dataclass(frozen=True)
class IndicatorLine:
    number: str
    name: str
    lead: str  # Đơn vị đo lường báo cáo: the agency that measures it
    unit: str
    milestone: str  # the milestone the period is judged against ("2025", "2026-2027")
    target: str  # as the plan writes it
    value: float | None  # the province's value
    value_text: str  # "87,43%", "Đạt", "" when none
    verdict: str  # "Đạt", "Chưa đạt", "Chưa có số liệu", ...


@dataclass(frozen=True)
class IndicatorGroup:
    title: str  # "I. PHÁT TRIỂN KINH TẾ SỐ"
    lines: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class TaskLine:
    number: str
    name: str
    lead: str
    timeframe: str
    completion: str  # Mức độ hoàn thành: the consolidation's verdict for the task
    details: str  # Kết quả chi tiết: what the lead agencies reported


@dataclass(frozen=True)
class TaskGroup:
    label: str  # "A", "I", "V.1"
    title: str
    depth: int  # 0 for the top level
    lines: tuple[TaskLine, ...]


@dataclass(frozen=True)
class PlanPart:
    title: str
    number: str
    reference: str  # how a sentence cites it: "Kế hoạch số 38/KH-UBND", or its title
    indicator_groups: tuple[IndicatorGroup, ...]
    task_groups: tuple[TaskGroup, ...]


@dataclass(frozen=True)
class AgencyNote:
    agency: str
    text: str


@dataclass(frozen=True)
class TopicNotes:
    label: str  # "Hạ tầng"
    issues: tuple[AgencyNote, ...]  # Tồn tại, hạn chế
    proposals: tuple[AgencyNote, ...]  # Đề xuất, kiến nghị


@dataclass(frozen=True)
class ReportContent:
    period: PeriodInfo
    counts: ReportCounts
    plans: tuple[PlanPart, ...]
    topics: tuple[TopicNotes, ...]


# ----------------------------------------------------------------------- the appendix (004)


@dataclass(frozen=True)
class ResultLine:
    number: str
    name: str
    deadline: str  # Thời hạn
    status: str  # Kết quả: the status the agency reported
    description: str  # Mô tả (with the evidence it cited)
    completed_on: str  # Ngày hoàn thành thực tế, dd/mm/yyyy
    difficulties: str
    proposals: str
    verdict: str  # Đánh giá của cơ quan thường trực


@dataclass(frozen=True)
class ResultGroup:
    title: str  # a plan, or an agency in the consolidated appendix
    lines: tuple[ResultLine, ...]


@dataclass(frozen=True)
class AppendixContent:
    period: PeriodInfo
    agency: str | None  # None: every agency, consolidated
    groups: tuple[ResultGroup, ...]


# ----------------------------------------------------------------------- the indicator table


@dataclass(frozen=True)
class IndicatorRow:
    number: str
    name: str
    unit: str
    lead: str
    targets: tuple[str, ...]  # one per milestone of the table, as written ("" when none)
    value: float | None
    value_text: str
    judged_milestone: str
    verdict: str


@dataclass(frozen=True)
class IndicatorSection:
    title: str
    rows: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class IndicatorTable:
    plan_title: str
    plan_number: str
    milestones: tuple[str, ...]
    sections: tuple[IndicatorSection, ...]


@dataclass(frozen=True)
class IndicatorsContent:
    period: PeriodInfo
    tables: tuple[IndicatorTable, ...]


# ----------------------------------------------------------------------- the chasing letter


@dataclass(frozen=True)
class OwedTask:
    number: str
    name: str
    plan: str
    deadline: str


@dataclass(frozen=True)
class OwingAgency:
    name: str
    report_status: str  # "Chưa gửi", "Trả lại để bổ sung"
    days_late: int
    tasks: tuple[OwedTask, ...]  # the tasks it leads and has not reported on
    indicators_missing: int


@dataclass(frozen=True)
class ChasingContent:
    period: PeriodInfo
    plans: tuple[str, ...]  # as sentences cite them
    reply_by: dt.date
    agencies: tuple[OwingAgency, ...]


# ----------------------------------------------------------------------- the scorecard


@dataclass(frozen=True)
class ScoreLine:
    rank: int
    agency: str
    report: str  # "Gửi đúng hạn", "Gửi muộn 3 ngày", "Chưa gửi"
    tasks: int
    on_time: int
    done_late: int
    in_progress: int
    overdue: int
    unreported: int
    completion: float | None  # % of tasks completed
    indicators_reported: int
    indicators: int
    score: float


@dataclass(frozen=True)
class ScorecardContent:
    period: PeriodInfo
    lines: tuple[ScoreLine, ...]
    method: str  # how the score is computed, in a sentence (from the consolidation)
