"""A plan as read from a document, before anything is written: the dry-run output,
the preview, and the input of the import service.

The readers of `ingest` produce these and `plans` writes them; they live here so that plans
does not reach up into ingest."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class AgencyRef:
    text: str
    agency: str | None
    group: str | None

    @property
    def resolved(self) -> bool:
        return self.agency is not None or self.group is not None


@dataclass(frozen=True)
class TargetDraft:
    milestone: str
    text: str
    comparator: str | None
    value: float | None
    unit: str | None
    # The upper end of a range ("30-40%"); `value` is then the lower end.
    high: float | None = None


@dataclass(frozen=True)
class TimeframeDraft:
    text: str
    start: dt.date | None
    end: dt.date | None
    recurrence: str | None


@dataclass
class ItemDraft:
    section: list[str]
    number: str
    name: str
    line: int
    appendix: str
    lead: list[AgencyRef] = field(default_factory=list)
    lead_text: str = ""
    # Where the plan gives them (tasks and key projects): budget in millions of đồng.
    funding_source: str = ""
    budget: Decimal | None = None


@dataclass
class IndicatorDraft(ItemDraft):
    unit: str | None = None
    targets: list[TargetDraft] = field(default_factory=list)
    implementers: list[AgencyRef] = field(default_factory=list)
    implementers_text: str = ""


@dataclass
class TaskDraft(ItemDraft):
    coordinating: list[AgencyRef] = field(default_factory=list)
    coordinating_text: str = ""
    result: str | None = None
    timeframe: TimeframeDraft | None = None
    # "appendix": a row of a task table; "duty": what "Tổ chức thực hiện" asks of an agency.
    origin: str = "appendix"


@dataclass
class ProjectDraft(ItemDraft):
    years: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ReadWarning:
    where: str
    message: str


@dataclass
class PlanDraft:
    source: str
    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    kind: str | None = None
    status: str | None = None
    implements: str | None = None
    # The reporting regime the text states: a period kind and a due rule of
    # `reporting.period_rules` ("monthly", "next_month:10").
    report_kind: str | None = None
    report_due_rule: str | None = None
    # The documents this plan replaces or repeals ("Kế hoạch số 45/KH-UBND"), as written.
    replaces: list[str] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    # The duties per agency under "Tổ chức thực hiện" (TaskDraft of origin "duty").
    duties: list[TaskDraft] = field(default_factory=list)
    projects: list[ProjectDraft] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)

    @property
    def all_tasks(self) -> list[TaskDraft]:
        """The appendix tasks, then the duties: what becomes the plan's Task rows."""
        return [*self.tasks, *self.duties]

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(ReadWarning(where=where, message=message))

    def to_json(self) -> dict[str, Any]:
        """The plan JSON of the specification (spec/plan-json.md)."""
        return {
            "source": self.source,
            "plan": {
                "number": self.number,
                "title": self.title,
                "issuer": self.issuer,
                "date": _iso(self.date),
                "replaces": list(self.replaces),
            },
            "indicators": [
                {
                    **_item_json(i),
                    "unit": i.unit,
                    "targets": [
                        {
                            "milestone": t.milestone,
                            "text": t.text,
                            "comparator": t.comparator,
                            "value": t.value,
                            "high": t.high,
                            "unit": t.unit,
                        }
                        for t in i.targets
                    ],
                    "lead": _refs_json(i.lead),
                    "implementers": _refs_json(i.implementers),
                }
                for i in self.indicators
            ],
            "tasks": [_task_json(t) for t in self.tasks],
            "duties": [_task_json(t) for t in self.duties],
            "projects": [
                {**_item_json(p), "lead": _refs_json(p.lead), "years": p.years}
                for p in self.projects
            ],
            "warnings": [{"where": w.where, "message": w.message} for w in self.warnings],
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _item_json(item: ItemDraft) -> dict[str, Any]:
    return {"section": item.section, "number": item.number, "name": item.name}


def _task_json(task: TaskDraft) -> dict[str, Any]:
    return {
        **_item_json(task),
        "lead": _refs_json(task.lead),
        "coordinating": _refs_json(task.coordinating),
        "result": task.result,
        "timeframe": _timeframe_json(task.timeframe),
    }


def _refs_json(refs: list[AgencyRef]) -> list[dict[str, Any]]:
    return [{"text": r.text, "agency": r.agency, "group": r.group} for r in refs]


def _timeframe_json(timeframe: TimeframeDraft | None) -> dict[str, Any] | None:
    if timeframe is None:
        return None
    return {
        "text": timeframe.text,
        "start": _iso(timeframe.start),
        "end": _iso(timeframe.end),
        "recurrence": timeframe.recurrence,
    }
