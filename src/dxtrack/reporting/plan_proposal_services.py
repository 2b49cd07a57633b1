"""A result table whose tasks are not in the catalogue (seed 004 reports on Notice
396/TB-VPCP): the agency records the rows that match and proposes the plan the others
belong to, read from the table itself; the coordinator confirms it, and then the plan is
imported through `plans.services.plan_import`, like a plan read from a file, and the rows
are recorded against its tasks, or refuses it.

An agency's reporter may only propose (plans are the coordinator's: `Action.PLAN_IMPORT`),
and the coordinator may not write an agency's report (`Action.REPORT_EDIT`): the rows
recorded at the confirm are exactly those the reporter proposed, recorded as theirs, in the
same transaction as the plan. Every step is audited and all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dxtrack.accounts.access import Action, Actor, account_of, allowed, require
from dxtrack.audit.services import audit_record
from dxtrack.ingest.report_draft import ReportDraft, draft_from_state, draft_state
from dxtrack.ingest.result_plan import PlanReference, result_plan_draft
from dxtrack.plans.drafts import AgencyRef, PlanDraft
from dxtrack.plans.models import Plan
from dxtrack.plans.services import content_hash, plan_import, plan_key
from dxtrack.reporting.errors import FieldError, ReportingError, ReportInvalid
from dxtrack.reporting.models import AgencyReport, PlanProposal, ReportingPeriod
from dxtrack.reporting.notification_services import coordinators_notify, reporters_notify
from dxtrack.reporting.period_services import period_open
from dxtrack.reporting.result_services import RecordResult, report_rows_record


@dataclass(frozen=True)
class ProposalResult:
    recorded: RecordResult
    proposal: PlanProposal | None


def proposal_reference(proposal: PlanProposal) -> PlanReference:
    return PlanReference(
        number=proposal.number or None,
        title=proposal.title or None,
        kind=proposal.kind or None,
        issuer=proposal.issuer or None,
        date=proposal.issued_on,
    )


def proposal_plan_draft(
    *, proposal: PlanProposal, reference: PlanReference | None = None
) -> PlanDraft:
    """The plan a proposal would create (with `reference` over the one proposed)."""
    agency = proposal.report.agency
    return result_plan_draft(
        draft=draft_from_state(proposal.table),
        rows=proposal.rows,
        reference=reference or proposal_reference(proposal),
        lead=AgencyRef(text=agency.name, agency=agency.name, group=None),
    )


@transaction.atomic
def result_rows_record_and_propose(
    *,
    draft: ReportDraft,
    report: AgencyReport,
    actor: Actor,
    propose: list[int],
    reference: PlanReference,
    choices: dict[int, int | None] | None = None,
    accept_unsure: bool = False,
    version: int | None = None,
    link: str = "",
) -> ProposalResult:
    """Record the rows that have a task (`report_rows_record`) and propose the rows of
    `propose` (indices of the table's rows) as the tasks of a new plan, for the coordinator
    to confirm; both or neither. Coordinators are notified (`link`: the proposal's page,
    given by the caller; with the id in "{id}")."""
    require(actor, Action.REPORT_EDIT, agency_id=report.agency_id)
    asked = {i for i in propose if 0 <= i < len(draft.rows)}
    # Rows to propose have no task: none is chosen for them, whatever the matcher said.
    choices = {**(choices or {}), **dict.fromkeys(asked)}
    recorded = report_rows_record(
        draft=draft,
        report=report,
        actor=actor,
        choices=choices,
        accept_unsure=accept_unsure,
        version=version,
    )
    # A row recorded anyway (it names one of the report's key projects) is no new task;
    # the others are not skipped: they wait for their plan.
    done = {id(row) for row in recorded.recorded}
    proposed = sorted(i for i in asked if id(draft.rows[i]) not in done)
    waiting = {id(draft.rows[i]) for i in proposed}
    recorded.skipped = [(row, why) for row, why in recorded.skipped if id(row) not in waiting]
    if not proposed:
        return ProposalResult(recorded=recorded, proposal=None)
    if not report.editable:
        raise ReportingError("Báo cáo này không còn sửa được.")
    proposal = PlanProposal.objects.create(
        report=report,
        source=draft.source[:255],
        table=draft_state(draft),
        rows=proposed,
        number=(reference.number or "")[:100],
        title=reference.title or "",
        kind=(reference.kind or "")[:100],
        issuer=(reference.issuer or "")[:255],
        issued_on=reference.date,
        proposed_by=account_of(actor),
    )
    audit_record(
        actor=actor,
        action="plan_proposal.create",
        target=proposal,
        details={
            "report": report.pk,
            "file": proposal.source,
            "tasks": len(proposed),
            "number": proposal.number,
            "title": proposal.title,
        },
    )
    coordinators_notify(
        message=(
            f"{report.agency} đề nghị tạo kế hoạch “{proposal}” với {len(proposed)} nhiệm vụ "
            f"từ bảng kết quả “{proposal.source}”."
        ),
        link=link.replace("{id}", str(proposal.pk)),
    )
    return ProposalResult(recorded=recorded, proposal=proposal)


@dataclass(frozen=True)
class ConfirmResult:
    proposal: PlanProposal
    plan: Plan
    recorded: RecordResult


def _pending(proposal: PlanProposal) -> PlanProposal:
    proposal = PlanProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != PlanProposal.Status.PENDING:
        raise ReportingError(f"Đề nghị này đã được xử lý ({proposal.get_status_display()}).")
    return proposal


@transaction.atomic
def plan_proposal_confirm(
    *,
    proposal: PlanProposal,
    actor: Actor,
    reference: PlanReference | None = None,
    comment: str = "",
    link: str = "",
) -> ConfirmResult:
    """Create the proposed plan (the coordinator may correct its number, title, date,
    issuer: `reference` over the proposal's), add it to the report's period, give the
    agency its rows, and record the proposed rows of the table against the new tasks as
    the reporter who proposed them. All or nothing: a plan already in the catalogue under
    that number, a report no longer editable or a row `report_apply` refuses leaves
    nothing written."""
    require(actor, Action.PLAN_IMPORT)
    proposal = _pending(proposal)
    reference = proposal_reference(proposal).merged(**vars(reference or PlanReference()))
    errors = []
    if not (reference.title or reference.number):
        errors.append(FieldError("title", "Cần tên hoặc số, ký hiệu của văn bản giao nhiệm vụ."))
    key = plan_key(number=reference.number, title=reference.title, source=proposal.source)
    existing = Plan.objects.filter(key=key).first()
    if existing is not None:
        errors.append(
            FieldError(
                "number",
                f"Kế hoạch “{existing}” đã có trong danh mục: nhiệm vụ của bảng đã được so "
                "với nó; hãy ghi số, ký hiệu hoặc tên khác nếu đây là văn bản khác.",
            )
        )
    if errors:
        raise ReportInvalid(errors)
    report = AgencyReport.objects.select_related("period", "agency").get(pk=proposal.report_id)
    reporter = proposal.proposed_by
    if reporter is None or not allowed(reporter, Action.REPORT_EDIT, agency_id=report.agency_id):
        raise ReportingError(
            "Người đề nghị không còn là cán bộ báo cáo của đơn vị: hãy để đơn vị nhập lại bảng."
        )
    if not report.editable:
        raise ReportingError(
            f"Báo cáo của {report.agency} đã gửi: hãy trả lại báo cáo trước khi xác nhận."
        )
    if report.period.status == ReportingPeriod.Status.CLOSED:
        raise ReportingError("Kỳ báo cáo đã đóng.")
    proposal.number = (reference.number or "")[:100]
    proposal.title = reference.title or ""
    proposal.kind = (reference.kind or "")[:100]
    proposal.issuer = (reference.issuer or "")[:255]
    proposal.issued_on = reference.date
    plan_draft = proposal_plan_draft(proposal=proposal, reference=reference)
    digest = content_hash(
        json.dumps(plan_draft.to_json(), ensure_ascii=False, sort_keys=True).encode()
    )
    plan = plan_import(draft=plan_draft, sha256=digest, actor=actor).plan
    report.period.plans.add(plan)
    period_open(period=report.period, actor=actor)
    task_ids = list(plan.tasks.order_by("position").values_list("pk", flat=True))
    table = draft_from_state(proposal.table)
    rows = dict(zip(proposal.rows, task_ids, strict=True))
    choices = {i: rows.get(i) for i in range(len(table.rows))}
    report.refresh_from_db()
    recorded = report_rows_record(draft=table, report=report, actor=reporter, choices=choices)
    # The other rows were recorded (or skipped) when the table was imported.
    mine = {id(table.rows[i]) for i in proposal.rows}
    recorded.skipped = [(row, why) for row, why in recorded.skipped if id(row) in mine]
    proposal.status = PlanProposal.Status.CONFIRMED
    proposal.plan = plan
    proposal.decided_by = account_of(actor)
    proposal.decided_at = timezone.now()
    proposal.comment = comment.strip()
    proposal.save()
    audit_record(
        actor=actor,
        action="plan_proposal.confirm",
        target=proposal,
        details={
            "plan": plan.pk,
            "report": report.pk,
            "tasks": len(task_ids),
            "recorded": len(recorded.recorded),
            **({"comment": proposal.comment} if proposal.comment else {}),
        },
    )
    reporters_notify(
        agency_id=report.agency_id,
        message=(
            f"Đã tạo kế hoạch “{plan}” theo đề nghị từ bảng “{proposal.source}”; "
            f"{len(recorded.recorded)} dòng đã được ghi vào báo cáo."
        ),
        link=link,
    )
    return ConfirmResult(proposal=proposal, plan=plan, recorded=recorded)


@transaction.atomic
def plan_proposal_refuse(
    *, proposal: PlanProposal, actor: Actor, comment: str = "", link: str = ""
) -> PlanProposal:
    """Refuse the proposal: nothing is created; the agency is told why."""
    require(actor, Action.PLAN_IMPORT)
    proposal = _pending(proposal)
    proposal.status = PlanProposal.Status.REFUSED
    proposal.decided_by = account_of(actor)
    proposal.decided_at = timezone.now()
    proposal.comment = comment.strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "comment", "updated_at"])
    audit_record(
        actor=actor,
        action="plan_proposal.refuse",
        target=proposal,
        details={"comment": proposal.comment} if proposal.comment else {},
    )
    report = proposal.report
    reporters_notify(
        agency_id=report.agency_id,
        message=(
            f"Cơ quan thường trực không tạo kế hoạch “{proposal}” từ bảng “{proposal.source}”"
            + (f": {proposal.comment}" if proposal.comment else ".")
        ),
        link=link,
    )
    return proposal
