"""The filters of an authority's own records in the officials' API."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from portal.disclosures.choices import RecordState


class RecordFilterSet(filters.FilterSet):
    # No model: the same filters serve permits and penalties.
    state = filters.ChoiceFilter(
        choices=RecordState.choices, label=_("Only this state.")
    )
    decision_number = filters.CharFilter(label=_("Only this number."))
