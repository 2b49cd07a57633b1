"""A report's history: the snapshot of its content each version keeps, and what changed
since a version was read (what a refused save would have overwritten)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dxtrack.accounts.access import Actor, account_of
from dxtrack.prepared import Prepared, insert_prepare
from dxtrack.reporting.history import Change, snapshot_diff
from dxtrack.reporting.models import (
    AgencyReport,
    IndicatorValue,
    ProjectUpdate,
    ReportVersion,
    TaskUpdate,
)


def snapshot_rows(
    *,
    tasks: list[TaskUpdate],
    indicators: list[IndicatorValue],
    status: str,
    assessment: dict,
    projects: list[ProjectUpdate] | None = None,
) -> dict[str, Any]:
    """The report's content in the shape the history keeps, from rows already read
    (`projects` when the caller read them)."""
    snapshot = {
        "status": status,
        "tasks": {
            str(u.task_id): {
                "role": u.role,
                "status": u.status,
                "description": u.description,
                "evidence": u.evidence,
                "completed_on": u.completed_on.isoformat() if u.completed_on else "",
                "difficulties": u.difficulties,
                "proposals": u.proposals,
                "evaluation": u.evaluation,
            }
            for u in tasks
        },
        "indicators": {
            str(v.indicator_id): {"value": v.value_text, "note": v.note, "source": v.source}
            for v in indicators
        },
        "assessment": {k: dict(v) for k, v in (assessment or {}).items()},
    }
    if projects is not None:
        snapshot["projects"] = {
            str(p.project_id): {
                "status": p.status,
                "description": p.description,
                "budget_planned": amount_text(p.budget_planned),
                "budget_disbursed": amount_text(p.budget_disbursed),
            }
            for p in projects
        }
    return snapshot


def amount_text(value: Any) -> str:
    """A budget (Decimal, millions of đồng) as a snapshot keeps it: "1500.5", "" for none."""
    return "" if value is None else format(value.normalize(), "f")


def snapshot_values(
    *,
    tasks: list[dict[str, Any]],
    indicators: list[dict[str, Any]],
    status: str,
    assessment: dict,
    projects: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`snapshot_rows` from rows read as values (dicts keyed by the models' field names)."""
    snapshot = {
        "status": status,
        "tasks": {
            str(u["task_id"]): {
                "role": u["role"],
                "status": u["status"],
                "description": u["description"],
                "evidence": u["evidence"],
                "completed_on": u["completed_on"].isoformat() if u["completed_on"] else "",
                "difficulties": u["difficulties"],
                "proposals": u["proposals"],
                "evaluation": u["evaluation"],
            }
            for u in tasks
        },
        "indicators": {
            str(v["indicator_id"]): {
                "value": v["value_text"],
                "note": v["note"],
                "source": v["source"],
            }
            for v in indicators
        },
        "assessment": {k: dict(v) for k, v in (assessment or {}).items()},
    }
    if projects is not None:
        snapshot["projects"] = {
            str(p["project_id"]): {
                "status": p["status"],
                "description": p["description"],
                "budget_planned": amount_text(p["budget_planned"]),
                "budget_disbursed": amount_text(p["budget_disbursed"]),
            }
            for p in projects
        }
    return snapshot


def report_snapshot(*, report: AgencyReport) -> dict[str, Any]:
    """The report's content now, in the shape the history keeps. Two queries, no model
    built (a submit keeps one of these for a report of a hundred rows)."""
    return snapshot_values(
        tasks=list(report.task_updates.values(*_SNAPSHOT_TASK_COLUMNS)),
        indicators=[
            dict(row)
            for row in report.indicator_values.values(
                "indicator_id", "value_text", "note", "source"
            )
        ],
        status=report.status,
        assessment=report.assessment,
    )


_SNAPSHOT_TASK_COLUMNS = (
    "task_id",
    "role",
    "status",
    "description",
    "evidence",
    "completed_on",
    "difficulties",
    "proposals",
    "evaluation",
)


def version_record(
    *,
    report: AgencyReport,
    actor: Actor,
    action: str,
    snapshot: dict | None = None,
    comment: str = "",
) -> ReportVersion:
    """Keep the report as it is now (or `snapshot`) as its version `report.version`."""
    return ReportVersion.objects.create(
        report=report,
        number=report.version,
        action=action,
        status=report.status,
        actor=account_of(actor),
        comment=comment,
        snapshot=snapshot if snapshot is not None else report_snapshot(report=report),
    )


def version_prepare(
    *,
    report: AgencyReport,
    actor: Actor,
    action: str,
    snapshot: dict,
    at: dt.datetime,
    comment: str = "",
) -> Prepared:
    """The row `version_record` writes, dated `at`, as a statement made ready before the
    transaction that sends it (`dxtrack.prepared.prepared_run`): `report.version` and
    `report.status` must already be the ones the version keeps."""
    return insert_prepare(
        ReportVersion,
        {
            "report": report,
            "number": report.version,
            "action": action,
            "status": report.status,
            "actor": account_of(actor),
            "at": at,
            "comment": comment,
            "snapshot": snapshot,
        },
    )


def changes_since(*, report: AgencyReport, version: int) -> list[Change]:
    """What was saved in the report after `version` was read."""
    base = (
        ReportVersion.objects.filter(report=report, number__lte=version)
        .order_by("-number", "-pk")
        .first()
    )
    return snapshot_diff(base.snapshot if base else {}, report_snapshot(report=report))
