"""The registry's API collections: entities, authorities, regions."""

from portal.api.views import CollectionViewSet, collection_schema
from portal.opendata.datasets import AUTHORITIES, ENTITIES, REGIONS
from portal.registry.filtersets import (
    AuthorityFilterSet,
    EntityFilterSet,
    RegionFilterSet,
)


@collection_schema(ENTITIES)
class EntityViewSet(CollectionViewSet):
    dataset = ENTITIES
    filterset_class = EntityFilterSet


@collection_schema(AUTHORITIES)
class AuthorityViewSet(CollectionViewSet):
    dataset = AUTHORITIES
    filterset_class = AuthorityFilterSet

    def get_queryset(self):
        return super().get_queryset().order_by("region__code", "name", "pk")


@collection_schema(REGIONS, lookup="code")
class RegionViewSet(CollectionViewSet):
    dataset = REGIONS
    filterset_class = RegionFilterSet
    lookup_field = "code"
    lookup_value_regex = r"\d{6}"
