"""FilterSets of entities and authorities, shared by pages, API and exports."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.identifiers import IdType
from portal.core.ordering import OrderingFilter
from portal.registry.filters import RegionFilter, counterpart_filter
from portal.registry.models import Authority, Entity, Region


class EntityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name, code or ID number"), method="filter_q", max_length=100
    )
    id_hash = django_filters.CharFilter(
        label=_("ID number (keyed hash)"),
        method="filter_id_hash",
        widget=forms.HiddenInput,
        max_length=64,
    )
    region = RegionFilter(field_name="region__code")
    category = counterpart_filter("category")
    sort = OrderingFilter(
        label=_("Sort by"), fields=(("name", "name"),), field_labels={"name": _("Name")}
    )

    class Meta:
        model = Entity
        fields = []

    def filter_q(self, queryset, name, value):
        """Find by exact code or ID number (through its hash), else by name."""
        value = value.strip()
        code = identifiers.compact(value)
        if identifiers.looks_like_resident_id(code):
            return queryset.by_id_number(IdType.RESIDENT_ID, code)
        if len(code) in (15, 18) and code.isalnum():
            exact = queryset.filter(
                Q(uscc=code) | Q(key=code) | Q(business_registration_number=code)
            )
            if exact.exists():
                return exact
        return queryset.filter(name__contains=value)

    def filter_id_hash(self, queryset, name, value):
        """Find a person, or an entity by its representative, by a keyed hash."""
        return queryset.filter(Q(id_hash=value) | Q(legal_rep_id_hash=value))


class AuthorityFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Name contains"), lookup_expr="contains", max_length=100
    )
    region = RegionFilter(field_name="region__code")
    kind = django_filters.ChoiceFilter(
        label=_("Department kind"), choices=Authority.Kind.choices
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Authority.Level.choices
    )

    class Meta:
        model = Authority
        fields = []


class RegionFilterSet(django_filters.FilterSet):
    region = RegionFilter(field_name="code", label=_("Region and the regions under it"))
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Region.Level.choices)
    parent = django_filters.ModelChoiceFilter(
        label=_("Parent region"),
        to_field_name="code",
        queryset=Region.objects.order_by("code"),
    )

    class Meta:
        model = Region
        fields = []
