"""Create (or fix) the app's PostgreSQL login role and grant it the tables. Run as the owner.

    DATABASE_URL=postgres://owner@host/cpc manage.py create_app_role --password "$APP_PASSWORD"

The role is a plain login role: not a superuser, no BYPASSRLS, owns nothing; it gets SELECT,
INSERT, UPDATE and DELETE on every table and use of every sequence, now and for tables the owner
creates later (default privileges). Then point DATABASE_URL at it and DATABASE_OWNER_URL at the owner."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from authorities.rls.policies import protect_tenant_tables
from authorities.rls.roles import ensure_app_role, role_facts


class Command(BaseCommand):
    help = (
        "Create the app's PostgreSQL role (not superuser, not owner, no BYPASSRLS) and grant it the tables."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default=settings.DATABASE_APP_ROLE, help="default: DATABASE_APP_ROLE")
        parser.add_argument(
            "--password", default=settings.DATABASE_APP_PASSWORD, help="default: DATABASE_APP_PASSWORD"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, role: str, password: str, database: str, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError(
                "create_app_role: only PostgreSQL has roles and row-level security", returncode=2
            )
        if role_facts(connection).name == role:
            raise CommandError(f"--role: connected as {role!r}; run this as the tables' owner", returncode=2)
        ensure_app_role(connection, role=role, password=password)
        protected = protect_tenant_tables(connection)
        self.stdout.write(
            self.style.SUCCESS(
                f"Role {role} can read and write the tables (row-level security applies to it)"
                + (f"; protected {len(protected)} more tables" if protected else "")
                + "."
            )
        )
