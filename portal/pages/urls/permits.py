from django.urls import path

from portal.pages.views import disclosures as views

app_name = "permits"
urlpatterns = [
    path("", views.PermitListView.as_view(), name="list"),
    path("<int:pk>/", views.permit_detail, name="detail"),
]
