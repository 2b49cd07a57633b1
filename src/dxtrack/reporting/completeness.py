"""What of an agency's report is filled, part by part, and what still stops it being sent.

One owner per rule: `lead_task_missing` is the rule `report_services.report_submit` refuses
a report by, and the form's list of what blocks sending is that same list. The other parts
(indicators, coordinating tasks, key projects, the assessment by topic) never block
sending; "filled" for them is what the province's result table asks first of each row
(a value, a status, some text), so the counter tells the agency what is left.

Items are named by the keys the report page gives them (`task-12`, `indicator-5`,
`project-3`, `topic-ha_tang`): the form's prefixes and the page's anchors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dxtrack.reporting.errors import FieldError

if TYPE_CHECKING:
    from dxtrack.reporting.models import IndicatorValue, ProjectUpdate, TaskUpdate
    from dxtrack.reporting.selectors import ReportDetail

# The parts of the form in the order the page shows them: key, label, the page's anchor.
PARTS: list[tuple[str, str, str]] = [
    ("indicators", "Chỉ tiêu", "phan-a"),
    ("lead", "Nhiệm vụ chủ trì", "phan-b"),
    ("coordinating", "Nhiệm vụ phối hợp", "phoi-hop"),
    ("projects", "Dự án trọng tâm", "du-an"),
    ("topics", "Đánh giá, kiến nghị theo lĩnh vực", "phan-c"),
]


def task_filled(update: TaskUpdate) -> bool:
    """A task row is filled once it has a status: the first column the agency answers."""
    return bool(update.status)


def indicator_filled(value: IndicatorValue) -> bool:
    return bool(value.value_text.strip())


def project_filled(update: ProjectUpdate) -> bool:
    return bool(update.status)


def topic_filled(entry: Mapping[str, str]) -> bool:
    return any((entry.get(part) or "").strip() for part in ("issues", "proposals"))


def lead_task_missing(update: TaskUpdate) -> FieldError | None:
    """Why this lead task stops the report being sent, or None. `update.task` is read."""
    if task_filled(update):
        return None
    task = update.task
    return FieldError(
        f"tasks.{update.task_id}.status",
        f"Chưa chọn tình trạng cho nhiệm vụ {task.number or ''} “{task.name[:80]}”.",
    )


def submission_blockers(*, lead_updates: Iterable[TaskUpdate]) -> list[FieldError]:
    """What must be filled before the report can be sent, in the order of `lead_updates`."""
    found = (lead_task_missing(update) for update in lead_updates)
    return [error for error in found if error is not None]


@dataclass(frozen=True)
class PartCount:
    key: str
    label: str
    anchor: str
    filled: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.filled


@dataclass(frozen=True)
class Blocker:
    """One thing that stops sending: the item's key (its anchor) and why."""

    key: str
    message: str


@dataclass(frozen=True)
class Completeness:
    parts: list[PartCount]
    filled: dict[str, bool]  # item key -> filled
    blockers: list[Blocker]

    @property
    def total(self) -> int:
        return sum(part.total for part in self.parts)

    @property
    def filled_count(self) -> int:
        return sum(part.filled for part in self.parts)

    @property
    def missing(self) -> int:
        return self.total - self.filled_count

    @property
    def shown_parts(self) -> list[PartCount]:
        """The parts the report has rows in (a part with none is not asked of the agency)."""
        return [part for part in self.parts if part.total]


def report_completeness(*, detail: ReportDetail) -> Completeness:
    """The counter and the blocking list of a report read by `selectors.report_detail`:
    no query of its own."""
    filled: dict[str, dict[str, bool]] = {
        "indicators": {
            f"indicator-{v.indicator_id}": indicator_filled(v) for v in detail.indicators
        },
        "lead": {f"task-{r.update.task_id}": task_filled(r.update) for r in detail.lead_tasks},
        "coordinating": {
            f"task-{r.update.task_id}": task_filled(r.update) for r in detail.coordinating_tasks
        },
        "projects": {f"project-{p.project_id}": project_filled(p) for p in detail.projects},
        "topics": {f"topic-{key}": topic_filled(entry) for key, _label, entry in detail.topics},
    }
    parts = [
        PartCount(
            key=key,
            label=label,
            anchor=anchor,
            filled=sum(filled[key].values()),
            total=len(filled[key]),
        )
        for key, label, anchor in PARTS
    ]
    blockers = [
        Blocker(key=f"task-{error.where.split('.')[1]}", message=error.message)
        for error in submission_blockers(lead_updates=[row.update for row in detail.lead_tasks])
    ]
    return Completeness(
        parts=parts,
        filled={item: done for items in filled.values() for item, done in items.items()},
        blockers=blockers,
    )
