"""Today for an authority (its date, calendar and "due soon" window) and deadlines as a person
should see them today.

Deadline status is worked out for today from the engine (the sweep also stores it, but a page
shown at 9am should not wait for the night's sweep to turn a deadline red)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    F,
    Q,
    QuerySet,
)
from django.utils import timezone

from authorities.human_dates import short_date
from authorities.models import Authority
from authorities.rules.ids import RuleId
from authorities.selectors import NoRuleSetInForce, rule_set_in_force
from scheduling.calendars import calendar_for
from scheduling.engine import DeadlineStatus, WorkingCalendar, status_on, working_days_left
from scheduling.models import Deadline

ICPC_RULE = RuleId.ICPC_15WD

# GOV.UK tag colours for each status: the words come from DeadlineStatus labels, the colour only helps.
STATUS_TAG = {
    DeadlineStatus.NOT_DUE: "govuk-tag--blue",
    DeadlineStatus.DUE_SOON: "govuk-tag--yellow",
    DeadlineStatus.DUE_TODAY: "govuk-tag--orange",
    DeadlineStatus.OVERDUE: "govuk-tag--red",
    DeadlineStatus.MET_ON_TIME: "govuk-tag--green",
    DeadlineStatus.MET_LATE: "govuk-tag--purple",
}


@dataclass(frozen=True)
class DueDate:
    """The parts of a deadline its view reads, for lists that read them as plain values rather
    than as Deadline instances."""

    due_on: date
    met_on: date | None = None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class DeadlineView:
    """A deadline as a person should see it today."""

    # Or a row read with the fields shown: the case list's DueDate, the case page's named rows.
    deadline: Deadline | DueDate
    status: DeadlineStatus
    working_days_left: int | None

    @property
    def closed(self) -> bool:
        """Stopped without being met (its meeting was held or cancelled without it): no countdown."""
        return self.deadline.met_on is None and self.deadline.cancelled_at is not None

    @property
    def label(self) -> str:
        return "Closed" if self.closed else self.status.label

    @property
    def tag_class(self) -> str:
        return "govuk-tag--grey" if self.closed else STATUS_TAG[self.status]

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.working_days_left or 0))

    @property
    def due_on(self) -> date:
        return self.deadline.due_on

    @property
    def days_left_text(self) -> str:
        """Met 7 Dec 2026 / Closed … / 3 working days left / 2 working days overdue."""
        if self.deadline.met_on:
            return f"Met {short_date(self.deadline.met_on)}"
        if self.closed:
            return f"Closed {short_date(timezone.localdate(self.deadline.cancelled_at))}"
        left = self.working_days_left
        if left >= 0:
            return f"{left} working day{'' if left == 1 else 's'} left"
        return f"{-left} working day{'' if left == -1 else 's'} overdue"


@dataclass(frozen=True)
class Today:
    """Today's date and the authority's calendar, worked out once per page."""

    day: date
    calendar: WorkingCalendar
    due_soon_working_days: int
    rule_set: object = None  # the rule set in force today, where there is one

    def view(self, deadline: Deadline | DueDate | None) -> DeadlineView | None:
        if deadline is None:
            return None
        status = status_on(
            due=deadline.due_on,
            today=self.day,
            calendar=self.calendar,
            met_on=deadline.met_on,
            due_soon_working_days=self.due_soon_working_days,
        )
        left = (
            None
            if deadline.met_on or deadline.cancelled_at
            else working_days_left(due=deadline.due_on, today=self.day, calendar=self.calendar)
        )
        return DeadlineView(deadline, status, left)

    def status_q(self, status: str, prefix: str = "") -> Q:
        """The rows whose deadline has `status` today, as a filter (for lists and the API)."""
        open_ = Q(**{f"{prefix}met_on__isnull": True})
        due = f"{prefix}due_on"
        soon_until = self.calendar.add_working_days(self.day, self.due_soon_working_days)
        return {
            DeadlineStatus.OVERDUE: open_ & Q(**{f"{due}__lt": self.day}),
            DeadlineStatus.DUE_TODAY: open_ & Q(**{due: self.day}),
            DeadlineStatus.DUE_SOON: open_ & Q(**{f"{due}__gt": self.day, f"{due}__lte": soon_until}),
            DeadlineStatus.NOT_DUE: open_ & Q(**{f"{due}__gt": soon_until}),
            DeadlineStatus.MET_ON_TIME: Q(**{f"{prefix}met_on__isnull": False})
            & Q(**{f"{prefix}met_on__lte": F(due)}),
            DeadlineStatus.MET_LATE: Q(**{f"{prefix}met_on__isnull": False})
            & Q(**{f"{prefix}met_on__gt": F(due)}),
        }[DeadlineStatus(status)]


def today_for(
    authority: Authority, today: date | None = None, *, rules: bool | tuple[str, ...] = True
) -> Today:
    """Today for this authority. `rules=False` for lists that need only the "due soon" window: the
    rule set is read without its settings and not handed on. A tuple of rule ids loads the rule
    set with only those rules' settings (asking it about another rule is an UnknownRule error).
    Both the rule set and the calendar come from `authorities.rule_set_cache`."""
    day = today or timezone.localdate()
    try:
        rule_ids = None if rules is True else () if rules is False else rules
        rule_set = rule_set_in_force(authority, on=day, rule_ids=rule_ids)
    except NoRuleSetInForce:
        rule_set = None
    due_soon = rule_set.due_soon_working_days if rule_set is not None else 5
    return Today(
        day=day,
        calendar=calendar_for(authority),
        due_soon_working_days=due_soon,
        rule_set=rule_set if rules is not False else None,
    )


def icpc_deadlines(authority: Authority | int) -> QuerySet[Deadline]:
    """Live ICPC-15WD deadlines (not cancelled), newest first."""
    return (
        Deadline.objects.for_authority(authority)
        .filter(rule_id=ICPC_RULE, cancelled_at__isnull=True)
        .order_by("-event_on", "-id")
    )
