"""Reading a filled result table and recording it as an agency's report for a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxtrack.ingest.report_draft import ReportDraft, ReportRowDraft
from dxtrack.ingest.report_reader import read_report
from dxtrack.ingest.services import database_has, resolver_current
from dxtrack.ingest.task_matching import CatalogueTask, TaskMatcher


def catalogue_matcher(*, task_ids: list[int] | None = None) -> TaskMatcher | None:
    """A matcher over the catalogue's tasks (or those of `task_ids`); None when the database
    is empty or not set up, and then no row is matched."""
    if not database_has("plans_task"):
        return None
    from dxtrack.plans.models import Task

    tasks = Task.objects.all() if task_ids is None else Task.objects.filter(pk__in=task_ids)
    rows = tasks.values_list("pk", "name", "number", "plan__number", "plan__title")
    catalogue = [
        CatalogueTask(id=pk, plan=plan_number or plan_title, name=name, number=number)
        for pk, name, number, plan_number, plan_title in rows
    ]
    return TaskMatcher(catalogue) if catalogue else None


def _issuer_name(resolver: Any):
    def issuer_of(text: str) -> str:
        resolution = resolver.resolve_name(text)
        return resolution.agency or resolution.group or text

    return issuer_of


def report_file_read(*, path: Path, task_ids: list[int] | None = None) -> ReportDraft:
    """Read a result table and match its rows; raises UnreadableDocument (Vietnamese)."""
    return read_report(
        path,
        matcher=catalogue_matcher(task_ids=task_ids),
        issuer_of=_issuer_name(resolver_current()),
    )


@dataclass
class RecordResult:
    recorded: list[ReportRowDraft] = field(default_factory=list)
    skipped: list[tuple[ReportRowDraft, str]] = field(default_factory=list)


def report_rows_record(
    *,
    draft: ReportDraft,
    report: Any,
    actor: Any,
    choices: dict[int, int | None] | None = None,
    accept_unsure: bool = False,
    version: int | None = None,
) -> RecordResult:
    """Record the rows as the agency's report: each row onto the task it was matched to
    (or the one chosen for it: `choices` maps row index → task id, None to skip).

    Rows whose task is not in this agency's report, and a second row for a task already
    given, are skipped with the reason; the rest go through `report_save` at once, in one
    version, so either all are recorded or none. Raises ReportInvalid whose errors name
    the rows ("Phụ lục I, TT 4"), and what `report_save` raises (StaleVersion when the report
    changed since `version`, the one the preview was made from)."""
    from dxtrack.reporting.services import (
        COMPLETED_STATUSES,
        FieldError,
        ReportInput,
        ReportInvalid,
        TaskInput,
        report_save,
        task_status_value,
    )

    choices = choices or {}
    in_report = set(report.task_updates.values_list("task_id", flat=True))
    result = RecordResult()
    inputs: dict[int, TaskInput] = {}
    rows_of: dict[int, ReportRowDraft] = {}
    for index, row in enumerate(draft.rows):
        if index in choices:
            task_id = choices[index]
        elif row.match is not None and (row.match.sure or accept_unsure):
            task_id = row.match.task_id
        else:
            task_id = None
        if task_id is None:
            result.skipped.append((row, "chưa xác định nhiệm vụ tương ứng"))
            continue
        if task_id not in in_report:
            result.skipped.append((row, "nhiệm vụ không thuộc báo cáo của đơn vị trong kỳ này"))
            continue
        if task_id in rows_of:
            result.skipped.append((row, f"trùng nhiệm vụ với dòng {rows_of[task_id].where}"))
            continue
        status = task_status_value(_status_word(row.status))
        # An unknown phrase goes on as written, for report_save to refuse it by name.
        status = row.status if status is None else status
        completed = row.completed_on.date if row.completed_on else None
        inputs[task_id] = TaskInput(
            status=status,
            description=row.description,
            completed_on=completed if status in COMPLETED_STATUSES else None,
            difficulties=row.difficulties,
            proposals=row.proposals,
        )
        rows_of[task_id] = row
        result.recorded.append(row)
    if inputs:
        try:
            report_save(
                report=report,
                actor=actor,
                data=ReportInput(tasks=inputs),
                version=report.version if version is None else version,
            )
        except ReportInvalid as error:
            raise ReportInvalid(
                [_row_error(field_error, rows_of, FieldError) for field_error in error.errors]
            ) from error
    return result


def _row_error(error: Any, rows_of: dict[int, ReportRowDraft], field_error: type) -> Any:
    """The error of `report_save` ("tasks.12.status") named by the row it came from."""
    parts = error.where.split(".")
    if len(parts) >= 2 and parts[0] == "tasks" and parts[1].isdigit():
        row = rows_of.get(int(parts[1]))
        if row is not None:
            return field_error(row.where, error.message)
    return error


_STATUS_SYNONYMS = {
    "hoan thanh": "Đã hoàn thành",
    "hoan thanh dung han": "Đã hoàn thành",
    "da thuc hien": "Đã hoàn thành",
    "dang trien khai": "Đang thực hiện",
    "da va dang thuc hien": "Đang thực hiện",
    "chua trien khai": "Chưa thực hiện",
    "chua hoan thanh": "Đang thực hiện",
}


def _status_word(text: str) -> str:
    """The vocabulary's phrase for a status as agencies write it."""
    from dxtrack.vn_text import fold

    return _STATUS_SYNONYMS.get(fold(text).rstrip("."), text)
