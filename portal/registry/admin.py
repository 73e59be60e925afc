"""Admin for regions, authorities and entities."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from portal.core.admin import ChangeAnnouncingAdmin, exchange_columns
from portal.core.identifiers import (
    IdType,
    compact,
    identity_hash,
    looks_like_resident_id,
)
from portal.registry.models import Authority, Entity, Region


def entities_matching(term: str):
    """Return the entities a record search term names: by name, USCC or key.

    Record admins filter on this as a subquery, which SQLite runs once, instead
    of joining the entity table for every record.
    """
    term = term.strip()
    return Entity.objects.filter(
        Q(name__icontains=term) | Q(uscc=compact(term)) | Q(key=term)
    ).values("pk")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["^code", "name", "name_en"]
    autocomplete_fields = ["parent"]
    list_per_page = 100


@admin.register(Authority)
class AuthorityAdmin(ChangeAnnouncingAdmin):
    list_display = ["name", "uscc", "region", "level", "kind"]
    list_filter = ["level", "kind", "region__level"]
    list_select_related = ["region"]
    search_fields = ["name", "=uscc", "region__name"]
    autocomplete_fields = ["region"]
    list_per_page = 100
    fieldsets = [
        (None, {"fields": ["name", "uscc", "region", "level", "kind"]}),
        (
            _("Contact for objections and repair"),
            {
                "fields": [
                    "contact_office",
                    "contact_phone",
                    "contact_email",
                    "contact_address",
                    "contact_hours",
                ],
                "description": _(
                    "Shown on the authority's page, the appeal form and the "
                    "tracking page, and published in the open data. Give the "
                    "unit's public contact point, never a person's own."
                ),
            },
        ),
    ]


class EntityAdminForm(forms.ModelForm):
    """The admin's entity form; the admin supplies the model and fields."""

    def validate_unique(self):
        super().validate_unique()
        # The form leaves the derived hash out of validation, so the model's
        # one-person-per-ID-number constraint would only fail on saving.
        if "id_number" in self.errors or not self.instance.id_hash:
            return
        others = {field.name for field in Entity._meta.fields} - {"id_hash"}
        try:
            self.instance.validate_constraints(exclude=others)
        except ValidationError as error:
            self.add_error("id_number", error.messages)


class _IdHashFilter(admin.SimpleListFilter):
    """Match the keyed hash an ID-number search was turned into."""

    title = _("ID number")
    parameter_name = "id_hash"

    def lookups(self, request, model_admin):
        if self.value():
            return [(self.value(), _("The number searched for"))]
        return []

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Q(id_hash=self.value()) | Q(legal_rep_id_hash=self.value())
            )
        return queryset


@admin.register(Entity)
class EntityAdmin(ChangeAnnouncingAdmin):
    """Counterparts; the clear ID number shows on the change form only."""

    form = EntityAdminForm
    list_display = [
        "name",
        "category",
        "uscc",
        "id_masked",
        "legal_representative",
        "region",
    ]
    list_filter = [
        _IdHashFilter,
        "category",
        "id_type",
        "legal_rep_id_type",
        "created_at",
    ]
    list_select_related = ["region"]
    search_fields = ["name", "=uscc", "=key", "=business_registration_number"]
    search_help_text = _(
        "Name, unified social credit code, public key, business registration "
        "number, or a full resident ID number."
    )
    autocomplete_fields = ["region"]
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = [
        "key",
        "id_masked",
        "legal_rep_id_masked",
        "legal_rep_id_digest",
        "id_digest",
        "created_at",
        "updated_at",
        "records",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": ["category", "name", "former_names", "key", "region"],
                "description": exchange_columns("XK_/CF_XDR_MC", "XK_/CF_XDR_LB"),
            },
        ),
        (
            _("Codes"),
            {
                "fields": [
                    "uscc",
                    "business_registration_number",
                    "organisation_code",
                    "tax_registration_number",
                    "institution_certificate_number",
                    "social_organisation_number",
                ],
                "description": exchange_columns(
                    "XK_/CF_XDR_SHXYM",
                    "XK_/CF_XDR_GSZC",
                    "XK_/CF_XDR_ZZJG",
                    "XK_/CF_XDR_SWDJ",
                    "XK_/CF_XDR_SYDW",
                    "XK_/CF_XDR_SHZZ",
                ),
            },
        ),
        (
            _("Legal representative"),
            {
                "fields": [
                    "legal_representative",
                    "legal_rep_id_type",
                    "legal_rep_id_number",
                    "legal_rep_id_masked",
                    "legal_rep_id_digest",
                ],
                "description": exchange_columns(
                    "XK_/CF_FRDB", "XK_/CF_FR_ZJLX", "XK_/CF_FR_ZJHM"
                ),
            },
        ),
        (
            _("Natural person's identity document"),
            {
                "fields": [
                    "id_type",
                    "id_type_other",
                    "id_number",
                    "id_masked",
                    "id_digest",
                ],
                "description": exchange_columns("XK_/CF_XDR_ZJLX", "XK_/CF_XDR_ZJHM"),
            },
        ),
        (_("Records"), {"fields": ["records", "created_at", "updated_at"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        term = request.GET.get(SEARCH_VAR, "").strip()
        if looks_like_resident_id(term):
            # The search box, sort and filter links would all repeat the clear
            # number; swap it for its hash before rendering anything.
            params = request.GET.copy()
            del params[SEARCH_VAR]
            params[_IdHashFilter.parameter_name] = identity_hash(
                IdType.RESIDENT_ID, term
            )
            return redirect(f"{request.path}?{params.urlencode()}")
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        term = search_term.strip()
        if looks_like_resident_id(term):
            # Clear numbers are never searched: a full one finds its hash
            # (the autocomplete of other admins comes here with it).
            results |= queryset & Entity.objects.by_id_number(IdType.RESIDENT_ID, term)
        return results, may_have_duplicates

    # The model's hash fields carry no verbose name of their own.
    @admin.display(description=_("ID number lookup hash"))
    def id_digest(self, obj):
        return obj.id_hash or "-"

    @admin.display(description=_("legal representative's ID number lookup hash"))
    def legal_rep_id_digest(self, obj):
        return obj.legal_rep_id_hash or "-"

    @admin.display(description=_("records about this entity"))
    def records(self, obj):
        if obj.pk is None:
            return "-"
        links = [
            ("disclosures", "penalty", _("administrative penalties")),
            ("disclosures", "permit", _("administrative permits")),
            ("creditlists", "listentry", _("list entries")),
        ]
        return format_html_join(
            " · ",
            '<a href="{}?entity__id__exact={}">{}</a>',
            (
                (reverse(f"admin:{app}_{model}_changelist"), obj.pk, label)
                for app, model, label in links
            ),
        )
