"""Deletes read-audit events older than AUDIT_RETENTION_DAYS (what the nightly beat task does)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.audit import delete_expired_events


class Command(BaseCommand):
    help = "Delete access events (the read audit) older than AUDIT_RETENTION_DAYS."

    def handle(self, *args, **options) -> None:
        deleted = delete_expired_events()
        self.stdout.write(f"{deleted} access events older than {settings.AUDIT_RETENTION_DAYS} days deleted")
