"""Which regions count as cities, and which cities hold a record's region.

A city is a prefecture-level region, one of the four municipalities, or any
region designated a demonstration city (the county-level cities and districts
of DOMAIN.md §5, such as 义乌 or 上海徐汇区). A record counts for every city
whose code range holds its region code: a record of 义乌 counts for 义乌 and
for 金华 around it.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from portal.cities.models import Designation
from portal.registry.models import Region
from portal.registry.reference import MUNICIPALITIES
from portal.registry.regions import region_code_range


def city_regions() -> QuerySet[Region]:
    """Return the regions statistics are computed for as cities."""
    return Region.objects.filter(
        Q(level=Region.Level.PREFECTURE)
        | Q(code__in=MUNICIPALITIES)
        | Q(pk__in=Designation.objects.values("region_id"))
    )


@dataclass(frozen=True)
class City:
    region_id: int
    code: str
    low: str
    high: str

    def holds(self, code: str) -> bool:
        return self.low <= code <= self.high


def cities() -> list[City]:
    """Return every city with the range of region codes it holds."""
    return [
        City(pk, code, *region_code_range(code))
        for pk, code in city_regions().order_by("code").values_list("pk", "code")
    ]
