"""Statutory dates: the day each conference is due by (ICPC-15WD, RCPC1-3M, RCPCN-6M), and booking it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from authorities.models import RuleSet
from authorities.rules.ids import RuleId
from authorities.selectors import rule_set_in_force
from cases.models import Family, StrategyDiscussion
from conferences.models import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
)
from scheduling.calendars import due_date_for
from scheduling.engine import WorkingCalendar
from scheduling.models import Deadline
from scheduling.services import (
    deadline_for,
)

from .common import REAL_CONFERENCE_KINDS


@dataclass(frozen=True)
class StatutoryDate:
    """The date a conference must be held by, and the rule that says so."""

    rule_id: str
    event_on: date
    due_on: date
    rule_set: RuleSet
    deadline: Deadline | None

    @property
    def mode(self) -> str:
        return self.rule_set.mode(self.rule_id)


def _statutory(authority, rule_id: str, subject, event_on: date) -> StatutoryDate:
    rule_set = rule_set_in_force(authority, on=event_on)
    deadline = deadline_for(authority=authority, rule_id=rule_id, subject=subject)
    if deadline is not None and deadline.cancelled_at is None:
        due_on = deadline.due_on
    else:
        deadline = None
        due_on = due_date_for(authority=authority, rule_id=rule_id, event=event_on)
    return StatutoryDate(rule_id, event_on, due_on, rule_set, deadline)


def icpc_date(discussion: StrategyDiscussion) -> StatutoryDate:
    return _statutory(discussion.authority_id, RuleId.ICPC_15WD, discussion, discussion.held_on)


def conference_day(conference: Conference) -> date:
    return conference.held_on or conference.day


def review_date(previous: Conference) -> StatutoryDate:
    """RCPC1-3M counts from the initial conference, RCPCN-6M from the previous review."""
    rule_id = RuleId.RCPC1_3M if previous.kind == ConferenceKind.INITIAL else RuleId.RCPCN_6M
    return _statutory(previous.authority_id, rule_id, previous, previous.day)


def last_real_conference(family: Family) -> Conference | None:
    """The latest held initial or review conference. A midway review is never the anchor, so it
    does not reset the review cycle (MIDWAY-REVIEW)."""
    return (
        Conference.objects.for_authority(family.authority_id)
        .filter(family=family, kind__in=REAL_CONFERENCE_KINDS, status=ConferenceStatus.HELD)
        .order_by("-starts_at")
        .first()
    )


def section47_discussions(family: Family):
    return (
        StrategyDiscussion.objects.for_authority(family.authority_id)
        .filter(family=family, section47_started=True)
        .order_by("-held_on", "-pk")
    )


def statutory_date_for(
    *, family: Family, kind: str, strategy_discussion: StrategyDiscussion | None = None
) -> StatutoryDate | None:
    """What a new conference of this kind for this family must be held by (None for a midway review
    or when nothing starts a timescale yet)."""
    if kind == ConferenceKind.INITIAL:
        discussion = strategy_discussion or section47_discussions(family).first()
        return icpc_date(discussion) if discussion else None
    if kind == ConferenceKind.REVIEW:
        previous = last_real_conference(family)
        return review_date(previous) if previous else None
    return None


def working_days_within(
    *, calendar: WorkingCalendar, today: date, due_on: date, limit: int = 20
) -> list[date]:
    """The working days from today up to the due date, to offer on the scheduling form."""
    days: list[date] = []
    day = today if calendar.is_working_day(today) else calendar.add_working_days(today, 1)
    while day <= due_on and len(days) < limit:
        days.append(day)
        day = calendar.add_working_days(day, 1)
    return days
