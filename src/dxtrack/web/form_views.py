"""Pages around a report: its offline Excel form, requests to extend or adjust a task,
and the user's notifications. Each view checks access, calls one service or selector,
and renders; the services check access again and write the audit trail."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dxtrack.accounts.access import (
    Action,
    account_of,
    agencies_filter,
    agency_id_of,
    allowed,
    require,
)
from dxtrack.plans.models import Task
from dxtrack.reporting import (
    excel_form,
    excel_form_services,
    excel_form_writer,
    extension_services,
    notification_services,
    selectors,
)
from dxtrack.reporting.deadlines import task_deadline
from dxtrack.reporting.errors import ReportingError, ReportInvalid, StaleVersion
from dxtrack.reporting.models import AgencyReport, ExtensionRequest, Notification, TaskUpdate
from dxtrack.web.links import report_url

# Messages of the Excel upload carry this tag, so the form fragment shows them by itself.
EXCEL_MESSAGE_TAG = "excel-form"
EXCEL_ERRORS_SHOWN = 30
PER_PAGE = 50

# ----------------------------------------------------------------------- Excel form


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel đã điền"),
        help_text=gettext_lazy("Tệp .xlsx tải từ hệ thống, tối đa 5 MB."),
        error_messages={"required": gettext_lazy("Chọn tệp Excel đã điền để tải lên.")},
    )


def _report_page(report: AgencyReport) -> str:
    return report_url(report) or reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def report_excel(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    """GET: the pre-filled form of the report. POST: a filled form uploaded back."""
    if request.method == "POST":
        return _excel_upload(request, period_id, agency_id)
    require(request.user, Action.REPORT_READ, agency_id=agency_id)
    try:
        detail = selectors.report_detail(period_id=period_id, agency_id=agency_id)
    except AgencyReport.DoesNotExist:
        raise Http404(_("Không tìm thấy báo cáo của đơn vị trong kỳ này.")) from None
    response = HttpResponse(
        excel_form_writer.form_build(detail=detail), content_type=excel_form.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        True, excel_form_writer.form_filename(detail.report)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _excel_upload(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    require(request.user, Action.REPORT_EDIT, agency_id=agency_id)
    report = get_object_or_404(
        AgencyReport.objects.select_related("period", "agency"),
        period_id=period_id,
        agency_id=agency_id,
    )
    back = redirect(_report_page(report))
    form = ExcelUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error), extra_tags=EXCEL_MESSAGE_TAG)
        return back
    upload = form.cleaned_data["file"]
    if upload.size > excel_form.MAX_FORM_BYTES:
        # Checked before reading: a large upload is not loaded into memory.
        messages.error(
            request,
            _("Tệp “%(name)s” vượt giới hạn %(limit)s MB.")
            % {"name": upload.name, "limit": excel_form.MAX_FORM_BYTES // 1024 // 1024},
            extra_tags=EXCEL_MESSAGE_TAG,
        )
        return back
    try:
        saved = excel_form_services.form_upload(
            report=report, actor=request.user, data=upload.read()
        )
    except excel_form.FormInvalid as error:
        # One message, one line per cell: the fragment shows the first line as the summary
        # and the others as a list.
        shown = error.errors[:EXCEL_ERRORS_SHOWN]
        lines = [str(error), *(" ".join(str(item).split()) for item in shown)]
        if error.total > EXCEL_ERRORS_SHOWN:
            lines.append(
                _("… và %(count)s lỗi khác.") % {"count": error.total - EXCEL_ERRORS_SHOWN}
            )
        messages.error(request, "\n".join(lines), extra_tags=EXCEL_MESSAGE_TAG)
    except StaleVersion as error:
        messages.error(
            request,
            _(
                "%(error)s Với tệp Excel: hãy tải biểu mẫu mới (đã có các thay đổi đó), "
                "chép phần của bạn sang rồi tải lên lại."
            )
            % {"error": error},
            extra_tags=EXCEL_MESSAGE_TAG,
        )
    except ReportingError as error:
        messages.error(request, str(error), extra_tags=EXCEL_MESSAGE_TAG)
    else:
        messages.success(
            request,
            _("Đã lưu nội dung từ tệp “%(name)s”; báo cáo nay là phiên bản %(version)s.")
            % {"name": upload.name, "version": saved.version},
            extra_tags=EXCEL_MESSAGE_TAG,
        )
    return back


# ----------------------------------------------------------------------- extensions

_DATE_INPUTS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class ExtensionRequestForm(forms.Form):
    task = forms.TypedChoiceField(label=gettext_lazy("Nhiệm vụ"), coerce=int)
    kind = forms.ChoiceField(
        label=gettext_lazy("Đề nghị"),
        choices=ExtensionRequest.Kind.choices,
        initial=ExtensionRequest.Kind.EXTEND,
    )
    proposed_end = forms.DateField(
        label=gettext_lazy("Thời hạn mới đề nghị (dd/mm/yyyy)"),
        required=False,
        input_formats=_DATE_INPUTS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": gettext_lazy("Ghi ngày theo dạng dd/mm/yyyy.")},
    )
    proposed_content = forms.CharField(
        label=gettext_lazy("Nội dung đề nghị điều chỉnh"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )

    def __init__(self, *args, tasks: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["task"]).choices = [
            ("", _("— Chọn nhiệm vụ —")),
            *tasks,
        ]


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Chấp thuận")),
            ("refuse", gettext_lazy("Không chấp thuận")),
        ]
    )
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến của cơ quan thường trực"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class ExtensionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"),
        choices=[("", gettext_lazy("Tất cả")), *ExtensionRequest.Status.choices],
        required=False,
    )


def _extension_requests(user, status: str) -> QuerySet[ExtensionRequest]:
    rows = ExtensionRequest.objects.filter(agencies_filter(user, Action.REPORT_READ))
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("task__plan", "agency", "requested_by", "decided_by").order_by(
        "-created_at", "-pk"
    )


@login_required
def extension_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.PERIOD_READ)
    form = ExtensionFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(_extension_requests(request.user, status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "web/extension_list.html", {"form": form, "page": page})


def _led_tasks(agency_id: int) -> list[tuple[int, str]]:
    """The tasks the agency leads in its reports, labelled with their current deadline."""
    tasks = list(
        Task.objects.filter(
            updates__report__agency_id=agency_id, updates__role=TaskUpdate.Role.LEAD
        )
        .select_related("plan")
        .distinct()
        .order_by("plan__issued_on", "plan_id", "position", "pk")
    )
    extended = selectors.task_deadlines(agency_id=agency_id, task_ids=[t.pk for t in tasks])
    choices = []
    for task in tasks:
        deadline = task_deadline(
            ends_on=task.ends_on, extended_to=extended.get(task.pk), recurring=bool(task.recurrence)
        )
        when = deadline.strftime("%d/%m/%Y") if deadline else task.timeframe_text or "—"
        number = f"{task.number}. " if task.number else ""
        name = task.name if len(task.name) <= 110 else task.name[:109] + "…"
        choices.append((task.pk, f"{task.plan.number} · {number}{name} (hạn: {when})"))
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def extension_new(request: HttpRequest) -> HttpResponse:
    agency_id = agency_id_of(request.user)
    require(request.user, Action.EXTENSION_REQUEST, agency_id=agency_id)
    if agency_id is None:  # only reporters may ask, and every reporter has an agency
        raise PermissionDenied
    tasks = _led_tasks(agency_id)
    if request.method == "GET":
        form = ExtensionRequestForm(tasks=tasks, initial={"task": request.GET.get("task")})
        return render(request, "web/extension_form.html", {"form": form})
    form = ExtensionRequestForm(request.POST, tasks=tasks)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = extension_services.extension_request(
                task=Task.objects.get(pk=data["task"]),
                agency_id=agency_id,
                actor=request.user,
                kind=data["kind"],
                reason=data["reason"],
                proposed_end=data["proposed_end"],
                proposed_content=data["proposed_content"],
            )
        except ReportInvalid as error:
            for item in error.errors:
                form.add_error(item.where if item.where in form.fields else None, item.message)
        else:
            messages.success(request, _("Đã gửi đề nghị đến cơ quan thường trực."))
            return redirect("extension-detail", created.pk)
    return render(request, "web/extension_form.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def extension_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """A request; the coordinator approves or refuses it here (POST)."""
    extension = get_object_or_404(
        ExtensionRequest.objects.select_related(
            "task__plan", "agency", "requested_by", "decided_by"
        ),
        pk=request_id,
    )
    require(request.user, Action.REPORT_READ, agency_id=extension.agency_id)
    form = ExtensionDecisionForm()
    status = 200
    if request.method == "POST":
        require(request.user, Action.EXTENSION_DECIDE)
        form = ExtensionDecisionForm(request.POST)
        if form.is_valid():
            try:
                extension_services.extension_decide(
                    request=extension,
                    actor=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    comment=form.cleaned_data["comment"],
                )
            except ReportInvalid as error:
                for item in error.errors:
                    form.add_error(item.where if item.where in form.fields else None, item.message)
            except ReportingError as error:
                messages.error(request, str(error))
                return redirect("extension-detail", extension.pk)
            else:
                messages.success(request, _("Đã ghi ý kiến xem xét; đơn vị được thông báo."))
                return redirect("extension-detail", extension.pk)
        status = 400
    deadline = task_deadline(
        ends_on=extension.task.ends_on,
        extended_to=selectors.task_deadlines(
            agency_id=extension.agency_id, task_ids=[extension.task_id]
        ).get(extension.task_id),
        recurring=bool(extension.task.recurrence),
    )
    return render(
        request,
        "web/extension_detail.html",
        {
            "extension": extension,
            "deadline": deadline,
            "form": form,
            "may_decide": allowed(request.user, Action.EXTENSION_DECIDE)
            and extension.status == ExtensionRequest.Status.PENDING,
        },
        status=status,
    )


# ----------------------------------------------------------------------- notifications


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    """GET: the user's notices, newest first. POST: mark them all read."""
    if request.method == "POST":
        count = notification_services.notifications_mark_read(user=request.user)
        if count:
            messages.success(
                request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count}
            )
        return redirect("notification-list")
    notices = Notification.objects.filter(user=account_of(request.user)).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "web/notification_list.html", {"page": page})
