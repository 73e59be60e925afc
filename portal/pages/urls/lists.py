from django.urls import path

from portal.pages.views import creditlists as views

app_name = "lists"
urlpatterns = [
    path("", views.list_index, name="index"),
    path("<slug:slug>/", views.ListDetailView.as_view(), name="detail"),
]
