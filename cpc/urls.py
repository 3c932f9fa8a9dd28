from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.middleware import two_factor_exempt
from accounts.sign_in_views import SignInView
from authorities import views as authority_views
from reports import views as report_views
from scheduling import views as scheduling_views

handler400 = "cpc.errors.bad_request"
handler403 = "cpc.errors.permission_denied"
handler404 = "cpc.errors.page_not_found"
handler500 = "cpc.errors.server_error"

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
    path("", include("returns.urls")),
    path("", include("accounts.audit_urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", SignInView.as_view(), name="login"),
    # Someone asked for a code must still be able to sign out instead.
    path("logout/", two_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("healthz", authority_views.healthz, name="healthz"),
    # The schema is for API clients too, so DRF authenticates it (token or session; 401 without:
    # SPECTACULAR_SETTINGS) rather than the sign-in redirect. The docs are a page: DRF views opt
    # out of LoginRequiredMiddleware, so login_required puts it back behind the sign-in page.
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("api/v1/<slug:authority_slug>/", include("cpc.api_urls")),
    path("", authority_views.authority_picker, name="authority-picker"),
    # Spans every authority the person belongs to, so it sits outside the slug (before it).
    path("my-conferences/", report_views.my_conferences, name="my-conferences"),
    # Join links (public: the token is the credential), password reset, two-factor sign-in and
    # the person's own account page.
    path("accounts/", include("accounts.urls")),
    path("<slug:authority_slug>/", include(tenant_pages)),
]
