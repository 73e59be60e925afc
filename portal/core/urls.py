from django.urls import path

from portal.core import views

app_name = "core"
urlpatterns = [path("", views.health, name="health")]
