"""What each official document shows, as plain data.

sources.py fills these from the consolidation (verdicts, province values, scores) and the
reporting selectors; layouts/ lays them out. Verdicts arrive here as the labels the
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
class Part:
    """One category of a count: "2 hoàn thành quá hạn"."""

    label: str  # as the sentence writes it after the number: "hoàn thành quá hạn"
    count: int


@dataclass(frozen=True)
class Breakdown:
    """A total and every category it splits into. The parts sum to the total, or the
    document is not produced: a figure sent to the People's Committee must add up."""

    total: int
    parts: tuple[Part, ...]

    def __post_init__(self) -> None:
        if sum(part.count for part in self.parts) != self.total:
            shown = ", ".join(f"{part.count} {part.label}" for part in self.parts)
            raise ValueError(f"the parts ({shown}) do not sum to {self.total}")

    def count(self, label: str) -> int:
        return next((part.count for part in self.parts if part.label == label), 0)


@dataclass(frozen=True)
class ReportCounts:
    """The figures of the report's opening paragraph and of Phần A and B."""

    reports: Breakdown  # agencies that must report: sent on time, sent late, not sent
    approved: int
    tasks: Breakdown  # lead tasks (one per lead agency) by verdict
    tasks_done: int  # done on time or late: the sum of two of the tasks' parts
    tasks_late: int  # done late or overdue: the sum of two of the tasks' parts
    indicators: Breakdown  # indicators by verdict, "no target" included


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
    verdict: str  # Đánh giá tiến độ: the rule's verdict against the deadline
    evaluation: str = ""  # Đánh giá của Cơ quan Thường trực: the standing body's own words


@dataclass(frozen=True)
class ResultGroup:
    title: str  # a plan, or an agency in the consolidated appendix
    lines: tuple[ResultLine, ...]


@dataclass(frozen=True)
class AppendixContent:
    period: PeriodInfo
    agency: str | None  # None: every agency, consolidated
    groups: tuple[ResultGroup, ...]
    verdicts: Breakdown  # the lines by the standing body's verdict
    # The key projects the agency leads (Phụ lục III of the yearly plan), when it has any.
    projects: tuple[ProjectLine, ...] = ()


@dataclass(frozen=True)
class ProjectLine:
    agency: str
    name: str
    years: str  # "2026–2027"
    status: str
    description: str
    funding_source: str
    budget_planned: float | None  # millions of đồng
    budget_disbursed: float | None


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
    verdicts: Breakdown


@dataclass(frozen=True)
class IndicatorsContent:
    period: PeriodInfo
    tables: tuple[IndicatorTable, ...]
    verdicts: Breakdown  # every table's indicators together


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
    reports: Breakdown  # every agency that must report: sent on time, late, not sent
    returned: int  # of those not sent, the reports sent back for revision


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
    not_started: int
    not_done: int
    not_assigned: int
    unreported: int
    completion: float | None  # % of tasks completed
    indicators_reported: int
    indicators: int
    score: float


@dataclass(frozen=True)
class ScorecardContent:
    period: PeriodInfo
    lines: tuple[ScoreLine, ...]
    method: str  # how the score is computed, with the weights used (from the consolidation)
    reports: Breakdown
    tasks: Breakdown
