from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _protect_tenant_tables(sender, using, **kwargs):
    """After every migrate, RLS on every table with authority_id, including tables that any app's
    migrations just added (idempotent: only what is missing is created)."""
    from django.db import connections

    from .rls.policies import protect_tenant_tables

    protect_tenant_tables(connections[using])


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Authorities and rule sets"

    def ready(self):
        from .rls import tasks  # noqa: F401  (connects the Celery task signals)

        # Once per migrate (post_migrate is sent once per app; this app's turn comes after the
        # whole plan has been applied).
        post_migrate.connect(_protect_tenant_tables, sender=self, dispatch_uid="cpc-protect-tenant-tables")
