"""API v1: every route lives under /api/v1/<authority-slug>/ and is scoped by AuthorityViewSet."""

from rest_framework.routers import DefaultRouter

from authorities import api as authorities_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agencies", authorities_api.AgencyViewSet, basename="agency")
router.register("venues", authorities_api.VenueViewSet, basename="venue")
router.register("closure-days", authorities_api.ClosureDayViewSet, basename="closure-day")
router.register("rule-sets", authorities_api.RuleSetViewSet, basename="rule-set")

urlpatterns = router.urls
