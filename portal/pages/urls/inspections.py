from django.urls import path

from portal.pages.views import inspections as views

app_name = "inspections"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plans"),
    path("results/", views.ResultListView.as_view(), name="results"),
    path("verify_draw.py", views.verify_script, name="script"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/check/", views.plan_check, name="check"),
    path("<int:pk>/files.zip", views.plan_archive, name="archive"),
    path("<int:pk>/files/<str:name>", views.plan_file, name="file"),
]
