"""The designations' filters: the one collection of cities without a page of its own.

The statistics take the cities page's FilterSets (portal.cities.filtersets).
"""

from django import forms
from django_filters import rest_framework as filters

from portal.cities.models import Designation


class _WholeNumberField(forms.IntegerField):
    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text and not (text.isascii() and text.isdigit()):
            # IntegerField would take "5.0" and "５"; a batch number is digits.
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class _WholeNumberFilter(filters.NumberFilter):
    field_class = _WholeNumberField


class DesignationFilterSet(filters.FilterSet):
    batch = _WholeNumberFilter(
        field_name="batch__number", min_value=1, max_value=2**31 - 1
    )
    region = filters.CharFilter(field_name="region__code", max_length=6)

    class Meta:
        model = Designation
        fields = []
