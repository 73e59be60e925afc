"""Every app's sitemap, gathered for the sitemap index at /sitemap.xml."""

from portal.core.sitemaps import StaticPagesSitemap
from portal.creditlists.sitemaps import CreditListSitemap
from portal.disclosures.sitemaps import PenaltySitemap, PermitSitemap
from portal.registry.sitemaps import AuthoritySitemap, EntitySitemap

SITEMAPS = {
    "pages": StaticPagesSitemap,
    "entities": EntitySitemap,
    "authorities": AuthoritySitemap,
    "permits": PermitSitemap,
    "penalties": PenaltySitemap,
    "lists": CreditListSitemap,
}
