"""The back office for plans: correct what the importer read, without leaving the admin."""

from typing import ClassVar

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from dxtrack.plans.models import Assignment, Indicator, KeyProject, Plan, Section, Target, Task
from dxtrack.plans.selectors import plan_replacements


class SectionInline(admin.TabularInline):
    model = Section
    fk_name = "plan"
    fields = ("position", "appendix", "label", "title", "parent")
    raw_id_fields = ("parent",)
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "issuer", "issued_on", "status", "replaces_short")
    list_display_links = ("number", "title")
    list_filter = ("status", "issuer")
    search_fields = ("number", "title", "implements", "replaces")
    date_hierarchy = "issued_on"
    readonly_fields = (
        "key",
        "source_file",
        "source_sha256",
        "created_at",
        "updated_at",
        "replaced_by",
    )
    fieldsets = (
        (None, {"fields": ("number", "title", "kind", "issuer", "issued_on", "status")}),
        (_("Liên quan"), {"fields": ("implements", "replaces", "replaced_by")}),
        (
            _("Nguồn nhập"),
            {
                "fields": ("key", "source_file", "source_sha256", "created_at", "updated_at"),
                "classes": ("collapse",),
            },
        ),
    )
    inlines = (SectionInline,)

    @admin.display(description=_("thay thế, bãi bỏ"))
    def replaces_short(self, obj: Plan) -> str:
        return Truncator(obj.replaces).chars(80)

    @admin.display(description=_("được thay thế bởi"))
    def replaced_by(self, obj: Plan) -> str:
        if obj.pk is None:
            return "—"
        _replaced, by = plan_replacements(plan=obj)
        return "; ".join(str(other) for other in by) or "—"


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("label", "title", "appendix", "plan", "parent", "position")
    list_display_links = ("label", "title")
    list_filter = ("plan", "appendix")
    list_select_related = ("plan", "parent")
    search_fields = ("label", "title")
    raw_id_fields = ("plan", "parent")
    ordering = ("plan", "position")


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ("position", "role", "text", "agency", "group")
    raw_id_fields = ("agency", "group")
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return super().get_queryset(request).select_related("agency", "group")


class TargetInline(admin.TabularInline):
    model = Target
    fields = (
        "position",
        "milestone",
        "text",
        "comparator",
        "value",
        "value_high",
        "unit",
        "year_from",
        "year_to",
    )
    extra = 0


class PlanItemAdmin(admin.ModelAdmin):
    """What indicators, tasks and key projects share: number, name, plan, section."""

    list_display_links = ("number", "name")
    list_select_related = ("plan", "section")
    search_fields = ("number", "name", "plan__number")
    raw_id_fields = ("plan", "section")
    ordering = ("plan", "position")
    inlines: ClassVar[tuple[type[InlineModelAdmin], ...]] = (AssignmentInline,)


@admin.register(Indicator)
class IndicatorAdmin(PlanItemAdmin):
    list_display = ("number", "name", "unit", "aggregation", "plan", "section")
    list_filter = ("plan", "aggregation")
    fields = (
        "plan",
        "section",
        "position",
        "number",
        "name",
        "unit",
        "aggregation",
        "lead_text",
        "implementers_text",
    )
    inlines = (TargetInline, AssignmentInline)


@admin.register(Task)
class TaskAdmin(PlanItemAdmin):
    list_display = (
        "number",
        "name",
        "lead_text",
        "timeframe_text",
        "recurrence",
        "origin",
        "plan",
    )
    # A duty under "Tổ chức thực hiện" and an appendix row are told apart when correcting.
    list_filter = ("plan", "origin", "recurrence")
    fields = (
        "plan",
        "section",
        "position",
        "origin",
        "number",
        "name",
        "result",
        "lead_text",
        "coordinating_text",
        "timeframe_text",
        "starts_on",
        "ends_on",
        "recurrence",
    )


@admin.register(KeyProject)
class KeyProjectAdmin(PlanItemAdmin):
    list_display = ("number", "name", "lead_text", "years", "plan")
    list_filter = ("plan",)
    fields = ("plan", "section", "position", "number", "name", "lead_text", "years")


class AssignmentPlanFilter(admin.SimpleListFilter):
    """The plan of whichever item (task, indicator or key project) is assigned."""

    title = _("kế hoạch")
    parameter_name = "plan"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            (plan.pk, plan.number or plan.title[:60])
            for plan in Plan.objects.only("pk", "number", "title")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        plan_id = self.value()
        return queryset.filter(
            Q(task__plan_id=plan_id) | Q(indicator__plan_id=plan_id) | Q(project__plan_id=plan_id)
        )


class ResolvedFilter(admin.SimpleListFilter):
    title = _("đã xác định cơ quan")
    parameter_name = "resolved"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Đã xác định")), ("no", _("Chưa xác định"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        unresolved = {"agency__isnull": True, "group__isnull": True}
        if self.value() == "no":
            return queryset.filter(**unresolved)
        if self.value() == "yes":
            return queryset.exclude(**unresolved)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("text", "role", "agency", "group", "item", "plan")
    list_filter = ("role", ResolvedFilter, AssignmentPlanFilter)
    list_select_related = ("agency", "group", "task__plan", "indicator__plan", "project__plan")
    search_fields = (
        "text",
        "agency__name",
        "group__name",
        "task__name",
        "indicator__name",
        "project__name",
    )
    raw_id_fields = ("task", "indicator", "project", "agency", "group")

    @admin.display(description=_("nội dung được giao"))
    def item(self, obj: Assignment) -> str:
        return str(obj.task or obj.indicator or obj.project)

    @admin.display(description=_("kế hoạch"))
    def plan(self, obj: Assignment) -> str:
        item = obj.task or obj.indicator or obj.project
        if item is None:  # the database requires one of the three
            return ""
        return item.plan.number or item.plan.title
