"""A report's changes as the user reads them (the history page, a save refused as stale)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from dxtrack.reporting.history import Change
from dxtrack.reporting.models import AgencyReport, TaskStatus
from dxtrack.reporting.selectors import ReportDetail


def _shown(change_field: str, value: Any) -> str:
    if not value:
        return "—"
    if change_field == "status":
        labels = {**dict(TaskStatus.choices), **dict(AgencyReport.Status.choices)}
        return str(labels.get(value, value))
    if change_field == "completed_on":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def change_rows(changes: list[Change], detail: ReportDetail) -> list[dict[str, Any]]:
    """Changes as the user reads them: the task's or indicator's name, not its id."""
    tasks = {str(row.update.task_id): row.task for row in detail.tasks}
    indicators = {str(value.indicator_id): value.indicator for value in detail.indicators}
    topics = {key: label for key, label, _entry in detail.topics}
    rows = []
    for change in changes:
        if change.kind == "task" and change.key in tasks:
            item = tasks[change.key]
            where = f"{_('Nhiệm vụ')} {item.number + '. ' if item.number else ''}{item.name}"
        elif change.kind == "indicator" and change.key in indicators:
            item = indicators[change.key]
            where = f"{_('Chỉ tiêu')} {item.number + '. ' if item.number else ''}{item.name}"
        elif change.kind == "assessment":
            where = f"{_('Lĩnh vực')} {topics.get(change.key, change.key)}"
        elif change.kind == "report":
            where = _("Báo cáo")
        else:
            where = f"{change.kind} {change.key}"
        rows.append(
            {
                "where": where,
                "label": change.label,
                "old": _shown(change.field, change.old),
                "new": _shown(change.field, change.new),
            }
        )
    return rows
