"""Celery tasks of the scheduling app: thin wrappers over services, taking ids.

Every task is `acks_late` (the message is acknowledged only when the task has finished) with
`reject_on_worker_lost`, so a worker killed half way gives the message back to the broker and
another worker runs it again; the services are idempotent (one transaction per authority,
compare-and-set updates, unique constraints), so running again is safe. Far-off dates are rows the
sweep finds, never an `eta`/`countdown`: with Redis a message held past the visibility timeout
would be delivered twice."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import OperationalError
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

_RELIABLE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**_RELIABLE)
def sweep_all(today: str | None = None) -> int:
    """Fan out: one `sweep_authorities` task per batch of active authorities, all judged on the same
    date (the Europe/London date when the fan-out ran, so a fan-out that crosses midnight stays
    consistent). Returns the number of authorities."""
    from .sweep import active_authority_ids, batches

    day = today or timezone.localdate().isoformat()
    ids = active_authority_ids()
    for batch in batches(ids):
        sweep_authorities.delay(authority_ids=batch, today=day)
    return len(ids)


def _summary(result) -> dict:
    return {
        "authority": result.slug,
        "status_changes": dict(result.status_changes),
        "escalations_raised": result.escalations_raised,
        "escalations_moved_up": result.escalations_moved_up,
        "notifications": result.notifications,
        "report_reminders": result.report_reminders,
        "skipped": result.skipped,
    }


_SWEEP_RETRIES = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(**_RELIABLE, **_SWEEP_RETRIES)
def sweep_authorities(*, authority_ids: list[int], today: str) -> list[dict]:
    """Bring a batch of authorities' deadlines, escalations and notifications up to date on `today`."""
    from .sweep import sweep_batch

    return [_summary(result) for result in sweep_batch(authority_ids, today=date.fromisoformat(today))]


@shared_task(**_RELIABLE, **_SWEEP_RETRIES)
def sweep_authority(*, authority_id: int, today: str) -> dict:
    """Bring one authority up to date on `today` (e.g. after its rule set changed)."""
    from .sweep import sweep_authority as sweep

    return _summary(sweep(authority_id=authority_id, today=date.fromisoformat(today)))


def _message(notification: Notification) -> EmailMessage:
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    body = "\n\n".join(part for part in (notification.body, link) if part)
    return EmailMessage(notification.subject, body, None, [notification.recipient.email])


@shared_task(**_RELIABLE, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def email_notification(*, authority_id: int, notification_id: int) -> bool:
    """E-mail one notification. Claims it first (compare-and-set on emailed_at), so a duplicate
    delivery sends nothing twice; a failed send gives the claim back for the retry."""
    scoped = Notification.objects.for_authority(authority_id)
    claimed = scoped.filter(pk=notification_id, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed:
        return False
    notification = scoped.select_related("recipient").get(pk=notification_id)
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    body = "\n\n".join(part for part in (notification.body, link) if part)
    try:
        send_mail(notification.subject, body, None, [notification.recipient.email])
    except Exception:
        scoped.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


@shared_task(**_RELIABLE, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def email_notifications(*, authority_id: int, notification_ids: list[int]) -> int:
    """E-mail a batch of notifications over one mail connection (the sweep makes many at once).

    Claims the unsent ones in one compare-and-set, sends each, and gives back the claim of any
    that failed before raising, so the retry (with backoff) sends only what is still unsent."""
    scoped = Notification.objects.for_authority(authority_id)
    # The claim's timestamp marks this run's rows: a concurrent delivery of the same batch claims
    # none of them (compare-and-set on emailed_at IS NULL), so nothing is sent twice.
    now = timezone.now()
    scoped.filter(pk__in=notification_ids, emailed_at__isnull=True).exclude(recipient__email="").update(
        emailed_at=now
    )
    notifications = list(
        scoped.filter(pk__in=notification_ids, emailed_at=now).select_related("recipient").order_by("pk")
    )
    if not notifications:
        return 0
    sent: list[int] = []
    try:
        with get_connection() as mail:
            for notification in notifications:
                message = _message(notification)
                message.connection = mail
                try:
                    message.send()
                except Exception:
                    logger.exception("e-mail of notification %s failed", notification.pk)
                else:
                    sent.append(notification.pk)
    finally:
        failed = [n.pk for n in notifications if n.pk not in set(sent)]
        if failed:
            scoped.filter(pk__in=failed, emailed_at=now).update(emailed_at=None)
    if failed:
        raise OSError(f"{len(failed)} of {len(notifications)} e-mails failed; they will be retried")
    return len(sent)
