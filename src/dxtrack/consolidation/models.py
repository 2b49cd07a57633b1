from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from dxtrack.consolidation.evaluation import ScoreWeights
from dxtrack.plans.models import Indicator
from dxtrack.timestamps import TimeStampedModel


class IndicatorFamily(TimeStampedModel):
    """One national indicator that several plans repeat ("Tỷ lệ dân số trưởng thành có chữ
    ký số" in the 2022–2025 form, Plan 38/KH-UBND and the 2026–2030 plan): one value
    reported in a period serves every confirmed member."""

    name = models.TextField("tên chỉ tiêu chung")

    class Meta:
        verbose_name = "nhóm chỉ tiêu trùng nhau giữa các kế hoạch"
        verbose_name_plural = "nhóm chỉ tiêu trùng nhau giữa các kế hoạch"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorFamilyMember(models.Model):
    """An indicator of one plan in a family: proposed by name similarity, confirmed by the
    coordinator. Only confirmed members share their values."""

    family = models.ForeignKey(
        IndicatorFamily, on_delete=models.CASCADE, related_name="members", verbose_name="nhóm"
    )
    # An indicator belongs to one family at most: a value must not serve two meanings.
    indicator = models.OneToOneField(
        Indicator,
        on_delete=models.CASCADE,
        related_name="family_membership",
        verbose_name="chỉ tiêu",
    )
    similarity = models.FloatField("mức giống nhau của tên", default=1.0)
    confirmed = models.BooleanField("đã xác nhận", default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu thuộc nhóm"
        verbose_name_plural = "chỉ tiêu thuộc nhóm"
        ordering = ["family", "indicator__plan__issued_on", "indicator_id"]
        indexes = [models.Index(fields=["family", "confirmed"])]

    def __str__(self) -> str:
        return f"{self.family} · {self.indicator.plan.number or self.indicator.plan.title}"


class ScoreSettings(TimeStampedModel):
    """The weights of the agencies' score (`evaluation.ScoreWeights`), as the province set
    them. One row at most; without it the defaults apply. Changed only through
    `services.score_weights_update`, which checks access and writes the audit trail."""

    key = models.CharField(max_length=20, default="default", unique=True, editable=False)
    task_points = models.PositiveSmallIntegerField(
        "điểm cho nhiệm vụ",
        default=70,
        help_text="Điểm tối đa theo tỷ lệ nhiệm vụ chủ trì đúng tiến độ.",
    )
    report_points = models.PositiveSmallIntegerField(
        "điểm cho việc gửi báo cáo",
        default=30,
        help_text="Điểm tối đa khi gửi báo cáo đúng hạn; cộng với điểm nhiệm vụ phải bằng 100.",
    )
    grace_days = models.PositiveSmallIntegerField(
        "số ngày gửi muộn tối đa",
        default=30,
        help_text="Báo cáo gửi muộn bị trừ dần điểm; muộn quá số ngày này không được điểm.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thay đổi",
    )

    class Meta:
        verbose_name = "cách tính điểm xếp hạng đơn vị"
        verbose_name_plural = "cách tính điểm xếp hạng đơn vị"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(task_points__lte=100)
                & models.Q(task_points=100 - models.F("report_points")),
                name="score_settings_points_sum_to_100",
                violation_error_message="Điểm nhiệm vụ và điểm báo cáo phải cộng lại bằng 100.",
            ),
            models.CheckConstraint(
                condition=models.Q(grace_days__gte=1),
                name="score_settings_grace_days_positive",
                violation_error_message="Số ngày gửi muộn tối đa phải từ 1 trở lên.",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @property
    def weights(self) -> ScoreWeights:
        return ScoreWeights(
            task_points=self.task_points,
            report_points=self.report_points,
            grace_days=self.grace_days,
        )

    def clean(self) -> None:
        errors = self.weights.errors()
        if errors:
            raise ValidationError(errors)


class CatalogueChange(models.Model):
    """A count moved by every change to the rows the consolidation reads that carry no
    timestamp of their own (sections, tasks, indicators, targets, assignments, family
    members, the plans of a period), so that the fingerprint of a kept consolidation moves
    with them (`freshness`, docs/decisions/0227). One row; written only by `freshness`."""

    key = models.CharField(max_length=20, default="default", unique=True, editable=False)
    count = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "lần thay đổi danh mục kế hoạch"
        verbose_name_plural = "lần thay đổi danh mục kế hoạch"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
