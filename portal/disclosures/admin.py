"""Admin for permits and penalties, laid out as the national exchange format."""

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from portal.core.admin import exchange_columns
from portal.disclosures.choices import PenaltyCategory, RecordState
from portal.disclosures.models import Penalty, Permit
from portal.registry.admin import entities_matching


class _PenaltyCategoryFilter(admin.SimpleListFilter):
    title = _("penalty category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return PenaltyCategory.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.with_category(self.value())
        return queryset


class _TimelinessFilter(admin.SimpleListFilter):
    title = _("publication timeliness")
    parameter_name = "timeliness"

    def lookups(self, request, model_admin):
        return [
            ("on_time", _("Published on time")),
            ("late", _("Published late")),
            ("unpublished", _("Not published")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "on_time":
            return queryset.published_on_time()
        if self.value() == "late":
            return queryset.filter(published_at__date__gt=F("publication_deadline"))
        if self.value() == "unpublished":
            return queryset.filter(published_at__isnull=True)
        return queryset


class _DisclosureAdmin(admin.ModelAdmin):
    """What permit and penalty admins share: big tables, FKs by search."""

    list_select_related = ["entity", "authority"]
    autocomplete_fields = ["entity", "authority"]
    # The counterpart's name and code are searched too (get_search_results).
    search_fields = ["decision_number"]
    search_help_text = _(
        "Decision number, or the counterpart's name or unified social credit code."
    )
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["version", "publication_deadline", "created_at", "updated_at"]
    lifecycle_fieldset = (
        _("Lifecycle"),
        {
            "fields": [
                "state",
                "version",
                "published_at",
                "publication_deadline",
                "withdrawn_at",
                "withdrawal_reason",
                "withdrawal_note",
                "created_at",
                "updated_at",
            ],
            "description": _(
                "A published record is withdrawn with its reason, never deleted."
            ),
        },
    )

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if search_term.strip():
            results |= queryset.filter(entity__in=entities_matching(search_term))
        return results, may_have_duplicates

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would take published records with it.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.state != RecordState.DRAFT:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Penalty)
class PenaltyAdmin(_DisclosureAdmin):
    list_display = [
        "decision_number",
        "entity",
        "authority",
        "decided_on",
        "categories_display",
        "severity",
        "state",
        "public_until",
    ]
    list_filter = [
        "state",
        "severity",
        _PenaltyCategoryFilter,
        "authority__kind",
        "authority__level",
        _TimelinessFilter,
        "decided_on",
        "withdrawal_reason",
    ]
    readonly_fields = [
        *_DisclosureAdmin.readonly_fields,
        "publicity_rule",
        "repair_from",
        "public_until",
    ]
    fieldsets = [
        (
            _("Counterpart and authority"),
            {
                "fields": ["entity", "authority"],
                "description": exchange_columns(
                    "CF_XDR_MC … CF_XDR_ZJHM", "CF_CFJG", "CF_CFJGDM"
                ),
            },
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "decision_number",
                    "decided_on",
                    "violation_type",
                    "facts",
                    "legal_basis",
                ],
                "description": exchange_columns(
                    "CF_WSH", "CF_JDRQ", "CF_WFXW", "CF_SY", "CF_YJ"
                ),
            },
        ),
        (
            _("Penalty content"),
            {
                "fields": ["categories", "content", "licence_affected"],
                "description": exchange_columns("CF_CFLB", "CF_NR", "CF_NR_ZKDX"),
            },
        ),
        (
            _("Amounts"),
            {
                "fields": ["fine_amount", "confiscated_amount"],
                "description": exchange_columns("CF_NR_FK", "CF_NR_WFFF"),
            },
        ),
        (
            _("Publicity"),
            {
                "fields": [
                    "effect_until",
                    "declared_publicity_end",
                    "severity",
                    "publicity_rule",
                    "repair_from",
                    "public_until",
                ],
                "description": exchange_columns("CF_YXQ", "CF_GSJZQ"),
            },
        ),
        (
            _("Data source"),
            {
                "fields": ["data_source_name", "data_source_uscc", "remarks"],
                "description": exchange_columns("CF_SJLY", "CF_SJLYDM", "BZ"),
            },
        ),
        _DisclosureAdmin.lifecycle_fieldset,
    ]

    @admin.display(description=_("penalty categories"))
    def categories_display(self, obj):
        return "、".join(str(label) for label in obj.category_labels)


@admin.register(Permit)
class PermitAdmin(_DisclosureAdmin):
    list_display = [
        "decision_number",
        "document_title",
        "entity",
        "authority",
        "decided_on",
        "category",
        "permit_status",
        "state",
    ]
    list_filter = [
        "state",
        "category",
        "permit_status",
        "authority__kind",
        "authority__level",
        _TimelinessFilter,
        "decided_on",
        "withdrawal_reason",
    ]
    fieldsets = [
        (
            _("Counterpart and authority"),
            {
                "fields": ["entity", "authority"],
                "description": exchange_columns(
                    "XK_XDR_MC … XK_XDR_ZJHM", "XK_XKJG", "XK_XKJGDM"
                ),
            },
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "document_title",
                    "decision_number",
                    "decided_on",
                    "category",
                    "category_other",
                ],
                "description": exchange_columns(
                    "XK_XKWS", "XK_WSH", "XK_JDRQ", "XK_XKLB"
                ),
            },
        ),
        (
            _("Permit content"),
            {
                "fields": [
                    "content",
                    "certificate_name",
                    "certificate_number",
                    "valid_from",
                    "valid_until",
                    "permit_status",
                ],
                "description": exchange_columns(
                    "XK_NR", "XK_XKZS", "XK_XKBH", "XK_YXQZ", "XK_YXQZI", "XK_ZT"
                ),
            },
        ),
        (
            _("Data source"),
            {
                "fields": ["data_source_name", "data_source_uscc", "remarks"],
                "description": exchange_columns("XK_LYDW", "XK_LYDWDM", "BZ"),
            },
        ),
        _DisclosureAdmin.lifecycle_fieldset,
    ]
