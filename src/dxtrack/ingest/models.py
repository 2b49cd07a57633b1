from django.conf import settings
from django.db import models

from dxtrack.plans.models import Plan


class ImportUpload(models.Model):
    """A plan file uploaded for preview, waiting for the coordinator to confirm the import.

    The file is stored under DATA_DIR/imports with a random name (`stored_name`); the
    user's file name is only displayed. `token` is what the preview's address carries.
    """

    token = models.CharField(max_length=64, unique=True, editable=False)
    stored_name = models.CharField(max_length=100, editable=False)
    original_name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("nhập lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tệp kế hoạch tải lên"
        verbose_name_plural = "tệp kế hoạch tải lên"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class ImportJob(models.Model):
    """Reading a scanned plan in the background: the OCR of a 30-page scan takes minutes.

    Progress and the result live here, in the database, so that any web worker can show
    them (decision 0166). `pages` holds the OCR's words (JSON) once every page is read; the
    preview then reads the plan from them as often as it likes. The upload is removed when
    the reading fails or is cancelled, so nothing half-read is ever previewed or imported.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "đang chờ"
        RUNNING = "running", "đang đọc"
        DONE = "done", "đã đọc xong"
        FAILED = "failed", "lỗi"
        CANCELLED = "cancelled", "đã hủy"

    token = models.CharField(max_length=64, unique=True, editable=False)
    upload = models.OneToOneField(
        ImportUpload, null=True, blank=True, on_delete=models.SET_NULL, related_name="job"
    )
    original_name = models.CharField("tên tệp", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        "tình trạng", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    pages_done = models.PositiveIntegerField("số trang đã đọc", default=0)
    pages_total = models.PositiveIntegerField("số trang", default=0)
    message = models.TextField("thông báo", blank=True)
    cancel_requested = models.BooleanField(default=False)
    pages = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Touched by every page read: a running job not touched for long was cut off.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "lượt đọc bản quét"
        verbose_name_plural = "lượt đọc bản quét"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def percent(self) -> int:
        return round(100 * self.pages_done / self.pages_total) if self.pages_total else 0
