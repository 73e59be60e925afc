"""Admin for demonstration batches and designations, and (read only) the statistics."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.cities.models import (
    Average,
    DemonstrationBatch,
    Designation,
    PlanPopulation,
    Summary,
    SummaryState,
)
from portal.core.admin import ReadOnlyAdminMixin


class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 0
    fields = ["region", "designated_on", "ended_on", "end_reason", "source"]
    autocomplete_fields = ["region"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")


@admin.register(DemonstrationBatch)
class DemonstrationBatchAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "announced_on",
        "announced_by",
        "official_count",
        "entered_count",
    ]
    search_fields = ["announced_by", "source"]
    list_filter = ["announced_on"]
    inlines = [DesignationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_entered=Count("designations"))

    @admin.display(description=_("cities entered"), ordering="_entered")
    def entered_count(self, obj):
        return obj._entered


class _EndedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "ended"

    def lookups(self, request, model_admin):
        return [("no", _("Current")), ("yes", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(ended_on__isnull=self.value() == "no")
        return queryset


@admin.register(Designation)
class DesignationAdmin(admin.ModelAdmin):
    list_display = ["region", "batch", "designated_on", "ended_on"]
    list_filter = ["batch", _EndedFilter, "region__level"]
    list_select_related = ["region", "batch"]
    search_fields = ["region__name", "^region__code", "region__name_en"]
    autocomplete_fields = ["region"]


class _ComputedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Statistics are computed from the records, never typed in: read only."""


@admin.register(Summary)
class SummaryAdmin(_ComputedAdmin):
    list_display = [
        "period",
        "subject",
        "region",
        "authority",
        "records",
        "on_time_share",
        "median_delay",
        "complete_share",
    ]
    list_filter = ["subject", "period"]
    list_select_related = ["region", "authority"]
    search_fields = ["^region__code", "region__name", "authority__name", "period"]
    show_full_result_count = False


@admin.register(Average)
class AverageAdmin(_ComputedAdmin):
    list_display = [
        "period",
        "group",
        "members",
        "on_time_share",
        "median_delay",
        "complete_share",
    ]
    list_filter = ["group"]
    search_fields = ["period"]


@admin.register(SummaryState)
class SummaryStateAdmin(_ComputedAdmin):
    list_display = ["refreshed_at", "seconds", "default_period"]


@admin.register(PlanPopulation)
class PlanPopulationAdmin(_ComputedAdmin):
    list_display = ["plan", "pool", "drawn", "counted_at"]
    list_select_related = ["plan"]
