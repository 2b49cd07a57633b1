"""A filled result table as read from a document, before anything is recorded: the dry-run
output of `dxtrack import-report` (shape fixed by spec/report-json.md) and the preview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from dxtrack.plans.drafts import ReadWarning


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
    # A key project's row (Phụ lục III): its budgets as written, in millions of đồng.
    budget_planned: str = ""
    budget_disbursed: str = ""
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


def _date_state(value: DateText | None) -> list | None:
    return [value.text, value.date.isoformat() if value.date else None] if value else None


def _date_from(state: list | None) -> DateText | None:
    if not state:
        return None
    return DateText(text=state[0], date=dt.date.fromisoformat(state[1]) if state[1] else None)


def _match_state(match: RowMatch) -> list:
    return [match.task_id, match.plan, match.score, match.name, match.sure]


def draft_state(draft: ReportDraft) -> dict[str, Any]:
    """Everything of a draft, candidates included, as JSON-safe data: the web preview keeps
    it between the upload and the confirm. `draft_from_state` reverses it."""
    return {
        "source": draft.source,
        "number": draft.number,
        "issuer": draft.issuer,
        "date": draft.date.isoformat() if draft.date else None,
        "title": draft.title,
        "warnings": [[w.where, w.message] for w in draft.warnings],
        "rows": [
            {
                "appendix": row.appendix,
                "number": row.number,
                "task": row.task,
                "line": row.line,
                "deadline": _date_state(row.deadline),
                "status": row.status,
                "description": row.description,
                "completed_on": _date_state(row.completed_on),
                "difficulties": row.difficulties,
                "proposals": row.proposals,
                "evaluation": row.evaluation,
                "budget_planned": row.budget_planned,
                "budget_disbursed": row.budget_disbursed,
                "match": _match_state(row.match) if row.match else None,
                "candidates": [_match_state(c) for c in row.candidates],
            }
            for row in draft.rows
        ],
    }


def draft_from_state(state: dict[str, Any]) -> ReportDraft:
    draft = ReportDraft(
        source=state["source"],
        number=state["number"],
        issuer=state["issuer"],
        date=dt.date.fromisoformat(state["date"]) if state["date"] else None,
        title=state["title"],
        warnings=[
            ReadWarning(where=where, message=message) for where, message in state["warnings"]
        ],
    )
    for row in state["rows"]:
        draft.rows.append(
            ReportRowDraft(
                **{
                    **row,
                    "deadline": _date_from(row["deadline"]),
                    "completed_on": _date_from(row["completed_on"]),
                    "match": RowMatch(*row["match"]) if row["match"] else None,
                    "candidates": [RowMatch(*c) for c in row["candidates"]],
                }
            )
        )
    return draft
