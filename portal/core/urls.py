from django.urls import path

from portal.core import views

app_name = "health"
urlpatterns = [path("", views.health, name="health")]
