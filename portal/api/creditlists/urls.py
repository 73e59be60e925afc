from django.urls import path
from rest_framework.routers import SimpleRouter

from portal.api.creditlists import views

router = SimpleRouter()
router.register("lists", views.CreditListViewSet, basename="list")
router.register("list-entries", views.ListEntryViewSet, basename="listentry")
router.register("measures", views.MeasureViewSet, basename="measure")
urlpatterns = [
    path("credit-check/", views.CreditCheckView.as_view(), name="credit-check"),
    *router.urls,
]
