from rest_framework.routers import SimpleRouter

from portal.api.disclosures import views

router = SimpleRouter()
router.register("permits", views.PermitViewSet, basename="permit")
router.register("penalties", views.PenaltyViewSet, basename="penalty")
urlpatterns = router.urls
