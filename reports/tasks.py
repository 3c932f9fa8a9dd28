"""Celery tasks of the reports app: thin, take ids, safe to run twice."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from . import services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_report_reminders_task(*, authority_id: int, today: str | None = None) -> int:
    """REPORT-2WD reminders for one authority (the periodic sweep calls the service directly)."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.send_due_report_reminders(authority_id, day)


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def send_non_attendance_letters_task(
    *, authority_id: int, conference_id: int, today: str | None = None
) -> int:
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.send_non_attendance_letters(
        authority_id=authority_id, conference_id=conference_id, today=day
    )


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def notify_conference_moved_task(*, authority_id: int, conference_id: int) -> int:
    return services.notify_conference_moved(conference_id, authority_id=authority_id)
