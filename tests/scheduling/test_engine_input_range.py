"""The engine over its whole input range: every event from date.min to date.max, every unit,
direction and amount a rule set can hold, any closure days. It answers with a due date inside
EARLIEST_DATE..LATEST_DATE or refuses with DateOutOfRange (or ValueError for an impossible amount);
it never raises anything else."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.engine import (
    EARLIEST_DATE,
    LATEST_DATE,
    DateOutOfRange,
    Timescale,
    WorkingCalendar,
    add_months,
    due_date,
)

timescales = st.builds(
    Timescale,
    unit=st.sampled_from(["working_days", "months", "weeks"]),
    amount=st.integers(min_value=0, max_value=200_000),
    direction=st.sampled_from(["after", "before"]),
)
events = st.one_of(
    st.dates(),  # the whole of Python's range, date.min to date.max
    st.dates(min_value=EARLIEST_DATE - timedelta(days=30), max_value=EARLIEST_DATE + timedelta(days=30)),
    st.dates(min_value=LATEST_DATE - timedelta(days=400), max_value=LATEST_DATE + timedelta(days=30)),
)
calendars = st.builds(
    WorkingCalendar,
    st.lists(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), max_size=20),
)


@settings(max_examples=600, deadline=None)
@given(timescale=timescales, event=events, calendar=calendars)
def test_a_date_event_gives_a_due_date_in_range_or_a_clear_refusal(timescale, event, calendar):
    try:
        due = due_date(timescale, event, calendar)
    except DateOutOfRange as refusal:
        assert refusal.field in {"event", "due date"}
        assert str(refusal).startswith(refusal.field)
        if refusal.field == "event":
            assert not EARLIEST_DATE <= event <= LATEST_DATE
        return
    except ValueError as refusal:
        assert timescale.amount > 100_000 and str(refusal).startswith("amount:")
        return
    assert EARLIEST_DATE <= event <= LATEST_DATE
    assert EARLIEST_DATE <= due <= LATEST_DATE
    if timescale.unit == "working_days":
        if timescale.amount:
            assert calendar.is_working_day(due)
        if timescale.direction == "after":  # working days d with event < d <= due
            assert calendar.working_days_between(event, due) == timescale.amount
        else:  # working days d with due <= d < event
            assert calendar.working_days_between(due - timedelta(days=1), event - timedelta(days=1)) == (
                timescale.amount
            )
    else:
        assert calendar.is_working_day(due)  # month and week rules move back to a working day


@settings(max_examples=300, deadline=None)
@given(
    amount=st.integers(min_value=0, max_value=10_000_000),
    direction=st.sampled_from(["after", "before"]),
    event=st.datetimes(timezones=st.just(UTC)),
)
def test_an_hour_rule_never_overflows(amount, direction, event):
    timescale = Timescale(unit="hours", amount=min(amount, 100_000), direction=direction)
    try:
        due = due_date(timescale, event, WorkingCalendar())
    except DateOutOfRange:
        return
    assert isinstance(due, datetime)
    assert abs(due - event) == timedelta(hours=timescale.amount)


@pytest.mark.parametrize("event", [date.min, date(1899, 12, 31), date(3000, 1, 1), date.max])
def test_an_event_outside_the_range_is_refused_naming_the_field(event):
    with pytest.raises(DateOutOfRange, match=r"^event: .* outside the dates deadlines are counted between"):
        due_date(Timescale("working_days", 15), event, WorkingCalendar())


def test_a_due_date_past_the_range_is_refused_not_overflowed():
    with pytest.raises(DateOutOfRange, match=r"^due date: "):
        due_date(Timescale("months", 6), date(2999, 12, 1), WorkingCalendar())
    with pytest.raises(DateOutOfRange, match=r"^due date: "):
        due_date(Timescale("working_days", 90_000), date(2900, 12, 1), WorkingCalendar())


def test_add_months_past_year_9999_says_so_as_date_arithmetic_does():
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)
