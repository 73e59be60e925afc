"""Read-only admin for random inspections: every write goes through the services.

No admin shows a plan's secret: `PlanSecret` is not registered, and the plan
admin lists only public fields.
"""

from django.contrib import admin

from portal.core.admin import ReadOnlyAdminMixin
from portal.inspections.models import (
    FrozenFile,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    Inspector,
    PlanStratum,
)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(_ReadOnlyInline):
    model = InspectionItem
    fields = readonly_fields = ["order", "title", "legal_basis", "authority"]


class StratumInline(_ReadOnlyInline):
    model = PlanStratum
    fields = readonly_fields = ["label", "size"]


class FileInline(_ReadOnlyInline):
    model = FrozenFile
    fields = readonly_fields = ["name", "sha256", "created_at"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "authority", "state", "starts_on", "commitment"]
    list_filter = ["state"]
    search_fields = ["number", "title"]
    fields = [
        "number",
        "title",
        "authority",
        "partners",
        "region_prefix",
        "category",
        "stratification",
        "team_size",
        "starts_on",
        "ends_on",
        "public_value_source",
        "state",
        "commitment",
        "public_value",
        "seed",
        "committed_at",
        "drawn_at",
        "closed_at",
    ]
    inlines = [ItemInline, StratumInline, FileInline]


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "authority", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]


@admin.register(InspectionResult)
class InspectionResultAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "drawn",
        "item",
        "category",
        "state",
        "decided_on",
        "publication_deadline",
        "published_at",
    ]
    list_filter = ["state", "category"]
