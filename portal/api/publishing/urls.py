from django.urls import path

from portal.api.publishing import views

app_name = "publishing-api"
urlpatterns = [
    path("<kind:kind>/", views.RecordsView.as_view(), name="records"),
    path("<kind:kind>/<int:pk>/", views.RecordView.as_view(), name="record"),
    path(
        "<kind:kind>/<int:pk>/withdraw/",
        views.WithdrawView.as_view(),
        name="withdraw",
    ),
]
