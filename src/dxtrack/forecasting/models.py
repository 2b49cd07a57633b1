from django.conf import settings
from django.db import models

from dxtrack.agencies.models import Agency
from dxtrack.plans.models import Indicator
from dxtrack.reporting.models import ReportingPeriod
from dxtrack.timestamps import TimeStampedModel


class IndicatorForecast(models.Model):
    """The stored forecast of an indicator, with a digest of the values and targets it was
    computed from: pages read it without waiting, and it is recomputed when they change."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="forecast", verbose_name="chỉ tiêu"
    )
    fingerprint = models.CharField(max_length=64)
    method = models.CharField("phương pháp", max_length=20, blank=True)
    result = models.JSONField("kết quả dự báo", default=dict)
    computed_at = models.DateTimeField("tính lúc")

    class Meta:
        verbose_name = "dự báo chỉ tiêu"
        verbose_name_plural = "dự báo chỉ tiêu"

    def __str__(self) -> str:
        return f"{self.indicator} ({self.method or 'không dự báo'})"


class Warning(TimeStampedModel):
    """An early warning of one period: an indicator forecast to miss its target, a task at
    risk of being late, a report not sent. Kept up to date by `warnings_refresh`; a leader
    or the coordinator acknowledges it with a note, and everyone sees who handled it."""

    class Kind(models.TextChoices):
        INDICATOR_OFF_TRACK = "indicator_off_track", "Chỉ tiêu có nguy cơ không đạt"
        TASK_AT_RISK = "task_at_risk", "Nhiệm vụ có nguy cơ trễ hạn"
        REPORT_LATE = "report_late", "Báo cáo chưa gửi, quá hạn"

    class Severity(models.TextChoices):
        HIGH = "high", "Cao"
        MEDIUM = "medium", "Trung bình"
        LOW = "low", "Thấp"

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="warnings", verbose_name="kỳ"
    )
    kind = models.CharField("loại cảnh báo", max_length=30, choices=Kind.choices)
    # The indicator, task or report warned about (by kind).
    object_id = models.PositiveIntegerField()
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warnings",
        verbose_name="đơn vị",
    )
    # kind:object:agency, unique in a period: a refresh updates the warning it made before.
    key = models.CharField(max_length=80, editable=False)
    title = models.CharField("nội dung", max_length=500)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices)
    reasons = models.JSONField("lý do", default=list)
    url = models.CharField("đường dẫn", max_length=255, blank=True)
    resolved_at = models.DateTimeField("hết cảnh báo lúc", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người xử lý",
    )
    acknowledged_at = models.DateTimeField("xử lý lúc", null=True, blank=True)
    acknowledgement_note = models.TextField("ghi chú xử lý", blank=True)

    class Meta:
        verbose_name = "cảnh báo"
        verbose_name_plural = "cảnh báo"
        ordering = ["period", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "key"], name="warning_one_per_key"),
        ]
        indexes = [
            models.Index(fields=["period", "resolved_at"]),
            models.Index(fields=["agency", "resolved_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class WarningSent(models.Model):
    """A warning e-mailed to one person in a digest: it is never sent to them again."""

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="sent")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cảnh báo đã gửi thư"
        verbose_name_plural = "cảnh báo đã gửi thư"
        constraints = [
            models.UniqueConstraint(fields=["warning", "user"], name="warning_sent_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.warning} → {self.user}"
