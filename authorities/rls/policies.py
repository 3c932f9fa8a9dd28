"""Row-level security on every table that has an `authority_id` column.

`protect_tenant_tables(connection)` is idempotent: it enables and forces RLS and creates the policy
only where missing, for the tables the schema has now (read from information_schema, so a table
added by any later migration, such as a new history or audit table, is covered by the next run).
It runs after every `migrate` (post_migrate, see `authorities.apps`) and may be called from a
migration's RunPython with `schema_editor.connection`. It must run as the tables' owner; as the
app's role it only checks, and changes nothing when nothing is missing (a test database flush
emits post_migrate too)."""

from __future__ import annotations

from dataclasses import dataclass

POLICY = "cpc_authority_scope"
OWN_MEMBERSHIPS_POLICY = "cpc_own_memberships"
JOIN_LINK_POLICY = "cpc_join_link"

# The allowed set is a comma-separated list of ids in a session setting; empty or unset allows
# nothing. current_setting(..., true) answers NULL instead of failing when it was never set.
ALLOWED = (
    "coalesce(current_setting('cpc.all_authorities', true), '') = 'on' "
    "OR authority_id = ANY ("
    "string_to_array(nullif(current_setting('cpc.authority_ids', true), ''), ',')::bigint[])"
)

# Narrow, deliberate exceptions, each for reading only:
# - a signed-in person's own memberships, whichever authority (resolving `/<slug>/` and the
#   picker needs them before any authority is chosen);
# - the one join-link row whose token hash the join page was given (the link names no authority).
EXTRA_POLICIES = {
    "authorities_membership": (
        OWN_MEMBERSHIPS_POLICY,
        "user_id = nullif(current_setting('cpc.user_id', true), '')::bigint",
    ),
    "accounts_accountinvitationtoken": (
        JOIN_LINK_POLICY,
        "token_hash = nullif(current_setting('cpc.join_token_hash', true), '')",
    ),
}


@dataclass(frozen=True)
class TableProtection:
    table: str
    enabled: bool
    forced: bool
    policies: frozenset[str]

    @property
    def protected(self) -> bool:
        return self.enabled and self.forced and POLICY in self.policies


def tenant_tables(connection) -> list[str]:
    """Every ordinary table in the current schema with an `authority_id` column."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name
            FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND c.column_name = 'authority_id'
              AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name
            """
        )
        return [row[0] for row in cursor.fetchall()]


def protection(connection) -> list[TableProtection]:
    """How each table with `authority_id` stands: RLS enabled, forced, and its policies."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   coalesce(array_agg(p.polname) FILTER (WHERE p.polname IS NOT NULL), '{}')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            LEFT JOIN pg_policy p ON p.polrelid = c.oid
            WHERE c.relname = ANY(%s) AND c.relkind = 'r'
            GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity
            ORDER BY c.relname
            """,
            [tenant_tables(connection)],
        )
        return [
            TableProtection(table=name, enabled=enabled, forced=forced, policies=frozenset(policies))
            for name, enabled, forced, policies in cursor.fetchall()
        ]


def protect_tenant_tables(connection) -> list[str]:
    """Enable and force RLS and create the policies wherever missing; the tables changed."""
    if connection.vendor != "postgresql":
        return []
    changed = []
    for state in protection(connection):
        statements = _missing_statements(state)
        if not statements:
            continue
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        changed.append(state.table)
    return changed


def _missing_statements(state: TableProtection) -> list[str]:
    table = _quote(state.table)
    statements = []
    if not state.enabled:
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    if not state.forced:
        # FORCE: the owner is held to the policies too, unless it is a superuser or has BYPASSRLS.
        statements.append(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    if POLICY not in state.policies:
        statements.append(f"CREATE POLICY {POLICY} ON {table} USING ({ALLOWED}) WITH CHECK ({ALLOWED})")
    extra = EXTRA_POLICIES.get(state.table)
    if extra and extra[0] not in state.policies:
        name, condition = extra
        statements.append(f"CREATE POLICY {name} ON {table} FOR SELECT USING ({condition})")
    return statements


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
