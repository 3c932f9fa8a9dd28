"""The app's PostgreSQL login role: neither a superuser nor the tables' owner, no BYPASSRLS.

A connection that only did `SET ROLE` to a weaker role could `RESET ROLE` back: the app logs in as
this role instead (DATABASE_URL), and migrations log in as the owner (DATABASE_OWNER_URL)."""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
ATTRIBUTES = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"


@dataclass(frozen=True)
class RoleFacts:
    name: str
    superuser: bool
    bypasses_rls: bool
    tables_owned: int


def ensure_app_role(
    connection, *, role: str, password: str = "", extra_privileges: tuple[str, ...] = ()
) -> None:
    """Create the login role if missing (or take away any power it must not have), and grant it
    reading and writing on every table and sequence of the current schema, now and for the
    tables the connected owner creates later. Run as the owner (who needs CREATEROLE to create it).
    `extra_privileges` is for the test database only (TRUNCATE, to empty it between tests)."""
    connection.ensure_connection()
    raw = connection.connection
    who = sql.Identifier(role)
    privileges = sql.SQL(", ").join(sql.SQL(p) for p in (*TABLE_PRIVILEGES, *extra_privileges))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        exists = cursor.fetchone() is not None
        if not exists:
            try:
                cursor.execute(sql.SQL("CREATE ROLE {} " + ATTRIBUTES).format(who).as_string(raw))
            except Exception as error:  # two processes creating it at once: the other one won
                if "already exists" not in str(error):
                    raise
        statements = [
            sql.SQL("ALTER ROLE {} " + ATTRIBUTES).format(who),
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(connection.settings_dict["NAME"]), who
            ),
            sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
            sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA public TO {}").format(privileges, who),
            sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {} ON TABLES TO {}").format(
                privileges, who
            ),
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"
            ).format(who),
        ]
        if password:
            statements.append(sql.SQL("ALTER ROLE {} PASSWORD {}").format(who, sql.Literal(password)))
        for statement in statements:
            cursor.execute(statement.as_string(raw))


def role_facts(connection) -> RoleFacts:
    """What the connection's own role can do: the test proves the app's role is a weak one."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relowner = r.oid)
            FROM pg_roles r WHERE r.rolname = current_user
            """
        )
        name, superuser, bypasses, owned = cursor.fetchone()
    return RoleFacts(name=name, superuser=superuser, bypasses_rls=bypasses, tables_owned=owned)
