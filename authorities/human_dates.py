"""Dates as people read them ("29 December 2026"), for messages, e-mails and notifications built in
Python; templates use Django's `date` filter with the same formats."""

from __future__ import annotations

import datetime

from django.utils import timezone


def long_date(day: datetime.date) -> str:
    """29 December 2026 (a datetime is taken as its local date)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.day} {day:%B %Y}"


def long_date_with_weekday(day: datetime.date) -> str:
    """Tuesday 29 December 2026."""
    return f"{day:%A} {long_date(day)}"


def long_datetime(moment: datetime.datetime) -> str:
    """29 December 2026 at 10:30 (local time)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{long_date(local.date())} at {local:%H:%M}"


def long_datetime_with_weekday(moment: datetime.datetime) -> str:
    """Tuesday 29 December 2026 at 10:30 (local time)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local:%A} {long_datetime(local)}"
