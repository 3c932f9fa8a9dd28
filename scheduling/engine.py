"""Date engine for statutory timescales (RULES.md, "Dates").

Pure Python on purpose: rule checks, the scheduler and the tests all call it, and none of them should need
Django or a database to answer "when is this due?". Every number (how many days, which direction) comes
from rule-set data through `Timescale`; nothing here knows about authorities.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "LOCAL_TZ",
    "DateOutOfRange",
    "DeadlineStatus",
    "Timescale",
    "WorkingCalendar",
    "add_months",
    "due_date",
    "status_on",
    "working_days_left",
]

Unit = Literal["working_days", "months", "weeks", "hours"]
Direction = Literal["after", "before"]

_UNITS: frozenset[str] = frozenset(get_args(Unit))
_DIRECTIONS: frozenset[str] = frozenset(get_args(Direction))

# RULES.md: "A due date is a date, in the authority's time zone (Europe/London)".
LOCAL_TZ = ZoneInfo("Europe/London")

_ONE_DAY = timedelta(days=1)
_WEEKDAYS_PER_WEEK = 5

# The dates the engine counts between. England's bank holidays are known from the 1870s and the
# `holidays` package projects them forward indefinitely, but nothing this product schedules is
# before 1900 or centuries ahead, and Python's dates end in 9999: an event or a due date outside
# these bounds is refused with DateOutOfRange rather than computed or crashed on.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
# A timescale longer than this (about 400 years of working days) cannot stay inside the range.
_MAX_AMOUNT = 100_000


def _in_words(day: date) -> str:
    # As `authorities.human_dates.long_date` writes it; this module stays free of Django.
    return f"{day.day} {day:%B %Y}"


class DateOutOfRange(ValueError):
    """An event, or the date counted from it, lies outside EARLIEST_DATE..LATEST_DATE."""

    def __init__(self, field: str, day: date | None = None) -> None:
        self.field = field
        self.day = day
        what = _in_words(day) if day is not None else "it"
        super().__init__(
            f"{field}: {what} is outside the dates deadlines are counted between "
            f"{_in_words(EARLIEST_DATE)} and {_in_words(LATEST_DATE)}"
        )


def _require_in_range(day: date, field: str) -> None:
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DateOutOfRange(field, day)


@dataclass(frozen=True)
class Timescale:
    """How long after (or before) an event something is due, as a rule set states it."""

    unit: Unit
    amount: int
    direction: Direction = "after"

    def __post_init__(self) -> None:
        # Validated here as well as in from_values so a hand-built Timescale cannot smuggle in a value
        # that due_date would silently mis-handle (e.g. a negative amount flipping the direction).
        if self.unit not in _UNITS:
            raise ValueError(f"unit: expected one of {sorted(_UNITS)}, got {self.unit!r}")
        # bool is an int subclass; True as an amount is always a data error, never "1".
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValueError(f"amount: expected a whole number, got {self.amount!r}")
        if self.amount < 0:
            raise ValueError(f"amount: must not be negative (use direction='before'), got {self.amount}")
        if self.direction not in _DIRECTIONS:
            raise ValueError(f"direction: expected one of {sorted(_DIRECTIONS)}, got {self.direction!r}")

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Timescale:
        """Build from rule-set data; extra keys (counts_from, source, ...) belong to the caller."""
        for key in ("unit", "amount"):
            if key not in values:
                raise ValueError(f"{key}: missing from timescale values")
        return cls(
            unit=values["unit"],
            amount=values["amount"],
            direction=values.get("direction", "after"),
        )


@functools.lru_cache(maxsize=256)
def _bank_holidays(year: int) -> tuple[date, ...]:
    """Weekday England bank holidays in `year`, sorted.

    Cached per year because `holidays` builds a whole year on every fresh lookup; weekend holidays are
    dropped since weekends are already non-working, and substitute days are included by the package.
    The filter on `d.year` matters: the package may expand into neighbouring years when asked about them.
    """
    calendar = holidays.UnitedKingdom(subdiv="ENG", years=year)
    return tuple(sorted(d for d in calendar if d.year == year and d.weekday() < _WEEKDAYS_PER_WEEK))


@functools.lru_cache(maxsize=256)
def _bank_holiday_set(year: int) -> frozenset[date]:
    return frozenset(_bank_holidays(year))


def _weekdays_through(day: date) -> int:
    """Mon-Fri count from 0001-01-01 (a Monday) to `day` inclusive, so ranges are counted in O(1)."""
    ordinal = day.toordinal()
    weeks, rest = divmod(ordinal, 7)
    return weeks * _WEEKDAYS_PER_WEEK + min(rest, _WEEKDAYS_PER_WEEK)


def _require_plain_date(day: date, name: str = "day") -> None:
    # datetime subclasses date but never compares equal to one, so it would slip past the holiday
    # lookups and be treated as a working day; callers must decide the local date first.
    if isinstance(day, datetime):
        raise TypeError(f"{name}: expected a date, got a datetime ({day!r}); take its local date first")


class WorkingCalendar:
    """Working days for one authority: Mon-Fri, minus England bank holidays, minus its closure days."""

    def __init__(self, closure_days: Iterable[date] = ()) -> None:
        closures = frozenset(closure_days)
        for day in closures:
            _require_plain_date(day, "closure_days")
        self._closures = closures
        # Only weekday closures change any count; sorted so a range can be sliced with bisect.
        self._weekday_closures: tuple[date, ...] = tuple(
            sorted(d for d in closures if d.weekday() < _WEEKDAYS_PER_WEEK)
        )

    @property
    def closure_days(self) -> frozenset[date]:
        return self._closures

    def __repr__(self) -> str:
        return f"WorkingCalendar(closure_days={sorted(self._closures)!r})"

    def is_working_day(self, day: date) -> bool:
        _require_plain_date(day)
        return self._is_working(day)

    def _is_working(self, day: date) -> bool:
        return (
            day.weekday() < _WEEKDAYS_PER_WEEK
            and day not in _bank_holiday_set(day.year)
            and day not in self._closures
        )

    def _count(self, after: date, through: date) -> int:
        """Working days d with after < d <= through (0 when the range is empty)."""
        if through <= after:
            return 0
        weekdays = _weekdays_through(through) - _weekdays_through(after)
        # A closure day may also be a bank holiday; a set keeps it from being subtracted twice.
        lost: set[date] = set()
        for year in range(after.year, through.year + 1):
            year_holidays = _bank_holidays(year)
            lo = bisect_right(year_holidays, after)
            hi = bisect_right(year_holidays, through)
            lost.update(year_holidays[lo:hi])
        lo = bisect_right(self._weekday_closures, after)
        hi = bisect_right(self._weekday_closures, through)
        lost.update(self._weekday_closures[lo:hi])
        return weekdays - len(lost)

    def working_days_between(self, start: date, end: date) -> int:
        _require_plain_date(start, "start")
        _require_plain_date(end, "end")
        if end >= start:
            return self._count(start, end)
        return -self._count(end, start)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day`; `day` itself is never counted (RULES.md: "within N")."""
        _require_plain_date(day)
        return self._shift(day, n, forward=True)

    def subtract_working_days(self, day: date, n: int) -> date:
        """The n-th working day before `day` (REPORT-2WD, SW-REPORT count back from the conference)."""
        _require_plain_date(day)
        return self._shift(day, n, forward=False)

    def _shift(self, day: date, n: int, *, forward: bool) -> date:
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n: expected an int, got {n!r}")
        if n < 0:
            raise ValueError(f"n: must not be negative, got {n}")
        current = day
        remaining = n
        # Jump whole weeks while far away. Each jump is sized so it covers at most remaining - 1 working
        # days: the target is then strictly beyond the landing point, so no jump can overshoot it and the
        # day-by-day walk below always finishes the job.
        while remaining > _WEEKDAYS_PER_WEEK:
            weeks = (remaining - 1) // _WEEKDAYS_PER_WEEK
            landing = current + timedelta(weeks=weeks if forward else -weeks)
            if forward:
                covered = self._count(current, landing)
            else:
                # Going back, the days passed are landing <= d < current, not landing < d <= current.
                covered = self._count(landing - _ONE_DAY, current - _ONE_DAY)
            remaining -= covered
            current = landing
        step = _ONE_DAY if forward else -_ONE_DAY
        while remaining > 0:
            current += step
            if self._is_working(current):
                remaining -= 1
        return current

    def on_or_before(self, day: date) -> date:
        """`day` if it is a working day, else the previous one (month and week rules move back, not on)."""
        _require_plain_date(day)
        current = day
        while not self._is_working(current):
            current -= _ONE_DAY
        return current


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month's end (RULES.md: 2026-11-30 + 3 months → 2027-02-28)."""
    _require_plain_date(day)
    index = day.year * 12 + (day.month - 1) + months
    year, month_index = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(f"year {year} is out of range")  # as date arithmetic says it
    month = month_index + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _local_date(event: date | datetime) -> date:
    """The calendar date an event happened on, as the authority counts it."""
    if isinstance(event, datetime):
        if event.tzinfo is not None and event.utcoffset() is not None:
            return event.astimezone(LOCAL_TZ).date()
        # Naive datetimes are taken to be local already: that is how the UI captures them.
        return event.date()
    return event


def due_date(timescale: Timescale, event: date | datetime, calendar: WorkingCalendar) -> date | datetime:
    """When `timescale`, counted from `event`, falls due: a date, or a datetime for hour rules.

    Raises DateOutOfRange when the event, or the due date it gives, is outside
    EARLIEST_DATE..LATEST_DATE; never an OverflowError from date arithmetic."""
    _require_in_range(_local_date(event), "event")
    if timescale.amount > _MAX_AMOUNT:
        raise ValueError(f"amount: at most {_MAX_AMOUNT}, got {timescale.amount}")
    try:
        due = _count_due_date(timescale, event, calendar)
    except OverflowError:
        # Only near date.min/date.max, far outside the range: the result would be out of it too.
        raise DateOutOfRange("due date") from None
    _require_in_range(_local_date(due), "due date")
    return due


def _count_due_date(
    timescale: Timescale, event: date | datetime, calendar: WorkingCalendar
) -> date | datetime:
    before = timescale.direction == "before"
    amount = timescale.amount

    if timescale.unit == "hours":
        if not isinstance(event, datetime):
            raise ValueError("hours: a timescale in hours needs a datetime event, got a date")
        delta = timedelta(hours=-amount if before else amount)
        if event.tzinfo is not None and event.utcoffset() is not None:
            # Clock hours are elapsed hours: going through UTC keeps a clock change (BST) from
            # stretching or shrinking the interval, which aware wall-clock arithmetic would do.
            return (event.astimezone(UTC) + delta).astimezone(event.tzinfo)
        return event + delta

    day = _local_date(event)
    if timescale.unit == "working_days":
        if before:
            return calendar.subtract_working_days(day, amount)
        return calendar.add_working_days(day, amount)
    if timescale.unit == "months":
        return calendar.on_or_before(add_months(day, -amount if before else amount))
    if timescale.unit == "weeks":
        return calendar.on_or_before(day + timedelta(weeks=-amount if before else amount))
    # Unreachable while Timescale validates its unit; kept so a new unit fails loudly, not as None.
    raise ValueError(f"unit: unsupported {timescale.unit!r}")


class DeadlineStatus(StrEnum):
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still waiting to be met, so it belongs on to-do lists and can escalate."""
        return self not in (DeadlineStatus.MET_ON_TIME, DeadlineStatus.MET_LATE)


_LABELS: dict[DeadlineStatus, str] = {
    DeadlineStatus.NOT_DUE: "Not yet due",
    DeadlineStatus.DUE_SOON: "Due soon",
    DeadlineStatus.DUE_TODAY: "Due today",
    DeadlineStatus.OVERDUE: "Overdue",
    DeadlineStatus.MET_ON_TIME: "Met on time",
    DeadlineStatus.MET_LATE: "Met late",
}


def status_on(
    *,
    due: date,
    today: date,
    calendar: WorkingCalendar,
    met_on: date | None = None,
    due_soon_working_days: int = 5,
) -> DeadlineStatus:
    """Where a deadline stands on `today`; `due_soon_working_days` is a rule-set value (default 5)."""
    if due_soon_working_days < 0:
        raise ValueError(f"due_soon_working_days: must not be negative, got {due_soon_working_days}")
    if met_on is not None:
        # RULES.md: a meeting held on its due date is on time.
        return DeadlineStatus.MET_ON_TIME if met_on <= due else DeadlineStatus.MET_LATE
    if today > due:
        return DeadlineStatus.OVERDUE
    if today == due:
        return DeadlineStatus.DUE_TODAY
    if calendar.working_days_between(today, due) <= due_soon_working_days:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.NOT_DUE


def working_days_left(*, due: date, today: date, calendar: WorkingCalendar) -> int:
    """Working days from today to the due date; negative once it is overdue."""
    return calendar.working_days_between(today, due)
