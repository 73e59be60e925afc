from django.urls import path
from django.views.decorators.cache import cache_page

from portal.opendata import feeds, views

app_name = "opendata"
_feed_cache = cache_page(60 * 10)

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("manifest.json", views.manifest, name="manifest"),
    path("files/<path:name>", views.download_file, name="file"),
    path("dictionary/", views.dictionary, name="dictionary"),
    path("schemas/<slug:dataset>.json", views.schema, name="schema"),
    path("licence/", views.licence, name="licence"),
    path("api-key/", views.api_key, name="api-key"),
    path("api-key/<str:signed>/", views.api_key_link, name="api-key-link"),
    path(
        "feeds/authorities/<int:pk>/",
        _feed_cache(feeds.AuthorityFeed()),
        name="feed-authority",
    ),
    path(
        "feeds/regions/<str:code>/",
        _feed_cache(feeds.RegionFeed()),
        name="feed-region",
    ),
    path("feeds/lists/<slug:slug>/", _feed_cache(feeds.ListFeed()), name="feed-list"),
    path("feeds/search/", _feed_cache(feeds.SearchFeed()), name="feed-search"),
    path(
        "feeds/inspections/authorities/<int:pk>/",
        _feed_cache(feeds.InspectionResultFeed()),
        name="feed-inspections-authority",
    ),
]
