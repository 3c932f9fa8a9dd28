from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "cpc.admin_site.VerifiedAdminSite"


class CpcConfig(AppConfig):
    """The project as an app: home of what needs every other app (demo and scale-data builders)."""

    name = "cpc"
    verbose_name = "Child protection conferences"
