"""Celery tasks see the authorities named by their arguments, and nothing once they finish.

Every task here takes `authority_id` or `authority_ids` (the layering rule of DESIGN.md: tasks
take ids). Before a task runs its connection is scoped to those authorities; a task that names
none (the sweep's fan-out, which reads only the authorities table) gets no tenant row. After it,
the previous scope is put back: nothing with an eager task, nothing held over to the next task
on a reused worker connection."""

from __future__ import annotations

from celery.signals import task_postrun, task_prerun

from .scope import DatabaseScope, current_database_scope, restore_database_scope, set_database_scope

_previous: dict[str, DatabaseScope] = {}


def scope_of_task(kwargs: dict) -> DatabaseScope:
    ids = list(kwargs.get("authority_ids") or [])
    if kwargs.get("authority_id") is not None:
        ids.append(kwargs["authority_id"])
    return DatabaseScope.of(ids)


@task_prerun.connect(dispatch_uid="cpc-database-scope-prerun")
def _scope_task(task_id=None, kwargs=None, **_):
    _previous[task_id] = current_database_scope()
    set_database_scope(scope_of_task(kwargs or {}))


@task_postrun.connect(dispatch_uid="cpc-database-scope-postrun")
def _unscope_task(task_id=None, **_):
    previous = _previous.pop(task_id, None)
    if previous is not None:
        restore_database_scope(previous, "default")
