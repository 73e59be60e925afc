"""The site-wide pages (under the language prefix) and the health check."""

from django.urls import path

from portal.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("repair/", views.repair_guide, name="repair"),
]

health = ([path("", views.health, name="health")], "health")
