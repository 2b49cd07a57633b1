"""Response shapes of the catalogue API (plans, agencies, assignments), and `InSchema`, the
base of the request bodies' shapes."""

import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import BaseModel, ModelWrapValidatorHandler, ValidationInfo, model_validator

# Rows are numbered by 64-bit keys (BigAutoField). A larger number names nothing and would
# overflow the database driver, so every id and version sent to the API, in the path, the
# query or the body, is checked against this range first and refused as invalid input.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=0, le=MAX_ID)]


class InSchema(Schema):
    """A request body's shape, validated as Ninja validates a Schema, but a JSON object is
    validated as the dict it is.

    Ninja wraps every object it validates in a DjangoGetter, which reads model instances'
    attributes, managers and files; a dict parsed from JSON holds none of them and reads the
    same through it. For a report of a hundred rows the wrapping was most of the body's
    validation (docs/decisions/0190-report-calls-cpu.md). Anything else (and a shape with
    resolvers) goes through the getter as before, so that every answer stays the same.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if type(values) is dict and not cls._ninja_resolvers:
            return handler(values)
        if cls.model_config.get("extra") == "forbid" or cls.model_config.get(
            "validate_assignment", False
        ):
            handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class InRow(BaseModel):
    """A row of a request body sent by the hundred (a report's tasks and indicators): a plain
    pydantic model, checked by pydantic's compiled validator alone. Even InSchema's check of
    the input's type is a Python call per row, half of a large report's validation."""


class ErrorOut(Schema):
    """Every error: a Vietnamese message and, for invalid input, what was wrong where."""

    detail: str
    errors: list[dict] = Field(default_factory=list)


class AgencyRef(Schema):
    id: int
    name: str


class GroupRef(Schema):
    id: int
    name: str


class PlanRef(Schema):
    id: int
    number: str
    title: str


class PlanOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    issuer: str
    issued_on: datetime.date | None
    status: str
    implements: str
    replaces: str


class PlanListOut(PlanOut):
    indicator_count: int
    task_count: int
    project_count: int


class SectionOut(Schema):
    id: int
    parent_id: int | None
    appendix: str
    label: str
    title: str
    position: int


class TargetOut(Schema):
    id: int
    milestone: str
    year_from: int | None
    year_to: int | None
    text: str = Field(description="Chỉ tiêu như văn bản ghi, ví dụ “≥ 80%”.")
    comparator: str
    value: float | None
    unit: str


class AssignmentOut(Schema):
    id: int
    role: str = Field(description="lead | coordinating | implementer")
    text: str = Field(description="Tên như văn bản ghi.")
    agency: AgencyRef | None
    group: GroupRef | None
    resolved: bool = Field(description="false khi chưa xác định được cơ quan hoặc nhóm.")

    @staticmethod
    def resolve_resolved(obj) -> bool:
        return obj.agency_id is not None or obj.group_id is not None


class IndicatorOut(Schema):
    id: int
    section_id: int | None
    number: str
    name: str
    unit: str
    position: int
    lead_text: str
    implementers_text: str
    targets: list[TargetOut]
    assignments: list[AssignmentOut]


class TaskOut(Schema):
    id: int
    section_id: int | None
    number: str
    name: str
    position: int
    result: str
    lead_text: str
    coordinating_text: str
    timeframe_text: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    recurrence: str
    assignments: list[AssignmentOut]


class KeyProjectOut(Schema):
    id: int
    section_id: int | None
    number: str
    name: str
    position: int
    lead_text: str
    years: list[int]
    assignments: list[AssignmentOut]


class PlanDetailOut(PlanOut):
    sections: list[SectionOut]
    indicators: list[IndicatorOut]
    tasks: list[TaskOut]
    key_projects: list[KeyProjectOut]


class AgencyBase(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    code: str
    active_from: datetime.date | None
    active_to: datetime.date | None


class AgencyOut(AgencyBase):
    aliases: list[str] = Field(description="Tên cũ, tên viết tắt, cách viết khác.")

    @staticmethod
    def resolve_aliases(obj) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]


class SuccessionOut(Schema):
    agency: AgencyRef
    date: datetime.date
    primary: bool
    scope: str


class AgencyDetailOut(AgencyBase):
    aliases: list[str]
    groups: list[GroupRef]
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]


class AgencyAssignmentOut(Schema):
    item_type: str = Field(description="task | indicator | project")
    item_id: int
    number: str
    name: str
    plan: PlanRef
    section_id: int | None
    role: str = Field(description="lead | coordinating | implementer")
    via: str = Field(description="direct | group | predecessor | predecessor_group")
    via_group: GroupRef | None = Field(
        description="Nhóm được giao (khi via là group hoặc predecessor_group)."
    )
    via_agency: AgencyRef | None = Field(
        description="Đơn vị tiền nhiệm được giao (khi via là predecessor)."
    )
    text: str = Field(description="Tên như văn bản ghi.")
