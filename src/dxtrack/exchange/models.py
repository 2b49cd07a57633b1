"""What goes up to the national reporting system and what was checked on the way in:
the national codes of indicators, the outbox of packets to push with every delivery
attempt, and the signatures found in evidence PDFs."""

from django.db import models
from django.db.models import Q

from dxtrack.plans.models import Indicator
from dxtrack.reporting.models import AgencyReport, EvidenceFile, ReportingPeriod
from dxtrack.timestamps import TimeStampedModel


class NationalIndicatorCode(TimeStampedModel):
    """The code the national system gives one of the province's indicators, and the group
    (nhóm chỉ số) it files it under. Maintained by the standing body in the back office."""

    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="national_code",
        verbose_name="chỉ tiêu của tỉnh",
    )
    code = models.CharField("mã chỉ tiêu quốc gia", max_length=50)
    name = models.CharField(
        "tên chỉ tiêu quốc gia",
        max_length=500,
        blank=True,
        help_text="Để trống: dùng tên của tỉnh.",
    )
    group_code = models.CharField("mã nhóm chỉ số", max_length=50, blank=True)
    group_name = models.CharField("tên nhóm chỉ số", max_length=255, blank=True)

    class Meta:
        verbose_name = "mã chỉ tiêu quốc gia"
        verbose_name_plural = "mã chỉ tiêu quốc gia"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.indicator}"


class OutboxPacket(models.Model):
    """A packet to push, written in the same transaction that decided it (the outbox).

    `key` is the Idempotency-Key: derived from the period, kind, report and content, so
    filling the outbox again never queues the same packet twice, and a receiver that gets
    the key again (a retry after a lost answer, a sender that crashed before recording
    the delivery) knows it already has the packet.
    """

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name="kỳ báo cáo"
    )
    report = models.ForeignKey(
        AgencyReport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="báo cáo",
    )
    report_version = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField("loại gói tin", max_length=50)
    key = models.CharField("khóa chống trùng (Idempotency-Key)", max_length=120, unique=True)
    body = models.JSONField("nội dung")
    created_at = models.DateTimeField("vào hàng đợi lúc", auto_now_add=True)
    delivered_at = models.DateTimeField("đã nhận lúc", null=True, blank=True)
    attempts = models.PositiveIntegerField("số lần gửi", default=0)
    next_attempt_at = models.DateTimeField("gửi lại lúc", null=True, blank=True)
    # A sender holds the packet until then: two push runs never send it at the same time.
    leased_until = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField("mã trả lời gần nhất", null=True, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    alerted_at = models.DateTimeField("đã cảnh báo lúc", null=True, blank=True)

    class Meta:
        verbose_name = "gói tin gửi đi"
        verbose_name_plural = "gói tin gửi đi (hàng đợi)"
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["delivered_at", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["report", "report_version"], name="outbox_report"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.key}"


class DeliveryAttempt(models.Model):
    """One POST of a packet: when, what the receiver answered, or why it did not."""

    packet = models.ForeignKey(OutboxPacket, on_delete=models.CASCADE, related_name="deliveries")
    at = models.DateTimeField("lúc")
    status = models.PositiveIntegerField("mã trả lời HTTP", null=True, blank=True)
    error = models.TextField("lỗi", blank=True)
    duration_ms = models.PositiveIntegerField("thời gian (ms)", default=0)

    class Meta:
        verbose_name = "lần gửi"
        verbose_name_plural = "nhật ký gửi"
        ordering = ["packet", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.packet_id} · {self.at:%d/%m/%Y %H:%M:%S} · {self.status or self.error[:40]}"


class EvidenceSignature(models.Model):
    """A digital signature found in an evidence PDF when it was uploaded (checked once,
    offline); a damaged PDF gets one row saying so."""

    evidence = models.ForeignKey(
        EvidenceFile, on_delete=models.CASCADE, related_name="signatures", verbose_name="tệp"
    )
    position = models.PositiveSmallIntegerField(default=0)
    signer = models.CharField("người ký", max_length=255, blank=True)
    organisation = models.CharField("cơ quan", max_length=255, blank=True)
    signed_at = models.DateTimeField("ký lúc", null=True, blank=True)
    timestamped = models.BooleanField("có dấu thời gian", default=False)
    intact = models.BooleanField("nguyên vẹn", default=False)
    trusted = models.BooleanField("chứng thư được tin cậy", default=False)
    problem = models.CharField("vấn đề", max_length=500, blank=True)

    class Meta:
        verbose_name = "chữ ký số trong tệp minh chứng"
        verbose_name_plural = "chữ ký số trong tệp minh chứng"
        ordering = ["evidence", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(intact=False) | Q(problem=""),
                name="evidence_signature_intact_has_no_problem",
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer or '?'} · {self.evidence}"
