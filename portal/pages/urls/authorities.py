from django.urls import path

from portal.pages.views import registry as views

app_name = "authorities"
urlpatterns = [
    path("", views.AuthorityListView.as_view(), name="list"),
    path("<int:pk>/", views.authority_detail, name="detail"),
]
