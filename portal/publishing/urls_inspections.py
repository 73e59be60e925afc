"""The officials' pages of random inspections, under /officials/inspections/."""

from django.urls import path

from portal.publishing.views import inspections_draws as draws
from portal.publishing.views import inspections_inspectors as inspectors
from portal.publishing.views import inspections_plans as plans
from portal.publishing.views import inspections_results as results

app_name = "inspections-officials"
_RESULT = "<int:pk>/entities/<int:drawn>/items/<int:item>/"
urlpatterns = [
    path("", plans.PlanListView.as_view(), name="plans"),
    path("new/", plans.PlanCreateView.as_view(), name="plan-new"),
    path("<int:pk>/", plans.PlanDetailView.as_view(), name="plan"),
    path("<int:pk>/items/", plans.AddItemView.as_view(), name="item-add"),
    path("<int:pk>/sizes/", plans.SizesView.as_view(), name="sizes"),
    path("<int:pk>/commit/", draws.CommitView.as_view(), name="commit"),
    path("<int:pk>/draw/", draws.DrawView.as_view(), name="draw"),
    path("<int:pk>/close/", plans.ClosePlanView.as_view(), name="close"),
    path(_RESULT, results.ResultView.as_view(), name="result"),
    path(
        _RESULT + "publish/", results.PublishResultView.as_view(), name="result-publish"
    ),
    path(
        _RESULT + "correct/", results.CorrectResultView.as_view(), name="result-correct"
    ),
    path(
        _RESULT + "withdraw/",
        results.WithdrawResultView.as_view(),
        name="result-withdraw",
    ),
    path("inspectors/", inspectors.InspectorListView.as_view(), name="inspectors"),
    path(
        "inspectors/<int:pk>/",
        inspectors.InspectorDetailView.as_view(),
        name="inspector",
    ),
    path(
        "inspectors/<int:pk>/conflicts/",
        inspectors.DeclareConflictView.as_view(),
        name="conflict-add",
    ),
    path(
        "inspectors/<int:pk>/deactivate/",
        inspectors.DeactivateView.as_view(),
        name="deactivate",
    ),
    path(
        "inspectors/<int:pk>/reactivate/",
        inspectors.ReactivateView.as_view(),
        name="reactivate",
    ),
]
