"""The local day: which calendar day a moment falls on where the authorities are (Europe/London,
the project's TIME_ZONE). Deadlines and rule sets are judged by that day, never by UTC's."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def local_day(moment: datetime) -> date:
    """The day `moment` falls on in local time; a naive moment is taken as local time already."""
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
