from django.urls import path

from portal.registry import views

app_name = "authorities"
urlpatterns = [
    path("", views.AuthorityListView.as_view(), name="list"),
    path("<int:pk>/", views.authority_detail, name="detail"),
]
