"""What an agency sends for its report, however it sends it (the web form, the API, the
Excel form, an imported result table): the typed input of `report_services.report_apply`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dxtrack.reporting.models import TaskStatus
from dxtrack.vn_text import fold


@dataclass
class TaskInput:
    status: str = ""  # a TaskStatus value, or its Vietnamese label
    description: str = ""
    evidence: str = ""
    completed_on: dt.date | None = None
    difficulties: str = ""
    proposals: str = ""


@dataclass
class IndicatorInput:
    value: str = ""
    note: str = ""
    source: str = ""


@dataclass
class ProjectInput:
    """A key project's row: budgets in millions of đồng, as text ("1.500,5") or a number."""

    status: str = ""
    description: str = ""
    budget_planned: str = ""
    budget_disbursed: str = ""


@dataclass
class ReportInput:
    """What an agency sends: rows it changes (others stay as they are) and the assessment."""

    tasks: dict[int, TaskInput] = field(default_factory=dict)
    indicators: dict[int, IndicatorInput] = field(default_factory=dict)
    projects: dict[int, ProjectInput] = field(default_factory=dict)
    assessment: dict[str, dict[str, str]] | None = None


@dataclass(frozen=True)
class EvidenceUpload:
    """A file to attach to the agency's row of a task it leads."""

    task_id: int
    name: str
    data: bytes


_STATUS_VALUES = frozenset(TaskStatus.values)
# Folded once: a save of a hundred rows looks a status up for each.
_STATUS_BY_FOLDED_LABEL = {fold(label): value for value, label in TaskStatus.choices}
# The phrase exactly as the form and the API show it, found without folding.
_STATUS_BY_LABEL = {str(label): value for value, label in TaskStatus.choices}


def task_status_value(text: str) -> str | None:
    """The stored value for a status given as value or as the documents' phrase."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    if text in _STATUS_VALUES:
        return text
    exact = _STATUS_BY_LABEL.get(text)
    if exact is not None:
        return exact
    return _STATUS_BY_FOLDED_LABEL.get(fold(text))


def budget_value(text: str | float | Decimal | None) -> Decimal | None:
    """An amount in millions of đồng written the Vietnamese way ("1.500,5") or as a number;
    None when empty. Raises ValueError on anything else."""
    if text is None or isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    text = "".join(text.split())
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        # "1.500" is one thousand five hundred, as the plans write it.
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if value < 0 or not value.is_finite():
        raise ValueError(text)
    return value
