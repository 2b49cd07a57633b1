"""The standing body's pages on a sent report beyond returning or approving it: its own
evaluation of each task, and its decision on tasks the agency says are not its function.
Thin: each view checks access, calls one service and goes back to the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.accounts.access import Action, require
from dxtrack.reporting import errors
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.review_services import (
    assignment_dispute_accept,
    assignment_dispute_reassign,
    report_review,
)
from dxtrack.web.links import report_url, report_url_of

EVALUATION_PREFIX = "evaluation-"


def _report(request: HttpRequest, period_id: int, agency_id: int) -> AgencyReport:
    require(request.user, Action.REPORT_REVIEW, agency_id=agency_id)
    return get_object_or_404(AgencyReport, period_id=period_id, agency_id=agency_id)


def _back(report: AgencyReport, anchor: str) -> HttpResponse:
    return redirect(f"{report_url(report)}#{anchor}")


def _message_of(error: errors.ReportingError) -> str:
    if isinstance(error, errors.ReportInvalid):
        return " ".join(item.message for item in error.errors)
    return str(error)


@login_required
@require_POST
def report_evaluate(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """Save the standing body's evaluation of each task ("evaluation-<task id>" fields)."""
    report = _report(request, period_id, agency_id)
    evaluations: dict[int, str] = {}
    for name, value in request.POST.items():
        key = name.removeprefix(EVALUATION_PREFIX)
        if name.startswith(EVALUATION_PREFIX) and key.isdigit():
            evaluations[int(key)] = str(value)[:10000]
    try:
        report_review(
            report=report,
            actor=request.user,
            evaluations=evaluations,
            comment=request.POST.get("comment", "")[:2000],
        )
    except errors.ReportingError as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, _("Đã lưu đánh giá của Cơ quan Thường trực."))
    return _back(report, "danh-gia")


@login_required
@require_POST
def report_dispute(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """Accept an agency's "not our function" for a task, or give the task to another agency."""
    report = _report(request, period_id, agency_id)
    task_id = request.POST.get("task_id", "")
    agency = request.POST.get("agency_id", "")
    comment = request.POST.get("comment", "")[:2000]
    try:
        if not task_id.isdigit():
            raise errors.ReportingError(_("Thiếu nhiệm vụ cần xử lý."))
        if request.POST.get("decision") == "accept":
            assignment_dispute_accept(
                report=report,
                task_id=int(task_id),
                actor=request.user,
                comment=comment,
                link=report_url(report),
            )
            done = _("Đã chấp nhận: nhiệm vụ không còn giao cho đơn vị.")
        else:
            if not agency.isdigit():
                raise errors.ReportingError(_("Chọn đơn vị nhận nhiệm vụ."))
            assignment_dispute_reassign(
                report=report,
                task_id=int(task_id),
                agency_id=int(agency),
                actor=request.user,
                comment=comment,
                link=report_url(report),
                new_link=report_url_of(period_id=report.period_id, agency_id=int(agency)),
            )
            done = _("Đã giao nhiệm vụ cho đơn vị khác.")
    except errors.ReportingError as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, done)
    return _back(report, "danh-gia")
