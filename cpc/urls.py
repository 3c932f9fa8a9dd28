from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from authorities import views as authority_views
from reports import views as report_views
from scheduling import views as scheduling_views

admin.site.site_header = "Child protection conferences: administration"
admin.site.site_title = "CP conferences admin"

tenant_pages = [
    path("", authority_views.home, name="home"),
    path("rules/", authority_views.rules_in_force, name="rules-in-force"),
    path("due-dates/", scheduling_views.due_date_calculator, name="due-dates"),
    path("", include("scheduling.urls")),
    path("", include("cases.urls")),
    path("", include("conferences.urls")),
    path("", include("reports.urls")),
    path("", include("coregroups.urls")),
    path("", include("dashboards.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", authority_views.healthz, name="healthz"),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("api/v1/<slug:authority_slug>/", include("cpc.api_urls")),
    path("", authority_views.authority_picker, name="authority-picker"),
    # Spans every authority the person belongs to, so it sits outside the slug (before it).
    path("my-conferences/", report_views.my_conferences, name="my-conferences"),
    # Public: someone invited by e-mail creates their account (the token is the credential).
    path("accounts/", include("accounts.urls")),
    path("<slug:authority_slug>/", include(tenant_pages)),
]
