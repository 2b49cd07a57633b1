from django.conf import settings
from django.db import models

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
