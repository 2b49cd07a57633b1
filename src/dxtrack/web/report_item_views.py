"""Saving one item, or one part, of the long report form without leaving the page (htmx).

The request carries the item keys (`item=task-12`, the rows' prefixes), their fields and
the version the page was read at; the save is `report_services.report_apply`, the one
every other way into a report takes: the same version guard, validation and audit trail.
The answer holds only out-of-band pieces (`hx-swap-oob`): the items again as saved, the
counter, what still blocks sending, the new version and a message. A stale save changes
nothing on the page but the message, so what the user typed stays in the boxes.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.accounts.access import Action, require
from dxtrack.exchange.evidence import evidence_ids_of, evidence_signatures_record_added
from dxtrack.reporting import errors, report_services, selectors
from dxtrack.reporting.completeness import report_completeness
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.selectors import ReportDetail
from dxtrack.web.report_changes import change_rows
from dxtrack.web.report_form_page import form_items, items_save_url
from dxtrack.web.report_forms import ReportForm

# No more keys than a report has rows (Sở Y tế: about 160, and the assessment's topics).
MAX_ITEMS = 1000


def _detail(period_id: int, agency_id: int) -> ReportDetail:
    try:
        return selectors.report_detail(period_id=period_id, agency_id=agency_id)
    except AgencyReport.DoesNotExist:
        raise Http404(_("Không tìm thấy báo cáo của đơn vị trong kỳ này.")) from None


def _answer(
    request: HttpRequest,
    detail: ReportDetail,
    *,
    message: str,
    level: str,
    form: ReportForm | None = None,
    keys: Collection[str] = (),
    stale: list[dict[str, Any]] | None = None,
    saved: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The out-of-band pieces: the message; the items in `keys` (with `form`'s errors when it
    is bound); after a save, the counter and blocking list of the report as stored and its
    new version. Only a save moves the page's version on: were a refused save to hand over
    the stored version, the page's other items, still as read, would pass the guard."""
    completeness = report_completeness(detail=detail)
    items: list[Any] = []
    if keys:
        if form is None:
            form = ReportForm(detail, only=keys)
        prefetch_related_objects(
            [
                file
                for row in detail.lead_tasks
                if f"task-{row.update.task_id}" in keys
                for file in row.update.files.all()
            ],
            "signatures",
        )
        recent = keys if saved else ()
        parts = form_items(detail, form=form, completeness=completeness, recent=recent)
        items = [
            (part, item) for part, found in parts.items() for item in found if item.key in keys
        ]
    response = render(
        request,
        "web/report_items_saved.html",
        {
            "report": detail.report,
            "period": detail.report.period,
            "form": form,
            "items": items,
            "completeness": completeness,
            "message": message,
            "level": level,
            "stale": stale,
            "saved": saved,
            "items_save_url": items_save_url(detail.report),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def report_items_save(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """POST: save the items named by `item` (one item, or every item of one part)."""
    require(request.user, Action.REPORT_EDIT, agency_id=agency_id)
    detail = _detail(period_id, agency_id)
    report = detail.report
    keys = list(dict.fromkeys(request.POST.getlist("item")))[:MAX_ITEMS]
    if not report.editable:
        message = _("Báo cáo đang ở trạng thái “%(status)s”, không sửa được.") % {
            "status": report.get_status_display()
        }
        return _answer(request, detail, message=message, level="error", status=409)
    form = ReportForm(detail, data=request.POST, files=request.FILES, only=keys)
    if not form.forms:
        message = _("Không có mục nào để lưu; vui lòng tải lại trang.")
        return _answer(request, detail, message=message, level="error", status=400)
    keys = [f.prefix or "" for f in form.forms]  # the report's own rows only
    if not form.is_valid():
        return _invalid(request, detail, form, keys)
    # The items whose content the user changed (a part sends all of its items).
    changed = sum(1 for row in form.forms if row.has_changed())
    data = form.report_input() if form.content_changed() else None
    attach, remove = form.uploads(), form.removals()
    if data is None and not attach and not remove:
        message = _("Nội dung không thay đổi so với bản đã lưu.")
        return _answer(request, detail, message=message, level="info")
    before = evidence_ids_of(report=report) if attach else set()
    try:
        saved = report_services.report_apply(
            report=report,
            actor=request.user,
            version=form.version,
            data=data,
            attach=attach,
            remove=remove,
        )
    except errors.StaleVersion as error:
        # Nothing is written and nothing on the page is replaced: the boxes keep what was
        # typed. "Lưu nháp" (the whole form) then merges both people's work field by field.
        message = _(
            "Chưa lưu: người khác đã lưu báo cáo này (phiên bản %(version)s) sau khi bạn mở "
            "trang. Nội dung bạn nhập vẫn còn trên trang. Bấm “Lưu nháp” ở cuối trang để lưu "
            "cả trang: các ô bạn không sửa nhận nội dung mới, các ô cả hai cùng sửa được đánh "
            "dấu để bạn chọn."
        ) % {"version": error.report.version}
        stale = change_rows(error.changes, detail)
        return _answer(request, detail, message=message, level="error", stale=stale, status=409)
    except errors.ReportInvalid as error:
        form.add_service_errors(error.errors)
        return _invalid(request, detail, form, keys)
    except errors.ReportingError as error:
        return _answer(
            request, _detail(period_id, agency_id), message=str(error), level="error", status=409
        )
    if attach:
        evidence_signatures_record_added(report=saved, before=before)
    fresh = _detail(period_id, agency_id)
    message = _("Đã lưu %(count)s mục (phiên bản %(version)s).") % {
        "count": changed,
        "version": saved.version,
    }
    return _answer(request, fresh, message=message, level="success", keys=keys, saved=True)


def _invalid(
    request: HttpRequest, detail: ReportDetail, form: ReportForm, keys: list[str]
) -> HttpResponse:
    message = _(
        "Chưa lưu: %(count)s ô cần sửa (được đánh dấu trong mục). Nội dung bạn nhập vẫn còn."
    ) % {"count": form.error_count()}
    return _answer(
        request, detail, message=message, level="error", form=form, keys=keys, status=400
    )
