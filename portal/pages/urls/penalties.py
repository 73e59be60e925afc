from django.urls import path

from portal.pages.views import disclosures as views

app_name = "penalties"
urlpatterns = [
    path("", views.PenaltyListView.as_view(), name="list"),
    path("<int:pk>/", views.penalty_detail, name="detail"),
]
