"""One FilterSet per collection, shared by the pages, the API and the exports."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.ordering import OrderingFilter
from portal.core.widgets import DateRange, NumberRange
from portal.disclosures.choices import (
    PUBLIC_STATES,
    PenaltyCategory,
    PermitCategory,
    PermitStatus,
    Severity,
)
from portal.disclosures.models import Penalty, Permit
from portal.registry.filters import (
    RegionFilter,
    authority_filter,
    counterpart_filter,
    limit_authority_choices,
)
from portal.registry.models import Authority

_PUBLIC_STATE_CHOICES = [(state.value, state.label) for state in PUBLIC_STATES]


class _FineRange(django_filters.fields.RangeField):
    # Bounds as precise as the column (NUMERIC(18, 6)), as the API's schema
    # says: 1e-7 or a 13-digit amount is an error, not a silent rounding.
    def __init__(self, *args, **kwargs):
        bound = {"max_digits": 18, "decimal_places": 6}
        fields = (forms.DecimalField(**bound), forms.DecimalField(**bound))
        super().__init__(fields, *args, **kwargs)


class FineRangeFilter(django_filters.RangeFilter):
    field_class = _FineRange


class _RecordFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_authority_choices(self)

    region = RegionFilter(field_name="region_code")
    authority = authority_filter()
    kind = django_filters.ChoiceFilter(
        field_name="authority__kind",
        label=_("Department kind"),
        choices=Authority.Kind.choices,
    )
    counterpart = counterpart_filter()
    entity = django_filters.CharFilter(
        field_name="entity__key", label=_("Entity (code or key)")
    )
    decided = django_filters.DateFromToRangeFilter(
        field_name="decided_on", label=_("Decision date"), widget=DateRange()
    )
    state = django_filters.ChoiceFilter(
        field_name="state", label=_("State"), choices=_PUBLIC_STATE_CHOICES
    )


class PermitFilterSet(_RecordFilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Permit category"), choices=PermitCategory.choices
    )
    permit_status = django_filters.ChoiceFilter(
        label=_("Permit status"), choices=PermitStatus.choices
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(("decided_on", "decided"), ("published_at", "published")),
        field_labels={
            "decided_on": _("Decision date"),
            "published_at": _("Publication date"),
        },
    )

    class Meta:
        model = Permit
        fields = []


class PenaltyFilterSet(_RecordFilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Penalty category"),
        choices=PenaltyCategory.choices,
        method="filter_category",
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=Severity.choices
    )
    fine = FineRangeFilter(
        field_name="fine_amount", label=_("Fine (10,000 yuan)"), widget=NumberRange()
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("decided_on", "decided"),
            ("published_at", "published"),
            ("fine_amount", "fine"),
        ),
        field_labels={
            "decided_on": _("Decision date"),
            "published_at": _("Publication date"),
            "fine_amount": _("Fine"),
        },
    )

    class Meta:
        model = Penalty
        fields = []

    def filter_category(self, queryset, name, value):
        return queryset.with_category(value)
