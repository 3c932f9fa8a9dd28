"""Which authorities the current database connection may see: set per request, task and command.

The scope a thread wants is held here, per thread and database alias, and written to the
connection as session settings (`set_config(..., false)`): at once when the connection is open,
and again whenever a connection opens (Django's `connection_created`), so a connection closed and
opened again half way through a task (Celery closes old connections before each task) carries the
same scope. A thread starts with none: nothing allowed. Connections are reused (CONN_MAX_AGE), so
every setter is paired with a restore: `database_scope(...)` sets the scope and puts the previous one
back on the way out, whatever happens inside.

The statements go through the driver's own cursor rather than Django's: they are the tenancy
plumbing of every request, not the page's queries, and keeping them out of Django's query log keeps
the pages' query budgets (`django_assert_max_num_queries`) about the pages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import wraps

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

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

_wanted = threading.local()  # .scopes: {alias: DatabaseScope}, this thread's


def _scopes() -> dict[str, DatabaseScope]:
    scopes = getattr(_wanted, "scopes", None)
    if scopes is None:
        scopes = _wanted.scopes = {}
    return scopes


def _in_failed_transaction(raw) -> bool:
    from psycopg.pq import TransactionStatus

    return raw.info.transaction_status == TransactionStatus.INERROR


def _write(raw, scope: DatabaseScope) -> None:
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"set_config('{name}', %s, false)" for name in _SETTINGS), scope._values()
        )


def _open_raw_connection(using: str):
    """The driver's connection if Django has one open on PostgreSQL, else None (opens nothing)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.connection is None or connection.connection.closed:
        return None
    return connection.connection


@receiver(connection_created, dispatch_uid="cpc-database-scope-on-connect")
def _scope_new_connection(sender, connection, **kwargs) -> None:
    """A connection opened in this thread gets the scope the thread wants (none by default)."""
    if connection.vendor == "postgresql":
        _write(connection.connection, _scopes().get(connection.alias, NOTHING))


def current_database_scope(using: str = DEFAULT_DB_ALIAS) -> DatabaseScope:
    """The scope this thread has set for the alias (what its connection carries; no query)."""
    return _scopes().get(using, NOTHING)


def connection_database_scope(using: str = DEFAULT_DB_ALIAS) -> DatabaseScope:
    """What the connection itself carries, read from PostgreSQL (for tests and diagnosis)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return NOTHING
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"current_setting('{name}', true)" for name in _SETTINGS))
        return DatabaseScope._from_values(cursor.fetchone())


def set_database_scope(scope: DatabaseScope, using: str = DEFAULT_DB_ALIAS) -> None:
    """Set the scope for what follows in this thread. Prefer `database_scope()`, which puts the
    previous one back; this is for narrowing inside one (the request's authority)."""
    if connections[using].vendor != "postgresql":
        return
    _scopes()[using] = scope
    raw = _open_raw_connection(using)
    if raw is None:
        return  # written when the connection opens
    if _in_failed_transaction(raw):
        # The statement would fail too; the rollback that must follow puts back what the
        # connection had before the transaction, and every request and task sets its own afresh.
        logger.warning("database scope not written: the transaction has failed")
        return
    _write(raw, scope)


@contextmanager
def database_scope(scope: DatabaseScope, using: str = DEFAULT_DB_ALIAS) -> Iterator[DatabaseScope]:
    """Run the block with this scope, then put the previous one back."""
    previous = current_database_scope(using)
    set_database_scope(scope, using)
    try:
        yield scope
    finally:
        restore_database_scope(previous, using)


def restore_database_scope(previous: DatabaseScope, using: str = DEFAULT_DB_ALIAS) -> None:
    set_database_scope(previous, using)


@contextmanager
def own_memberships_readable(user_id: int | None, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Within the block the connection may also read this person's memberships, whichever
    authority (what else it may see stays as it was): for what runs before a request has its scope,
    such as the check that someone must use two-factor sign-in, made for an API token during
    authentication, and for the admin's yes/no of whether someone also works elsewhere."""
    current = current_database_scope(using)
    if user_id is None or current.user_id == user_id or connections[using].vendor != "postgresql":
        yield
        return
    with database_scope(replace(current, user_id=int(user_id)), using):
        yield


def membership_authority_ids(
    user_id: int, *, roles: Iterable[str] = (), using: str = DEFAULT_DB_ALIAS
) -> list[int]:
    """The authorities where this person holds an active membership (of one of `roles`, if given),
    read through the own-memberships policy only; the thread's scope is left as it was."""
    connection = connections[using]
    roles = list(roles)
    with database_scope(DatabaseScope(user_id=user_id), using):
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            cursor.execute(
                "SELECT authority_id FROM authorities_membership WHERE user_id = %s AND is_active"
                + (" AND role = ANY(%s)" if roles else ""),
                [user_id, roles] if roles else [user_id],
            )
            return [row[0] for row in cursor.fetchall()]


def scope_for_user_id(user_id: int | None, using: str = DEFAULT_DB_ALIAS) -> DatabaseScope:
    """The authorities of this person's active memberships, by id (e.g. a sign-in, recorded in each
    of them, before the request knows who is signing in)."""
    if user_id is None or connections[using].vendor != "postgresql":
        return NOTHING
    return DatabaseScope.of(membership_authority_ids(user_id, using=using), user_id=user_id)


def scope_for_user(user, using: str = DEFAULT_DB_ALIAS) -> DatabaseScope:
    """Before an authority is chosen: the authorities where this person holds an active membership
    (the picker, their own pages, a practitioner's cross-authority list); every authority for
    platform staff (superusers); nothing for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return DatabaseScope(all_authorities=True, user_id=user.pk)
    if connections[using].vendor != "postgresql":
        return DatabaseScope(user_id=user.pk)
    return DatabaseScope.of(membership_authority_ids(user.pk, using=using), user_id=user.pk)


def admin_scope_for_user(user, admin_role: str, using: str = DEFAULT_DB_ALIAS) -> DatabaseScope:
    """The admin site: every authority for platform staff (superusers), the authorities this person
    administers for an authority administrator (staff), nothing for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return DatabaseScope(all_authorities=True, user_id=user.pk)
    if not user.is_staff or connections[using].vendor != "postgresql":
        return DatabaseScope(user_id=user.pk)
    return DatabaseScope.of(
        membership_authority_ids(user.pk, roles=[admin_role], using=using), user_id=user.pk
    )


def in_named_authority(argument: str = "authority") -> Callable:
    """For a management command's `handle()` that works in one authority named by its slug (the
    `argument` option): the command runs with the database scoped to that authority, and the
    scope is put back after (the test suite calls commands in its own process). An unknown slug
    gets no scope; the command refuses it itself."""

    def decorate(handle: Callable) -> Callable:
        @wraps(handle)
        def wrapped(self, *args, **options):
            from authorities.models import Authority

            ids = Authority.objects.filter(slug=options.get(argument)).values_list("pk", flat=True)
            with database_scope(DatabaseScope.of(ids)):
                return handle(self, *args, **options)

        return wrapped

    return decorate
