from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError
from django.utils import timezone

from .models import Notification


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
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
