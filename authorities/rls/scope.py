"""Which authorities the current database connection may see: set per request, task and command.

Connections are reused (CONN_MAX_AGE), so every setter here is paired with a restore:
`database_scope(...)` sets the scope and puts the previous one back on the way out, whatever
happens inside. The settings are session-level (`set_config(..., false)`), so they hold across the
transactions of a request or task, and a fresh connection starts with none: nothing allowed.

The statements go through the driver's own cursor rather than Django's: they are the tenancy
plumbing of every request, not the page's queries, and keeping them out of Django's query log keeps
the pages' query budgets (`django_assert_max_num_queries`) about the pages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

_SETTINGS = ("cpc.authority_ids", "cpc.all_authorities", "cpc.user_id", "cpc.join_token_hash")


@dataclass(frozen=True)
class DatabaseScope:
    """What a connection may see. The default, `DatabaseScope()`, allows no tenant row."""

    authority_ids: tuple[int, ...] = ()
    all_authorities: bool = False  # platform mode: migrations, platform staff, seeding commands
    user_id: int | None = None  # only widens reads of this person's own memberships
    join_token_hash: str = ""  # only widens reads of the one join link with this hash

    @classmethod
    def of(cls, authority_ids: Iterable[int], **kwargs) -> DatabaseScope:
        return cls(authority_ids=tuple(sorted({int(pk) for pk in authority_ids})), **kwargs)

    def _values(self) -> tuple[str, str, str, str]:
        return (
            ",".join(str(pk) for pk in self.authority_ids),
            "on" if self.all_authorities else "",
            "" if self.user_id is None else str(int(self.user_id)),
            self.join_token_hash,
        )

    @classmethod
    def _from_values(cls, values) -> DatabaseScope:
        ids, everything, user_id, token_hash = (value or "" for value in values)
        return cls(
            authority_ids=tuple(int(pk) for pk in ids.split(",") if pk),
            all_authorities=everything == "on",
            user_id=int(user_id) if user_id else None,
            join_token_hash=token_hash,
        )


NOTHING = DatabaseScope()
EVERY_AUTHORITY = DatabaseScope(all_authorities=True)


def _raw_connection(using: str):
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    return connection.connection


def _in_failed_transaction(raw) -> bool:
    from psycopg.pq import TransactionStatus

    return raw.info.transaction_status == TransactionStatus.INERROR


def current_database_scope(using: str = DEFAULT_DB_ALIAS) -> DatabaseScope:
    raw = _raw_connection(using)
    if raw is None:
        return NOTHING
    with raw.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"current_setting('{name}', true)" for name in _SETTINGS))
        return DatabaseScope._from_values(cursor.fetchone())


def set_database_scope(scope: DatabaseScope, using: str = DEFAULT_DB_ALIAS) -> None:
    """Set the scope for what follows on this connection. Prefer `database_scope()`, which puts
    the previous one back; this is for narrowing inside one (the request's authority)."""
    raw = _raw_connection(using)
    if raw is None:
        return
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"set_config('{name}', %s, false)" for name in _SETTINGS), scope._values()
        )


@contextmanager
def database_scope(scope: DatabaseScope, using: str = DEFAULT_DB_ALIAS) -> Iterator[DatabaseScope]:
    """Run the block with this scope, then put the previous one back."""
    if connections[using].vendor != "postgresql":
        yield scope
        return
    previous = current_database_scope(using)
    set_database_scope(scope, using)
    try:
        yield scope
    finally:
        restore_database_scope(previous, using)


def restore_database_scope(previous: DatabaseScope, using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    if connection.connection is None or connection.connection.closed:
        return  # a new connection starts with no scope: nothing to undo
    if _in_failed_transaction(connection.connection):
        # The statement would fail too; the rollback that must follow undoes what was set inside
        # the transaction, and every request and task sets its scope afresh when it starts.
        logger.warning("database scope not restored: the transaction has failed")
        return
    set_database_scope(previous, using)


def scope_for_user(user, using: str = DEFAULT_DB_ALIAS) -> DatabaseScope:
    """Before an authority is chosen: the authorities where this person holds an active membership
    (the picker, their own pages, a practitioner's cross-authority list, the admin of the
    authorities they administer); every authority for platform staff; nothing for anyone else.
    It leaves the connection able to read this person's memberships: set the answer next."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return DatabaseScope(all_authorities=True, user_id=user.pk)
    raw = _raw_connection(using)
    if raw is None:
        return DatabaseScope(user_id=user.pk)
    # Only the own-memberships policy lets these rows through: set the user first, then read.
    set_database_scope(DatabaseScope(user_id=user.pk), using)
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT authority_id FROM authorities_membership WHERE user_id = %s AND is_active", [user.pk]
        )
        ids = [row[0] for row in cursor.fetchall()]
    return DatabaseScope.of(ids, user_id=user.pk)
