"""The demonstration cities and their statistics: collections like every other.

The statistics take the cities page's FilterSets (portal.cities.filtersets):
without `period`, the default one, as on the page.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound

from portal.api.cities.filtersets import DesignationFilterSet
from portal.api.views import CollectionViewSet, ListCollectionViewSet, collection_schema
from portal.cities import selectors
from portal.cities.filtersets import (
    AuthorityStatisticsFilterSet,
    AverageFilterSet,
    CityFilterSet,
)
from portal.opendata.city_datasets import (
    AUTHORITY_STATISTICS,
    AVERAGES,
    BATCHES,
    CITY_STATISTICS,
    DESIGNATIONS,
)

CITY_CODE = r"(?P<code>[0-9]{6})"


@collection_schema(BATCHES, lookup="number")
class BatchViewSet(CollectionViewSet):
    dataset = BATCHES
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"


@collection_schema(DESIGNATIONS)
class DesignationViewSet(ListCollectionViewSet):
    dataset = DESIGNATIONS
    filterset_class = DesignationFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("batch__number", "region__code", "pk")


@collection_schema(CITY_STATISTICS)
class CityStatisticViewSet(ListCollectionViewSet):
    """Each city's figures in a period, with the cities page's filters and sort."""

    dataset = CITY_STATISTICS
    filterset_class = CityFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("region__code")


@collection_schema(
    CITY_STATISTICS,
    summary="One city's figures in every quarter and year, oldest first",
    operation_id="v1_statistics_city_periods",
    parameters=[
        OpenApiParameter(
            "code",
            OpenApiTypes.STR,
            OpenApiParameter.PATH,
            pattern="^[0-9]{6}$",
            description="The city's six-digit GB/T 2260 region code.",
        )
    ],
)
class CityPeriodViewSet(ListCollectionViewSet):
    """One city's figures in every quarter and year, oldest first."""

    dataset = CITY_STATISTICS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's dry run
            return super().get_queryset().none()
        region = selectors.find_city(self.kwargs["code"])
        if region is None:
            raise NotFound
        return (
            super()
            .get_queryset()
            .filter(region=region)
            .order_by("period_start", "period")
        )


@collection_schema(AUTHORITY_STATISTICS)
class AuthorityStatisticViewSet(ListCollectionViewSet):
    dataset = AUTHORITY_STATISTICS
    filterset_class = AuthorityStatisticsFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("authority_id", "pk")


@collection_schema(AVERAGES)
class AverageViewSet(ListCollectionViewSet):
    dataset = AVERAGES
    filterset_class = AverageFilterSet
