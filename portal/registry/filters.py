"""Filters the collections share: by region (with its sub-regions) and authority."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.registry.models import Authority, CounterpartCategory, Region


def region_prefix(code: str) -> str:
    """Return the code prefix its sub-regions share: 330000 → 33, 330100 → 3301."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


class RegionFilter(django_filters.ModelChoiceFilter):
    """Match a region by its GB/T 2260 code, including every region under it."""

    def __init__(self, *args, field_name, **kwargs):
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("queryset", Region.objects.order_by("code"))
        super().__init__(*args, field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(
            **{f"{self.field_name}__code__startswith": region_prefix(value.code)}
        )


def authority_filter(field_name: str = "authority") -> django_filters.Filter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        label=_("Authority"),
        queryset=Authority.objects.select_related("region").order_by(
            "region__code", "name"
        ),
    )


def counterpart_filter(field_name: str = "entity__category") -> django_filters.Filter:
    return django_filters.ChoiceFilter(
        field_name=field_name,
        label=_("Counterpart category"),
        choices=CounterpartCategory.choices,
    )
