"""The FilterSet of list entries, shared by pages, API and exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.core.ordering import OrderingFilter
from portal.core.widgets import DateRange
from portal.creditlists.models import CreditList, ListEntry, Measure
from portal.registry.filters import (
    RegionFilter,
    authority_filter,
    counterpart_filter,
    limit_authority_choices,
)


class ListEntryFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_authority_choices(self)

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("current", _("Currently listed")), ("removed", _("Removed"))],
        method="filter_status",
        empty_label=_("All"),
    )
    region = RegionFilter(field_name="authority__region__code")
    authority = authority_filter()
    counterpart = counterpart_filter()
    listed = django_filters.DateFromToRangeFilter(
        field_name="listed_on", label=_("Listing date"), widget=DateRange()
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(("listed_on", "listed"),),
        field_labels={"listed_on": _("Listing date")},
    )

    class Meta:
        model = ListEntry
        fields = []

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.current()
        return queryset.filter(removed_on__isnull=False)


class ListEntryCollectionFilterSet(ListEntryFilterSet):
    """The list pages' filters, with the list as a parameter (pages take it from
    their address): /lists/<slug>/?status=current is
    /api/v1/list-entries/?list=<slug>&status=current."""

    list = django_filters.ModelChoiceFilter(
        field_name="credit_list",
        to_field_name="slug",
        label=_("List"),
        queryset=CreditList.objects.all(),
    )

    class Meta(ListEntryFilterSet.Meta):
        pass


class CreditListFilterSet(django_filters.FilterSet):
    colour = django_filters.ChoiceFilter(
        label=_("Colour"), choices=CreditList.Colour.choices
    )

    class Meta:
        model = CreditList
        fields = []


class MeasureFilterSet(django_filters.FilterSet):
    list = django_filters.ModelChoiceFilter(
        field_name="credit_list",
        to_field_name="slug",
        label=_("List"),
        queryset=CreditList.objects.all(),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Measure.Kind.choices)

    class Meta:
        model = Measure
        fields = []
