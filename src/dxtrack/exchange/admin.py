"""The back office of the exchange: national indicator codes (kept by the standing body)
and the outbox with every delivery attempt (read only)."""

from django.contrib import admin

from dxtrack.exchange.models import (
    DeliveryAttempt,
    EvidenceSignature,
    NationalIndicatorCode,
    OutboxPacket,
)


@admin.register(NationalIndicatorCode)
class NationalIndicatorCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "indicator", "group_code", "group_name"]
    search_fields = ["code", "name", "indicator__name", "group_code"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "status", "error", "duration_ms"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxPacket)
class OutboxPacketAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "period", "created_at", "attempts", "last_status", "delivered_at"]
    list_filter = ["kind", "period"]
    search_fields = ["key"]
    list_select_related = ["period"]
    readonly_fields = [f.name for f in OutboxPacket._meta.fields]
    inlines = [DeliveryAttemptInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EvidenceSignature)
class EvidenceSignatureAdmin(admin.ModelAdmin):
    list_display = ["evidence", "signer", "organisation", "signed_at", "intact", "trusted"]
    list_select_related = ["evidence"]
    readonly_fields = [f.name for f in EvidenceSignature._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
