"""What the public sees: snapshots of the approved values of key indicators and of task
progress, taken when the coordinator publishes a period.

The public pages, files and API read only these tables, never the reports themselves: a
value is public because it was copied here from an approved report of a published period,
so nothing draft, sent but not approved, or withdrawn can reach them by a forgotten filter.
Names are copied too, so that a published figure keeps its source as it was published.
"""

from django.conf import settings
from django.db import models

from dxtrack.consolidation import colours
from dxtrack.consolidation import evaluation as ev
from dxtrack.plans.models import Indicator, Plan
from dxtrack.reporting.models import ReportingPeriod


class Publication(models.Model):
    """A period published to the portal; withdrawing it deletes it with its figures."""

    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.CASCADE, related_name="publication", verbose_name="kỳ"
    )
    period_name = models.CharField("tên kỳ", max_length=255)
    period_kind = models.CharField("loại kỳ", max_length=20)
    period_starts_on = models.DateField("từ ngày")
    period_ends_on = models.DateField("đến ngày", db_index=True)
    published_at = models.DateTimeField("công khai lúc")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người công khai",
    )

    class Meta:
        verbose_name = "kỳ đã công khai"
        verbose_name_plural = "kỳ đã công khai"
        ordering = ["-period_ends_on", "-pk"]

    def __str__(self) -> str:
        return self.period_name

    @property
    def short_label(self) -> str:
        """A chart's label for the period: "2025", "Quý III/2026", "6 tháng 2026", "10/2026"."""
        end = self.period_ends_on
        if self.period_kind == ReportingPeriod.Kind.YEARLY:
            return str(end.year)
        if self.period_kind == ReportingPeriod.Kind.QUARTERLY:
            return f"Quý {('I', 'II', 'III', 'IV')[(end.month - 1) // 3]}/{end.year}"
        if self.period_kind == ReportingPeriod.Kind.HALF_YEARLY:
            return f"{'6 tháng' if end.month <= 6 else 'Năm'} {end.year}"
        return f"{end.month:02d}/{end.year}"


class PublishedIndicatorValue(models.Model):
    """The province's approved value of a key indicator in a published period."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="indicator_values"
    )
    # Kept when the plan is revised and the indicator removed: the figure was published.
    indicator = models.ForeignKey(
        Indicator, null=True, on_delete=models.SET_NULL, related_name="published_values"
    )
    plan = models.ForeignKey(Plan, null=True, on_delete=models.SET_NULL, related_name="+")
    plan_name = models.TextField("kế hoạch")
    name = models.TextField("chỉ tiêu")
    unit = models.CharField("đơn vị tính", max_length=100, blank=True)
    milestone = models.CharField("mốc", max_length=20, blank=True)
    target_text = models.CharField("mục tiêu", max_length=255, blank=True)
    target_value = models.FloatField("mục tiêu (số)", null=True, blank=True)
    value_text = models.CharField("giá trị (như đơn vị ghi)", max_length=255, blank=True)
    value_number = models.FloatField("giá trị số", null=True, blank=True)
    value_met = models.BooleanField("đạt", null=True, blank=True)
    verdict = models.CharField("đánh giá", max_length=20)
    colour = models.CharField("màu", max_length=10)
    agency = models.TextField("cơ quan cung cấp số liệu", blank=True)
    search_text = models.TextField(editable=False, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số liệu chỉ tiêu đã công khai"
        verbose_name_plural = "số liệu chỉ tiêu đã công khai"
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "indicator"], name="published_value_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value_text}"

    @property
    def status_label(self) -> str:
        """The colour in words with the verdict ("Xanh · Đạt"): never colour alone."""
        return (
            f"{colours.COLOUR_LABELS.get(self.colour, self.colour)} · "
            f"{ev.INDICATOR_VERDICT_LABELS.get(self.verdict, self.verdict)}"
        )


class PublishedTaskSummary(models.Model):
    """Task progress of one plan in a published period, from approved reports only.

    by_status: lead task updates by reported status (reporting.models.TaskStatus values,
    "" for not reported); by_colour: the same rows by status colour (consolidation.colours).
    """

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="task_summaries"
    )
    plan = models.ForeignKey(Plan, null=True, on_delete=models.SET_NULL, related_name="+")
    plan_name = models.TextField("kế hoạch")
    total = models.PositiveIntegerField("tổng số")
    by_status = models.JSONField("theo tình trạng", default=dict)
    by_colour = models.JSONField("theo màu", default=dict)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "tiến độ nhiệm vụ đã công khai"
        verbose_name_plural = "tiến độ nhiệm vụ đã công khai"
        ordering = ["publication", "position"]

    def __str__(self) -> str:
        return f"{self.plan_name} · {self.publication}"


class PortalEdition(models.Model):
    """One row: bumped on every change of what is public (publish, withdraw, an indicator
    made private). Cached pages and the open data's ETag and Last-Modified follow it, in
    every worker process alike."""

    number = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "phiên bản dữ liệu công khai"
        verbose_name_plural = "phiên bản dữ liệu công khai"

    def __str__(self) -> str:
        return f"{self.number}"
