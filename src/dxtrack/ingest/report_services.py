"""Reading a filled result table into a draft, its rows matched to the catalogue's tasks.

Recording the draft as an agency's report is `reporting.result_services.report_rows_record`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dxtrack.ingest.report_draft import ReportDraft
from dxtrack.ingest.report_reader import read_report
from dxtrack.ingest.services import database_has, resolver_current
from dxtrack.ingest.task_matching import CatalogueTask, TaskMatcher
from dxtrack.plans.drafts import AgencyRef


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


def agency_ref(name: str) -> AgencyRef:
    """The agency (or group) `name` stands for in the directory, as a plan's cell would
    name it; unresolved, it stays as written."""
    resolver: Any = resolver_current()  # both directories resolve a single name too
    resolution = resolver.resolve_name(name)
    text = resolution.agency or resolution.group or name
    return AgencyRef(text=text, agency=resolution.agency, group=resolution.group)
