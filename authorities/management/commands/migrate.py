"""Django's migrate, logged in as the tables' owner, in platform mode.

The app's own role (DATABASE_URL) may not change the schema and cannot see past row-level
security; migrations must do both. With DATABASE_OWNER_URL set, this logs in with that URL's user
and password for the run (same database: the test database too). Data migrations see every
authority: the owner is held to the policies as well (they are forced), unless it is a superuser."""

from __future__ import annotations

import dj_database_url
from django.conf import settings
from django.core.management.commands import migrate
from django.db import connections

from authorities.rls.scope import EVERY_AUTHORITY, set_database_scope


class Command(migrate.Command):
    def handle(self, *args, **options):
        using = options["database"]
        connection = connections[using]
        owner_url = getattr(settings, "DATABASE_OWNER_URL", "")
        if not owner_url or connection.vendor != "postgresql":
            if connection.vendor == "postgresql":
                set_database_scope(EVERY_AUTHORITY, using)
            return super().handle(*args, **options)
        owner = dj_database_url.parse(owner_url)
        app_credentials = {key: connection.settings_dict.get(key) for key in ("USER", "PASSWORD")}
        connection.close()
        connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner.get("PASSWORD", ""))
        try:
            set_database_scope(EVERY_AUTHORITY, using)
            return super().handle(*args, **options)
        finally:
            # Back to the app's role: this process may go on serving (the test runner does).
            connection.close()
            connection.settings_dict.update(app_credentials)
