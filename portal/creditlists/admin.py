"""Admin for credit lists, their measures and their entries."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.admin import ChangeAnnouncingAdmin
from portal.creditlists.models import CreditList, ListEntry, Measure
from portal.registry.admin import entities_matching

_COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = [
        "order",
        "kind",
        "title",
        "description",
        "implementing_department",
        "legal_basis",
        "applies_to_representatives",
    ]
    formfield_overrides = _COMPACT_TEXT


@admin.register(CreditList)
class CreditListAdmin(ChangeAnnouncingAdmin):
    list_display = ["name", "colour", "keeper", "duration_months", "order"]
    list_editable = ["order"]
    list_filter = ["colour", "lists_minors"]
    search_fields = ["name", "name_en", "slug", "keeper"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MeasureInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "slug", "colour", "keeper", "order"]}),
        (
            _("Rules"),
            {
                "fields": [
                    "legal_basis",
                    "criteria",
                    "duration",
                    "duration_months",
                    "removal_rules",
                    "repair_rules",
                    "lists_minors",
                ],
                "description": _(
                    "A list must rest on law or State Council policy and state its "
                    "criteria, removal conditions and remedies (国办发〔2020〕49号)."
                ),
            },
        ),
    ]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "credit_list",
        "kind",
        "implementing_department",
        "applies_to_representatives",
        "order",
    ]
    list_filter = ["kind", "credit_list", "applies_to_representatives"]
    list_select_related = ["credit_list"]
    search_fields = ["title", "implementing_department", "legal_basis"]


class _CurrentFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("In force today")), ("no", _("Not in force today"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.exclude(pk__in=ListEntry.objects.current().values("pk"))
        return queryset


@admin.register(ListEntry)
class ListEntryAdmin(ChangeAnnouncingAdmin):
    list_display = [
        "entity",
        "credit_list",
        "authority",
        "document_number",
        "listed_on",
        "expires_on",
        "removed_on",
        "in_force",
    ]
    list_filter = [
        _CurrentFilter,
        "credit_list__colour",
        "credit_list",
        "removal_reason",
        "authority__kind",
        "listed_on",
    ]
    list_select_related = ["entity", "credit_list", "authority"]
    # The entity's name and code are searched too (get_search_results).
    search_fields = ["document_number"]
    search_help_text = _(
        "Document number, or the entity's name or unified social credit code."
    )
    autocomplete_fields = ["entity", "authority"]
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "credit_list",
                    "entity",
                    "authority",
                    "document_number",
                    "reason",
                ]
            },
        ),
        (_("Period"), {"fields": ["listed_on", "expires_on"]}),
        (
            _("Removal"),
            {
                "fields": ["removed_on", "removal_reason", "removal_note"],
                "description": _(
                    "A court list entry is removed within 3 working days once the "
                    "obligations are met."
                ),
            },
        ),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if search_term.strip():
            results |= queryset.filter(entity__in=entities_matching(search_term))
        return results, may_have_duplicates

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj):
        return obj.is_current
