"""What an agency sends for its report, however it sends it (the web form, the API, the
Excel form, an imported result table): the typed input of `report_services.report_apply`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
class ReportInput:
    """What an agency sends: rows it changes (others stay as they are) and the assessment."""

    tasks: dict[int, TaskInput] = field(default_factory=dict)
    indicators: dict[int, IndicatorInput] = field(default_factory=dict)
    assessment: dict[str, dict[str, str]] | None = None


@dataclass(frozen=True)
class EvidenceUpload:
    """A file to attach to the agency's row of a task it leads."""

    task_id: int
    name: str
    data: bytes


_STATUS_BY_LABEL = {label: value for value, label in TaskStatus.choices}


def task_status_value(text: str) -> str | None:
    """The stored value for a status given as value or as the documents' phrase."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    if text in TaskStatus.values:
        return text
    for label, value in _STATUS_BY_LABEL.items():
        if fold(label) == fold(text):
            return value
    return None
