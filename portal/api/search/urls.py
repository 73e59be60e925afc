from django.urls import path

from portal.api.search import views

urlpatterns = [path("search/", views.SearchView.as_view(), name="search")]
