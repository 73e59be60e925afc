"""Top-level URL configuration: each app lives under its own prefix.

Public pages are in Chinese at the root and in English under /en/.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import set_language

from portal.site import urls as site_urls
from portal.site import views as site_views
from portal.site.sitemaps import SITEMAPS

_sitemap_cache = cache_page(60 * 60)

# Errors raised outside a view get a page, or the API's error shape under /api/.
handler400 = "portal.site.errors.bad_request"
handler404 = "portal.site.errors.page_not_found"
handler500 = "portal.site.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("portal.api.urls")),
    path("health/", include(site_urls.health)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("robots.txt", site_views.robots_txt, name="robots"),
    path("favicon.ico", site_views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        _sitemap_cache(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        _sitemap_cache(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("portal.site.urls")),
    path("entities/", include("portal.pages.urls.entities")),
    path("authorities/", include("portal.pages.urls.authorities")),
    path("permits/", include("portal.pages.urls.permits")),
    path("penalties/", include("portal.pages.urls.penalties")),
    path("lists/", include("portal.pages.urls.lists")),
    path("inspections/", include("portal.pages.urls.inspections")),
    path("search/", include("portal.search.urls")),
    path("cities/", include("portal.cities.urls")),
    path("appeals/", include("portal.appeals.urls.public")),
    path("officials/appeals/", include("portal.appeals.urls.officials")),
    path("officials/inspections/", include("portal.publishing.urls_inspections")),
    path("officials/", include("portal.publishing.urls")),
    path("open-data/", include("portal.opendata.urls")),
    prefix_default_language=False,
)
