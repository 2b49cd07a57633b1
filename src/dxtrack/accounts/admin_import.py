"""An "import from CSV" page on an admin list (accounts, agencies' contacts): the same
services as the commands, the same all-or-nothing checks and messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from dxtrack.accounts.csv_table import ImportRejected

MAX_CSV_BYTES = 2 * 1024 * 1024


class CsvUploadForm(forms.Form):
    file = forms.FileField(label="Tệp CSV (UTF-8)")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Chỉ nhận tệp .csv.")
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 2 MB.")
        return upload


if TYPE_CHECKING:
    # What the mixin is mixed into: the checker reads `model`, `admin_site` and the views.
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


class CsvImportAdminMixin(_AdminBase):
    """Adds `<list>/nhap-csv/` and a link to it above the list. Subclasses give the page's
    title, the columns and `csv_import(request, data)`, which returns (summary, details)."""

    change_list_template = "admin/dxtrack_csv_changelist.html"
    csv_import_title = ""
    csv_import_columns: tuple[str, ...] = ()
    csv_import_help = ""

    def csv_import(self, request: HttpRequest, data: bytes) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def _admin_name(self, view: str) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_{view}"

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "nhap-csv/",
                self.admin_site.admin_view(self.csv_import_view),
                name=self._admin_name("csv_import"),
            )
        ]
        return own + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "csv_import_url": reverse("admin:" + self._admin_name("csv_import")),
            "csv_import_title": self.csv_import_title,
        }
        return super().changelist_view(request, extra_context)

    def csv_import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        details: list[Any] = []
        summary = ""
        if request.method == "POST" and form.is_valid():
            try:
                summary, details = self.csv_import(request, form.cleaned_data["file"].read())
            except ImportRejected as error:
                errors = error.errors
            else:
                if not details:
                    messages.success(request, summary)
                    return redirect("admin:" + self._admin_name("changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.csv_import_title,
            "form": form,
            "columns": self.csv_import_columns,
            "help": self.csv_import_help,
            "errors": errors,
            "summary": summary,
            "details": details,
        }
        status = 400 if errors or (request.method == "POST" and not form.is_valid()) else 200
        return TemplateResponse(request, "admin/dxtrack_csv_import.html", context, status=status)
