"""Every app's sitemap, gathered for the sitemap index at /sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.creditlists.sitemaps import CreditListSitemap
from portal.disclosures.sitemaps import PenaltySitemap, PermitSitemap
from portal.inspections.selectors import public_plans
from portal.registry.sitemaps import AuthoritySitemap, EntitySitemap


class StaticPagesSitemap(Sitemap):
    """The pages that are not records: the home page, guides, collections."""

    i18n = True
    changefreq = "daily"

    def items(self):
        return [
            "site:home",
            "site:repair",
            "permits:list",
            "penalties:list",
            "lists:index",
            "inspections:plans",
            "inspections:results",
            "authorities:list",
            "opendata:catalogue",
            "opendata:dictionary",
            "opendata:licence",
        ]

    def location(self, item):
        return reverse(item)


class InspectionPlanSitemap(Sitemap):
    """The public random-inspection plans (drafts are not public)."""

    i18n = True

    def items(self):
        return (
            public_plans().select_related(None).only("pk", "updated_at").order_by("pk")
        )

    def location(self, plan):
        return reverse("inspections:plan", kwargs={"pk": plan.pk})

    def lastmod(self, plan):
        return plan.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "entities": EntitySitemap,
    "authorities": AuthoritySitemap,
    "permits": PermitSitemap,
    "penalties": PenaltySitemap,
    "lists": CreditListSitemap,
    "inspections": InspectionPlanSitemap,
}
