"""The officials' area, under /officials/ (and /en/officials/)."""

from django.urls import path

from portal.publishing.views import (
    auth,
    dashboard,
    imports,
    records,
    tokens,
)

app_name = "publishing"
urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("enrol/", auth.EnrolView.as_view(), name="enrol"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("audit/", dashboard.AuditView.as_view(), name="audit"),
    path("api-token/", tokens.ApiTokenView.as_view(), name="api-token"),
    path("imports/", imports.ImportListView.as_view(), name="imports"),
    path("imports/<int:pk>/", imports.ImportDetailView.as_view(), name="import"),
    path(
        "imports/<int:pk>/publish/",
        imports.ImportPublishView.as_view(),
        name="import-publish",
    ),
    path(
        "imports/<int:pk>/check-again/",
        imports.ImportCheckAgainView.as_view(),
        name="import-check-again",
    ),
    path(
        "imports/<int:pk>/problems.csv",
        imports.ProblemsDownloadView.as_view(),
        name="import-problems",
    ),
    path(
        "templates/<kind:kind>.<str:fmt>",
        imports.TemplateDownloadView.as_view(),
        name="template",
    ),
    path("<kind:kind>/", records.RecordListView.as_view(), name="records"),
    path("<kind:kind>/new/", records.RecordCreateView.as_view(), name="record-new"),
    path("<kind:kind>/<int:pk>/", records.RecordDetailView.as_view(), name="record"),
    path(
        "<kind:kind>/<int:pk>/edit/",
        records.RecordEditView.as_view(),
        name="record-edit",
    ),
    path(
        "<kind:kind>/<int:pk>/publish/",
        records.RecordPublishView.as_view(),
        name="record-publish",
    ),
    path(
        "<kind:kind>/<int:pk>/withdraw/",
        records.RecordWithdrawView.as_view(),
        name="record-withdraw",
    ),
]
