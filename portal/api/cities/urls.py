"""API routes: `cities` for /api/v1/cities/, `statistics` for /api/v1/statistics/."""

from django.urls import path, re_path

from portal.api.cities import views

cities = (
    [
        path("batches/", views.BatchList.as_view(), name="batch-list"),
        path("batches/<int:number>/", views.BatchDetail.as_view(), name="batch-detail"),
        path("designations/", views.DesignationList.as_view(), name="designation-list"),
    ],
    "cities-api",
)

statistics = (
    [
        path("cities/", views.CityStatisticList.as_view(), name="city-list"),
        re_path(
            r"^cities/(?P<code>[0-9]{6})/$",
            views.CityStatisticDetail.as_view(),
            name="city-detail",
        ),
        path(
            "authorities/",
            views.AuthorityStatisticList.as_view(),
            name="authority-list",
        ),
        path("averages/", views.AverageList.as_view(), name="average-list"),
    ],
    "statistics-api",
)
