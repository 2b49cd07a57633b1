from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """Who did what to which object, when, with the values that changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thực hiện",
    )
    action = models.CharField("thao tác", max_length=50, db_index=True)
    target_type = models.CharField("loại đối tượng", max_length=50)
    target_id = models.PositiveBigIntegerField("mã đối tượng")
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    details = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.action}"
