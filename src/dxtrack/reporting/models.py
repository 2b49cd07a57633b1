import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from dxtrack.agencies.models import Agency
from dxtrack.plans.models import Indicator, KeyProject, Plan, Task
from dxtrack.reporting import workflow
from dxtrack.timestamps import TimeStampedModel


class ReportingPeriod(TimeStampedModel):
    """A reporting period (kỳ báo cáo): which plans, when, and by when agencies report."""

    class Kind(models.TextChoices):
        DAILY = "daily", "Hằng ngày"
        WEEKLY = "weekly", "Hằng tuần"
        MONTHLY = "monthly", "Hằng tháng"
        QUARTERLY = "quarterly", "Hằng quý"
        HALF_YEARLY = "half_yearly", "6 tháng"
        NINE_MONTHS = "nine_months", "9 tháng"
        YEARLY = "yearly", "Hằng năm"
        AD_HOC = "ad_hoc", "Đột xuất"

    class Status(models.TextChoices):
        DRAFT = "draft", "Chưa mở"
        OPEN = "open", "Đang nhận báo cáo"
        CLOSED = "closed", "Đã đóng"

    name = models.CharField("tên kỳ báo cáo", max_length=255)
    kind = models.CharField("loại kỳ", max_length=20, choices=Kind.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    due_on = models.DateField("hạn đơn vị gửi báo cáo")
    # "trước 16 giờ hằng ngày": the due moment is this local time of `due_on`; without a
    # time a report is due by the end of that day.
    due_time = models.TimeField("giờ hạn gửi", null=True, blank=True)
    consolidated_due_on = models.DateField("hạn báo cáo tổng hợp", null=True, blank=True)
    plans = models.ManyToManyField(Plan, related_name="periods", verbose_name="các kế hoạch")
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField("mở lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")),
                name="period_start_before_end",
                violation_error_message="Ngày bắt đầu kỳ phải trước ngày kết thúc.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgencyReport(TimeStampedModel):
    """One agency's report for one period. `version` guards against silent overwrites."""

    class Status(models.TextChoices):
        # The states and their moves are `workflow`'s; the labels are the same words.
        DRAFT = workflow.DRAFT, "Đang soạn"
        SUBMITTED = workflow.SUBMITTED, "Đã gửi"
        RETURNED = workflow.RETURNED, "Trả lại để bổ sung"
        APPROVED = workflow.APPROVED, "Đã duyệt"

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name="kỳ"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="reports", verbose_name="đơn vị"
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    assessment = models.JSONField("đánh giá, kiến nghị theo lĩnh vực", default=dict, blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    reviewed_at = models.DateTimeField("xem xét lúc", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField("ý kiến khi trả lại", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        ordering = ["period", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "agency"],
                name="report_one_per_agency_period",
                violation_error_message="Đơn vị đã có báo cáo cho kỳ này.",
            )
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.agency} · {self.period}"

    @property
    def editable(self) -> bool:
        return workflow.is_editable(self.status)


class TaskStatus(models.TextChoices):
    """The status vocabulary of the province's result tables."""

    DONE = "done", "Đã hoàn thành"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    NOT_STARTED = "not_started", "Chưa thực hiện"
    NOT_DONE = "not_done", "Không thực hiện"
    # The agency disputes the assignment; the reason is the row's description, and the
    # standing body accepts it (the assignment ends) or gives the task to another agency.
    NOT_ASSIGNED = "not_assigned", "Không thuộc chức năng, nhiệm vụ"


COMPLETED_STATUSES = (TaskStatus.DONE, TaskStatus.DONE_LATE)


class TaskUpdate(models.Model):
    """What an agency reports on one task in one period (as lead, or its contribution)."""

    class Role(models.TextChoices):
        LEAD = "lead", "Chủ trì"
        COORDINATING = "coordinating", "Phối hợp"

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="task_updates")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    status = models.CharField("tình trạng", max_length=20, choices=TaskStatus.choices, blank=True)
    description = models.TextField("kết quả thực hiện", blank=True)
    evidence = models.TextField("văn bản, minh chứng", blank=True)
    completed_on = models.DateField("ngày hoàn thành thực tế", null=True, blank=True)
    difficulties = models.TextField("khó khăn, vướng mắc", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    # The standing body's own assessment, written on a submitted report; never the agency's.
    evaluation = models.TextField("đánh giá của cơ quan thường trực", blank=True)
    # The standing body's decision on a "Không thuộc chức năng, nhiệm vụ" row.
    dispute_decision = models.CharField(
        "quyết định về đề nghị không thuộc chức năng, nhiệm vụ",
        max_length=20,
        choices=[("accepted", "Chấp nhận"), ("reassigned", "Giao đơn vị khác")],
        blank=True,
    )
    # Completed and approved in an earlier period: shown as done, not asked again.
    carried_over = models.BooleanField("đã hoàn thành từ kỳ trước", default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "kết quả thực hiện nhiệm vụ"
        verbose_name_plural = "kết quả thực hiện nhiệm vụ"
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="task_update_one_per_report")
        ]
        indexes = [models.Index(fields=["task", "role"])]

    def __str__(self) -> str:
        return f"{self.report} · {self.task}"


class ProjectUpdate(models.Model):
    """What an agency reports on a key project it leads (Phụ lục III of the yearly plan)."""

    report = models.ForeignKey(
        AgencyReport, on_delete=models.CASCADE, related_name="project_updates"
    )
    project = models.ForeignKey(KeyProject, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField("tình trạng", max_length=20, choices=TaskStatus.choices, blank=True)
    description = models.TextField("kết quả triển khai", blank=True)
    # Millions of đồng, as the plans write budgets.
    budget_planned = models.DecimalField(
        "kinh phí kế hoạch (triệu đồng)", max_digits=16, decimal_places=3, null=True, blank=True
    )
    budget_disbursed = models.DecimalField(
        "kinh phí đã giải ngân (triệu đồng)", max_digits=16, decimal_places=3, null=True, blank=True
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "kết quả triển khai dự án"
        verbose_name_plural = "kết quả triển khai dự án"
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "project"], name="project_update_one_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.project}"


class IndicatorValue(models.Model):
    """The value an agency reports for one indicator in one period."""

    report = models.ForeignKey(
        AgencyReport, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    role = models.CharField("vai trò", max_length=20, default="lead")
    value_text = models.CharField("giá trị (như đơn vị ghi)", max_length=255, blank=True)
    value_number = models.FloatField("giá trị số", null=True, blank=True)
    # For Đạt / Không đạt indicators.
    value_met = models.BooleanField("đạt", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    source = models.CharField("nguồn số liệu", max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số liệu chỉ tiêu"
        verbose_name_plural = "số liệu chỉ tiêu"
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="indicator_value_one_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value_text}"


def _evidence_path(instance: "EvidenceFile", filename: str) -> str:
    # The stored name is random: the user's name may hold anything, including "../".
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.update.report.period_id}/{uuid.uuid4().hex}.{suffix}"


class EvidenceFile(models.Model):
    """A file attached to a task update; served only to those who may read the report."""

    update = models.ForeignKey(TaskUpdate, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_evidence_path, max_length=255)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp minh chứng"
        verbose_name_plural = "tệp minh chứng"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReportVersion(models.Model):
    """The whole report as it stood after each save or transition: the history."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    action = models.CharField("thao tác", max_length=20)
    status = models.CharField(max_length=20, choices=AgencyReport.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        verbose_name = "phiên bản báo cáo"
        verbose_name_plural = "phiên bản báo cáo"
        ordering = ["report", "number", "pk"]
        indexes = [models.Index(fields=["report", "number"])]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportComment(models.Model):
    """A leader's or the coordinator's remark on a report."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("ý kiến")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến"
        verbose_name_plural = "ý kiến"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ExtensionRequest(TimeStampedModel):
    """An agency's request to extend a task's deadline or adjust its content."""

    class Kind(models.TextChoices):
        EXTEND = "extend", "Gia hạn"
        ADJUST = "adjust", "Điều chỉnh nội dung"

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xem xét"
        APPROVED = "approved", "Đã chấp thuận"
        REFUSED = "refused", "Không chấp thuận"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="extension_requests")
    kind = models.CharField("loại đề nghị", max_length=20, choices=Kind.choices)
    reason = models.TextField("lý do")
    original_end = models.DateField("hạn ban đầu", null=True, blank=True)
    proposed_end = models.DateField("hạn đề nghị", null=True, blank=True)
    proposed_content = models.TextField("nội dung đề nghị điều chỉnh", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField("ý kiến của cơ quan thường trực", blank=True)

    class Meta:
        verbose_name = "đề nghị gia hạn, điều chỉnh"
        verbose_name_plural = "đề nghị gia hạn, điều chỉnh"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="extend") | Q(proposed_end__isnull=False),
                name="extension_has_new_deadline",
                violation_error_message="Đề nghị gia hạn phải nêu hạn mới.",
            )
        ]
        indexes = [models.Index(fields=["task", "agency", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.task} ({self.agency})"


class ReminderSent(models.Model):
    """A reminder e-mailed for a report at one step (e.g. 3 days before the due date)."""

    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField("mốc nhắc", max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = "lần nhắc báo cáo"
        verbose_name_plural = "lần nhắc báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["report", "step"], name="reminder_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.step}"


class Notification(models.Model):
    """An in-app notice to a user (report returned, approved, request decided)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message


class PlanProposal(TimeStampedModel):
    """Tasks a result table reports on that the catalogue lacks, proposed by the agency as a
    new plan (`ingest.result_plan`); the coordinator confirms (the plan is imported and the
    rows recorded in the report) or refuses. Seed 004: Thông báo số 396/TB-VPCP."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xác nhận"
        CONFIRMED = "confirmed", "Đã tạo kế hoạch"
        REFUSED = "refused", "Không tạo"

    report = models.ForeignKey(
        AgencyReport, on_delete=models.CASCADE, related_name="plan_proposals"
    )
    source = models.CharField("tệp bảng kết quả", max_length=255)
    # The table as read (`ingest.report_draft.draft_state`) and the rows that become tasks.
    table = models.JSONField()
    rows = models.JSONField(default=list)
    number = models.CharField("số, ký hiệu", max_length=100, blank=True)
    title = models.TextField("tiêu đề", blank=True)
    kind = models.CharField("loại văn bản", max_length=100, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("ý kiến", blank=True)

    class Meta:
        verbose_name = "đề nghị tạo kế hoạch từ bảng kết quả"
        verbose_name_plural = "đề nghị tạo kế hoạch từ bảng kết quả"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() or self.source
