"""Bridges the pure date engine and an authority's data (closure days, rule set)."""

from __future__ import annotations

from datetime import date

from authorities.models import Authority, ClosureDay, RuleSet
from authorities.refusals import in_words
from authorities.rule_set_cache import kept
from authorities.rules.catalogue import RULES_BY_ID, RuleKind
from authorities.selectors import rule_set_in_force

from .engine import DeadlineStatus, Timescale, WorkingCalendar, due_date, status_on, working_days_left


class NoDueDate(ValueError):
    """The rule exists but is not a timescale (QUORUM, OPINION…), or has no fixed timescale."""


def calendar_for(authority: Authority | int) -> WorkingCalendar:
    authority_id = authority if isinstance(authority, int) else authority.pk
    return kept("calendar", authority_id, None, lambda: _load_calendar(authority_id))


def _load_calendar(authority_id: int) -> WorkingCalendar:
    closure_days = ClosureDay.objects.for_authority(authority_id).values_list("date", flat=True)
    return WorkingCalendar(closure_days=list(closure_days))


def timescale_of(rule_set: RuleSet, rule_id: str) -> Timescale:
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        raise KeyError(rule_id)
    values = rule_set.values(rule_id)
    if rule.kind is not RuleKind.DEADLINE and "unit" not in values:
        raise NoDueDate(in_words("not a timescale rule: it has no due date", rule_id))
    if "unit" not in values or "amount" not in values:
        raise NoDueDate(in_words("no single due date: it is checked against other events", rule_id))
    return Timescale.from_values(values)


def due_date_for(
    *, authority: Authority, rule_id: str, event: date, calendar: WorkingCalendar | None = None
) -> date:
    """Due date of `rule_id` counted from `event`, by the rule set in force on the event's date."""
    rule_set = rule_set_in_force(authority, on=event)
    return due_date(timescale_of(rule_set, rule_id), event, calendar or calendar_for(authority))


__all__ = [
    "DeadlineStatus",
    "NoDueDate",
    "calendar_for",
    "due_date_for",
    "status_on",
    "timescale_of",
    "working_days_left",
]
