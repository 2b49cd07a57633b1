"""Saving a report's content: the sent rows checked against the report's rows, read as
plain values (`values()`, no model built), and the changes written in one short transaction:
the version claimed under its guard, one batch of UPDATEs per kind of row, the version's
snapshot and one audit row holding the changes.

`save_plan` decides (and refuses the whole save with ReportInvalid), `save_prepare` makes
the statements before the transaction, `save_send` sends them in it (`save_write` both).
`report_services.report_save` and `report_save_rows` both save through them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from dxtrack.accounts.access import Actor
from dxtrack.audit.services import audit_prepare
from dxtrack.prepared import Prepared, prepared_run, update_rows_prepare
from dxtrack.reporting import history
from dxtrack.reporting.assessment import TOPIC_KEYS
from dxtrack.reporting.errors import FieldError, ReportInvalid
from dxtrack.reporting.history import Shown, assessment_changes, rows_changes
from dxtrack.reporting.models import (
    COMPLETED_STATUSES,
    AgencyReport,
    IndicatorValue,
    ProjectUpdate,
    TaskStatus,
    TaskUpdate,
)
from dxtrack.reporting.report_input import (
    ProjectInput,
    ReportInput,
    TaskInput,
    budget_value,
    task_status_value,
)
from dxtrack.reporting.values import ValueError_, parse_value
from dxtrack.reporting.versions import amount_text, snapshot_values, version_prepare
from dxtrack.vn_text import strip_control_characters

CARRIED_OVER = "Nhiệm vụ đã hoàn thành và được duyệt ở kỳ trước; không sửa ở kỳ này."
TASK_FIELDS = ("status", "description", "evidence", "completed_on", "difficulties", "proposals")
VALUE_FIELDS = ("value_text", "value_number", "value_met", "note", "source")
PROJECT_FIELDS = ("status", "description", "budget_planned", "budget_disbursed")
# The columns a save reads of each row (selectors.report_rows reads them too).
TASK_COLUMNS = ("pk", "task_id", "role", *TASK_FIELDS, "evaluation", "carried_over")
VALUE_COLUMNS = ("pk", "indicator_id", *VALUE_FIELDS)
PROJECT_COLUMNS = ("pk", "project_id", *PROJECT_FIELDS)


def _clean(text: str) -> str:
    # A text with no character str.isprintable refuses holds no control character either:
    # one scan in C instead of a pass of the pattern, for the hundreds of texts of a save.
    if text.isprintable():
        return text.strip()
    return strip_control_characters(text, replacement=" ").strip()


def _validate_task(
    task_id: int, row: TaskInput, today: dt.date
) -> tuple[dict[str, Any], list[FieldError]]:
    where = f"tasks.{task_id}"
    errors = []
    status = task_status_value(row.status)
    if status is None:
        errors.append(
            FieldError(
                f"{where}.status",
                f"Tình trạng “{row.status}” của nhiệm vụ mã {task_id} không hợp lệ; chọn một "
                "trong: " + ", ".join(TaskStatus.labels) + ".",
            )
        )
        status = ""
    if row.completed_on and row.completed_on > today:
        errors.append(
            FieldError(f"{where}.completed_on", "Ngày hoàn thành không được sau ngày hôm nay.")
        )
    if row.completed_on and status and status not in COMPLETED_STATUSES:
        errors.append(
            FieldError(
                f"{where}.completed_on",
                "Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.",
            )
        )
    if status == TaskStatus.NOT_DONE and not (row.description.strip() or row.difficulties.strip()):
        errors.append(FieldError(f"{where}.description", "Nêu lý do không thực hiện nhiệm vụ."))
    if status == TaskStatus.NOT_ASSIGNED and not row.description.strip():
        errors.append(
            FieldError(
                f"{where}.description",
                "Nêu lý do nhiệm vụ không thuộc chức năng, nhiệm vụ của đơn vị.",
            )
        )
    cleaned = {
        "status": status,
        "description": _clean(row.description),
        "evidence": _clean(row.evidence),
        "completed_on": row.completed_on,
        "difficulties": _clean(row.difficulties),
        "proposals": _clean(row.proposals),
    }
    return cleaned, errors


def _validate_project(
    project_id: int, row: ProjectInput
) -> tuple[dict[str, Any], list[FieldError]]:
    where = f"projects.{project_id}"
    errors = []
    status = task_status_value(row.status)
    if status is None:
        errors.append(
            FieldError(
                f"{where}.status",
                f"Tình trạng “{row.status}” của dự án không hợp lệ; chọn một trong: "
                + ", ".join(TaskStatus.labels)
                + ".",
            )
        )
        status = ""
    cleaned: dict[str, Any] = {"status": status, "description": _clean(row.description)}
    for name, label in (("budget_planned", "kế hoạch"), ("budget_disbursed", "đã giải ngân")):
        try:
            cleaned[name] = budget_value(getattr(row, name))
        except ValueError:
            errors.append(
                FieldError(
                    f"{where}.{name}",
                    f"Kinh phí {label} “{getattr(row, name)}” không phải là số tiền "
                    "(triệu đồng) hợp lệ.",
                )
            )
    return cleaned, errors


def _validate_assessment(assessment: dict) -> tuple[dict, list[FieldError]]:
    cleaned, errors = {}, []
    for key, topic in assessment.items():
        if key not in TOPIC_KEYS:
            errors.append(FieldError(f"assessment.{key}", f"Lĩnh vực “{key}” không có."))
            continue
        entry = {
            part: _clean(str((topic or {}).get(part) or "")) for part in ("issues", "proposals")
        }
        if any(entry.values()):
            cleaned[key] = entry
    return cleaned, errors


def _date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


# Each snapshot field (versions.snapshot_values) with its label, its row column and how the
# snapshot shows it: what `history.rows_changes` compares.
_TASK_DIFF: tuple[tuple[str, str, str, Shown], ...] = tuple(
    (name, label, name, _date_text if name == "completed_on" else None)
    for name, label in history.TASK_FIELDS.items()
)
_VALUE_DIFF: tuple[tuple[str, str, str, Shown], ...] = tuple(
    (name, label, "value_text" if name == "value" else name, None)
    for name, label in history.INDICATOR_FIELDS.items()
)
_PROJECT_DIFF: tuple[tuple[str, str, str, Shown], ...] = tuple(
    (name, label, name, amount_text if name.startswith("budget_") else None)
    for name, label in history.PROJECT_FIELDS.items()
)


def _topics(assessment: dict | None) -> dict[str, Any]:
    return {key: dict(topic) for key, topic in (assessment or {}).items()}


def _same(row: dict[str, Any], cleaned: dict[str, Any]) -> bool:
    return all(row[name] == value for name, value in cleaned.items())


@dataclass
class SavePlan:
    """What a save changes: the rows (their dicts, changed in place), Phần C, and the
    report's snapshot after it with the changes since before."""

    tasks: list[dict[str, Any]]
    values: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    assessment: dict
    after: dict[str, Any]
    changes: list[dict[str, Any]]  # as Change.as_dict writes them: the audit row's


def save_plan(
    *,
    status: str,
    assessment: dict,
    tasks: list[dict[str, Any]],
    values: list[dict[str, Any]],
    projects: list[dict[str, Any]] | None,
    data: ReportInput,
) -> SavePlan:
    """Check `data` against the report's rows (dicts with at least TASK_COLUMNS,
    VALUE_COLUMNS, PROJECT_COLUMNS; `projects` None when not read) and apply it to them.
    Raises ReportInvalid naming every wrong field; nothing is written either way."""
    today = timezone.localdate()
    # The rows a save changes, as they were: the changes are told from these alone (the
    # rows left as they were hold none), not from a second snapshot of the whole report.
    was: dict[str, list[tuple[str, dict[str, Any], dict[str, Any]]]] = {
        "tasks": [],
        "values": [],
        "projects": [],
    }
    assessment_before = assessment
    by_task = {row["task_id"]: row for row in tasks}
    by_value = {row["indicator_id"]: row for row in values}
    by_project = {row["project_id"]: row for row in projects or []}
    errors: list[FieldError] = []
    changed_projects = []
    for project_id, project_row in data.projects.items():
        project = by_project.get(project_id)
        if project is None:
            errors.append(FieldError(f"projects.{project_id}", "Dự án này không thuộc báo cáo."))
            continue
        cleaned, row_errors = _validate_project(project_id, project_row)
        errors += row_errors
        if not row_errors and not _same(project, cleaned):
            was["projects"].append((str(project["project_id"]), dict(project), project))
            project.update(cleaned)
            changed_projects.append(project)
    changed_tasks, changed_values = [], []
    for task_id, row in data.tasks.items():
        update = by_task.get(task_id)
        if update is None:
            errors.append(FieldError(f"tasks.{task_id}", "Nhiệm vụ này không thuộc báo cáo."))
            continue
        cleaned, row_errors = _validate_task(task_id, row, today)
        if not row_errors and _same(update, cleaned):
            continue  # sent back unchanged, as the Excel form and the API do
        if update["carried_over"]:
            row_errors = [FieldError(f"tasks.{task_id}", CARRIED_OVER)]
        errors += row_errors
        if not row_errors:
            was["tasks"].append((str(update["task_id"]), dict(update), update))
            update.update(cleaned)
            changed_tasks.append(update)
    for indicator_id, entry in data.indicators.items():
        value = by_value.get(indicator_id)
        if value is None:
            errors.append(
                FieldError(f"indicators.{indicator_id}", "Chỉ tiêu này không thuộc báo cáo.")
            )
            continue
        try:
            parsed = parse_value(entry.value)
        except ValueError_ as error:
            errors.append(FieldError(f"indicators.{indicator_id}.value", str(error)))
            continue
        new = {
            "value_text": parsed.text,
            "value_number": parsed.number,
            "value_met": parsed.met,
            "note": _clean(entry.note),
            "source": _clean(entry.source),
        }
        if not _same(value, new):
            was["values"].append((str(value["indicator_id"]), dict(value), value))
            value.update(new)
            changed_values.append(value)
    if data.assessment is not None:
        assessment, assessment_errors = _validate_assessment(data.assessment)
        errors += assessment_errors
    if errors:
        raise ReportInvalid(errors)
    after = snapshot_values(
        tasks=tasks, indicators=values, status=status, assessment=assessment, projects=projects
    )
    # What snapshot_diff would find between the snapshots before and after, told from the
    # changed rows alone (docs/decisions/0221-save-changes-from-the-rows.md).
    changes = [
        *rows_changes("task", was["tasks"], _TASK_DIFF),
        *rows_changes("indicator", was["values"], _VALUE_DIFF),
        *rows_changes("project", was["projects"], _PROJECT_DIFF),
        *assessment_changes(_topics(assessment_before), _topics(assessment)),
    ]
    return SavePlan(
        tasks=changed_tasks,
        values=changed_values,
        projects=changed_projects,
        assessment=assessment,
        after=after,
        changes=changes,
    )


@dataclass(frozen=True)
class SaveWrites:
    """A save's statements, made before its transaction: the version guard's UPDATE, the
    rows' UPDATEs, the history row and the audit row, with the time they record."""

    claim: Prepared
    rows: tuple[Prepared | None, ...]
    version: Prepared
    audit: Prepared
    at: dt.datetime


def save_prepare(*, report: AgencyReport, actor: Actor, version: int, plan: SavePlan) -> SaveWrites:
    """The statements `save_write` sends to write `plan` as the version after `version`:
    everything but sending them (adapting values, encoding the snapshot's and the changes'
    JSON) is done here, before SQLite's write lock is taken
    (docs/decisions/0193-save-prepared-before-lock.md). `report` is not changed."""
    now = timezone.now()
    saved = AgencyReport(
        pk=report.pk,
        period_id=report.period_id,
        agency_id=report.agency_id,
        status=report.status,
        version=version + 1,
    )
    return SaveWrites(
        claim=claim_prepare(
            pk=report.pk,
            version=version,
            values={"assessment": plan.assessment, "updated_by": actor, "updated_at": now},
        ),
        rows=(
            update_rows_prepare(TaskUpdate, plan.tasks, TASK_FIELDS),
            update_rows_prepare(IndicatorValue, plan.values, VALUE_FIELDS),
            update_rows_prepare(ProjectUpdate, plan.projects, PROJECT_FIELDS),
        ),
        version=version_prepare(
            report=saved, actor=actor, action="save", snapshot=plan.after, at=now
        ),
        audit=audit_prepare(
            actor=actor,
            action="report.save",
            target=saved,
            at=now,
            details={"version": saved.version, "changes": plan.changes},
        ),
        at=now,
    )


def save_send(*, report: AgencyReport, version: int, plan: SavePlan, writes: SaveWrites) -> bool:
    """Send `writes` (made by `save_prepare` for this `report`, `version` and `plan`) inside
    the caller's transaction: False (nothing written) when the report is no longer at
    `version`. `report` gets its new version and Phần C."""
    # The version guard: of two saves that read the same version, only one matches here.
    if not claim_run(writes.claim):
        return False
    prepared_run(*writes.rows, writes.version, writes.audit)
    report.version, report.assessment, report.updated_at = version + 1, plan.assessment, writes.at
    return True


def save_write(*, report: AgencyReport, actor: Actor, version: int, plan: SavePlan) -> bool:
    """Write `plan` as the version after `version`, inside the caller's transaction: False
    (nothing written) when the report is no longer at `version`. `report` (its pk, status,
    period and agency) gets its new version and Phần C; it is not read again."""
    writes = save_prepare(report=report, actor=actor, version=version, plan=plan)
    return save_send(report=report, version=version, plan=plan, writes=writes)


def claim_prepare(
    *, pk: int, version: int, values: dict[str, Any], sources: tuple[str, ...] = ()
) -> Prepared:
    """The UPDATE `report_claim` sends, made ready to send later (`claim_run`)."""
    meta: Any = AgencyReport._meta
    quote = connection.ops.quote_name
    version_column = quote(meta.get_field("version").column)
    sets = [f"{version_column} = {version_column} + 1"]
    params: list[Any] = []
    for name, value in values.items():
        field = meta.get_field(name)
        if isinstance(value, Model):
            value = value.pk
        sets.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    where = f"{quote(meta.pk.column)} = %s AND {version_column} = %s"
    params += [pk, version]
    if sources:
        where += " AND {} IN ({})".format(
            quote(meta.get_field("status").column), ", ".join(["%s"] * len(sources))
        )
        params += list(sources)
    # Only the model's own table and column names go into the statement; values are params.
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {where}"  # noqa: S608
    return Prepared(sql=sql, params=params)


def claim_run(claim: Prepared) -> bool:
    """Send a `claim_prepare` UPDATE: whether it moved the report."""
    return prepared_run(claim) == 1


def report_claim(
    *, pk: int, version: int, values: dict[str, Any], sources: tuple[str, ...] = ()
) -> bool:
    """Move the report `pk` from `version` (and from one of the states `sources`, if given)
    to the next version, writing `values` (field name → value, a model for a foreign key)
    in the same UPDATE; False, and nothing written, when it is no longer there.

    Written as `values_write` writes: update() built and compiled the statement anew at each
    save, inside the write lock (docs/decisions/0190-report-calls-cpu.md)."""
    return claim_run(claim_prepare(pk=pk, version=version, values=values, sources=sources))


def values_write(model: type[Model], rows: list[dict[str, Any]], fields: tuple[str, ...]) -> None:
    """Write `fields` of `rows` (dicts of `model`'s rows with their pk) with one UPDATE per
    row, sent as one batch (`dxtrack.prepared.update_rows_prepare`)."""
    prepared_run(update_rows_prepare(model, rows, fields))
