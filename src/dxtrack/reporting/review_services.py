"""The standing body's work on a sent report beyond returning or approving it: its own
evaluation of each task ("Đánh giá của Cơ quan Thường trực"), and its decision on a task
the agency says is not its function ("Không thuộc chức năng, nhiệm vụ"): accepted (the
assignment ends) or given to another agency.

Each service checks access, runs in one transaction, keeps a version of the report and
writes the audit trail, as the agency's own saves do.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dxtrack.accounts.access import Action, require
from dxtrack.agencies.models import Agency
from dxtrack.audit.services import audit_record
from dxtrack.plans.models import Assignment
from dxtrack.reporting import workflow
from dxtrack.reporting.errors import FieldError, ReportingError, ReportInvalid
from dxtrack.reporting.history import snapshot_diff
from dxtrack.reporting.models import AgencyReport, ReportingPeriod, TaskStatus, TaskUpdate
from dxtrack.reporting.notification_services import reporters_notify
from dxtrack.reporting.versions import report_snapshot, version_record
from dxtrack.vn_text import strip_control_characters

ACCEPTED, REASSIGNED = "accepted", "reassigned"


def _bump(report: AgencyReport, actor: Any) -> AgencyReport:
    AgencyReport.objects.filter(pk=report.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def report_review(
    *, report: AgencyReport, actor: Any, evaluations: dict[int, str], comment: str = ""
) -> AgencyReport:
    """Write the standing body's evaluation of the report's tasks (task id → text; an
    empty text clears it). Only on a report the agency has sent; the agency's own fields
    (difficulties, proposals) are never touched."""
    require(actor, Action.REPORT_REVIEW, agency_id=report.agency_id)
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    if not workflow.is_sent(report.status):
        raise ReportingError("Chỉ đánh giá được báo cáo đơn vị đã gửi.")
    rows = {u.task_id: u for u in report.task_updates.filter(task_id__in=list(evaluations))}
    errors = [
        FieldError(f"tasks.{task_id}", f"Nhiệm vụ {task_id} không thuộc báo cáo.")
        for task_id in evaluations
        if task_id not in rows
    ]
    if errors:
        raise ReportInvalid(errors)
    before = report_snapshot(report=report)
    changed = []
    for task_id, text in evaluations.items():
        text = strip_control_characters(text or "", replacement=" ").strip()
        if rows[task_id].evaluation != text:
            rows[task_id].evaluation = text
            changed.append(rows[task_id])
    if not changed and not comment.strip():
        return report
    TaskUpdate.objects.bulk_update(changed, ["evaluation"], batch_size=500)
    report = _bump(report, actor)
    after = report_snapshot(report=report)
    version_record(
        report=report, actor=actor, action="review", snapshot=after, comment=comment.strip()
    )
    audit_record(
        actor=actor,
        action="report.review",
        target=report,
        details={
            "version": report.version,
            "changes": [c.as_dict() for c in snapshot_diff(before, after)],
            **({"comment": comment.strip()} if comment.strip() else {}),
        },
    )
    return report


def _disputed(report: AgencyReport, task_id: int) -> TaskUpdate:
    try:
        update = report.task_updates.select_related("task").get(task_id=task_id)
    except TaskUpdate.DoesNotExist:
        raise ReportInvalid(
            [FieldError(f"tasks.{task_id}", f"Nhiệm vụ {task_id} không thuộc báo cáo.")]
        ) from None
    if update.status != TaskStatus.NOT_ASSIGNED:
        raise ReportInvalid(
            [
                FieldError(
                    f"tasks.{task_id}.status",
                    "Đơn vị không báo nhiệm vụ này là không thuộc chức năng, nhiệm vụ.",
                )
            ]
        )
    if update.dispute_decision:
        raise ReportingError("Đề nghị này đã được xử lý.")
    return update


def _decide(
    *, report: AgencyReport, update: TaskUpdate, actor: Any, decision: str, details: dict
) -> AgencyReport:
    update.dispute_decision = decision
    update.save(update_fields=["dispute_decision"])
    report = _bump(report, actor)
    version_record(report=report, actor=actor, action=f"dispute_{decision}")
    audit_record(
        actor=actor,
        action=f"assignment.dispute_{decision}",
        target=report,
        details={"version": report.version, "task_id": update.task_id, **details},
    )
    return report


@transaction.atomic
def assignment_dispute_accept(
    *, report: AgencyReport, task_id: int, actor: Any, comment: str = "", link: str = ""
) -> AgencyReport:
    """Accept the agency's "not our function": its assignment to the task ends (the plan's
    row naming it is removed, so later periods do not ask it again), and the decision stays
    on the report's row, in its history and in the audit trail. An assignment made to a
    group the agency belongs to is not the agency's own and stays; the record says so."""
    require(actor, Action.REPORT_REVIEW, agency_id=report.agency_id)
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    update = _disputed(report, task_id)
    own = Assignment.objects.filter(task_id=task_id, agency_id=report.agency_id)
    ended = [{"role": a.role, "text": a.text} for a in own.only("role", "text").order_by("pk")]
    own.delete()
    report = _decide(
        report=report,
        update=update,
        actor=actor,
        decision=ACCEPTED,
        details={"assignments_ended": ended, "comment": comment.strip()},
    )
    reporters_notify(
        agency_id=report.agency_id,
        message=_with_comment(
            f"Cơ quan thường trực chấp nhận nhiệm vụ “{_short(update.task.name)}” không thuộc "
            "chức năng, nhiệm vụ của đơn vị: nhiệm vụ không còn giao cho đơn vị.",
            comment,
        ),
        link=link,
    )
    return report


@transaction.atomic
def assignment_dispute_reassign(
    *,
    report: AgencyReport,
    task_id: int,
    agency_id: int,
    actor: Any,
    comment: str = "",
    link: str = "",
    new_link: str = "",
) -> AgencyReport:
    """Give the disputed task to another agency, in the same role: the plan's assignment
    moves, and while the period is open the other agency's report gets the task's row (and
    the report itself when it had none). The newly assigned agency's reporters are told
    (`new_link`: its report's page), and the agency that disputed it gets the decision
    (`link`: its report's page) besides the record on its row."""
    require(actor, Action.REPORT_REVIEW, agency_id=report.agency_id)
    report = AgencyReport.objects.select_for_update().get(pk=report.pk)
    update = _disputed(report, task_id)
    target = Agency.objects.filter(pk=agency_id).first()
    if target is None or target.pk == report.agency_id:
        raise ReportInvalid([FieldError("agency", "Chọn một đơn vị khác để giao nhiệm vụ.")])
    role = (
        Assignment.Role.LEAD
        if update.role == TaskUpdate.Role.LEAD
        else (Assignment.Role.COORDINATING)
    )
    moved = Assignment.objects.filter(task_id=task_id, agency_id=report.agency_id).update(
        agency=target, text=target.name
    )
    if not moved:
        Assignment.objects.create(task_id=task_id, role=role, agency=target, text=target.name)
    period = ReportingPeriod.objects.get(pk=report.period_id)
    if period.status == ReportingPeriod.Status.OPEN:
        other, created = AgencyReport.objects.get_or_create(period=period, agency=target)
        TaskUpdate.objects.get_or_create(
            report=other,
            task_id=task_id,
            defaults={"role": update.role, "position": update.position},
        )
        if created:
            version_record(report=other, actor=actor, action="open")
    report = _decide(
        report=report,
        update=update,
        actor=actor,
        decision=REASSIGNED,
        details={"agency_id": target.pk, "agency": target.name, "comment": comment.strip()},
    )
    task_name = _short(update.task.name)
    open_now = period.status == ReportingPeriod.Status.OPEN
    reporters_notify(
        agency_id=target.pk,
        message=_with_comment(
            f"Cơ quan thường trực giao nhiệm vụ “{task_name}” cho đơn vị (trước đây giao "
            f"{report.agency})"
            + (f"; nhiệm vụ đã có trong báo cáo kỳ “{period}”." if open_now else "."),
            comment,
        ),
        link=new_link if open_now else "",
    )
    reporters_notify(
        agency_id=report.agency_id,
        message=_with_comment(
            f"Cơ quan thường trực đã giao nhiệm vụ “{task_name}” cho {target.name} theo đề "
            "nghị “Không thuộc chức năng, nhiệm vụ” của đơn vị.",
            comment,
        ),
        link=link,
    )
    return report


def _short(name: str) -> str:
    return name if len(name) <= 160 else name[:159] + "…"


def _with_comment(message: str, comment: str) -> str:
    comment = comment.strip()
    return f"{message} Ý kiến: {comment[:200]}" if comment else message
