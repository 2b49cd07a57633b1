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
