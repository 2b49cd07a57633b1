"""A filled result table (Word, Excel, text) read into an agency's report from the web:
upload, preview with the catalogue task each row was matched to, confirm.

The upload is read at once and the draft kept in the session as JSON (one pending table
per session), not stored as a file: nothing is left on disk to clean up, and the confirm
records exactly the rows the user saw, matched as they were shown. The report's version
at the upload is kept with it, so a report changed in between is not overwritten.
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dxtrack.accounts.access import Action, require
from dxtrack.ingest.cleanup import RESULT_COPY_PREFIX, result_uploads_dir
from dxtrack.ingest.readers import UnreadableDocument
from dxtrack.ingest.report_draft import ReportDraft, draft_from_state, draft_state
from dxtrack.ingest.report_services import report_file_read
from dxtrack.ingest.result_plan import PlanReference, reference_read
from dxtrack.reporting.errors import FieldError, ReportingError, ReportInvalid, StaleVersion
from dxtrack.reporting.models import AgencyReport
from dxtrack.reporting.plan_proposal_services import result_rows_record_and_propose
from dxtrack.reporting.result_services import RecordResult, report_rows_record
from dxtrack.web.links import report_url

ACCEPTED_SUFFIXES = (".docx", ".xlsx", ".txt")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SESSION_KEY = "result_import"
MESSAGE_TAG = "result-import"
SKIP = "skip"


class ResultUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bảng kết quả (Word, Excel)"),
        error_messages={"required": gettext_lazy("Chọn tệp bảng kết quả để tải lên.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                _("Tệp “%(name)s”: chỉ nhận tệp Word (.docx), Excel (.xlsx) hoặc văn bản (.txt).")
                % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp “%(name)s” vượt giới hạn %(limit)s MB.")
                % {"name": upload.name, "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        return upload


def _report(period_id: int, agency_id: int) -> AgencyReport:
    return get_object_or_404(
        AgencyReport.objects.select_related("period", "agency"),
        period_id=period_id,
        agency_id=agency_id,
    )


def _read_upload(upload) -> ReportDraft:
    """Read the uploaded file through a temporary copy, removed at once: the readers work
    on paths. The copy keeps the file's name (in a folder of its own) so that messages name
    the file the user sent. Raises UnreadableDocument (Vietnamese, naming the file)."""
    name = Path(upload.name).name
    safe = get_valid_filename(Path(name).stem)[:100] or "bang-ket-qua"
    # In the data folder, not the system's: a copy left by a killed worker is found and
    # removed by `dxtrack cleanup-uploads`.
    copies = result_uploads_dir()
    copies.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=RESULT_COPY_PREFIX, dir=copies) as folder:
        path = Path(folder) / f"{safe}{Path(name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        draft = report_file_read(path=path)
    draft.source = name
    return draft


@login_required
@require_POST
def result_import_upload(request: HttpRequest, period_id: int, agency_id: int) -> HttpResponse:
    require(request.user, Action.REPORT_EDIT, agency_id=agency_id)
    report = _report(period_id, agency_id)
    back = redirect(report_url(report))
    if not report.editable:
        messages.error(request, _("Báo cáo này không còn sửa được."), extra_tags=MESSAGE_TAG)
        return back
    form = ResultUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error), extra_tags=MESSAGE_TAG)
        return back
    try:
        draft = _read_upload(form.cleaned_data["file"])
    except UnreadableDocument as error:
        messages.error(request, str(error), extra_tags=MESSAGE_TAG)
        return back
    token = secrets.token_urlsafe(12)
    request.session[SESSION_KEY] = {
        "token": token,
        "report": report.pk,
        "version": report.version,
        "draft": draft_state(draft),
    }
    return redirect("result-import-preview", period_id, agency_id, token)


def _pending(request: HttpRequest, report: AgencyReport, token: str) -> dict:
    state = request.session.get(SESSION_KEY)
    if not state or state.get("token") != token or state.get("report") != report.pk:
        raise Http404(_("Bảng kết quả này không còn: hãy tải lên lại."))
    return state


def _choices(request: HttpRequest, draft: ReportDraft) -> dict[int, int | None]:
    """The task chosen for each row, among those the preview offered."""
    choices: dict[int, int | None] = {}
    for index, row in enumerate(draft.rows):
        offered = {c.task_id for c in row.candidates} | (
            {row.match.task_id} if row.match else set()
        )
        value = request.POST.get(f"row-{index}", SKIP)
        choices[index] = int(value) if value.isdigit() and int(value) in offered else None
    return choices


def _missing(draft: ReportDraft, choices: dict[int, int | None]) -> list[int]:
    """Rows left without a catalogue task: those the table would add as new tasks. A sure
    match the user unticked is a row not to record, not a task to create."""
    return [
        index
        for index, row in enumerate(draft.rows)
        if choices.get(index) is None and not (row.match and row.match.sure)
    ]


class ReferenceForm(forms.Form):
    plan_number = forms.CharField(max_length=100, required=False)
    plan_title = forms.CharField(required=False)
    plan_date = forms.DateField(
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": gettext_lazy("Ngày ban hành phải có dạng dd/mm/yyyy.")},
    )
    plan_issuer = forms.CharField(max_length=255, required=False)


def _record(
    request: HttpRequest, draft: ReportDraft, report: AgencyReport, version: int
) -> RecordResult:
    """Record the chosen rows; with "create_missing", also propose the rows left without a
    task as a new plan for the coordinator (ReportInvalid naming the field when the
    document's reference is not valid)."""
    choices = _choices(request, draft)
    if not request.POST.get("create_missing"):
        return report_rows_record(
            draft=draft, report=report, actor=request.user, choices=choices, version=version
        )
    form = ReferenceForm(request.POST)
    if not form.is_valid():
        raise ReportInvalid(
            [FieldError("", str(e)) for errors in form.errors.values() for e in errors]
        )
    data = form.cleaned_data
    reference = reference_read(draft.title).merged(
        number=data["plan_number"].strip(),
        title=data["plan_title"].strip(),
        date=data["plan_date"],
        issuer=data["plan_issuer"].strip(),
    )
    result = result_rows_record_and_propose(
        draft=draft,
        report=report,
        actor=request.user,
        propose=_missing(draft, choices),
        reference=reference,
        choices=choices,
        version=version,
        link=reverse("plan-proposal-detail", args=[0]).replace("/0/", "/{id}/"),
    )
    if result.proposal is not None:
        messages.success(
            request,
            _(
                "Đã gửi đề nghị tạo kế hoạch “%(plan)s” với %(count)s nhiệm vụ; cơ quan "
                "thường trực xác nhận thì kết quả các dòng này được ghi vào báo cáo."
            )
            % {"plan": result.proposal, "count": len(result.proposal.rows)},
            extra_tags=MESSAGE_TAG,
        )
    return result.recorded


@login_required
@require_http_methods(["GET", "POST"])
def result_import_preview(
    request: HttpRequest, period_id: int, agency_id: int, token: str
) -> HttpResponse:
    require(request.user, Action.REPORT_EDIT, agency_id=agency_id)
    report = _report(period_id, agency_id)
    state = _pending(request, report, token)
    draft = draft_from_state(state["draft"])
    in_report = set(report.task_updates.values_list("task_id", flat=True))
    errors: list = []
    if request.method == "POST":
        try:
            result = _record(request, draft, report, state["version"])
        except ReportInvalid as error:
            errors = error.errors
        except StaleVersion as error:
            del request.session[SESSION_KEY]
            messages.error(request, str(error), extra_tags=MESSAGE_TAG)
            return redirect(report_url(report))
        except ReportingError as error:
            errors = [FieldError("", str(error))]
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("Đã ghi %(recorded)s dòng của “%(name)s” vào báo cáo; bỏ qua %(skipped)s dòng.")
                % {
                    "recorded": len(result.recorded),
                    "name": draft.source,
                    "skipped": len(result.skipped),
                },
                extra_tags=MESSAGE_TAG,
            )
            return redirect(report_url(report))
    rows: list[dict[str, Any]] = [
        {
            "index": index,
            "row": row,
            "in_report": row.match is not None and row.match.task_id in in_report,
            "choices": [
                {"candidate": c, "in_report": c.task_id in in_report} for c in row.candidates
            ],
            "selected": row.match.task_id if row.match and row.match.sure else SKIP,
        }
        for index, row in enumerate(draft.rows)
    ]
    reference: PlanReference = reference_read(draft.title)
    context = {
        "report": report,
        "draft": draft,
        "rows": rows,
        "missing": sum(1 for r in rows if not (r["row"].match and r["row"].match.sure)),
        "reference": reference,
        "token": token,
        "errors": errors,
        "sure": sum(1 for r in rows if r["row"].match and r["row"].match.sure and r["in_report"]),
        "skip": SKIP,
    }
    return render(request, "web/result_import_preview.html", context, status=400 if errors else 200)
