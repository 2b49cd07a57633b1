"""Forms of an agency's report page: the report, a review, a comment, two versions.

The report form is one HTML form holding a small Django form per row (task, contribution,
indicator, topic), so each error sits next to its field. The forms only read what the user
typed; the rules (what may be saved, sent, returned) stay in `reporting.report_services`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.reporting.errors import FieldError
from dxtrack.reporting.evidence import MAX_EVIDENCE_BYTES, EvidenceRejected, evidence_check
from dxtrack.reporting.history import Change
from dxtrack.reporting.models import TaskStatus, TaskUpdate
from dxtrack.reporting.report_input import (
    EvidenceUpload,
    IndicatorInput,
    ProjectInput,
    ReportInput,
    TaskInput,
)
from dxtrack.reporting.selectors import ReportDetail, TaskRow
from dxtrack.web.form_fields import date_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# ----------------------------------------------------------------------- report rows


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several evidence files at once, each checked by its content and size."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[tuple[str, bytes]]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = []
        for upload in uploads:
            if upload.size > MAX_EVIDENCE_BYTES:
                # Refused before reading: a large upload is not loaded into memory.
                raise forms.ValidationError(
                    _("Tệp “%(name)s” vượt giới hạn %(limit)s MB.")
                    % {"name": upload.name, "limit": MAX_EVIDENCE_BYTES // 1024 // 1024}
                )
            content = upload.read()
            try:
                evidence_check(name=upload.name, data=content)
            except EvidenceRejected as error:
                raise forms.ValidationError(str(error)) from None
            cleaned.append((upload.name, content))
        return cleaned

    def has_changed(self, initial: Any, data: Any) -> bool:
        return bool(data)


def _text(label: StrOrPromise, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": rows})
    )


STATUS_CHOICES = [("", gettext_lazy("— Chọn tình trạng —")), *TaskStatus.choices]


class TaskForm(forms.Form):
    """A task the agency leads: the columns of the province's result table."""

    conflicts: dict[str, Conflict]

    status = forms.ChoiceField(
        label=gettext_lazy("Tình trạng"), choices=STATUS_CHOICES, required=False
    )
    description = _text(gettext_lazy("Kết quả thực hiện"), rows=4)
    evidence = _text(gettext_lazy("Văn bản, minh chứng"), rows=2)
    completed_on = date_field(gettext_lazy("Ngày hoàn thành thực tế"), required=False)
    difficulties = _text(gettext_lazy("Khó khăn, vướng mắc"), rows=2)
    proposals = _text(gettext_lazy("Đề xuất, kiến nghị"), rows=2)
    # The form metaclass moves declared fields off the class, so `files` does not hide the
    # form's uploads; the stubs cannot say so.
    files = EvidenceFilesField(  # type: ignore[assignment]
        label=gettext_lazy("Đính kèm tệp minh chứng"), required=False
    )
    remove = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Gỡ tệp khi lưu"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, row: TaskRow, **kwargs: Any) -> None:
        update = row.update
        kwargs.setdefault("initial", _update_initial(update))
        kwargs["prefix"] = f"task-{update.task_id}"
        super().__init__(*args, **kwargs)
        self.row = row
        cast(forms.ChoiceField, self.fields["remove"]).choices = [
            (f.pk, f.original_name) for f in update.files.all()
        ]

    def task_input(self) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            status=data["status"],
            description=data["description"],
            evidence=data["evidence"],
            completed_on=data["completed_on"],
            difficulties=data["difficulties"],
            proposals=data["proposals"],
        )


class ContributionForm(forms.Form):
    """A task the agency coordinates: what it contributed to the lead agency's work."""

    conflicts: dict[str, Conflict]

    status = forms.ChoiceField(
        label=gettext_lazy("Tình trạng"), choices=STATUS_CHOICES, required=False
    )
    description = _text(gettext_lazy("Nội dung phối hợp đã thực hiện"), rows=3)

    def __init__(self, *args: Any, row: TaskRow, **kwargs: Any) -> None:
        kwargs.setdefault("initial", _update_initial(row.update))
        kwargs["prefix"] = f"task-{row.update.task_id}"
        super().__init__(*args, **kwargs)
        self.row = row

    def task_input(self) -> TaskInput:
        # The other columns are not asked of a coordinating agency: sent back as they are.
        update = self.row.update
        return TaskInput(
            status=self.cleaned_data["status"],
            description=self.cleaned_data["description"],
            evidence=update.evidence,
            completed_on=update.completed_on,
            difficulties=update.difficulties,
            proposals=update.proposals,
        )


class IndicatorForm(forms.Form):
    conflicts: dict[str, Conflict]

    value = forms.CharField(
        label=gettext_lazy("Giá trị"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("ví dụ 87,43% hoặc Đạt")}),
    )
    note = _text(gettext_lazy("Ghi chú"), rows=2)
    source = forms.CharField(label=gettext_lazy("Nguồn số liệu"), required=False, max_length=500)

    def __init__(self, *args: Any, value: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"value": value.value_text, "note": value.note, "source": value.source}
        )
        kwargs["prefix"] = f"indicator-{value.indicator_id}"
        super().__init__(*args, **kwargs)
        self.indicator_value = value


def _amount_text(value: Any) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


class ProjectForm(forms.Form):
    """A key project the agency leads: its state and its budget (kinh phí)."""

    conflicts: dict[str, Conflict]

    status = forms.ChoiceField(
        label=gettext_lazy("Tình trạng"), choices=STATUS_CHOICES, required=False
    )
    description = _text(gettext_lazy("Kết quả triển khai"), rows=3)
    budget_planned = forms.CharField(
        label=gettext_lazy("Kinh phí kế hoạch (triệu đồng)"), required=False, max_length=30
    )
    budget_disbursed = forms.CharField(
        label=gettext_lazy("Kinh phí đã giải ngân (triệu đồng)"), required=False, max_length=30
    )

    def __init__(self, *args: Any, update: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": update.status,
                "description": update.description,
                "budget_planned": _amount_text(update.budget_planned),
                "budget_disbursed": _amount_text(update.budget_disbursed),
            },
        )
        kwargs["prefix"] = f"project-{update.project_id}"
        super().__init__(*args, **kwargs)
        self.update = update

    def project_input(self) -> ProjectInput:
        return ProjectInput(**{name: self.cleaned_data[name] for name in self.fields})


class TopicForm(forms.Form):
    conflicts: dict[str, Conflict]

    issues = _text(gettext_lazy("Tồn tại, hạn chế"), rows=3)
    proposals = _text(gettext_lazy("Đề xuất, kiến nghị"), rows=3)

    def __init__(self, *args: Any, key: str, label: str, entry: dict, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"issues": entry.get("issues", ""), "proposals": entry.get("proposals", "")}
        )
        kwargs["prefix"] = f"topic-{key}"
        super().__init__(*args, **kwargs)
        self.key, self.label = key, label


def _update_initial(update: TaskUpdate) -> dict[str, Any]:
    return {
        "status": update.status,
        "description": update.description,
        "evidence": update.evidence,
        "completed_on": update.completed_on,
        "difficulties": update.difficulties,
        "proposals": update.proposals,
    }


# ----------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Conflict:
    """A field both the user and someone else changed: the user's text stays in the box."""

    label: str
    theirs: str


# The row forms hold the `conflicts` ReportForm sets on them after a stale save.
RowForm = TaskForm | ContributionForm | IndicatorForm | ProjectForm | TopicForm


class ReportForm:
    """All the rows of a report in one HTML form, with the version it was read at.

    `only`: the keys of the rows sent (`task-12`, `indicator-5`, `project-3`,
    `topic-ha_tang`, each row's prefix) when one row or one part is saved alone; the
    other rows are neither read nor written.
    """

    def __init__(
        self,
        detail: ReportDetail,
        data: QueryDict | None = None,
        files: Any = None,
        *,
        only: Collection[str] | None = None,
    ) -> None:
        self.detail = detail
        self.only = None if only is None else set(only)
        self.data = data
        self.bound = data is not None
        args = (data, files) if self.bound else ()
        self.version = detail.report.version
        if data is not None:
            try:
                self.version = int(data.get("version", ""))
            except ValueError:
                self.version = -1
        # Carried-over tasks were approved earlier: shown, never sent back.
        self.tasks = [
            TaskForm(*args, row=row) for row in detail.lead_tasks if not row.update.carried_over
        ]
        self.contributions = [
            ContributionForm(*args, row=row)
            for row in detail.coordinating_tasks
            if not row.update.carried_over
        ]
        self.indicators = [IndicatorForm(*args, value=value) for value in detail.indicators]
        self.projects = [ProjectForm(*args, update=update) for update in detail.projects]
        self.topics = [
            TopicForm(*args, key=key, label=label, entry=entry)
            for key, label, entry in detail.topics
        ]
        if self.only is not None:
            self.tasks = [f for f in self.tasks if f.prefix in self.only]
            self.contributions = [f for f in self.contributions if f.prefix in self.only]
            self.indicators = [f for f in self.indicators if f.prefix in self.only]
            self.projects = [f for f in self.projects if f.prefix in self.only]
            self.topics = [f for f in self.topics if f.prefix in self.only]
        self.by_task = {form.row.update.task_id: form for form in self.tasks + self.contributions}
        self.by_indicator = {form.indicator_value.indicator_id: form for form in self.indicators}
        self.by_topic = {form.key: form for form in self.topics}
        self.by_project = {form.update.project_id: form for form in self.projects}
        self.non_field_errors: list[str] = []
        for form in self.forms:
            form.conflicts = {}  # field name -> Conflict, after a stale save

    @property
    def forms(self) -> list[RowForm]:
        return [*self.tasks, *self.contributions, *self.indicators, *self.projects, *self.topics]

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.forms])  # every form, for every error
        if self.version < 0:
            self.non_field_errors.append(_("Thiếu phiên bản báo cáo; vui lòng tải lại trang."))
            valid = False
        return valid

    @property
    def errors(self) -> bool:
        return bool(self.non_field_errors) or any(form.errors for form in self.forms)

    def error_count(self) -> int:
        return len(self.non_field_errors) + sum(
            len(errors) for form in self.forms for errors in form.errors.values()
        )

    def content_changed(self) -> bool:
        """Did the user change any text against what is stored now (files aside)?"""
        return any(
            name not in ("files", "remove") for form in self.forms for name in form.changed_data
        )

    def report_input(self) -> ReportInput:
        return ReportInput(
            tasks={task_id: form.task_input() for task_id, form in self.by_task.items()},
            indicators={
                indicator_id: IndicatorInput(
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                    source=form.cleaned_data["source"],
                )
                for indicator_id, form in self.by_indicator.items()
            },
            projects={
                project_id: form.project_input()
                for project_id, form in self.by_project.items()
                if form.has_changed()
            },
            assessment=self._assessment(),
        )

    def _assessment(self) -> dict[str, dict[str, str]] | None:
        typed = {
            form.key: {
                "issues": form.cleaned_data["issues"],
                "proposals": form.cleaned_data["proposals"],
            }
            for form in self.topics
        }
        if self.only is None:
            return typed
        if not typed:
            return None  # no topic sent: the assessment stays as it is
        # The service replaces the assessment whole: the topics not sent go back as stored
        # (as read at this version; the version guard refuses the save if they moved since).
        stored = {key: dict(entry) for key, _label, entry in self.detail.topics if entry}
        return {**stored, **typed}

    def uploads(self) -> list[EvidenceUpload]:
        return [
            EvidenceUpload(task_id=form.row.update.task_id, name=name, data=content)
            for form in self.tasks
            for name, content in form.cleaned_data["files"]
        ]

    def removals(self) -> list[int]:
        """The ids of the files ticked for removal (only the row's own are offered)."""
        chosen = []
        for form in self.tasks:
            ids = set(form.cleaned_data["remove"])
            chosen += [f.pk for f in form.row.update.files.all() if f.pk in ids]
        return chosen

    def add_service_errors(self, errors: list[FieldError]) -> None:
        """Put each error the service found next to its field ("tasks.12.completed_on")."""
        for error in errors:
            kind, _sep, rest = error.where.partition(".")
            key, _sep, name = rest.partition(".")
            form: RowForm | None = None
            if kind == "tasks" and key.isdigit():
                form = self.by_task.get(int(key))
            elif kind == "indicators" and key.isdigit():
                form = self.by_indicator.get(int(key))
            elif kind == "projects" and key.isdigit():
                form = self.by_project.get(int(key))
            elif kind == "assessment":
                form = self.by_topic.get(key)
            if form is not None and name in form.fields:
                form.add_error(name, error.message)
            else:
                self.non_field_errors.append(error.message)

    def rebase(self, changes: list[Change], version: int) -> ReportForm:
        """The form again on `version`, after someone else saved `changes` meanwhile.

        A field the user left as it was takes the other person's new value; a field both
        changed keeps what the user typed and is flagged with the other value. Saving again
        then keeps both people's work.
        """
        data = self.data.copy() if self.data is not None else QueryDict(mutable=True)
        data["version"] = str(version)
        conflicts = []
        for change in changes:
            form = self._form_of(change)
            if form is None or change.field not in form.fields:
                continue
            typed = _as_snapshot(form.cleaned_data.get(change.field))
            if typed == _as_snapshot(change.old):
                data[form.add_prefix(change.field)] = _as_input(change.field, change.new)
            elif typed != _as_snapshot(change.new):
                conflicts.append(change)
        rebased = ReportForm(self.detail, data=data, files=None)
        rebased.is_valid()
        for change in conflicts:
            # The same report's rows: each form found above is there again.
            rebased_form = rebased._form_of(change)
            if rebased_form is not None:
                rebased_form.conflicts[change.field] = Conflict(
                    change.label, _as_shown(change.field, change.new)
                )
        return rebased

    def _form_of(self, change: Change) -> RowForm | None:
        if change.kind == "task" and change.key.isdigit():
            return self.by_task.get(int(change.key))
        if change.kind == "indicator" and change.key.isdigit():
            return self.by_indicator.get(int(change.key))
        if change.kind == "assessment":
            return self.by_topic.get(change.key)
        return None


def _as_snapshot(value: Any) -> str:
    """A value in the shape the history keeps it, to compare typed and stored values."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _as_input(field: str, value: Any) -> str:
    if field == "completed_on" and value:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    return value or ""


def _as_shown(field: str, value: Any) -> str:
    if field == "status" and value in TaskStatus.values:
        return TaskStatus(value).label
    if not value:
        return _("(để trống)")
    return _as_input(field, value)


# ----------------------------------------------------------------------- review


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Nội dung cần đơn vị bổ sung, sửa đổi"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Nêu nội dung cần đơn vị bổ sung, sửa đổi.")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Ý kiến"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Ý kiến không được để trống.")},
    )


class VersionCompareForm(forms.Form):
    older = forms.TypedChoiceField(label=gettext_lazy("Từ phiên bản"), coerce=int)
    newer = forms.TypedChoiceField(label=gettext_lazy("Đến phiên bản"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        cast(forms.ChoiceField, self.fields["older"]).choices = choices
        cast(forms.ChoiceField, self.fields["newer"]).choices = choices
