from django.contrib import admin

from dxtrack.accounts.models import ApiToken, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "agency__name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["user", "agency"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["user", "key_hash", "created_at", "expires_at", "last_used_at"]
    search_fields = ["user__username"]

    def has_add_permission(self, request) -> bool:
        # Tokens come from POST /api/v1/auth/token, which shows the key once.
        return False
