"""The reporting loop's pages: periods and their progress, an agency's report with its
evidence, review, comments and history, and a reporter's own reports.

Each view checks access through `accounts.access` (reads too: whether another agency's report
exists is not a reporter's business), validates the form, calls the services or selectors,
and renders. The services check access again and write the audit trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxtrack.accounts.access import Action, agency_id_of, allowed, require
from dxtrack.agencies.models import Agency
from dxtrack.agencies.selectors import agencies_without_address
from dxtrack.consolidation import colours
from dxtrack.exchange.evidence import evidence_ids_of, evidence_signatures_record_added
from dxtrack.forecasting.services import forecasts_refresh_for_report
from dxtrack.portal.selectors import publication_of
from dxtrack.reporting import errors, period_services, report_services, selectors, workflow
from dxtrack.reporting.completeness import report_completeness
from dxtrack.reporting.models import (
    AgencyReport,
    EvidenceFile,
    ReportingPeriod,
    ReportVersion,
    TaskStatus,
)
from dxtrack.reporting.selectors import ReportDetail
from dxtrack.web.links import report_url
from dxtrack.web.period_forms import PeriodForm
from dxtrack.web.report_changes import change_rows
from dxtrack.web.report_form_page import filter_of, form_items, items_save_url
from dxtrack.web.report_forms import (
    CommentForm,
    ReportForm,
    ReturnForm,
    VersionCompareForm,
)

PER_PAGE = 50
# Rows of the period's progress table per page; agencies without an address listed by name.
PROGRESS_PER_PAGE = 100
UNREACHABLE_SHOWN = 30
# How often the period page asks for its progress table again.
PROGRESS_REFRESH_SECONDS = 30

VERSION_ACTIONS = {
    "open": gettext_lazy("Mở kỳ, tạo báo cáo"),
    "save": gettext_lazy("Lưu nháp"),
    "submit": gettext_lazy("Gửi báo cáo"),
    "return": gettext_lazy("Trả lại"),
    "approve": gettext_lazy("Duyệt"),
}

# ----------------------------------------------------------------------- periods


@login_required
@require_GET
def period_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PERIOD_READ)
    periods = selectors.period_list().order_by("-starts_on", "-pk")
    if not allowed(request.user, Action.PERIOD_MANAGE):
        # A period not yet opened is the coordinator's draft.
        periods = periods.exclude(status=ReportingPeriod.Status.DRAFT)
    return render(request, "web/period_list.html", {"periods": periods})


@login_required
@require_http_methods(["GET", "POST"])
def period_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PERIOD_MANAGE)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = period_services.period_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                due_on=data["due_on"],
                due_time=data.get("due_time"),
                consolidated_due_on=data["consolidated_due_on"],
                plan_ids=[plan.pk for plan in data["plans"]],
            )
        except errors.ReportInvalid as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(
                request,
                _("Đã tạo kỳ “%(name)s”. Kiểm tra lại thông tin, rồi mở kỳ để các đơn vị báo cáo.")
                % {"name": period.name},
            )
            return redirect("period-detail", period.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/period_form.html", {"form": form}, status=status)


def _report_colour(report: AgencyReport, period: ReportingPeriod, today: dt.date) -> str:
    """The report's status colour (consolidation/colours.py); one sent back is owed again."""
    verdict = selectors.report_lateness_of(report=report, period=period, as_of=today)
    return colours.report_colour(verdict=verdict, due_on=period.due_on, as_of=today)


def _progress_context(request: HttpRequest, period: ReportingPeriod) -> dict[str, Any]:
    """A page of the progress table (a province has more agencies than a page should
    hold), the summary of all of it."""
    today = timezone.localdate()
    reports = selectors.period_progress_reports(period=period, user=request.user)
    page = Paginator(reports, PROGRESS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.progress_rows(reports=page.object_list, period=period, today=today)
    return {
        "period": period,
        "page": page,
        "rows": rows,
        "coloured_rows": [(row, _report_colour(row.report, period, today)) for row in rows],
        "report_colour_method": colours.COLOUR_METHOD["report"],
        "summary": selectors.period_progress_summary(period=period, user=request.user, today=today),
        "refreshed_at": timezone.localtime(),
    }


@login_required
@require_GET
def period_detail(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.PERIOD_READ)
    period = get_object_or_404(ReportingPeriod.objects.prefetch_related("plans"), pk=period_id)
    may_manage = allowed(request.user, Action.PERIOD_MANAGE)
    if period.status == ReportingPeriod.Status.DRAFT and not may_manage:
        raise Http404(_("Không tìm thấy kỳ báo cáo."))
    context = _progress_context(request, period)
    context.update(
        may_manage=may_manage,
        refresh_seconds=PROGRESS_REFRESH_SECONDS,
        own_agency_id=agency_id_of(request.user),
        publication=publication_of(period_id=period.pk),
    )
    if may_manage and period.status == ReportingPeriod.Status.OPEN:
        # Reminders reach no one there: the coordinator phones them or loads their contacts.
        unreachable = agencies_without_address(
            agency_ids=AgencyReport.objects.filter(period=period).values("agency_id")
        )
        # The first ones by name, and how many in all (counted only when there are more).
        shown = list(unreachable[: UNREACHABLE_SHOWN + 1])
        count = unreachable.count() if len(shown) > UNREACHABLE_SHOWN else len(shown)
        context["agencies_unreachable"] = shown[:UNREACHABLE_SHOWN]
        context["unreachable_count"] = count
        context["unreachable_more"] = count - len(context["agencies_unreachable"])
    return render(request, "web/period_detail.html", context)


@login_required
@require_GET
def period_progress(request: HttpRequest, period_id: int) -> HttpResponse:
    """The progress table alone, for the period page to refresh itself."""
    require(request.user, Action.PERIOD_READ)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    if period.status == ReportingPeriod.Status.DRAFT and not allowed(
        request.user, Action.PERIOD_MANAGE
    ):
        raise Http404(_("Không tìm thấy kỳ báo cáo."))
    response = render(request, "web/period_progress.html", _progress_context(request, period))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def period_open(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.PERIOD_MANAGE)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    try:
        result = period_services.period_open(period=period, actor=request.user)
    except errors.ReportingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Đã mở kỳ báo cáo: tạo %(reports)s báo cáo của đơn vị với %(rows)s dòng "
                "nhiệm vụ, chỉ tiêu."
            )
            % {"reports": result.reports_created, "rows": result.rows_created},
        )
    return redirect("period-detail", period.pk)


@login_required
@require_POST
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    require(request.user, Action.PERIOD_MANAGE)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    try:
        period_services.period_close(period=period, actor=request.user)
    except errors.ReportingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã đóng kỳ báo cáo."))
    return redirect("period-detail", period.pk)


# ----------------------------------------------------------------------- a report


def _detail_or_404(request: HttpRequest, period_id: int, agency_id: int) -> ReportDetail:
    require(request.user, Action.REPORT_READ, agency_id=agency_id)
    try:
        return selectors.report_detail(period_id=period_id, agency_id=agency_id)
    except AgencyReport.DoesNotExist:
        raise Http404(_("Không tìm thấy báo cáo của đơn vị trong kỳ này.")) from None


def _report_redirect(report: AgencyReport, anchor: str = "") -> HttpResponse:
    return redirect(report_url(report) + anchor)


def _report_page(
    request: HttpRequest,
    detail: ReportDetail,
    *,
    form: ReportForm | None = None,
    stale: list[dict[str, Any]] | None = None,
    return_form: ReturnForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    report = detail.report
    user = request.user
    may_edit = report.editable and allowed(user, Action.REPORT_EDIT, agency_id=report.agency_id)
    if may_edit and form is None:
        form = ReportForm(detail)
    if not may_edit:
        form = None

    # Who signed each evidence PDF: one query for the page, not one per file.
    prefetch_related_objects(
        [file for row in detail.lead_tasks for file in row.update.files.all()], "signatures"
    )
    completeness = report_completeness(detail=detail)
    items = form_items(detail, form=form, completeness=completeness)
    context = {
        "detail": detail,
        "report": report,
        "period": report.period,
        "form": form,
        "lead_rows": items["lead"],
        "coordinating_rows": items["coordinating"],
        "indicator_rows": items["indicators"],
        "topic_rows": items["topics"],
        "project_rows": items["projects"],
        "completeness": completeness,
        "item_filter": filter_of(request),
        "items_save_url": items_save_url(report),
        "may_evaluate": workflow.is_sent(report.status)
        and allowed(user, Action.REPORT_REVIEW, agency_id=report.agency_id),
        "disputed": [
            row
            for row in detail.tasks
            if row.update.status == TaskStatus.NOT_ASSIGNED and not row.update.dispute_decision
        ],
        "agency_choices": Agency.objects.order_by("name").only("pk", "name"),
        "may_edit": may_edit,
        "may_review": workflow.transition_allowed(status=report.status, name="approve")
        and allowed(user, Action.REPORT_REVIEW, agency_id=report.agency_id),
        "may_comment": allowed(user, Action.REPORT_COMMENT, agency_id=report.agency_id),
        "return_form": return_form or ReturnForm(),
        "comment_form": comment_form or CommentForm(),
        "comments": report.comments.select_related("author").order_by("at", "pk"),
        "versions": _version_rows(detail.versions),
        "stale": stale,
        "status_labels": dict(TaskStatus.choices),
    }
    return render(request, "web/report_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """GET: the report. POST: save it as a draft ("save") or save and send it ("submit")."""
    if request.method == "POST":
        require(request.user, Action.REPORT_EDIT, agency_id=agency_id)
    detail = _detail_or_404(request, period_id, agency_id)
    if request.method == "GET":
        return _report_page(request, detail)

    report = detail.report
    if not report.editable:
        if (
            request.POST.get("action") == "submit"
            and report.status == AgencyReport.Status.SUBMITTED
        ):
            # A second click on "Gửi báo cáo": the report went with the first one.
            messages.success(request, _("Báo cáo đã được gửi cơ quan thường trực."))
        else:
            messages.error(
                request,
                _("Báo cáo đang ở trạng thái “%(status)s”, không sửa được.")
                % {"status": report.get_status_display()},
            )
        return _report_redirect(report)
    form = ReportForm(detail, data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _report_page(request, detail, form=form, status=400)
    submit = request.POST.get("action") == "submit"
    # Nothing typed: no save, so a page sent twice makes no empty version.
    data = form.report_input() if form.content_changed() else None
    attach, remove = form.uploads(), form.removals()
    before = evidence_ids_of(report=report) if attach else set()
    try:
        saved = report_services.report_apply(
            report=report,
            actor=request.user,
            version=form.version,
            data=data,
            attach=attach,
            remove=remove,
            submit=submit,
        )
    except errors.StaleVersion as error:
        rebased = form.rebase(error.changes, error.report.version)
        stale = change_rows(error.changes, detail)
        messages.error(request, str(error))
        return _report_page(request, detail, form=rebased, stale=stale, status=409)
    except errors.ReportInvalid as error:
        form.add_service_errors(error.errors)
        return _report_page(request, detail, form=form, status=400)
    except errors.ReportingError as error:
        report.refresh_from_db()
        if submit and report.status == AgencyReport.Status.SUBMITTED:
            # The other click of a double click sent it meanwhile.
            messages.success(request, _("Báo cáo đã được gửi cơ quan thường trực."))
        else:
            messages.error(request, str(error))
        return _report_redirect(report)
    if attach:
        # Checked once, here, and kept: the page shows it without validating again.
        evidence_signatures_record_added(report=saved, before=before)
    if submit:
        messages.success(request, _("Đã gửi báo cáo đến cơ quan thường trực."))
    elif data is not None or attach or remove:
        messages.success(
            request, _("Đã lưu nháp (phiên bản %(version)s).") % {"version": saved.version}
        )
    else:
        messages.info(request, _("Nội dung không thay đổi so với bản đã lưu."))
    return _report_redirect(report)


def _review_target(request: HttpRequest, period_id: int, agency_id: int) -> AgencyReport:
    require(request.user, Action.REPORT_READ, agency_id=agency_id)
    return get_object_or_404(
        AgencyReport.objects.select_related("period"), period_id=period_id, agency_id=agency_id
    )


@login_required
@require_POST
def report_return(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    require(request.user, Action.REPORT_REVIEW, agency_id=agency_id)
    report = _review_target(request, period_id, agency_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            report_services.report_return(
                report=report,
                actor=request.user,
                comment=form.cleaned_data["comment"],
                link=report_url(report),
            )
        except errors.ReportInvalid as error:
            for item in error.errors:
                form.add_error("comment" if item.where == "comment" else None, item.message)
        except errors.ReportingError as error:
            messages.error(request, str(error))
            return _report_redirect(report)
        else:
            messages.success(request, _("Đã trả lại báo cáo; đơn vị được thông báo."))
            return _report_redirect(report)
    detail = _detail_or_404(request, period_id, agency_id)
    return _report_page(request, detail, return_form=form, status=400)


@login_required
@require_POST
def report_approve(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    require(request.user, Action.REPORT_REVIEW, agency_id=agency_id)
    report = _review_target(request, period_id, agency_id)
    try:
        report_services.report_approve(
            report=report, actor=request.user, link=report_url(report)
        )
    except errors.ReportingError as error:
        messages.error(request, str(error))
    else:
        # Approved values move the forecasts: fit them now, not when a leader opens a page.
        forecasts_refresh_for_report(report=report)
        messages.success(request, _("Đã duyệt báo cáo."))
    return _report_redirect(report)


@login_required
@require_POST
def report_comment(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    require(request.user, Action.REPORT_COMMENT, agency_id=agency_id)
    report = _review_target(request, period_id, agency_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            report_services.report_comment(
                report=report,
                actor=request.user,
                text=form.cleaned_data["text"],
                link=report_url(report),
            )
        except errors.ReportInvalid as error:
            for item in error.errors:
                form.add_error("text" if item.where == "text" else None, item.message)
        else:
            messages.success(request, _("Đã ghi ý kiến."))
            return _report_redirect(report, "#y-kien")
    detail = _detail_or_404(request, period_id, agency_id)
    return _report_page(request, detail, comment_form=form, status=400)


# ----------------------------------------------------------------------- evidence


def _evidence_or_404(request: HttpRequest, period_id: int, agency_id: int, file_id: int):
    require(request.user, Action.REPORT_READ, agency_id=agency_id)
    return get_object_or_404(
        EvidenceFile.objects.select_related("update__report"),
        pk=file_id,
        update__report__period_id=period_id,
        update__report__agency_id=agency_id,
    )


@login_required
@require_GET
def evidence_download(
    request: HttpRequest, period_id: int, agency_id: int, file_id: int
) -> FileResponse:
    """The file as uploaded, under its original name, to those who may read the report."""
    evidence = _evidence_or_404(request, period_id, agency_id, file_id)
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# ----------------------------------------------------------------------- history


def _version_rows(versions: list[ReportVersion]) -> list[dict[str, Any]]:
    return [
        {
            "version": version,
            "action": VERSION_ACTIONS.get(version.action, version.action),
            "status": AgencyReport.Status(version.status).label
            if version.status in AgencyReport.Status.values
            else version.status,
        }
        for version in versions
    ]


@login_required
@require_GET
def report_history(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """Every version of the report, and what changed between two chosen ones."""
    detail = _detail_or_404(request, period_id, agency_id)
    numbers = sorted({version.number for version in detail.versions})
    form = VersionCompareForm(request.GET or None, numbers=numbers)
    changes, older, newer = None, None, None
    if form.is_bound and form.is_valid():
        older, newer = sorted((form.cleaned_data["older"], form.cleaned_data["newer"]))
        changes = change_rows(
            selectors.version_changes(report=detail.report, older=older, newer=newer), detail
        )
    elif not form.is_bound and len(numbers) > 1:
        form = VersionCompareForm(
            initial={"older": numbers[-2], "newer": numbers[-1]}, numbers=numbers
        )
    return render(
        request,
        "web/report_history.html",
        {
            "detail": detail,
            "report": detail.report,
            "period": detail.report.period,
            "versions": _version_rows(detail.versions),
            "form": form,
            "changes": changes,
            "older": older,
            "newer": newer,
        },
    )


# ----------------------------------------------------------------------- the user's own


@login_required
@require_GET
def report_mine(request: HttpRequest) -> HttpResponse:
    """Báo cáo của tôi: the reports of the user's agency, newest period first."""
    require(request.user, Action.PERIOD_READ)
    reports = selectors.reports_of(user=request.user)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/report_mine.html", {"page": page})
