"""Form fields the pages share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUTS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_INVALID = gettext_lazy("Ghi ngày theo dạng dd/mm/yyyy, ví dụ 30/11/2026.")


def date_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUTS,
        error_messages={
            "invalid": DATE_INVALID,
            "required": gettext_lazy("Nhập ngày (dd/mm/yyyy)."),
        },
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
    )
