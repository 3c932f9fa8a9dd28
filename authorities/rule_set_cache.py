"""An authority's rule set in force and its closure days, kept by each process between requests.

Nearly every page works out "today" for the authority, which read its rule set, the rule set's
fifty-odd settings and its closure days: three statements and some sixty objects per request, the
same on every request until an administrator changes a rule. Here they are built once per process
and handed out again for as long as the authority's rules revision is unchanged.

The revision is kept by the database (migration `authorities.0009_rules_revision`): triggers give
the authority a new number whenever any of its rule sets, rule settings or closure days is
inserted, changed or deleted, however it is written, and a number never comes back with other rules
behind it (not even after a rollback). Each use asks the database for the current number, a single
primary-key read, so a change shows on the very next request, in every process, inside the
transaction that made it too.

Only the connection's own authorities are served from here: where row-level security would hide
the authority's rules from this connection, the read goes to the database as before and finds
nothing, exactly as it did without the cache.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection

from .rls.scope import current_database_scope

T = TypeVar("T")

# Six authorities × a few days × a few rule-id selections fit with room to spare; at national scale
# the least recently used go first.
MAX_ENTRIES = 2_048

_entries: OrderedDict[Hashable, object] = OrderedDict()
_lock = threading.Lock()


def rules_revision(authority_id: int) -> int | None:
    """The authority's current rules revision, or None where none is recorded (then nothing is kept)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT revision FROM cpc_rules_revision WHERE authority = %s", [authority_id])
        row = cursor.fetchone()
    return row[0] if row else None


def _connection_may_read(authority_id: int) -> bool:
    if connection.vendor != "postgresql":
        return True  # no row-level security: the callers' own scoping is all there is
    scope = current_database_scope()
    return scope.all_authorities or authority_id in scope.authority_ids


def kept(kind: str, authority_id: int, key: Hashable, build: Callable[[], T]) -> T:
    """`build()`'s answer for this authority, kept while its rules revision stands. What is kept
    is shared between requests, so a model instance is handed out as a shallow copy: a caller that
    sets an attribute on it changes its own copy only. Exceptions are not kept."""
    revision = rules_revision(authority_id) if _connection_may_read(authority_id) else None
    if revision is None:
        return build()
    entry_key = (kind, authority_id, revision, key)
    with _lock:
        found = _entries.get(entry_key, _MISSING)
        if found is not _MISSING:
            _entries.move_to_end(entry_key)
    if found is _MISSING:
        found = build()
        with _lock:
            _entries[entry_key] = found
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return copy.copy(found)


def forget_everything() -> None:
    """Drop every kept answer (tests that measure the first, uncached request use it)."""
    with _lock:
        _entries.clear()


_MISSING = object()
