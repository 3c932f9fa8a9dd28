"""Signals sent by authorities that apps above it receive (connected in their `AppConfig.ready()`)."""

from __future__ import annotations

from datetime import datetime

from django.dispatch import Signal
from django.utils import timezone

from .models import Membership

# Someone has been given a membership (through a join link, the admin or demo data): the apps above
# give it what was waiting for that person's address. Sent with `membership` and `now`; a receiver
# returns the objects it linked, or None.
membership_given = Signal()


def give_membership_its_waiting_work(*, membership: Membership, now: datetime | None = None) -> list:
    """Send `membership_given` and return every object the receivers linked, in their order."""
    now = now or timezone.now()
    linked: list = []
    for _receiver, result in membership_given.send(sender=Membership, membership=membership, now=now):
        linked.extend(result or ())
    return linked
