"""Celery tasks of the accounts app: thin wrappers over services."""

from __future__ import annotations

from celery import shared_task

from .audit import delete_expired_events


@shared_task(acks_late=True, reject_on_worker_lost=True)
def delete_expired_access_events() -> int:
    """Beat runs it nightly: the read audit keeps AUDIT_RETENTION_DAYS of events. Deleting what is
    already gone deletes nothing, so a repeat is safe."""
    return delete_expired_events()
