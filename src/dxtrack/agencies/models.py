from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from dxtrack.timestamps import TimeStampedModel
from dxtrack.vn_text import fold, name_key


class Agency(TimeStampedModel):
    """A body that is assigned work: a department, a commune, a company, ..."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Sở, ban, ngành tỉnh"
        PROVINCIAL = "provincial", "Cơ quan cấp tỉnh khác"
        PARTY = "party", "Cơ quan Đảng, đoàn thể"
        CENTRAL = "central", "Cơ quan Trung ương trên địa bàn"
        NATIONAL = "national", "Bộ, ngành Trung ương"
        DISTRICT = "district", "UBND cấp huyện (trước 1/7/2025)"
        COMMUNE = "commune", "UBND xã, phường, đặc khu"
        ENTERPRISE = "enterprise", "Doanh nghiệp"
        PRESS = "press", "Cơ quan báo chí"
        OTHER = "other", "Khác"

    name = models.CharField("tên", max_length=255, unique=True)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    code = models.CharField("mã", max_length=20, blank=True, help_text="Mã đơn vị hành chính (GSO)")
    active_from = models.DateField("hoạt động từ", null=True, blank=True)
    active_to = models.DateField("hoạt động đến", null=True, blank=True)
    search_name = models.CharField(max_length=255, editable=False, db_index=True)
    # Where reminders go besides the agency's reporters (`dxtrack agencies contacts`).
    email = models.EmailField("e-mail liên hệ", blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_from__lte=models.F("active_to")),
                name="agency_active_range",
                violation_error_message="Ngày bắt đầu hoạt động phải trước ngày kết thúc.",
            ),
            # Communes are updated by their GSO code when a new official list is loaded.
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="agency_code_unique",
                violation_error_message="Đã có cơ quan, đơn vị mang mã này.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class AgencyGroup(TimeStampedModel):
    """A set of agencies a plan names at once, e.g. "Các sở, ban, ngành".

    Members are the active agencies of `member_kinds` plus the explicit `members`.
    """

    name = models.CharField("tên nhóm", max_length=255, unique=True)
    member_kinds = models.JSONField("gồm các loại", default=list, blank=True)
    members = models.ManyToManyField(
        Agency, blank=True, related_name="groups", verbose_name="thành viên"
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name="nhóm kế thừa",
    )
    succeeded_on = models.DateField("kế thừa từ ngày", null=True, blank=True)
    active_to = models.DateField("hoạt động đến", null=True, blank=True)

    class Meta:
        verbose_name = "nhóm cơ quan"
        verbose_name_plural = "nhóm cơ quan"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyAlias(models.Model):
    """Another way documents write an agency or a group: former name, abbreviation, variant."""

    class Kind(models.TextChoices):
        FORMER = "former", "Tên cũ"
        ABBREVIATION = "abbreviation", "Viết tắt"
        VARIANT = "variant", "Cách viết khác"

    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name="cơ quan, đơn vị",
    )
    group = models.ForeignKey(
        AgencyGroup,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name="nhóm cơ quan",
    )
    name = models.CharField("tên gọi", max_length=255)
    key = models.CharField(max_length=255, unique=True, editable=False)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.VARIANT)

    class Meta:
        verbose_name = "tên gọi khác"
        verbose_name_plural = "tên gọi khác"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, group__isnull=True)
                | Q(agency__isnull=True, group__isnull=False),
                name="alias_names_agency_or_group",
                violation_error_message="Tên gọi khác thuộc về đúng một cơ quan, đơn vị "
                "hoặc một nhóm cơ quan.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The key is not a form field: without this check a taken name fails on save.
        key = name_key(self.name or "")
        if not key:
            raise ValidationError({"name": "Tên gọi không được để trống."})
        taken = AgencyAlias.objects.filter(key=key).exclude(pk=self.pk).first()
        if taken is not None:
            owner = taken.agency or taken.group
            raise ValidationError({"name": f"Tên gọi này đã được dùng cho “{owner}”."})


class Succession(models.Model):
    """From `date`, work of `predecessor` passed to `successor` (the 2025 reorganisation).

    The primary succession is the one unfinished work follows; others record
    a part of the duties (e.g. press and publishing went elsewhere).
    """

    predecessor = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="successions", verbose_name="cơ quan trước"
    )
    successor = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="precessions", verbose_name="cơ quan kế thừa"
    )
    date = models.DateField("từ ngày")
    primary = models.BooleanField("kế thừa chính", default=True)
    scope = models.CharField("phạm vi", max_length=255, blank=True)

    class Meta:
        verbose_name = "kế thừa"
        verbose_name_plural = "kế thừa"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="succession_unique",
                violation_error_message="Đã ghi nhận việc kế thừa giữa hai cơ quan này.",
            ),
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(primary=True),
                name="succession_one_primary",
                violation_error_message="Mỗi cơ quan chỉ có một cơ quan kế thừa chính.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%d/%m/%Y})"
