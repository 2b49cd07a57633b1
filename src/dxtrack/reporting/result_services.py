"""Recording a filled result table (read by `ingest.report_services` into a `ReportDraft`)
as an agency's report for a period: the same save, in one version, as the web page's."""

from __future__ import annotations

from dataclasses import dataclass, field

from dxtrack.accounts.access import Actor
from dxtrack.ingest.report_draft import ReportDraft, ReportRowDraft
from dxtrack.ingest.task_matching import CatalogueTask, TaskMatcher
from dxtrack.plans.vn_numbers import format_vn_number
from dxtrack.reporting.errors import FieldError, ReportInvalid
from dxtrack.reporting.models import COMPLETED_STATUSES, AgencyReport
from dxtrack.reporting.report_input import (
    ProjectInput,
    ReportInput,
    TaskInput,
    task_status_value,
)
from dxtrack.reporting.report_services import report_apply
from dxtrack.vn_text import fold


@dataclass
class RecordResult:
    recorded: list[ReportRowDraft] = field(default_factory=list)
    skipped: list[tuple[ReportRowDraft, str]] = field(default_factory=list)


def report_rows_record(
    *,
    draft: ReportDraft,
    report: AgencyReport,
    actor: Actor,
    choices: dict[int, int | None] | None = None,
    accept_unsure: bool = False,
    version: int | None = None,
) -> RecordResult:
    """Record the rows as the agency's report: each row onto the task it was matched to
    (or the one chosen for it: `choices` maps row index → task id, None to skip).

    Rows whose task is not in this agency's report, and a second row for a task already
    given, are skipped with the reason; the rest go through `report_apply` at once, in one
    version, so either all are recorded or none. Raises ReportInvalid whose errors name
    the rows ("Phụ lục I, TT 4"), and what `report_apply` raises (StaleVersion when the report
    changed since `version`, the one the preview was made from)."""
    from dxtrack.reporting.report_input import TaskInput

    choices = choices or {}
    in_report = set(report.task_updates.values_list("task_id", flat=True))
    result = RecordResult()
    inputs: dict[int, TaskInput] = {}
    rows_of: dict[int, ReportRowDraft] = {}
    projects = _ProjectRows(report)
    for index, row in enumerate(draft.rows):
        if index in choices:
            task_id = choices[index]
        elif row.match is not None and (row.match.sure or accept_unsure):
            task_id = row.match.task_id
        else:
            task_id = None
        # A row with no task may name one of the report's key projects (Phụ lục III).
        if task_id is None and not (row.match and row.match.sure) and projects.take(row):
            result.recorded.append(row)
            continue
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
        # An unknown phrase goes on as written, for report_apply to refuse it by name.
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
    if inputs or projects.inputs:
        try:
            report_apply(
                report=report,
                actor=actor,
                version=report.version if version is None else version,
                data=ReportInput(tasks=inputs, projects=projects.inputs),
            )
        except ReportInvalid as error:
            places = {"tasks": rows_of, "projects": projects.rows_of}
            raise ReportInvalid(
                [_row_error(field_error, places) for field_error in error.errors]
            ) from error
    return result


class _ProjectRows:
    """The report's key projects (Phụ lục III), for rows that name one rather than a task:
    matched by name among the projects of this report only, and only when sure."""

    def __init__(self, report: AgencyReport) -> None:
        rows = report.project_updates.values_list(
            "project_id", "project__name", "budget_planned", "budget_disbursed"
        )
        catalogue = [CatalogueTask(id=pk, plan="", name=name) for pk, name, _p, _d in rows]
        # A table without a budget column leaves the budgets stored as they are.
        self.stored = {
            pk: tuple("" if v is None else format_vn_number(v) for v in (planned, paid))
            for pk, _name, planned, paid in rows
        }
        self.matcher = TaskMatcher(catalogue) if catalogue else None
        self.inputs: dict[int, ProjectInput] = {}
        self.rows_of: dict[int, ReportRowDraft] = {}

    def take(self, row: ReportRowDraft) -> bool:
        if self.matcher is None:
            return False
        found = self.matcher.match(row.task)
        if not found.sure or found.best is None or found.best.task_id in self.inputs:
            return False
        status = task_status_value(_status_word(row.status))
        self.inputs[found.best.task_id] = ProjectInput(
            status=row.status if status is None else status,
            description=row.description,
            budget_planned=row.budget_planned or self.stored[found.best.task_id][0],
            budget_disbursed=row.budget_disbursed or self.stored[found.best.task_id][1],
        )
        self.rows_of[found.best.task_id] = row
        return True


def _row_error(error: FieldError, places: dict[str, dict[int, ReportRowDraft]]) -> FieldError:
    """The error of `report_apply` ("tasks.12.status") named by the row it came from."""
    parts = error.where.split(".")
    if len(parts) >= 2 and parts[0] in places and parts[1].isdigit():
        row = places[parts[0]].get(int(parts[1]))
        if row is not None:
            return FieldError(row.where, error.message)
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
    return _STATUS_SYNONYMS.get(fold(text).rstrip("."), text)
