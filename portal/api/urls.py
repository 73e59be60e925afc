"""The API under /api/: version 1 (every endpoint in portal.api.routes), the
schemas and the docs, for the public and, apart, for officials."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from portal.api import schema, views
from portal.api.routes import router

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings=schema.PUBLIC),
        name="schema",
    ),
    path(
        "schema.json",
        SpectacularJSONAPIView.as_view(custom_settings=schema.PUBLIC),
        name="schema-json",
    ),
    path(
        "schema/officials/",
        SpectacularAPIView.as_view(custom_settings=schema.OFFICIALS),
        name="schema-officials",
    ),
    path(
        "schema/officials.json",
        SpectacularJSONAPIView.as_view(custom_settings=schema.OFFICIALS),
        name="schema-officials-json",
    ),
    path("docs/", views.docs, name="docs"),
    path("docs/officials/", views.officials_docs, name="docs-officials"),
]
