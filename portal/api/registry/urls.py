from rest_framework.routers import SimpleRouter

from portal.api.registry import views

router = SimpleRouter()
router.register("entities", views.EntityViewSet, basename="entity")
router.register("authorities", views.AuthorityViewSet, basename="authority")
router.register("regions", views.RegionViewSet, basename="region")
urlpatterns = router.urls
