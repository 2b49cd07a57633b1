"""The coordinator confirms (or rejects) the proposed links between indicators here."""

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember
from dxtrack.consolidation.services import indicator_family_confirm, indicator_family_reject


class MemberInline(admin.TabularInline):
    model = IndicatorFamilyMember
    fields = ("indicator", "plan", "similarity", "confirmed", "confirmed_by", "confirmed_at")
    readonly_fields = ("plan", "similarity", "confirmed_by", "confirmed_at")
    raw_id_fields = ("indicator",)
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[IndicatorFamilyMember]:
        return super().get_queryset(request).select_related("indicator__plan", "confirmed_by")

    @admin.display(description=_("kế hoạch"))
    def plan(self, obj: IndicatorFamilyMember) -> str:
        plan = obj.indicator.plan
        return plan.number or plan.title


def _confirm(request: HttpRequest, members: list[IndicatorFamilyMember]) -> int:
    return indicator_family_confirm(actor=request.user, members=members)


@admin.register(IndicatorFamily)
class IndicatorFamilyAdmin(admin.ModelAdmin):
    list_display = ("name", "member_count", "pending_count")
    search_fields = ("name", "members__indicator__name")
    inlines = (MemberInline,)
    actions = ("confirm_all",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[IndicatorFamily]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=Count("members"),
                pending_total=Count("members", filter=Q(members__confirmed=False)),
            )
        )

    @admin.display(description=_("số chỉ tiêu"), ordering="member_total")
    def member_count(self, obj: IndicatorFamily) -> int:
        return obj.member_total

    @admin.display(description=_("chờ xác nhận"), ordering="pending_total")
    def pending_count(self, obj: IndicatorFamily) -> int:
        return obj.pending_total

    @admin.action(description=_("Xác nhận các chỉ tiêu của nhóm đã chọn là một"))
    def confirm_all(self, request: HttpRequest, queryset: QuerySet[IndicatorFamily]) -> None:
        members = list(IndicatorFamilyMember.objects.filter(family__in=queryset, confirmed=False))
        count = _confirm(request, members)
        self.message_user(
            request,
            ngettext("Đã xác nhận %d chỉ tiêu.", "Đã xác nhận %d chỉ tiêu.", count) % count,
            messages.SUCCESS,
        )


@admin.register(IndicatorFamilyMember)
class IndicatorFamilyMemberAdmin(admin.ModelAdmin):
    list_display = ("indicator", "plan", "family", "similarity", "confirmed")
    list_filter = ("confirmed",)
    list_select_related = ("indicator__plan", "family")
    search_fields = ("indicator__name", "family__name")
    raw_id_fields = ("family", "indicator")
    readonly_fields = ("confirmed_by", "confirmed_at")
    actions = ("confirm", "reject")

    @admin.display(description=_("kế hoạch"))
    def plan(self, obj: IndicatorFamilyMember) -> str:
        return obj.indicator.plan.number or obj.indicator.plan.title

    @admin.action(description=_("Xác nhận liên kết"))
    def confirm(self, request: HttpRequest, queryset: QuerySet[IndicatorFamilyMember]) -> None:
        count = _confirm(request, list(queryset))
        self.message_user(request, _("Đã xác nhận %d chỉ tiêu.") % count, messages.SUCCESS)

    @admin.action(description=_("Bỏ liên kết (đưa chỉ tiêu ra khỏi nhóm)"))
    def reject(self, request: HttpRequest, queryset: QuerySet[IndicatorFamilyMember]) -> None:
        count = indicator_family_reject(actor=request.user, members=list(queryset))
        self.message_user(request, _("Đã bỏ liên kết %d chỉ tiêu.") % count, messages.SUCCESS)
