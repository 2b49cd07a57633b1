"""Reporting: periods and their progress, and each agency's report through its workflow.

Every route reads through `accounts.access` before it touches a report (a reporter asking
for another agency's report is refused whether or not it exists), then calls one service
or selector; the services check the action itself and write the audit trail. Errors from
the services become responses in main.py (400 invalid, 409 stale version or wrong state).
"""

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Router, UploadedFile

from dxtrack.accounts.access import Action, require
from dxtrack.api.rendering import datetime_text, json_response
from dxtrack.api.reporting_schemas import (
    CommentIn,
    CommentOut,
    ConflictOut,
    DisputeIn,
    ReportApplyIn,
    ReportIn,
    ReportListOut,
    ReportOut,
    ReturnIn,
    ReviewIn,
    VersionDetailOut,
    VersionOut,
)
from dxtrack.api.schemas import ErrorOut, Id, Version
from dxtrack.consolidation.evaluation import milestone_for_year
from dxtrack.exchange.evidence import evidence_ids_of, evidence_signatures_record_added
from dxtrack.forecasting.services import forecasts_refresh_for_report
from dxtrack.reporting import workflow
from dxtrack.reporting.assessment import TOPICS
from dxtrack.reporting.errors import FieldError, ReportInvalid
from dxtrack.reporting.evidence import MAX_EVIDENCE_BYTES
from dxtrack.reporting.history import snapshot_diff
from dxtrack.reporting.models import AgencyReport, TaskStatus
from dxtrack.reporting.report_input import (
    EvidenceUpload,
    IndicatorInput,
    ProjectInput,
    ReportInput,
    TaskInput,
)
from dxtrack.reporting.report_services import (
    report_apply,
    report_approve,
    report_comment,
    report_return,
    report_save_rows,
    report_submit_rows,
)
from dxtrack.reporting.review_services import (
    assignment_dispute_accept,
    assignment_dispute_reassign,
    report_review,
)
from dxtrack.reporting.selectors import ReportRows, report_rows, reports_of
from dxtrack.web.links import report_url, report_url_of

router = Router(tags=["Báo cáo"])

_ERRORS = {401: ErrorOut, 403: ErrorOut}
_NOT_FOUND = {404: ErrorOut}
_REPORT_PATH = "/reports/{period_id}/{agency_id}"


# ----------------------------------------------------------------------- reports


def _report_or_404(request: HttpRequest, period_id: Id, agency_id: Id) -> AgencyReport:
    # Access first: whether another agency's report exists is not the caller's business.
    require(request.user, Action.REPORT_READ, agency_id=agency_id)
    try:
        return AgencyReport.objects.get(period_id=period_id, agency_id=agency_id)
    except AgencyReport.DoesNotExist:
        raise Http404(_("Không tìm thấy báo cáo của đơn vị trong kỳ này.")) from None


def _rows_or_404(request: HttpRequest, period_id: Id, agency_id: Id) -> ReportRows:
    require(request.user, Action.REPORT_READ, agency_id=agency_id)
    try:
        return report_rows(period_id=period_id, agency_id=agency_id)
    except AgencyReport.DoesNotExist:
        raise Http404(_("Không tìm thấy báo cáo của đơn vị trong kỳ này.")) from None


def _period_target(targets: list[dict], year: int) -> str:
    """The target shown beside a value: the one the consolidation judges the period by."""
    if not targets:
        return ""
    index = milestone_for_year([(t["year_from"], t["year_to"]) for t in targets], year=year)
    return targets[index]["text"] if index is not None else ""


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


# A status's phrase by its value; none for "" (not chosen yet).
_STATUS_LABELS = dict(TaskStatus.choices)


def _files(files: list[dict]) -> list[dict]:
    return [
        {
            "id": file["pk"],
            "name": file["original_name"],
            "content_type": file["content_type"],
            "size": file["size"],
        }
        for file in files
    ]


def _task_row(row: dict) -> dict:
    budget = row["task__budget"]
    return {
        "task_id": row["task_id"],
        "plan_id": row["task__plan_id"],
        "number": row["task__number"],
        "name": row["task__name"],
        "role": row["role"],
        "deadline": row["deadline"],
        "status": _STATUS_LABELS.get(row["status"]),
        "description": row["description"],
        "evidence": row["evidence"],
        "completed_on": row["completed_on"],
        "difficulties": row["difficulties"],
        "proposals": row["proposals"],
        "evaluation": row["evaluation"],
        "dispute_decision": row["dispute_decision"],
        "funding_source": row["task__funding_source"],
        "budget": None if budget is None else float(budget),
        "carried_over": row["carried_over"],
        "files": _files(row["files"]) if row["files"] else [],
    }


def _indicator_row(row: dict, year: int) -> dict:
    targets = row["targets"]
    return {
        "indicator_id": row["indicator_id"],
        "plan_id": row["indicator__plan_id"],
        "number": row["indicator__number"],
        "name": row["indicator__name"],
        "unit": row["indicator__unit"],
        "role": row["role"],
        "target": _period_target(targets, year),
        "targets": [{"milestone": t["milestone"], "text": t["text"]} for t in targets],
        "value": row["value_text"],
        "value_number": row["value_number"],
        "value_met": row["value_met"],
        "note": row["note"],
        "source": row["source"],
    }


def _project_row(row: dict) -> dict:
    return {
        "project_id": row["project_id"],
        "name": row["project__name"],
        "years": [int(y) for y in row["project__years"] or [] if str(y).isdigit()],
        "status": _STATUS_LABELS.get(row["status"]),
        "description": row["description"],
        "funding_source": row["project__funding_source"],
        "budget": {
            "planned": _number(row["budget_planned"]),
            "disbursed": _number(row["budget_disbursed"]),
        },
    }


def _report_out(rows: ReportRows) -> HttpResponse:
    """The report in the shape of ReportOut, built from plain rows and written with orjson
    without a second pass through the schema: a report of a hundred rows is answered in a
    few milliseconds (tests/api hold the answer to ReportOut, and to the bytes the API's
    encoder writes)."""
    report = rows.report
    year = report["period__ends_on"].year
    assessment = report["assessment"] or {}
    return json_response(
        {
            "period": {
                "id": report["period_id"],
                "name": report["period__name"],
                "due": report["period__due_on"],
            },
            "agency": {"id": report["agency_id"], "name": report["agency__name"]},
            "status": report["status"],
            "version": report["version"],
            "editable": workflow.is_editable(report["status"]),
            # The report's only moments, written here: its rows hold dates alone.
            "submitted_at": datetime_text(report["submitted_at"]),
            "reviewed_at": datetime_text(report["reviewed_at"]),
            "review_comment": report["review_comment"],
            "tasks": [_task_row(row) for row in rows.tasks],
            "indicators": [_indicator_row(row, year) for row in rows.indicators],
            "projects": [_project_row(row) for row in rows.projects],
            "assessment": {
                key: {
                    "issues": (assessment.get(key) or {}).get("issues", ""),
                    "proposals": (assessment.get(key) or {}).get("proposals", ""),
                    "label": label,
                }
                for key, label in TOPICS
            },
        },
        dates_only=True,
    )


def _report_input(data: ReportIn) -> ReportInput:
    return ReportInput(
        tasks={
            row.task_id: TaskInput(
                status=row.status or "",
                description=row.description or "",
                evidence=row.evidence or "",
                completed_on=row.completed_on,
                difficulties=row.difficulties or "",
                proposals=row.proposals or "",
            )
            for row in data.tasks
        },
        indicators={
            row.indicator_id: IndicatorInput(
                value=row.value or "", note=row.note or "", source=row.source or ""
            )
            for row in data.indicators
        },
        projects={
            row.project_id: ProjectInput(
                status=row.status or "",
                description=row.description or "",
                budget_planned=_budget_text(row.budget.planned if row.budget else None),
                budget_disbursed=_budget_text(row.budget.disbursed if row.budget else None),
            )
            for row in data.projects
        },
        assessment=(
            None
            if data.assessment is None
            else {key: topic.model_dump() for key, topic in data.assessment.items()}
        ),
    )


def _budget_text(value: float | str | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, str) else repr(float(value)).replace(".", ",")


@router.get(
    "/reports",
    response={200: list[ReportListOut], 400: ErrorOut, **_ERRORS},
    summary="Các báo cáo người dùng được xem",
)
def reports_list(
    request: HttpRequest, period_id: Id | None = None, status: AgencyReport.Status | None = None
):
    """Cán bộ báo cáo: các báo cáo của đơn vị mình; lãnh đạo, cơ quan thường trực: tất cả."""
    reports = reports_of(user=request.user)
    if period_id is not None:
        reports = reports.filter(period_id=period_id)
    if status:
        reports = reports.filter(status=status)
    return list(reports)


_REPORT_RESPONSES = {200: ReportOut, **_NOT_FOUND, **_ERRORS}
_CHANGE_RESPONSES = {**_REPORT_RESPONSES, 400: ErrorOut, 409: ConflictOut}


@router.get(_REPORT_PATH, response=_REPORT_RESPONSES, summary="Báo cáo của một đơn vị trong kỳ")
def reports_detail(request: HttpRequest, period_id: Id, agency_id: Id):
    return _report_out(_rows_or_404(request, period_id, agency_id))


@router.put(
    _REPORT_PATH,
    response=_CHANGE_RESPONSES,
    summary="Lưu báo cáo (cán bộ báo cáo của đơn vị)",
)
def reports_save(request: HttpRequest, period_id: Id, agency_id: Id, data: ReportIn):
    """Gửi kèm `version` đọc được. Nếu trong lúc đó có người khác đã lưu, trả 409 liệt kê
    các thay đổi của họ và không ghi gì: đọc lại, rồi gửi lại nội dung của mình."""
    rows = _rows_or_404(request, period_id, agency_id)
    saved = report_save_rows(
        rows=rows, actor=request.user, data=_report_input(data), version=data.version
    )
    return _report_out(saved)


@router.post(
    _REPORT_PATH + "/apply",
    response=_CHANGE_RESPONSES,
    summary="Lưu, đính kèm hoặc gỡ tệp minh chứng và gửi báo cáo trong một lần",
)
def reports_apply(
    request: HttpRequest,
    period_id: Id,
    agency_id: Id,
    data: ReportApplyIn,
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # ninja: no files
):
    """multipart/form-data: trường `data` là JSON như khi lưu (PUT) thêm `files_for`,
    `remove_files`, `submit`; các tệp trong trường `files`. Tất cả hoặc không gì cả: khi
    một phần bị từ chối (ví dụ thiếu tình trạng khi gửi), không lưu gì, không giữ tệp nào."""
    report = _report_or_404(request, period_id, agency_id)
    uploads = list(files or [])
    if len(uploads) != len(data.files_for):
        raise ReportInvalid(
            [FieldError("files_for", "Cần đúng một mã nhiệm vụ cho mỗi tệp gửi kèm, theo thứ tự.")]
        )
    too_large = [
        FieldError(
            f"tasks.{task_id}.files",
            f"Tệp “{upload.name}” vượt giới hạn {MAX_EVIDENCE_BYTES // 1024 // 1024} MB.",
        )
        for task_id, upload in zip(data.files_for, uploads, strict=True)
        if (upload.size or 0) > MAX_EVIDENCE_BYTES  # refused before it is read into memory
    ]
    if too_large:
        raise ReportInvalid(too_large)
    content = data.tasks or data.indicators or data.assessment is not None
    before = evidence_ids_of(report=report) if uploads else set()
    saved = report_apply(
        report=report,
        actor=request.user,
        version=data.version,
        data=_report_input(data) if content else None,
        attach=[
            EvidenceUpload(task_id=task_id, name=upload.name or "", data=upload.read())
            for task_id, upload in zip(data.files_for, uploads, strict=True)
        ],
        remove=data.remove_files,
        submit=data.submit,
    )
    if uploads:
        evidence_signatures_record_added(report=saved, before=before)
    return _report_out(_rows_or_404(request, period_id, agency_id))


@router.post(
    _REPORT_PATH + "/submit",
    response=_CHANGE_RESPONSES,
    summary="Gửi báo cáo cho cơ quan thường trực",
)
def reports_submit(request: HttpRequest, period_id: Id, agency_id: Id):
    """Gửi lại một báo cáo đã gửi không tạo thêm lần gửi nào."""
    rows = _rows_or_404(request, period_id, agency_id)
    return _report_out(report_submit_rows(rows=rows, actor=request.user))


@router.post(
    _REPORT_PATH + "/return",
    response=_CHANGE_RESPONSES,
    summary="Trả lại báo cáo để đơn vị bổ sung (cơ quan thường trực)",
)
def reports_return(request: HttpRequest, period_id: Id, agency_id: Id, data: ReturnIn):
    report = _report_or_404(request, period_id, agency_id)
    report_return(report=report, actor=request.user, comment=data.comment, link=report_url(report))
    return _report_out(_rows_or_404(request, period_id, agency_id))


@router.post(
    _REPORT_PATH + "/approve",
    response=_CHANGE_RESPONSES,
    summary="Duyệt báo cáo (cơ quan thường trực)",
)
def reports_approve(request: HttpRequest, period_id: Id, agency_id: Id):
    report = _report_or_404(request, period_id, agency_id)
    report_approve(report=report, actor=request.user, link=report_url(report))
    # Approved values move the forecasts: fit them now, not when a leader opens a page.
    forecasts_refresh_for_report(report=report)
    return _report_out(_rows_or_404(request, period_id, agency_id))


@router.post(
    _REPORT_PATH + "/review",
    response=_CHANGE_RESPONSES,
    summary="Đánh giá của Cơ quan Thường trực cho từng nhiệm vụ của báo cáo đã gửi",
)
def reports_review(request: HttpRequest, period_id: Id, agency_id: Id, data: ReviewIn):
    """Đánh giá được lưu riêng, không ghi vào khó khăn, đề xuất của đơn vị; trả về trong
    `tasks[].evaluation` và in trong phụ lục kết quả."""
    report = _report_or_404(request, period_id, agency_id)
    report_review(
        report=report,
        actor=request.user,
        evaluations={row.task_id: row.evaluation for row in data.tasks},
        comment=data.comment,
    )
    return _report_out(_rows_or_404(request, period_id, agency_id))


@router.post(
    _REPORT_PATH + "/dispute",
    response=_CHANGE_RESPONSES,
    summary="Xử lý nhiệm vụ đơn vị báo “Không thuộc chức năng, nhiệm vụ” (cơ quan thường trực)",
)
def reports_dispute(request: HttpRequest, period_id: Id, agency_id: Id, data: DisputeIn):
    """`accept`: chấm dứt việc giao nhiệm vụ cho đơn vị; `reassign`: giao cho `agency_id`."""
    report = _report_or_404(request, period_id, agency_id)
    if data.decision == "accept":
        assignment_dispute_accept(
            report=report,
            task_id=data.task_id,
            actor=request.user,
            comment=data.comment,
            link=report_url(report),
        )
    elif data.decision == "reassign" and data.agency_id is not None:
        assignment_dispute_reassign(
            report=report,
            task_id=data.task_id,
            agency_id=data.agency_id,
            actor=request.user,
            comment=data.comment,
            link=report_url(report),
            new_link=report_url_of(period_id=report.period_id, agency_id=data.agency_id),
        )
    else:
        raise ReportInvalid(
            [
                FieldError(
                    "decision",
                    "Chọn accept (chấp nhận) hoặc reassign (giao đơn vị khác, kèm agency_id).",
                )
            ]
        )
    return _report_out(_rows_or_404(request, period_id, agency_id))


@router.get(
    _REPORT_PATH + "/comments",
    response={200: list[CommentOut], **_NOT_FOUND, **_ERRORS},
    summary="Ý kiến của lãnh đạo, cơ quan thường trực về báo cáo",
)
def reports_comments(request: HttpRequest, period_id: Id, agency_id: Id):
    report = _report_or_404(request, period_id, agency_id)
    return list(report.comments.select_related("author").order_by("at", "pk"))


@router.post(
    _REPORT_PATH + "/comments",
    response={201: CommentOut, 400: ErrorOut, **_NOT_FOUND, **_ERRORS},
    summary="Cho ý kiến về báo cáo (lãnh đạo, cơ quan thường trực)",
)
def reports_comment(request: HttpRequest, period_id: Id, agency_id: Id, data: CommentIn):
    report = _report_or_404(request, period_id, agency_id)
    return 201, report_comment(
        report=report, actor=request.user, text=data.text, link=report_url(report)
    )


def _versions(report: AgencyReport):
    return report.versions.select_related("actor").order_by("number", "pk")


@router.get(
    _REPORT_PATH + "/history",
    response={200: list[VersionOut], **_NOT_FOUND, **_ERRORS},
    summary="Lịch sử báo cáo: mỗi lần lưu, gửi, trả lại, duyệt",
)
def reports_history(request: HttpRequest, period_id: Id, agency_id: Id):
    report = _report_or_404(request, period_id, agency_id)
    previous: dict[str, Any]
    history, previous = [], {}
    for version in _versions(report):
        history.append(
            {
                "number": version.number,
                "action": version.action,
                "status": version.status,
                "actor": version.actor,
                "at": version.at,
                "comment": version.comment,
                "changes": [c.as_dict() for c in snapshot_diff(previous, version.snapshot)],
            }
        )
        previous = version.snapshot
    return history


@router.get(
    _REPORT_PATH + "/history/{number}",
    response={200: VersionDetailOut, **_NOT_FOUND, **_ERRORS},
    summary="Toàn bộ nội dung báo cáo ở một phiên bản",
)
def reports_version(request: HttpRequest, period_id: Id, agency_id: Id, number: Version):
    report = _report_or_404(request, period_id, agency_id)
    version = _versions(report).filter(number=number).last()
    if version is None:
        raise Http404(_("Không có phiên bản này của báo cáo."))
    return version
