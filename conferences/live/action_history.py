"""What happened to one action of a conference's outline plan, version by version: added, changed,
marked done, or not done after all, with who, when and why (its django-simple-history rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from authorities.human_dates import long_date
from conferences.models import OutlinePlanItem

from .plan_actions import NOT_DONE_AFTER_ALL


@dataclass(frozen=True)
class ActionChange:
    at: datetime
    by: str
    what: str
    why: str


def _what(record, previous) -> str:
    if previous is None:
        return "Added to the plan"
    if record.done_on != previous.done_on:
        return f"Marked done on {long_date(record.done_on)}" if record.done_on else "Not done after all"
    return "Changed"


def action_history(item: OutlinePlanItem) -> list[ActionChange]:
    """The action's versions, oldest first."""
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    changes = []
    previous = None
    for record in records:
        user = record.history_user
        what = _what(record, previous)
        why = record.history_change_reason or ""
        if why.startswith(f"{NOT_DONE_AFTER_ALL}: "):
            why = record.not_done_reason  # whole: the reason column holds only its start
        changes.append(
            ActionChange(
                at=record.history_date,
                by=user.display_name if user else "The system",
                what=what,
                why=why,
            )
        )
        previous = record
    return changes
