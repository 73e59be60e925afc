"""Admin for officials and imports; permits, penalties and the calendar go
through the publishing services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from portal.core.admin import CalendarDayAdmin, ReadOnlyAdminMixin
from portal.core.models import CalendarDay
from portal.disclosures.admin import PenaltyAdmin, PermitAdmin
from portal.disclosures.models import Penalty, Permit
from portal.publishing.models import ImportBatch, Official, RecordVersion
from portal.publishing.services import housekeeping


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "authority",
        "is_publisher",
        "is_appeals_handler",
        "is_authority_admin",
    ]
    list_filter = ["is_publisher", "is_appeals_handler", "is_authority_admin"]
    list_select_related = ["user", "authority"]
    autocomplete_fields = ["user", "authority"]
    search_fields = ["user__username", "authority__name"]


class _ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(ImportBatch)
class ImportBatchAdmin(_ReadOnly):
    list_display = [
        "__str__",
        "authority",
        "kind",
        "original_name",
        "status",
        "rows_total",
        "rows_invalid",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["authority"]
    search_fields = ["original_name", "sha256", "authority__name"]


@admin.register(RecordVersion)
class RecordVersionAdmin(_ReadOnly):
    list_display = ["kind", "record_id", "version", "created_at"]
    list_filter = ["kind"]
    search_fields = ["record_id"]


class _ThroughServices(ReadOnlyAdminMixin):
    """Permits and penalties are read here; officials write them in /officials/,
    where every change is validated, versioned, logged and reindexed (saving
    here would bypass the publishing services)."""


admin.site.unregister(Permit)
admin.site.unregister(Penalty)


@admin.register(Permit)
class ReadOnlyPermitAdmin(_ThroughServices, PermitAdmin):
    pass


@admin.register(Penalty)
class ReadOnlyPenaltyAdmin(_ThroughServices, PenaltyAdmin):
    pass


admin.site.unregister(CalendarDay)


@admin.register(CalendarDay)
class RecomputingCalendarDayAdmin(CalendarDayAdmin):
    """Calendar overrides, saved through the service that moves deadlines."""

    def save_model(self, request, obj, form, change):
        changed = housekeeping.save_calendar_day(day=obj, actor=request.user)
        self._report(request, changed)

    def delete_model(self, request, obj):
        changed = housekeeping.delete_calendar_day(day=obj, actor=request.user)
        self._report(request, changed)

    def delete_queryset(self, request, queryset):
        changed = sum(
            housekeeping.delete_calendar_day(day=day, actor=request.user)
            for day in queryset
        )
        self._report(request, changed)

    def _report(self, request, changed: int) -> None:
        if changed:
            self.message_user(
                request,
                _("Publication deadlines recomputed for %(count)d records.")
                % {"count": changed},
                messages.INFO,
            )
