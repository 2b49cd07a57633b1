"""Shapes of the reporting API: periods, progress, agency reports and their workflow.

A report is read and written in one shape: what GET returns can be changed and sent back
with PUT (fields only shown, such as names and targets, are ignored on the way in).
"""

import datetime

from django.utils import timezone
from ninja import Field, Schema
from pydantic import model_validator

from dxtrack.api.schemas import AgencyRef, Id, InRow, InSchema, Version


class PeriodIn(Schema):
    name: str = Field(examples=["Báo cáo năm 2026"])
    kind: str = Field(
        description="daily | weekly | monthly | quarterly | half_yearly | nine_months | "
        "yearly | ad_hoc"
    )
    start: datetime.date
    end: datetime.date
    due: str = Field(
        description="Hạn các đơn vị gửi báo cáo: ngày (2026-11-30, hết ngày đó) hoặc ngày giờ "
        "kèm múi giờ (2026-12-07T16:00:00+07:00: trước 16 giờ).",
        examples=["2026-11-30", "2026-12-07T16:00:00+07:00"],
    )
    consolidated_due: datetime.date | None = Field(
        default=None, description="Hạn cơ quan thường trực gửi báo cáo tổng hợp."
    )
    plans: list[Id] = Field(description="Mã các kế hoạch được báo cáo trong kỳ.")


class PeriodOut(Schema):
    id: int
    name: str
    kind: str
    start: datetime.date
    end: datetime.date
    due: str = Field(
        description="Hạn các đơn vị gửi báo cáo: ngày, hoặc ngày giờ kèm múi giờ khi hạn có giờ."
    )
    consolidated_due: datetime.date | None
    status: str = Field(description="draft | open | closed")
    plans: list[int]
    report_count: int = Field(description="Số đơn vị phải báo cáo.")
    submitted_count: int = Field(description="Số báo cáo đã gửi hoặc đã duyệt.")
    waiting_count: int = Field(
        description="Số báo cáo chưa gửi (đang soạn hoặc bị trả lại): "
        "submitted_count + waiting_count = report_count."
    )

    @staticmethod
    def resolve_start(obj) -> datetime.date:
        return obj.starts_on

    @staticmethod
    def resolve_end(obj) -> datetime.date:
        return obj.ends_on

    @staticmethod
    def resolve_due(obj) -> str:
        return due_text(obj)

    @staticmethod
    def resolve_consolidated_due(obj) -> datetime.date | None:
        return obj.consolidated_due_on

    @staticmethod
    def resolve_plans(obj) -> list[int]:
        return sorted(plan.pk for plan in obj.plans.all())

    @staticmethod
    def resolve_waiting_count(obj) -> int:
        return obj.report_count - obj.submitted_count


def due_text(period) -> str:
    """The due date as given: a date, or the local date-time with its offset."""
    if period.due_time is None:
        return period.due_on.isoformat()
    moment = datetime.datetime.combine(period.due_on, period.due_time)
    return timezone.make_aware(moment).isoformat()


class RecurringIn(Schema):
    plan: Id = Field(description="Kế hoạch có chế độ báo cáo.")
    kind: str = Field(
        default="",
        description="daily | weekly | monthly | quarterly | half_yearly | nine_months | yearly; "
        "bỏ trống để theo chế độ báo cáo của kế hoạch.",
    )
    first_start: datetime.date = Field(description="Ngày bắt đầu kỳ đầu tiên.")
    count: int = Field(description="Số kỳ cần tạo (1–366).")
    due_rule: str = Field(
        default="",
        description="next_month:10 | same_day:16:00 | date:11-30 | days_after:5 | end; bỏ "
        "trống để theo kế hoạch, rồi theo mặc định của loại kỳ.",
    )


class ReviewTaskIn(Schema):
    task_id: Id
    evaluation: str = Field(description="Đánh giá của Cơ quan Thường trực; rỗng để xóa.")


class ReviewIn(Schema):
    tasks: list[ReviewTaskIn] = Field(default_factory=list)
    comment: str = ""

    @model_validator(mode="after")
    def _rows_once(self) -> "ReviewIn":
        _no_repeats(self.tasks, "task_id", "Nhiệm vụ")
        return self


class DisputeIn(Schema):
    task_id: Id
    decision: str = Field(description="accept | reassign")
    agency_id: Id | None = Field(default=None, description="Đơn vị nhận nhiệm vụ (reassign).")
    comment: str = ""


class PeriodOpenOut(Schema):
    period: PeriodOut
    reports_created: int
    rows_created: int = Field(description="Số dòng nhiệm vụ, chỉ tiêu mới tạo.")


class ProgressOut(Schema):
    agency_id: int
    agency: str
    status: str = Field(description="draft | submitted | returned | approved")
    version: int
    submitted_at: datetime.datetime | None
    days_late: int = Field(description="Số ngày quá hạn gửi (0 khi đúng hạn).")


class PeriodRef(Schema):
    id: int
    name: str
    due: datetime.date

    @staticmethod
    def resolve_due(obj) -> datetime.date:
        return obj.due_on


class ReportListOut(Schema):
    period: PeriodRef
    agency: AgencyRef
    status: str
    version: int
    submitted_at: datetime.datetime | None


class TargetRef(Schema):
    milestone: str
    text: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name


class TaskRowOut(Schema):
    task_id: int
    plan_id: int
    number: str
    name: str
    role: str = Field(description="lead | coordinating")
    deadline: datetime.date | None = Field(description="Hạn hoàn thành (kể cả khi được gia hạn).")
    status: str | None = Field(
        description="Đã hoàn thành | Hoàn thành quá hạn | Đang thực hiện | Chưa thực hiện | "
        "Không thực hiện | Không thuộc chức năng, nhiệm vụ; null khi chưa chọn."
    )
    description: str
    evidence: str
    completed_on: datetime.date | None
    difficulties: str
    proposals: str
    evaluation: str = Field(description="Đánh giá của Cơ quan Thường trực (chỉ đọc).")
    dispute_decision: str = Field(
        description="accepted | reassigned khi đơn vị báo không thuộc chức năng, nhiệm vụ."
    )
    funding_source: str = Field(description="Nguồn kinh phí theo kế hoạch.")
    budget: float | None = Field(description="Kinh phí theo kế hoạch (triệu đồng).")
    carried_over: bool = Field(description="Đã hoàn thành và được duyệt ở kỳ trước.")
    files: list[EvidenceOut] = Field(default_factory=list, description="Tệp minh chứng.")


class IndicatorRowOut(Schema):
    indicator_id: int
    plan_id: int
    number: str
    name: str
    unit: str
    role: str = Field(description="lead | implementer")
    target: str = Field(description="Chỉ tiêu của mốc áp dụng cho kỳ, như văn bản ghi.")
    targets: list[TargetRef]
    value: str = Field(description="Giá trị như đơn vị ghi, ví dụ “87,43%”.")
    value_number: float | None
    value_met: bool | None
    note: str
    source: str


class BudgetOut(Schema):
    planned: float | None = Field(description="Kinh phí kế hoạch (triệu đồng).")
    disbursed: float | None = Field(description="Kinh phí đã giải ngân (triệu đồng).")


class ProjectRowOut(Schema):
    project_id: int
    name: str
    years: list[int]
    status: str | None = Field(description="Cụm từ tình trạng; null khi chưa chọn.")
    description: str
    funding_source: str
    budget: BudgetOut


class BudgetIn(InSchema):
    planned: float | str | None = None
    disbursed: float | str | None = None


class ProjectRowIn(InSchema):
    project_id: Id
    status: str | None = None
    description: str | None = ""
    budget: BudgetIn | None = None


class AssessmentTopic(InSchema):
    issues: str = ""
    proposals: str = ""


class AssessmentTopicOut(AssessmentTopic):
    label: str


class ReportOut(Schema):
    period: PeriodRef
    agency: AgencyRef
    status: str = Field(description="draft | submitted | returned | approved")
    version: int = Field(
        description="Gửi kèm khi lưu (PUT) để không ghi đè thay đổi của người khác."
    )
    editable: bool
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    review_comment: str
    tasks: list[TaskRowOut]
    indicators: list[IndicatorRowOut]
    projects: list[ProjectRowOut] = Field(
        description="Dự án trọng tâm đơn vị chủ trì, triển khai trong các năm của kỳ."
    )
    assessment: dict[str, AssessmentTopicOut] = Field(
        description="Phần C theo lĩnh vực: the_che, ha_tang, nen_tang_so, du_lieu_so, "
        "an_toan_thong_tin, nhan_luc_so, ky_nang_so."
    )


class TaskRowIn(InRow):
    task_id: Id
    status: str | None = Field(default=None, description="Cụm từ như trong biểu mẫu.")
    description: str | None = ""
    evidence: str | None = ""
    completed_on: datetime.date | None = None
    difficulties: str | None = ""
    proposals: str | None = ""


class IndicatorRowIn(InRow):
    indicator_id: Id
    value: str | None = Field(default="", description="Ví dụ “87,43%”, “1.250”, “Đạt”.")
    note: str | None = ""
    source: str | None = ""


def _no_repeats(rows: list, key: str, label: str) -> None:
    if len({getattr(row, key) for row in rows}) == len(rows):
        return  # the usual case, told in one pass
    seen = set()
    for row in rows:
        if getattr(row, key) in seen:
            raise ValueError(f"{label} {getattr(row, key)} được gửi hai lần.")
        seen.add(getattr(row, key))


class ReportIn(InSchema):
    """Each row sent replaces that row's content; rows not sent stay as they are."""

    version: Version = Field(description="Phiên bản đọc được lần cuối (GET).")
    tasks: list[TaskRowIn] = Field(default_factory=list)
    indicators: list[IndicatorRowIn] = Field(default_factory=list)
    projects: list[ProjectRowIn] = Field(default_factory=list)
    assessment: dict[str, AssessmentTopic] | None = Field(
        default=None, description="Bỏ trống để giữ nguyên Phần C."
    )

    @model_validator(mode="after")
    def _rows_once(self) -> "ReportIn":
        _no_repeats(self.tasks, "task_id", "Nhiệm vụ")
        _no_repeats(self.indicators, "indicator_id", "Chỉ tiêu")
        _no_repeats(self.projects, "project_id", "Dự án")
        return self


class ReportApplyIn(ReportIn):
    """Sent as the `data` field of a multipart/form-data request, the files in `files`."""

    files_for: list[Id] = Field(
        default_factory=list,
        description="Mã nhiệm vụ nhận từng tệp trong `files`, theo đúng thứ tự các tệp.",
    )
    remove_files: list[Id] = Field(
        default_factory=list, description="Mã các tệp minh chứng cần gỡ (`files[].id`)."
    )
    submit: bool = Field(default=False, description="Gửi báo cáo ngay sau khi lưu.")


class ReturnIn(Schema):
    comment: str = Field(description="Nội dung đơn vị cần bổ sung, sửa đổi.")


class CommentIn(Schema):
    text: str


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.username


class CommentOut(Schema):
    id: int
    author: UserRef
    text: str
    at: datetime.datetime


class ChangeOut(Schema):
    kind: str = Field(description="report | task | indicator | assessment")
    key: str = Field(description="Mã nhiệm vụ, chỉ tiêu hoặc lĩnh vực.")
    field: str
    label: str
    old: str | None
    new: str | None


class VersionOut(Schema):
    number: int
    action: str = Field(description="open | save | submit | return | approve")
    status: str
    actor: UserRef | None
    at: datetime.datetime
    comment: str
    changes: list[ChangeOut] = Field(description="Những gì thay đổi so với phiên bản trước.")


class VersionDetailOut(Schema):
    number: int
    action: str
    status: str
    at: datetime.datetime
    snapshot: dict = Field(description="Toàn bộ nội dung báo cáo ở phiên bản này.")


class ConflictOut(Schema):
    """409: the report changed since it was read, or is not in a state that allows the step."""

    detail: str
    errors: list[ChangeOut] = Field(
        default_factory=list, description="Những gì người khác đã thay đổi trong lúc đó."
    )
    version: int | None = Field(
        default=None, description="Phiên bản hiện tại: đọc lại, rồi gửi kèm khi lưu."
    )
