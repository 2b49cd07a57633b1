"""Forms of the period pages: one period, a series of periods from a plan's regime."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from dxtrack.plans.models import Plan
from dxtrack.reporting.errors import FieldError
from dxtrack.reporting.models import ReportingPeriod
from dxtrack.reporting.period_rules import default_due_dates, due_from_rule
from dxtrack.web.form_fields import date_field


class PeriodForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên kỳ báo cáo"),
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Ví dụ: Báo cáo năm 2026")}),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại kỳ"), choices=ReportingPeriod.Kind.choices)
    starts_on = date_field(gettext_lazy("Từ ngày"))
    ends_on = date_field(gettext_lazy("Đến ngày"))
    due_on = date_field(
        gettext_lazy("Hạn đơn vị gửi báo cáo"),
        required=False,
        help_text=gettext_lazy(
            "Để trống: theo quy định (kỳ hằng năm 30/11; kỳ tháng, quý, 6 tháng, 9 tháng ngày "
            "10 của tháng sau kỳ; kỳ hằng ngày trước 16 giờ; kỳ đột xuất ngày kết thúc kỳ)."
        ),
    )
    due_time = forms.TimeField(
        label=gettext_lazy("Giờ hạn gửi"),
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Để trống: hết ngày hạn gửi (kỳ hằng ngày: trước 16 giờ)."),
    )
    consolidated_due_on = date_field(
        gettext_lazy("Hạn báo cáo tổng hợp"),
        required=False,
        help_text=gettext_lazy("Để trống: theo quy định (kỳ hằng năm 15/12)."),
    )
    plans = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Các kế hoạch"),
        queryset=Plan.objects.order_by("-issued_on", "number"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Chọn ít nhất một kế hoạch.")},
    )

    # The service's names for the fields it checks.
    SERVICE_FIELDS = {"end": "ends_on", "due": "due_on", "start": "starts_on"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        kind, ends_on = data.get("kind"), data.get("ends_on")
        if kind and ends_on:
            # An empty due date takes the one the plans set for the kind of period.
            due, consolidated = default_due_dates(kind=kind, ends_on=ends_on)
            if not data.get("due_on"):
                data["due_on"] = due
            if kind == "daily" and not data.get("due_time"):
                data["due_time"] = due_from_rule(rule="", kind=kind, ends_on=ends_on).time
            if not data.get("consolidated_due_on"):
                data["consolidated_due_on"] = consolidated
        return data

    def add_service_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            name = self.SERVICE_FIELDS.get(error.where, error.where)
            self.add_error(name if name in self.fields else None, error.message)


class PeriodSeriesForm(forms.Form):
    """A series of periods in one step, from a plan's reporting regime."""

    plan = forms.ModelChoiceField(
        label=gettext_lazy("Kế hoạch"),
        queryset=Plan.objects.order_by("-issued_on", "number"),
        error_messages={"required": gettext_lazy("Chọn kế hoạch.")},
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại kỳ"),
        required=False,
        choices=[("", gettext_lazy("— Theo chế độ báo cáo của kế hoạch —"))]
        + [c for c in ReportingPeriod.Kind.choices if c[0] != ReportingPeriod.Kind.AD_HOC],
    )
    first_start = date_field(gettext_lazy("Ngày bắt đầu kỳ đầu tiên"))
    count = forms.IntegerField(label=gettext_lazy("Số kỳ"), min_value=1, max_value=366)
    due_rule = forms.CharField(
        label=gettext_lazy("Quy tắc hạn gửi"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "Để trống: theo kế hoạch, rồi theo quy định. Ví dụ: next_month:10 (ngày 10 tháng "
            "sau), same_day:16:00 (trước 16 giờ cùng ngày), date:11-30 (30/11), days_after:5."
        ),
    )

    def add_service_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            name = error.where if error.where in self.fields else None
            self.add_error(name, error.message)
