from django.urls import path

from portal.pages.views import registry as views

app_name = "entities"
urlpatterns = [
    path("", views.EntityListView.as_view(), name="list"),
    path("<str:key>/", views.entity_detail, name="detail"),
]
