"""A filled result table as read from a document, before anything is recorded: the dry-run
output of `dxtrack import-report` (shape fixed by spec/report-json.md) and the preview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dxtrack.ingest.drafts import ReadWarning


@dataclass(frozen=True)
class DateText:
    text: str
    date: dt.date | None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True)
class RowMatch:
    task_id: int
    plan: str
    score: float
    name: str = ""
    sure: bool = False


@dataclass
class ReportRowDraft:
    appendix: str
    number: str
    task: str
    line: int = 0
    deadline: DateText | None = None
    status: str = ""
    description: str = ""
    completed_on: DateText | None = None
    difficulties: str = ""
    proposals: str = ""
    evaluation: str = ""
    match: RowMatch | None = None
    candidates: list[RowMatch] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.appendix or 'Bảng'}, TT {self.number}"

    def to_json(self) -> dict[str, Any]:
        return {
            "appendix": self.appendix,
            "number": self.number,
            "task": self.task,
            "deadline": self.deadline.to_json() if self.deadline else None,
            "status": self.status,
            "description": self.description,
            "completed_on": self.completed_on.to_json() if self.completed_on else None,
            "difficulties": self.difficulties,
            "proposals": self.proposals,
            "evaluation": self.evaluation,
            "match": (
                {"task_id": self.match.task_id, "plan": self.match.plan, "score": self.match.score}
                if self.match
                else None
            ),
        }


@dataclass
class ReportDraft:
    source: str
    number: str | None = None
    issuer: str | None = None
    date: dt.date | None = None
    title: str | None = None
    rows: list[ReportRowDraft] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(ReadWarning(where=where, message=message))

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "report": {
                "number": self.number,
                "issuer": self.issuer,
                "date": self.date.isoformat() if self.date else None,
                "title": self.title,
            },
            "rows": [row.to_json() for row in self.rows],
            "warnings": [{"where": w.where, "message": w.message} for w in self.warnings],
        }
