"""The department's document settings in the back office: one issuing body, one setting
per kind of document."""

from django.contrib import admin

from dxtrack.documents.models import DocumentSetting, IssuingBody


class DocumentSettingInline(admin.TabularInline):
    model = DocumentSetting
    extra = 0
    fields = ["kind", "symbol", "recipients"]


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["unit_name", "province_line", "signer_position", "signer_name"]
    fieldsets = [
        (
            "Tiêu đề văn bản",
            {"fields": ["province_line", "unit_name", "unit_title", "short_name", "place"]},
        ),
        ("Người ký", {"fields": ["signer_title", "signer_position", "signer_name", "head_title"]}),
    ]
    inlines = [DocumentSettingInline]

    def has_add_permission(self, request) -> bool:
        # One issuing body: the service creates it with the province's values.
        return not IssuingBody.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
