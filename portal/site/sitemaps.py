"""Every app's sitemap, gathered for the sitemap index at /sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.creditlists.sitemaps import CreditListSitemap
from portal.disclosures.sitemaps import PenaltySitemap, PermitSitemap
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
            "authorities:list",
            "opendata:catalogue",
            "opendata:dictionary",
            "opendata:licence",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "entities": EntitySitemap,
    "authorities": AuthoritySitemap,
    "permits": PermitSitemap,
    "penalties": PenaltySitemap,
    "lists": CreditListSitemap,
}
