from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q
from django.utils import timezone

from dxtrack.accounts.admin_import import CsvImportAdminMixin
from dxtrack.accounts.imports import USER_COLUMNS, users_import
from dxtrack.accounts.models import ApiToken, Profile
from dxtrack.accounts.services import tokens_revoke


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "agency__name"]
    autocomplete_fields = ["agency"]
    list_select_related = ["user", "agency"]


class ActiveFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "Đang dùng được"), ("no", "Đã thu hồi hoặc hết hạn")]

    def queryset(self, request, queryset):
        active = Q(revoked_at__isnull=True, expires_at__gt=timezone.now())
        if self.value() == "yes":
            return queryset.filter(active)
        if self.value() == "no":
            return queryset.exclude(active)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = [ActiveFilter, "user"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "key_hash",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    search_fields = ["user__username"]
    actions = ["tokens_revoke_selected"]

    def has_add_permission(self, request) -> bool:
        # Tokens come from POST /api/v1/auth/token, which shows the key once.
        return False

    @admin.action(description="Thu hồi các khóa đã chọn")
    def tokens_revoke_selected(self, request, queryset) -> None:
        revoked = tokens_revoke(token_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Đã thu hồi {revoked} khóa truy cập.", messages.SUCCESS)


class ActiveTokenInline(admin.TabularInline):
    """A user's tokens that still open the API; revoke them from the token list."""

    model = ApiToken
    verbose_name = "khóa truy cập API đang dùng"
    verbose_name_plural = "Khóa truy cập API đang dùng (thu hồi tại danh sách khóa truy cập API)"
    fields = readonly_fields = ("created_at", "expires_at", "last_used_at")
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        now = timezone.now()
        return super().get_queryset(request).filter(revoked_at__isnull=True, expires_at__gt=now)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserWithTokensAdmin(CsvImportAdminMixin, UserAdmin):
    inlines = [*UserAdmin.inlines, ActiveTokenInline]
    csv_import_title = "Nhập tài khoản từ tệp CSV"
    csv_import_columns = USER_COLUMNS
    csv_import_help = (
        "Vai trò: admin, coordinator, reporter, leader. Đơn vị (của cán bộ báo cáo) ghi tên, "
        "tên viết tắt hoặc mã. Tài khoản đã có được cập nhật theo tệp, giữ mật khẩu; nhập lại "
        "cùng một tệp không thay đổi gì."
    )

    def csv_import(self, request, data: bytes) -> tuple[str, list]:
        kept: list[tuple[str, str]] = []
        result = users_import(data=data, actor=request.user, passwords_keep=kept.extend)
        return result.summary(), kept
