"""What every part of the sweep shares: its defaults and the statuses it works on."""

from __future__ import annotations

import logging

from django.db import connection

from authorities.rules.ids import RuleId

from .engine import DeadlineStatus
from .models import EscalationStatus

logger = logging.getLogger("scheduling.sweep")  # one name for everything the sweep logs


# Product default (RULES.md, ESCALATION): 2 working days per level where the rule set gives none.
DEFAULT_RUNG_WORKING_DAYS = 2
# Product default for REPORT-2WD reminders where the rule set gives no steps (as reports.services).
DEFAULT_REMINDER_WORKING_DAYS = (5, 2)
REMINDED_RULE = RuleId.REPORT_2WD
# pg_advisory_xact_lock(key1, key2): key1 names "the sweep of one authority".
SWEEP_LOCK_NAMESPACE = 7_000_001
NOTIFIED_STATUSES = (DeadlineStatus.DUE_SOON, DeadlineStatus.DUE_TODAY, DeadlineStatus.OVERDUE)
UNRESOLVED = (EscalationStatus.OPEN, EscalationStatus.ACKNOWLEDGED)


def _table(model) -> str:
    """The model's table name, quoted for the sweep's hand-written SQL."""
    return connection.ops.quote_name(model._meta.db_table)
