"""The appeals handlers' pages, inside the officials' area (/officials/appeals/)."""

from django.urls import path

from portal.appeals.views import handling

app_name = "appeals-handling"
urlpatterns = [
    path("", handling.QueueView.as_view(), name="queue"),
    path("<int:pk>/", handling.CaseView.as_view(), name="case"),
    path("<int:pk>/accept/", handling.AcceptView.as_view(), name="accept"),
    path("<int:pk>/request/", handling.RequestMaterialView.as_view(), name="request"),
    path("<int:pk>/decide/", handling.DecideView.as_view(), name="decide"),
    path("<int:pk>/correct/", handling.CorrectView.as_view(), name="correct"),
    path(
        "<int:pk>/evidence/<int:file_pk>/",
        handling.EvidenceDownloadView.as_view(),
        name="evidence",
    ),
]
