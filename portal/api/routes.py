"""Every endpoint of /api/v1/, registered once: the one place to find a URL's view.

Public collections (CollectionViewSet and its list-only base) page, narrow,
download and refuse alike; search and the credit check are queries; the
officials' records take a token. The root (`/api/v1/`) lists what is
registered here.
"""

from rest_framework import routers

from portal.api.cities import views as cities
from portal.api.creditlists import views as creditlists
from portal.api.disclosures import views as disclosures
from portal.api.inspections import views as inspections
from portal.api.publishing import views as publishing
from portal.api.registry import views as registry
from portal.api.search import views as search
from portal.api.views import RootView


class Router(routers.DefaultRouter):
    """DRF's router, with our root view, named `root`, and no `.json` suffixes."""

    APIRootView = RootView
    root_view_name = "root"
    # `?format=` chooses a download; a suffix would be a second way to ask.
    include_format_suffixes = False


router = Router()

router.register("entities", registry.EntityViewSet, basename="entity")
router.register("authorities", registry.AuthorityViewSet, basename="authority")
router.register("regions", registry.RegionViewSet, basename="region")
router.register("permits", disclosures.PermitViewSet, basename="permit")
router.register("penalties", disclosures.PenaltyViewSet, basename="penalty")
router.register("lists", creditlists.CreditListViewSet, basename="list")
router.register("list-entries", creditlists.ListEntryViewSet, basename="listentry")
router.register("measures", creditlists.MeasureViewSet, basename="measure")
router.register("cities/batches", cities.BatchViewSet, basename="batch")
router.register(
    "cities/designations", cities.DesignationViewSet, basename="designation"
)
router.register(
    "statistics/cities", cities.CityStatisticViewSet, basename="city-statistic"
)
router.register(
    f"statistics/cities/{cities.CITY_CODE}",
    cities.CityPeriodViewSet,
    basename="city-periods",
)
router.register(
    "statistics/authorities",
    cities.AuthorityStatisticViewSet,
    basename="authority-statistic",
)
router.register("statistics/averages", cities.AverageViewSet, basename="average")
router.register("search", search.SearchViewSet, basename="search")
router.register("credit-check", creditlists.CreditCheckViewSet, basename="credit-check")
router.register(
    "inspections/plans", inspections.PlanViewSet, basename="inspection-plan"
)
router.register(
    "inspections/results", inspections.ResultViewSet, basename="inspection-result"
)
# Named publishing-<RecordKind>: the officials' token page reverses them by kind.
router.register(
    "publishing/permits",
    publishing.PermitRecordsViewSet,
    basename="publishing-permit",
)
router.register(
    "publishing/penalties",
    publishing.PenaltyRecordsViewSet,
    basename="publishing-penalty",
)
