"""The API under /api/: version 1 of every app's collections, the schema, the docs.

Each app keeps its API in its own `api/` package; add its URL module to
API_URLCONFS to mount it under /api/v1/.
"""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularJSONAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from portal.api import views
from portal.api.filters import StrictParametersMixin

app_name = "api"

API_URLCONFS = (
    "portal.api.registry.urls",
    "portal.api.disclosures.urls",
    "portal.api.creditlists.urls",
    "portal.api.search.urls",
)


# Mounted by portal/urls.py under prefixes of their own, with their namespaces.
_MOUNTED_APART = {
    "cities/batches": ("cities-api:batch-list", {}),
    "cities/designations": ("cities-api:designation-list", {}),
    "statistics/cities": ("statistics-api:city-list", {}),
    "statistics/authorities": ("statistics-api:authority-list", {}),
    "statistics/averages": ("statistics-api:average-list", {}),
    # Officials' systems push records here, with an official's token.
    "publishing/permits": ("publishing-api:records", {"kind": "permit"}),
    "publishing/penalties": ("publishing-api:records", {"kind": "penalty"}),
}


class RootView(StrictParametersMixin, APIView):
    """List every endpoint of version 1, the schema and the documentation."""

    schema = None

    def get(self, request):
        endpoints = {}
        for module in API_URLCONFS:
            for pattern in import_module(module).urlpatterns:
                name = pattern.name or ""
                if name.endswith("-detail"):
                    continue
                url = reverse(f"api:{name}", request=request)
                endpoints[url.rstrip("/").rsplit("/", 1)[-1]] = url
        for label, (name, kwargs) in _MOUNTED_APART.items():
            endpoints[label] = reverse(name, kwargs=kwargs, request=request)
        return Response(
            {
                "endpoints": endpoints,
                "schema": reverse("api:schema", request=request),
                "docs": reverse("api:docs", request=request),
            }
        )


urlpatterns = [
    path("v1/", RootView.as_view(), name="root"),
    *[path("v1/", include(module)) for module in API_URLCONFS],
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("schema.json", SpectacularJSONAPIView.as_view(), name="schema-json"),
    path("docs/", views.docs, name="docs"),
]
