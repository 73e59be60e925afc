"""FilterSets of the statistics, shared by the cities page, its CSV and the API.

Without a period they select the default one (the latest quarter that had
ended at the last refresh), so a URL without one means the same everywhere.
"""

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.cities.measures import MEASURES
from portal.cities.models import Average, DemonstrationBatch, Designation, Summary
from portal.cities.selectors import current_state, period_choices
from portal.core.ordering import OrderingFilter
from portal.registry.filters import RegionFilter
from portal.registry.models import Authority, Region

ANY_BATCH = "any"
NO_BATCH = "none"


class _PeriodFilterSet(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(
        label=pgettext_lazy("statistics", "Period"),
        field_name="period",
        empty_label=None,
    )

    def __init__(self, data=None, *args, state=None, **kwargs):
        self.state = state or current_state()
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("period") and self.state.default_period:
            data["period"] = self.state.default_period
        super().__init__(data, *args, **kwargs)
        self.filters["period"].extra["choices"] = period_choices(self.state)


def _batch_choices():
    return [
        (ANY_BATCH, _("Any batch")),
        (NO_BATCH, _("Not a demonstration city")),
        *(
            (str(number), _("Batch %(number)d") % {"number": number})
            for number in DemonstrationBatch.objects.values_list("number", flat=True)
        ),
    ]


class CityFilterSet(_PeriodFilterSet):
    province = RegionFilter(
        field_name="region__code",
        label=pgettext_lazy("statistics", "Province"),
        queryset=Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"),
    )
    batch = django_filters.ChoiceFilter(
        label=_("Demonstration batch"),
        choices=_batch_choices,
        method="filter_batch",
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(("region__code", "city"), *((m.key, m.key) for m in MEASURES)),
        field_labels={
            "region__code": _("City (region code)"),
            # Read when the menu is drawn, in its language, with the deadline.
            **{m.key: m.lazy_label for m in MEASURES},
        },
    )

    class Meta:
        model = Summary
        fields = []

    def filter_batch(self, queryset, name, value: str):
        return queryset.filter(self.designation_filter(value, field="region"))

    @staticmethod
    def designation_filter(value: str, *, field: str) -> Q:
        """Return the condition a batch choice puts on `field` (a region)."""
        designated = Designation.objects.values("region_id")
        if value == ANY_BATCH:
            return Q(**{f"{field}__in": designated})
        if value == NO_BATCH:
            return ~Q(**{f"{field}__in": designated})
        batch = designated.filter(batch__number=int(value))
        return Q(**{f"{field}__in": batch})


class AuthorityStatisticsFilterSet(_PeriodFilterSet):
    authority = django_filters.NumberFilter(
        field_name="authority_id",
        label=_("Authority (id)"),
        min_value=1,
        max_value=2**63 - 1,
    )
    region = RegionFilter(field_name="authority__region__code")
    kind = django_filters.ChoiceFilter(
        field_name="authority__kind",
        label=_("Department kind"),
        choices=Authority.Kind.choices,
    )

    class Meta:
        model = Summary
        fields = []


class AverageFilterSet(_PeriodFilterSet):
    group = django_filters.ChoiceFilter(label=_("Group"), choices=Average.Group.choices)

    class Meta:
        model = Average
        fields = []
