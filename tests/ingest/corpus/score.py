"""How well a plan read from one format matches its description: rows found, fields as
written, and the differences between the plan JSON of two formats."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from dxtrack.plans.drafts import IndicatorDraft, PlanDraft, TaskDraft
from ingest.corpus import CorpusPlan, ExpectedRow, expected_rows

__all__ = ["Score", "json_differences", "score_draft"]


@dataclass
class Score:
    rows: int = 0
    found: int = 0
    fields: int = 0
    fields_right: int = 0
    rows_right: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.rows += other.rows
        self.found += other.found
        self.fields += other.fields
        self.fields_right += other.fields_right
        self.rows_right += other.rows_right
        self.wrong += other.wrong


def _actual(item: TaskDraft | IndicatorDraft, role: str) -> object:
    if role.startswith("target:"):
        milestone = role.split(":", 1)[1]
        if not isinstance(item, IndicatorDraft):
            return None
        texts = [t.text for t in item.targets if t.milestone == milestone]
        return texts[0] if texts else None
    if role in ("lead", "coordinating", "implementers"):
        return [r.text for r in getattr(item, role, [])]
    if role == "timeframe":
        timeframe = getattr(item, "timeframe", None)
        return timeframe.text if timeframe else ""
    if role == "result":
        return getattr(item, "result", None) or ""
    value = getattr(item, role, None)
    return "" if value is None else value


def score_draft(plan: CorpusPlan, draft: PlanDraft) -> Score:
    score = Score()
    expected = expected_rows(plan)
    for kind, items in (("tasks", draft.tasks), ("indicators", draft.indicators)):
        wanted = [e for e in expected if e.kind == kind]
        pairs = _align(wanted, list(items))
        for row, item in pairs:
            score.rows += 1
            if item is None:
                score.wrong.append(f"{kind} TT {row.number}: không tìm thấy")
                continue
            score.found += 1
            all_right = True
            for role, value in row.fields.items():
                score.fields += 1
                got = _actual(item, role)
                if got == value:
                    score.fields_right += 1
                else:
                    all_right = False
                    score.wrong.append(f"{kind} TT {row.number} {role}: {value!r} ≠ {got!r}")
            score.rows_right += all_right
    return score


def _align(wanted: list[ExpectedRow], items: list[Any]):
    """Expected rows paired with the items read, in order, by number and name."""
    keys_a = [(e.number, str(e.fields.get("name", ""))[:30]) for e in wanted]
    keys_b = [(i.number, i.name[:30]) for i in items]
    matcher = difflib.SequenceMatcher(a=[k[0] for k in keys_a], b=[k[0] for k in keys_b])
    paired: dict[int, Any] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            paired[block.a + offset] = items[block.b + offset]
    return [(row, paired.get(index)) for index, row in enumerate(wanted)]


def comparable_json(draft: PlanDraft) -> dict[str, Any]:
    """The plan JSON without what names the file or a line of it."""
    data = draft.to_json()
    data.pop("source", None)
    data.pop("warnings", None)
    return data


def json_differences(left: PlanDraft, right: PlanDraft) -> list[str]:
    """Unified-diff lines between the comparable plan JSON of two drafts (empty: the same)."""
    a = json.dumps(comparable_json(left), ensure_ascii=False, indent=1).splitlines()
    b = json.dumps(comparable_json(right), ensure_ascii=False, indent=1).splitlines()
    return [
        line
        for line in difflib.unified_diff(a, b, lineterm="", n=0)
        if not line.startswith(("---", "+++", "@@"))
    ]
