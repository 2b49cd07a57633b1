"""The plan import pages, for those who may import plans (coordinator, administrator).

Each view checks access, validates its form, calls one function of `ingest.uploads` and
renders or redirects; the file is read, compared and written there. The preview also asks
`reporting` how many report rows a removal would take with it: `ingest` sits below it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.accounts.access import Action, account_of, require
from dxtrack.ingest import jobs
from dxtrack.ingest import uploads as imports
from dxtrack.ingest.models import ImportJob, ImportUpload
from dxtrack.reporting.selectors import report_rows_count
from dxtrack.web.import_forms import AliasForm, ConfirmForm, PlanUploadForm


def _importer(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        require(request.user, Action.PLAN_IMPORT)
        return view(request, *args, **kwargs)

    return checked


def _upload(request: HttpRequest, token: str) -> ImportUpload:
    # Each coordinator sees only the files they uploaded.
    upload = (
        ImportUpload.objects.select_related("job")
        .filter(token=token, uploaded_by=account_of(request.user))
        .first()
    )
    if upload is None:
        raise Http404(_("Không tìm thấy tệp đã tải lên."))
    return upload


def _job(request: HttpRequest, token: str) -> ImportJob:
    job = ImportJob.objects.filter(token=token, created_by=account_of(request.user)).first()
    if job is None:
        raise Http404(_("Không tìm thấy lượt đọc bản quét."))
    return job


@_importer
def import_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "web/import_upload.html", {"form": PlanUploadForm()})
    form = PlanUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = imports.upload_store(file=form.cleaned_data["file"], user=request.user)
        except imports.ImportRefused as refused:
            form.add_error("file", str(refused))
        else:
            return redirect("import-preview", token=upload.token)
    return render(request, "web/import_upload.html", {"form": form})


@_importer
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    upload = _upload(request, token)
    if upload.confirmed_at is not None and upload.plan_id:
        return redirect("plan-detail", plan_id=upload.plan_id)
    try:
        preview = imports.import_preview(upload=upload)
    except imports.ImportPending:
        job = imports.upload_job(upload)
        if job is None:  # pragma: no cover - pending means a job
            raise Http404 from None
        job = jobs.import_job_current(job=job)
        return render(request, "web/import_progress.html", {"job": job, "upload": upload})
    except imports.ImportRefused as refused:
        form = PlanUploadForm()
        form.add_error(None, str(refused))
        return render(request, "web/import_upload.html", {"form": form}, status=400)
    revision = preview.revision
    lost = (
        report_rows_count(
            task_ids=revision.removed_ids("task"), indicator_ids=revision.removed_ids("indicator")
        )
        if revision is not None
        else None
    )
    return render(
        request, "web/import_preview.html", {"preview": preview, "upload": upload, "lost": lost}
    )


@require_POST
@_importer
def import_alias(request: HttpRequest, token: str) -> HttpResponse:
    upload = _upload(request, token)
    form = AliasForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn cơ quan, đơn vị tương ứng với tên này."))
        return redirect("import-preview", token=upload.token)
    try:
        alias = imports.import_alias_add(actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã thêm “%(name)s” làm tên gọi khác của “%(owner)s”.")
            % {"name": alias.name, "owner": alias.agency or alias.group},
        )
    return redirect("import-preview", token=upload.token)


@require_POST
@_importer
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    upload = _upload(request, token)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return redirect("import-preview", token=upload.token)
    try:
        result = imports.import_confirm(
            upload=upload, actor=request.user, base_sha256=form.cleaned_data["base"]
        )
    except imports.ImportRefused as refused:
        messages.error(request, str(refused))
        return redirect("import-preview", token=upload.token)
    return redirect(reverse("plan-detail", args=[result.plan.pk]))


@_importer
def import_job_progress(request: HttpRequest, token: str) -> HttpResponse:
    """How far the reading of a scan is, for the progress bar (polled by import-progress.js)."""
    job = jobs.import_job_current(job=_job(request, token))
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "done": job.pages_done,
            "total": job.pages_total,
            "percent": job.percent,
            "message": job.message,
        }
    )


@require_POST
@_importer
def import_job_cancel(request: HttpRequest, token: str) -> HttpResponse:
    job = _job(request, token)
    jobs.import_job_cancel(job=job, actor=request.user)
    messages.success(
        request,
        _("Đã hủy việc đọc bản quét “%(name)s”; không có gì được lưu.")
        % {"name": job.original_name},
    )
    return redirect("import-upload")
