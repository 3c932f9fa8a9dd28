"""Dates as people read them ("29 December 2026"), for messages, e-mails and notifications built in
Python; templates use Django's `date` filter with the same formats."""

from __future__ import annotations

import datetime
import functools

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


# The lists show many dates, often the same few (the same due date on many rows): formatting each
# through Django's `date` filter was a measurable share of a page. These give the same text as the
# filter's "j M Y" and "D j M Y" (English month and day abbreviations), worked out once per date.
@functools.lru_cache(maxsize=4096)
def short_date(day: datetime.date) -> str:
    """7 Dec 2026 (the `date` filter's "j M Y")."""
    return f"{day.day} {day:%b %Y}"


@functools.lru_cache(maxsize=4096)
def short_date_with_weekday(day: datetime.date) -> str:
    """Mon 7 Dec 2026 (the `date` filter's "D j M Y")."""
    return f"{day:%a} {day.day} {day:%b %Y}"
