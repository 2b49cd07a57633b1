"""The back office for the agency directory: agencies, groups, other names, successions."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from dxtrack.accounts.admin_import import CsvImportAdminMixin
from dxtrack.agencies.contacts import CONTACT_COLUMNS, contacts_import
from dxtrack.agencies.models import Agency, AgencyAlias, AgencyGroup, Succession
from dxtrack.agencies.services import alias_add, alias_change, alias_remove
from dxtrack.vn_text import fold, name_key


def _folded_matches(term: str, *, folded_field: str | None) -> Q | None:
    """What the built-in search misses: the term without case and diacritics ("so khcn"
    finds "Sở KH&CN"), in the name and in the other names."""
    key = name_key(term)
    if not key:
        return None
    condition = Q(aliases__key__contains=key)
    if folded_field:
        condition |= Q(**{f"{folded_field}__contains": fold(term)})
    return condition


class ActiveFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "Đang hoạt động"), ("no", "Đã giải thể, sáp nhập")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        active = (Q(active_from__isnull=True) | Q(active_from__lte=today)) & (
            Q(active_to__isnull=True) | Q(active_to__gte=today)
        )
        if self.value() == "yes":
            return queryset.filter(active)
        if self.value() == "no":
            return queryset.exclude(active)
        return queryset


def _alias_save(request, alias: AgencyAlias, *, adding: bool) -> AgencyAlias:
    """Every alias the admin writes goes through the services: access, audit."""
    fields = {
        "name": alias.name,
        "kind": alias.kind,
        "agency": alias.agency,
        "group": alias.group,
        "actor": request.user,
    }
    if adding:
        return alias_add(**fields)
    return alias_change(alias=alias, **fields)


class AliasesThroughServices:
    """For the admins whose inlines edit other names: the alias rows are saved and deleted
    by the services rather than by the formset."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not AgencyAlias:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for alias in formset.deleted_objects:
            alias_remove(alias=alias, actor=request.user)
        for alias in formset.new_objects:
            alias.pk = _alias_save(request, alias, adding=True).pk
        for alias, _fields in formset.changed_objects:
            _alias_save(request, alias, adding=False)
        return None


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    fk_name = "agency"
    fields = ("name", "kind")
    extra = 1
    verbose_name = "tên gọi khác"
    verbose_name_plural = "tên gọi khác (tên cũ, viết tắt, cách viết khác)"


class GroupAliasInline(AgencyAliasInline):
    fk_name = "group"


class SuccessionInline(admin.TabularInline):
    model = Succession
    fk_name = "predecessor"
    fields = ("successor", "date", "primary", "scope")
    autocomplete_fields = ("successor",)
    extra = 0
    verbose_name = "cơ quan kế thừa"
    verbose_name_plural = "chuyển giao nhiệm vụ cho (kế thừa)"


class PrecessionInline(admin.TabularInline):
    model = Succession
    fk_name = "successor"
    fields = ("predecessor", "date", "primary", "scope")
    autocomplete_fields = ("predecessor",)
    extra = 0
    verbose_name = "cơ quan trước"
    verbose_name_plural = "tiếp nhận nhiệm vụ từ"


@admin.register(Agency)
class AgencyAdmin(CsvImportAdminMixin, AliasesThroughServices, admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "code", "email", "active_from", "active_to")
    list_filter = ("kind", ActiveFilter)
    search_fields = ("name", "short_name", "code", "aliases__name")
    fields = (
        "name",
        "short_name",
        "kind",
        "code",
        ("email", "phone"),
        ("active_from", "active_to"),
    )
    csv_import_title = "Nhập e-mail, điện thoại liên hệ từ tệp CSV"
    csv_import_columns = CONTACT_COLUMNS
    csv_import_help = (
        "Đơn vị ghi tên, tên viết tắt hoặc mã. Ô để trống giữ nguyên thông tin đã có; nhập "
        "lại cùng một tệp không thay đổi gì. Thư nhắc báo cáo gửi đến e-mail này và e-mail "
        "của cán bộ báo cáo của đơn vị."
    )

    def csv_import(self, request, data: bytes) -> tuple[str, list]:
        return contacts_import(data=data, actor=request.user).summary(), []
    inlines = (AgencyAliasInline, SuccessionInline, PrecessionInline)
    list_per_page = 100

    def get_search_results(self, request, queryset, search_term):
        found, _ = super().get_search_results(request, queryset, search_term)
        condition = _folded_matches(search_term, folded_field="search_name")
        if condition is not None:
            found |= queryset.filter(condition)
        return found, True


class AgencyGroupForm(forms.ModelForm):
    member_kinds = forms.MultipleChoiceField(
        label="gồm các loại",
        choices=Agency.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Mọi cơ quan, đơn vị đang hoạt động thuộc các loại này là thành viên.",
    )

    class Meta:
        model = AgencyGroup
        fields = ("name", "member_kinds", "members", "successor", "succeeded_on", "active_to")


@admin.register(AgencyGroup)
class AgencyGroupAdmin(AliasesThroughServices, admin.ModelAdmin):
    form = AgencyGroupForm
    list_display = ("name", "kinds", "successor", "succeeded_on")
    list_select_related = ("successor",)
    search_fields = ("name", "aliases__name")
    filter_horizontal = ("members",)
    autocomplete_fields = ("successor",)
    inlines = (GroupAliasInline,)

    def get_search_results(self, request, queryset, search_term):
        found, _ = super().get_search_results(request, queryset, search_term)
        condition = _folded_matches(search_term, folded_field=None)
        if condition is not None:
            # Groups are few and have no folded column: fold their names here.
            folded = fold(search_term.strip())
            named = [
                pk
                for pk, name in AgencyGroup.objects.values_list("pk", "name")
                if folded in fold(name)
            ]
            found |= queryset.filter(condition | Q(pk__in=named))
        return found, True

    @admin.display(description="gồm các loại")
    def kinds(self, group: AgencyGroup) -> str:
        labels = dict(Agency.Kind.choices)
        return ", ".join(labels.get(kind, kind) for kind in group.member_kinds or [])


@admin.register(AgencyAlias)
class AgencyAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "agency", "group")
    list_filter = ("kind",)
    list_select_related = ("agency", "group")
    search_fields = ("name", "agency__name", "group__name")
    autocomplete_fields = ("agency", "group")

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = name_key(search_term)
        if key:
            found |= queryset.filter(key__contains=key)
        return found, may_have_duplicates

    def save_model(self, request, obj, form, change):
        obj.pk = _alias_save(request, obj, adding=not change).pk

    def delete_model(self, request, obj):
        alias_remove(alias=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for alias in queryset:
            alias_remove(alias=alias, actor=request.user)


@admin.register(Succession)
class SuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "date", "primary", "scope")
    list_filter = ("primary", "date")
    list_select_related = ("predecessor", "successor")
    search_fields = ("predecessor__name", "successor__name")
    autocomplete_fields = ("predecessor", "successor")
