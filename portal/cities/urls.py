from django.urls import path, re_path

from portal.cities import views

app_name = "cities"
_CODE = r"(?P<code>[0-9]{6})"
_SLUG = r"(?P<slug>[a-z-]+)"

urlpatterns = [
    path("", views.city_list, name="list"),
    path("cities.csv", views.city_table_csv, name="table-csv"),
    path("ranking.csv", views.ranking_csv, name="ranking-csv"),
    path("method/", views.method, name="method"),
    path("batches/add/", views.batch_add, name="batch-add"),
    path("designations/add/", views.designation_add, name="designation-add"),
    re_path(rf"^{_CODE}/$", views.city_detail, name="detail"),
    re_path(rf"^{_CODE}/{_SLUG}\.csv$", views.city_chart_csv, name="chart-csv"),
    re_path(
        rf"^authorities/(?P<pk>[0-9]+)/{_SLUG}\.csv$",
        views.authority_chart_csv,
        name="authority-chart-csv",
    ),
]
