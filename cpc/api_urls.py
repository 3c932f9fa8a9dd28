"""API v1: every route lives under /api/v1/<authority-slug>/ and is scoped by AuthorityViewSet."""

from rest_framework.routers import DefaultRouter

from authorities import api as authorities_api
from cases import api as cases_api
from cases.plans import api as plans_api
from conferences import api as conferences_api
from coregroups import api as coregroups_api
from dashboards import api as dashboards_api
from reports import api as reports_api
from scheduling import api as scheduling_api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("agencies", authorities_api.AgencyViewSet, basename="agency")
router.register("venues", authorities_api.VenueViewSet, basename="venue")
router.register("closure-days", authorities_api.ClosureDayViewSet, basename="closure-day")
# Rule sets come from authorities; scheduling adds the engine's "due-date" answer to them.
router.register("rule-sets", scheduling_api.RuleSetViewSet, basename="rule-set")

for app_api in (
    scheduling_api,
    cases_api,
    plans_api,
    conferences_api,
    reports_api,
    coregroups_api,
    dashboards_api,
):
    app_api.register(router)

urlpatterns = router.urls
