"""The API under /api/: version 1 (every endpoint in portal.api.routes), the schema,
the docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView

from portal.api import views
from portal.api.routes import router

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema.json", SpectacularJSONAPIView.as_view(), name="schema-json"),
    path("docs/", views.docs, name="docs"),
]
