"""Top-level URL configuration: each app lives under its own prefix."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", include("portal.core.urls")),
]
