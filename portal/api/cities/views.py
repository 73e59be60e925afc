"""Read-only API views of the demonstration cities and their statistics.

Plain DRF for now; the shared API plumbing (`portal/api/`) brings throttling,
the error shape, strict parameters and the schema. The statistics take the
same filters as the cities page (`portal.cities.filtersets`): without
`period`, the default one.
"""

from django import forms
from django.db.models import Prefetch
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from portal.api.cities import serializers
from portal.api.filters import StrictParametersMixin
from portal.api.pagination import invalid_cursor
from portal.cities import selectors
from portal.cities.filtersets import (
    AuthorityStatisticsFilterSet,
    AverageFilterSet,
    CityFilterSet,
)
from portal.cities.models import Average, DemonstrationBatch, Designation


class _ByPk(CursorPagination):
    ordering = "pk"
    page_size = 100

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise invalid_cursor() from None


def _batches():
    return DemonstrationBatch.objects.prefetch_related(
        Prefetch(
            "designations",
            queryset=Designation.objects.select_related("region").order_by(
                "region__code"
            ),
        )
    )


class BatchList(StrictParametersMixin, generics.ListAPIView):
    """The demonstration batches with their members."""

    serializer_class = serializers.BatchSerializer
    pagination_class = None

    def get_queryset(self):
        return _batches()


class BatchDetail(StrictParametersMixin, generics.RetrieveAPIView):
    """One batch with its members, by its number."""

    serializer_class = serializers.BatchSerializer
    lookup_field = "number"

    def get_queryset(self):
        return _batches()


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


class DesignationList(StrictParametersMixin, generics.ListAPIView):
    """Every designation of a region as a demonstration city."""

    serializer_class = serializers.DesignationSerializer
    filterset_class = DesignationFilterSet
    pagination_class = _ByPk

    def get_queryset(self):
        return Designation.objects.select_related("batch", "region")


class CityStatisticList(StrictParametersMixin, generics.ListAPIView):
    """Each city's figures in a period: `period`, `province`, `batch`, `sort`.

    Not paged: a period has one row per city (a few hundred at most).
    """

    serializer_class = serializers.CityStatisticSerializer
    filterset_class = CityFilterSet
    pagination_class = None

    def get_queryset(self):
        return selectors.city_summaries().order_by("region__code")


@extend_schema_view(get=extend_schema(operation_id="v1_statistics_city_periods"))
class CityStatisticDetail(StrictParametersMixin, generics.ListAPIView):
    """One city's figures in every quarter and year, oldest first."""

    serializer_class = serializers.CityStatisticSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's dry run
            return selectors.city_summaries().none()
        region = selectors.find_city(self.kwargs["code"])
        if region is None:
            raise Http404("No city has this region code.")
        return (
            selectors.city_summaries()
            .filter(region=region)
            .order_by("period_start", "period")
        )


class AuthorityStatisticList(StrictParametersMixin, generics.ListAPIView):
    """Each authority's figures in a period: `period`, `authority`, `region`, `kind`."""

    serializer_class = serializers.AuthorityStatisticSerializer
    filterset_class = AuthorityStatisticsFilterSet
    pagination_class = _ByPk

    def get_queryset(self):
        return selectors.authority_summaries()


class AverageList(StrictParametersMixin, generics.ListAPIView):
    """The averages of demonstration cities, all cities and all authorities."""

    serializer_class = serializers.AverageSerializer
    filterset_class = AverageFilterSet
    pagination_class = None

    def get_queryset(self):
        return Average.objects.all()
