from django.db import models
from django.db.models import Q

from dxtrack.agencies.models import Agency, AgencyGroup
from dxtrack.timestamps import TimeStampedModel
from dxtrack.vn_text import fold


class Plan(TimeStampedModel):
    """A plan, decision or programme whose appendices assign indicators and tasks."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        IN_FORCE = "in_force", "Đang có hiệu lực"
        REPLACED = "replaced", "Đã được thay thế"

    key = models.CharField(
        max_length=255,
        unique=True,
        editable=False,
        help_text="Số ký hiệu hoặc tiêu đề đã chuẩn hoá: nhận ra khi nhập lại",
    )
    number = models.CharField("số, ký hiệu", max_length=100, blank=True)
    title = models.TextField("tiêu đề")
    kind = models.CharField("loại văn bản", max_length=100, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    implements = models.TextField("thực hiện văn bản", blank=True)
    replaces = models.TextField("thay thế văn bản", blank=True)
    # The plan's reporting regime (chế độ báo cáo): the default of a series of periods
    # (reporting.period_rules: a kind and a due rule such as "next_month:10").
    report_kind = models.CharField("kỳ báo cáo", max_length=20, blank=True)
    report_due_rule = models.CharField("hạn gửi báo cáo", max_length=40, blank=True)
    source_file = models.CharField("tệp nguồn", max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-issued_on", "title"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Section(models.Model):
    """A heading of an appendix table: A, I, I.1, 1 ... forming a tree."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    appendix = models.CharField("phụ lục", max_length=255, blank=True)
    label = models.CharField("ký hiệu", max_length=20, blank=True)
    title = models.TextField("tiêu đề")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "mục"
        verbose_name_plural = "mục"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()


class PlanItem(models.Model):
    """Fields shared by indicators, tasks and key projects."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="%(class)ss")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="%(class)ss"
    )
    number = models.CharField("TT", max_length=20, blank=True)
    name = models.TextField("tên")
    position = models.PositiveIntegerField(default=0)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}" if self.number else self.name

    def save(self, *args, **kwargs) -> None:
        # The search key follows the name, however the row is edited (admin, import).
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)


class Funded(models.Model):
    """Funding source and budget, where the plan gives them (millions of đồng)."""

    funding_source = models.CharField("nguồn kinh phí", max_length=255, blank=True)
    budget = models.DecimalField(
        "kinh phí (triệu đồng)", max_digits=16, decimal_places=3, null=True, blank=True
    )

    class Meta:
        abstract = True


class Indicator(PlanItem):
    """A measurable target (chỉ tiêu) with values per milestone."""

    class Aggregation(models.TextChoices):
        # Most indicators are a share the lead agency measures for the whole province; a
        # count each implementing agency reports for itself ("số doanh nghiệp ...") is summed.
        LEAD = "lead", "Số liệu của cơ quan chủ trì"
        SUM = "sum", "Cộng số liệu của các cơ quan thực hiện"
        AVERAGE = "average", "Trung bình số liệu của các cơ quan thực hiện"

    unit = models.CharField("đơn vị tính", max_length=100, blank=True)
    lead_text = models.TextField("cơ quan chủ trì (nguyên văn)", blank=True)
    implementers_text = models.TextField("cơ quan thực hiện (nguyên văn)", blank=True)
    aggregation = models.CharField(
        "cách tổng hợp số liệu toàn tỉnh",
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.LEAD,
    )
    # A key indicator the coordinator publishes: its approved values go to the public portal
    # and the open data when a period is published (portal.services).
    public = models.BooleanField("công khai", default=False, db_index=True)

    class Meta(PlanItem.Meta):
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"


class Target(models.Model):
    """An indicator's target for one milestone or phase, as written and as parsed."""

    class Comparator(models.TextChoices):
        GE = ">=", "≥"
        GT = ">", ">"
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "=", "="
        APPROX = "approx", "khoảng"
        DONE = "done", "đạt / hoàn thành"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    milestone = models.CharField("mốc", max_length=20)
    year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField("chỉ tiêu (nguyên văn)", max_length=255, blank=True)
    comparator = models.CharField(max_length=10, choices=Comparator.choices, blank=True)
    value = models.FloatField(null=True, blank=True)
    # The upper end of a range ("30-40%"): `value` is then the lower end, which the
    # comparator (">=") reads, so a range is met once its floor is reached.
    value_high = models.FloatField("cận trên", null=True, blank=True)
    unit = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "mục tiêu"
        verbose_name_plural = "mục tiêu"
        ordering = ["indicator", "position"]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.text}"


class Task(Funded, PlanItem):
    """A task (nhiệm vụ, giải pháp) with lead and coordinating agencies and a timeframe."""

    class Recurrence(models.TextChoices):
        CONTINUOUS = "continuous", "Thường xuyên"
        YEARLY = "yearly", "Hằng năm"
        QUARTERLY = "quarterly", "Hằng quý"
        MONTHLY = "monthly", "Hằng tháng"

    class Origin(models.TextChoices):
        # A task of an appendix table, or a duty the plan's "Tổ chức thực hiện" gives an
        # agency in a numbered paragraph of its body.
        APPENDIX = "appendix", "Nhiệm vụ trong phụ lục"
        DUTY = "duty", "Trách nhiệm tại mục Tổ chức thực hiện"

    origin = models.CharField(
        "nguồn", max_length=10, choices=Origin.choices, default=Origin.APPENDIX
    )
    result = models.TextField("kết quả, sản phẩm", blank=True)
    lead_text = models.TextField("cơ quan chủ trì (nguyên văn)", blank=True)
    coordinating_text = models.TextField("cơ quan phối hợp (nguyên văn)", blank=True)
    timeframe_text = models.CharField("thời gian (nguyên văn)", max_length=255, blank=True)
    starts_on = models.DateField("bắt đầu", null=True, blank=True)
    ends_on = models.DateField("hạn hoàn thành", null=True, blank=True)
    recurrence = models.CharField("lặp lại", max_length=20, choices=Recurrence.choices, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="task_timeframe_order",
            )
        ]


class KeyProject(Funded, PlanItem):
    """A key project (dự án trọng tâm) with the years in which it runs."""

    lead_text = models.TextField("cơ quan chủ trì (nguyên văn)", blank=True)
    years = models.JSONField("các năm triển khai", default=list, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = "dự án trọng tâm"
        verbose_name_plural = "dự án trọng tâm"


class Assignment(models.Model):
    """One agency or group named in a lead / coordinating / implementing cell.

    `text` keeps the name as the cell wrote it; agency and group are both empty
    when the name could not be resolved (the importer warns about it).
    """

    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATING = "coordinating", "Phối hợp"
        IMPLEMENTER = "implementer", "Thực hiện"

    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    project = models.ForeignKey(
        KeyProject, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    group = models.ForeignKey(
        AgencyGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    text = models.CharField("tên như văn bản ghi", max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(task__isnull=False, indicator__isnull=True, project__isnull=True)
                    | Q(task__isnull=True, indicator__isnull=False, project__isnull=True)
                    | Q(task__isnull=True, indicator__isnull=True, project__isnull=False)
                ),
                name="assignment_one_item",
            ),
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(group__isnull=True),
                name="assignment_agency_or_group",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "role"]),
            models.Index(fields=["group", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.text}"
