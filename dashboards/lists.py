"""The lists behind the dashboard's figures: the open deadlines of one rule and status, each with
its case, so a manager goes from a number to the cases and from there to the case."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from authorities.models import Membership
from authorities.selectors import rule_set_in_force
from cases.selectors import Today
from scheduling.calendars import calendar_for
from scheduling.selectors import open_deadlines

from .filters import Filters

DEADLINE_STATUSES = {"overdue": "Overdue", "due_today": "Due today", "due_soon": "Due soon"}


def deadline_list_rows(
    membership: Membership, filters: Filters, *, rule_id: str, status: str, today: date | None = None
) -> tuple[QuerySet, Today]:
    """Open deadlines with `status` as on today (from the due dates, as the figures count them),
    of `rule_id` (every rule if empty), oldest due first."""
    authority = membership.authority
    day = today or timezone.localdate()
    rule_set = rule_set_in_force(authority, on=day)
    now = Today(
        day=day, calendar=calendar_for(authority), due_soon_working_days=rule_set.due_soon_working_days
    )
    deadlines = open_deadlines(authority, family_filter=filters.family_filter()).filter(now.status_q(status))
    if rule_id:
        deadlines = deadlines.filter(rule_id=rule_id)
    rows = deadlines.order_by("due_on", "pk")
    return rows, now
