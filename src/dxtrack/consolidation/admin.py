"""The coordinator confirms (or rejects) the proposed links between indicators here."""

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dxtrack.accounts.access import Action, allowed
from dxtrack.consolidation.evaluation import score_method
from dxtrack.consolidation.models import IndicatorFamily, IndicatorFamilyMember, ScoreSettings
from dxtrack.consolidation.services import (
    indicator_family_confirm,
    indicator_family_reject,
    score_weights_update,
)


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
        return obj.member_total  # type: ignore[attr-defined]  # annotated in get_queryset

    @admin.display(description=_("chờ xác nhận"), ordering="pending_total")
    def pending_count(self, obj: IndicatorFamily) -> int:
        return obj.pending_total  # type: ignore[attr-defined]  # annotated in get_queryset

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


@admin.register(ScoreSettings)
class ScoreSettingsAdmin(admin.ModelAdmin):
    """One form: the weights of the agencies' score. Saving goes through the service, which
    checks who may change them and keeps the old and new values in the audit trail."""

    fields = ("task_points", "report_points", "grace_days", "method", "updated_by", "updated_at")
    readonly_fields = ("method", "updated_by", "updated_at")
    list_display = ("__str__", "task_points", "report_points", "grace_days", "updated_at")

    @admin.display(description=_("cách tính điểm (in trên trang tổng hợp và văn bản)"))
    def method(self, obj: ScoreSettings) -> str:
        return score_method(obj.weights)

    def _may_edit(self, request: HttpRequest) -> bool:
        return allowed(request.user, Action.SCORE_WEIGHTS_EDIT)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_edit(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_edit(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_edit(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row: the defaults apply until it is first saved.
        return self._may_edit(request) and not ScoreSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        row = ScoreSettings.objects.first()
        if row is None:
            return redirect("admin:consolidation_scoresettings_add")
        return redirect("admin:consolidation_scoresettings_change", row.pk)

    def save_model(self, request: HttpRequest, obj: ScoreSettings, form, change: bool) -> None:
        saved = score_weights_update(
            actor=request.user,
            task_points=obj.task_points,
            report_points=obj.report_points,
            grace_days=obj.grace_days,
        )
        obj.pk, obj.updated_at, obj.updated_by = saved.pk, saved.updated_at, saved.updated_by
