"""The filters of plans and results, shared by the pages, the API and the files."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.core.forms import StrictNullBooleanField
from portal.core.ordering import OrderingFilter
from portal.core.widgets import DateRange
from portal.inspections import reference
from portal.inspections.choices import PlanState
from portal.inspections.models import InspectionPlan, InspectionResult
from portal.registry.filters import (
    RegionFilter,
    authority_filter,
    counterpart_filter,
    limit_authority_choices,
)


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictNullBooleanField


_PUBLIC_PLAN_STATES = [
    (state.value, state.label) for state in PlanState if state != PlanState.DRAFT
]
_TIMELINESS = [("on_time", _("Published on time")), ("late", _("Published late"))]


class PlanFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_authority_choices(self)

    authority = authority_filter(method="filter_authority")
    joint = StrictBooleanFilter(label=_("Joint inspection"), method="filter_joint")
    region = RegionFilter(field_name="authority__region__code")
    state = django_filters.ChoiceFilter(label=_("State"), choices=_PUBLIC_PLAN_STATES)
    starts = django_filters.DateFromToRangeFilter(
        field_name="starts_on", label=_("Inspections start"), widget=DateRange()
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(("starts_on", "starts"), ("drawn_at", "drawn")),
        field_labels={"starts_on": _("Start date"), "drawn_at": _("Draw date")},
    )

    class Meta:
        model = InspectionPlan
        fields = []

    def filter_authority(self, queryset, name, value):
        # A joint plan is listed under its partners too.
        if value is None:
            return queryset
        return queryset.filter(Q(authority=value) | Q(partners=value)).distinct()

    def filter_joint(self, queryset, name, value):
        if value is None:
            return queryset
        joint = InspectionPlan.objects.filter(partners__isnull=False).values("pk")
        return (
            queryset.filter(pk__in=joint) if value else queryset.exclude(pk__in=joint)
        )


class ResultFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_authority_choices(self)

    authority = authority_filter()
    region = RegionFilter(field_name="drawn__entity__region__code")
    counterpart = counterpart_filter(field_name="drawn__entity__category")
    entity = django_filters.CharFilter(
        field_name="drawn__entity__key", label=_("Entity (code or key)")
    )
    plan = django_filters.NumberFilter(
        field_name="drawn__plan", label=_("Plan"), min_value=1, max_value=2**63 - 1
    )
    category = django_filters.ChoiceFilter(
        label=_("Result"), choices=reference.category_choices()
    )
    finding = django_filters.BooleanFilter(
        label=_("Problem found"), method="filter_finding"
    )
    timeliness = django_filters.ChoiceFilter(
        label=_("Timeliness"), choices=_TIMELINESS, method="filter_timeliness"
    )
    decided = django_filters.DateFromToRangeFilter(
        field_name="decided_on", label=_("Inspection date"), widget=DateRange()
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(("decided_on", "decided"), ("published_at", "published")),
        field_labels={
            "decided_on": _("Inspection date"),
            "published_at": _("Publication date"),
        },
    )

    class Meta:
        model = InspectionResult
        fields = []

    def filter_finding(self, queryset, name, value):
        if value is None:
            return queryset
        codes = [c.code for c in reference.RESULT_CATEGORIES if c.finding]
        found = Q(category__in=codes)
        return queryset.filter(found) if value else queryset.exclude(found)

    def filter_timeliness(self, queryset, name, value):
        on_time = Q(published_at__date__lte=F("publication_deadline"))
        return (
            queryset.filter(on_time)
            if value == "on_time"
            else queryset.exclude(on_time)
        )
