"""Date engine: the RULES.md "Dates" examples, deadline statuses, and properties over many calendars.

Expected dates in the worked examples were reasoned out by hand from the England bank holiday list,
not copied from the engine's output, so a regression in either the engine or `holidays` shows up here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.engine import (
    DeadlineStatus,
    Timescale,
    WorkingCalendar,
    add_months,
    due_date,
    status_on,
    working_days_left,
)

LONDON = ZoneInfo("Europe/London")
PLAIN = WorkingCalendar()
ONE_DAY = timedelta(days=1)


def wd(amount: int, direction: str = "after") -> Timescale:
    return Timescale.from_values({"unit": "working_days", "amount": amount, "direction": direction})


def naive_add(calendar: WorkingCalendar, day: date, n: int, step: timedelta = ONE_DAY) -> date:
    """Day-by-day reference for the week-skipping implementation."""
    current = day
    while n:
        current += step
        if calendar.is_working_day(current):
            n -= 1
    return current


def naive_count(calendar: WorkingCalendar, start: date, end: date) -> int:
    lo, hi, sign = (start, end, 1) if start <= end else (end, start, -1)
    days = (hi - lo).days
    return sign * sum(calendar.is_working_day(lo + timedelta(days=i)) for i in range(1, days + 1))


# --- RULES.md worked examples -------------------------------------------------------------------


def test_icpc_15_working_days_over_christmas_2026_is_13_january() -> None:
    # 21-24 Dec (4), 25 and 28 Dec bank holidays, 29-31 Dec (7), 1 Jan holiday, 4-8 Jan (12), 11-13 (15).
    timescale = Timescale.from_values(
        {"unit": "working_days", "amount": 15, "direction": "after", "counts_from": "strategy_discussion"}
    )
    assert due_date(timescale, date(2026, 12, 18), PLAIN) == date(2027, 1, 13)


def test_rcpc_3_months_clamps_to_february_end_then_moves_back_to_friday() -> None:
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert due_date(Timescale("months", 3), date(2026, 11, 30), PLAIN) == date(2027, 2, 26)


def test_easter_2027_good_friday_and_easter_monday_are_not_working_days() -> None:
    assert not PLAIN.is_working_day(date(2027, 3, 26))
    assert not PLAIN.is_working_day(date(2027, 3, 29))
    assert PLAIN.is_working_day(date(2027, 3, 25))
    assert PLAIN.is_working_day(date(2027, 3, 30))
    assert PLAIN.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert PLAIN.subtract_working_days(date(2027, 3, 30), 1) == date(2027, 3, 25)


def test_months_rule_landing_on_easter_monday_moves_back_past_good_friday() -> None:
    # 2026-12-29 + 3 months = Easter Monday 2027-03-29; the weekend and Good Friday go too.
    assert due_date(Timescale("months", 3), date(2026, 12, 29), PLAIN) == date(2027, 3, 25)


def test_boxing_day_2026_on_saturday_gives_monday_28_december_substitute() -> None:
    assert not PLAIN.is_working_day(date(2026, 12, 28))
    assert PLAIN.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_christmas_2027_on_saturday_gives_27_and_28_december_substitutes() -> None:
    assert not PLAIN.is_working_day(date(2027, 12, 27))
    assert not PLAIN.is_working_day(date(2027, 12, 28))
    assert PLAIN.is_working_day(date(2027, 12, 29))
    assert PLAIN.add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)


def test_new_year_2028_on_saturday_gives_monday_3_january_substitute() -> None:
    assert not PLAIN.is_working_day(date(2028, 1, 3))
    assert PLAIN.add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 4)


def test_cg1_10_working_days_across_christmas_2027_and_new_year_2028() -> None:
    # Wed 22 Dec: 23, 24 (2); 27, 28 substitutes; 29, 30, 31 (5); 3 Jan substitute; 4-7 Jan (9); 10 Jan.
    assert due_date(wd(10), date(2027, 12, 22), PLAIN) == date(2028, 1, 10)


def test_rcpcn_6_months_landing_on_boxing_day_substitute_moves_back_to_christmas_eve() -> None:
    # 2027-12-28 is the Boxing Day substitute, 27th the Christmas one, 25-26 a weekend.
    assert due_date(Timescale("months", 6), date(2027, 6, 28), PLAIN) == date(2027, 12, 24)


def test_authority_closure_days_push_the_due_date_later() -> None:
    closed = WorkingCalendar([date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)])
    for day in closed.closure_days:
        assert not closed.is_working_day(day)
    # 21-24 Dec (4); nothing again until 4-8 Jan (9), 11-15 Jan (14), 18 Jan (15).
    assert due_date(wd(15), date(2026, 12, 18), closed) == date(2027, 1, 18)


def test_closure_day_that_is_also_a_bank_holiday_is_not_counted_twice() -> None:
    closed = WorkingCalendar([date(2026, 12, 25), date(2026, 12, 28)])
    assert closed.working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3
    assert closed.add_working_days(date(2026, 12, 18), 15) == date(2027, 1, 13)


def test_report_2wd_for_conference_tuesday_5_january_2027_is_due_31_december() -> None:
    # Counting back: Mon 4 Jan (1st); 2-3 Jan weekend; Fri 1 Jan New Year's Day; Thu 31 Dec (2nd).
    assert due_date(wd(2, "before"), date(2027, 1, 5), PLAIN) == date(2026, 12, 31)


def test_report_2wd_with_christmas_closure_goes_back_to_christmas_eve() -> None:
    # With 29-31 Dec closed, and 25 and 28 Dec bank holidays, the 2nd working day back is Thu 24 Dec.
    closed = WorkingCalendar([date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)])
    assert due_date(wd(2, "before"), date(2027, 1, 5), closed) == date(2026, 12, 24)


def test_weeks_rule_is_seven_days_a_week_when_that_is_a_working_day() -> None:
    assert due_date(Timescale("weeks", 6), date(2027, 1, 15), PLAIN) == date(2027, 2, 26)


def test_weeks_rule_landing_on_easter_monday_moves_back_to_the_thursday() -> None:
    assert due_date(Timescale("weeks", 6), date(2027, 2, 15), PLAIN) == date(2027, 3, 25)


def test_weeks_rule_before_an_event_counts_back_then_moves_back() -> None:
    # Tue 2027-04-13 - 2 weeks = Tue 30 Mar (working); Mon 2027-04-12 - 2 weeks = Easter Monday -> Thu 25.
    assert due_date(Timescale("weeks", 2, "before"), date(2027, 4, 13), PLAIN) == date(2027, 3, 30)
    assert due_date(Timescale("weeks", 2, "before"), date(2027, 4, 12), PLAIN) == date(2027, 3, 25)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2027, 1, 15), -1, date(2026, 12, 15)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2027, 5, 31), 0, date(2027, 5, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_shorter_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_months_due_date_on_leap_day_2028_a_tuesday_stays_put() -> None:
    assert date(2028, 2, 29).weekday() == 1
    assert due_date(Timescale("months", 3), date(2027, 11, 30), PLAIN) == date(2028, 2, 29)


def test_months_before_an_event_subtracts_then_moves_back() -> None:
    # 2027-05-31 - 3 months = 2027-02-28 (Sunday) -> Friday 26th.
    assert due_date(Timescale("months", 3, "before"), date(2027, 5, 31), PLAIN) == date(2027, 2, 26)


# --- hours and datetimes ------------------------------------------------------------------------


def test_hours_rule_counts_elapsed_clock_hours_across_the_spring_clock_change() -> None:
    # Clocks go forward at 01:00 GMT on Sunday 28 March 2027: 24 real hours later reads 11:00 BST.
    referral = datetime(2027, 3, 27, 10, 0, tzinfo=LONDON)
    due = due_date(Timescale("hours", 24), referral, PLAIN)
    assert due == datetime(2027, 3, 28, 11, 0, tzinfo=LONDON)
    assert isinstance(due, datetime)
    # Same-zone aware subtraction is wall-clock (25h here), so compare in UTC.
    assert due.astimezone(UTC) - referral.astimezone(UTC) == timedelta(hours=24)


def test_hours_rule_ignores_weekends_and_bank_holidays() -> None:
    friday_evening = datetime(2026, 12, 24, 18, 0)
    assert due_date(Timescale("hours", 24), friday_evening, PLAIN) == datetime(2026, 12, 25, 18, 0)
    assert due_date(Timescale("hours", 3, "before"), friday_evening, PLAIN) == datetime(2026, 12, 24, 15, 0)


def test_hours_rule_refuses_a_plain_date() -> None:
    with pytest.raises(ValueError, match="hours"):
        due_date(Timescale("hours", 24), date(2027, 1, 5), PLAIN)


def test_day_rules_count_from_the_london_date_of_an_aware_datetime() -> None:
    # 23:30 UTC on 30 June is 00:30 BST on Thursday 1 July, so the next working day is Friday 2 July.
    event = datetime(2027, 6, 30, 23, 30, tzinfo=UTC)
    assert due_date(wd(1), event, PLAIN) == date(2027, 7, 2)
    assert due_date(wd(1), datetime(2027, 6, 30, 23, 30), PLAIN) == date(2027, 7, 1)


def test_calendar_refuses_datetimes_so_holidays_are_not_silently_missed() -> None:
    with pytest.raises(TypeError):
        PLAIN.is_working_day(datetime(2026, 12, 25, 9, 0))
    with pytest.raises(TypeError):
        WorkingCalendar([datetime(2026, 12, 29, 0, 0)])


# --- calendar basics ----------------------------------------------------------------------------


def test_weekends_are_not_working_days() -> None:
    assert not PLAIN.is_working_day(date(2027, 6, 5))
    assert not PLAIN.is_working_day(date(2027, 6, 6))
    assert PLAIN.is_working_day(date(2027, 6, 7))


def test_adding_zero_working_days_returns_the_day_itself_even_if_not_working() -> None:
    assert PLAIN.add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 25)
    assert PLAIN.subtract_working_days(date(2026, 12, 26), 0) == date(2026, 12, 26)


def test_negative_working_day_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="n"):
        PLAIN.add_working_days(date(2027, 1, 5), -1)
    with pytest.raises(ValueError, match="n"):
        PLAIN.subtract_working_days(date(2027, 1, 5), -1)


def test_working_days_between_excludes_start_includes_end_and_is_antisymmetric() -> None:
    assert PLAIN.working_days_between(date(2027, 6, 7), date(2027, 6, 7)) == 0
    assert PLAIN.working_days_between(date(2027, 6, 7), date(2027, 6, 11)) == 4
    assert PLAIN.working_days_between(date(2027, 6, 11), date(2027, 6, 7)) == -4
    assert PLAIN.working_days_between(date(2026, 12, 18), date(2027, 1, 13)) == 15


def test_on_or_before_keeps_working_days_and_moves_others_back() -> None:
    assert PLAIN.on_or_before(date(2027, 2, 26)) == date(2027, 2, 26)
    assert PLAIN.on_or_before(date(2027, 2, 28)) == date(2027, 2, 26)
    assert PLAIN.on_or_before(date(2027, 1, 1)) == date(2026, 12, 31)


def test_large_working_day_counts_match_a_day_by_day_walk() -> None:
    closed = WorkingCalendar([date(2020, 12, 29), date(2020, 12, 30), date(2023, 12, 27), date(2031, 12, 29)])
    start = date(2019, 3, 14)
    assert closed.add_working_days(start, 3000) == naive_add(closed, start, 3000)
    assert closed.subtract_working_days(date(2031, 6, 2), 3000) == naive_add(
        closed, date(2031, 6, 2), 3000, -ONE_DAY
    )


# --- Timescale from rule-set data ---------------------------------------------------------------


def test_timescale_from_values_ignores_extra_keys_and_defaults_to_after() -> None:
    timescale = Timescale.from_values(
        {"unit": "months", "amount": 6, "counts_from": "previous_review", "source": "WT"}
    )
    assert timescale == Timescale(unit="months", amount=6, direction="after")


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"amount": 15}, "unit"),
        ({"unit": "working_days"}, "amount"),
        ({"unit": "days", "amount": 15}, "unit"),
        ({"unit": "working_days", "amount": "15"}, "amount"),
        ({"unit": "working_days", "amount": 1.5}, "amount"),
        ({"unit": "working_days", "amount": True}, "amount"),
        ({"unit": "working_days", "amount": -2}, "amount"),
        ({"unit": "working_days", "amount": 2, "direction": "during"}, "direction"),
    ],
)
def test_timescale_from_values_names_the_bad_key(values: dict[str, object], key: str) -> None:
    with pytest.raises(ValueError, match=key):
        Timescale.from_values(values)


# --- deadline status ----------------------------------------------------------------------------

DUE = date(2027, 6, 14)  # a Monday; no bank holidays in the weeks around it


def test_status_not_due_when_more_than_five_working_days_away() -> None:
    assert status_on(due=DUE, today=date(2027, 6, 4), calendar=PLAIN) is DeadlineStatus.NOT_DUE


def test_status_due_soon_boundary_is_five_working_days_inclusive() -> None:
    # Mon 7 -> Mon 14 June is exactly 5 working days (8, 9, 10, 11, 14); Fri 4 June is 6.
    assert status_on(due=DUE, today=date(2027, 6, 7), calendar=PLAIN) is DeadlineStatus.DUE_SOON
    assert status_on(due=DUE, today=date(2027, 6, 4), calendar=PLAIN) is DeadlineStatus.NOT_DUE
    assert status_on(due=date(2027, 6, 15), today=date(2027, 6, 7), calendar=PLAIN) is DeadlineStatus.NOT_DUE


def test_status_due_soon_window_is_a_rule_set_value() -> None:
    assert (
        status_on(due=DUE, today=date(2027, 6, 9), calendar=PLAIN, due_soon_working_days=3)
        is DeadlineStatus.DUE_SOON
    )
    assert (
        status_on(due=DUE, today=date(2027, 6, 8), calendar=PLAIN, due_soon_working_days=3)
        is DeadlineStatus.NOT_DUE
    )


def test_status_due_soon_counts_working_days_not_calendar_days() -> None:
    # Thu 23 Dec 2027 -> Tue 4 Jan 2028 is 12 calendar days but only 5 working days (24, 29, 30, 31, 4).
    assert (
        status_on(due=date(2028, 1, 4), today=date(2027, 12, 23), calendar=PLAIN) is DeadlineStatus.DUE_SOON
    )


def test_status_due_today() -> None:
    assert status_on(due=DUE, today=DUE, calendar=PLAIN) is DeadlineStatus.DUE_TODAY


def test_status_overdue_the_day_after() -> None:
    assert status_on(due=DUE, today=DUE + ONE_DAY, calendar=PLAIN) is DeadlineStatus.OVERDUE


def test_meeting_held_on_its_due_date_is_on_time() -> None:
    assert (
        status_on(due=DUE, today=date(2027, 7, 1), calendar=PLAIN, met_on=DUE) is DeadlineStatus.MET_ON_TIME
    )


def test_meeting_held_early_is_on_time_and_late_is_late() -> None:
    early = status_on(due=DUE, today=date(2027, 6, 1), calendar=PLAIN, met_on=date(2027, 6, 1))
    late = status_on(due=DUE, today=date(2027, 7, 1), calendar=PLAIN, met_on=DUE + ONE_DAY)
    assert early is DeadlineStatus.MET_ON_TIME
    assert late is DeadlineStatus.MET_LATE


def test_status_labels_and_openness() -> None:
    assert {s: s.label for s in DeadlineStatus} == {
        DeadlineStatus.NOT_DUE: "Not yet due",
        DeadlineStatus.DUE_SOON: "Due soon",
        DeadlineStatus.DUE_TODAY: "Due today",
        DeadlineStatus.OVERDUE: "Overdue",
        DeadlineStatus.MET_ON_TIME: "Met on time",
        DeadlineStatus.MET_LATE: "Met late",
    }
    assert {s for s in DeadlineStatus if s.is_open} == {
        DeadlineStatus.NOT_DUE,
        DeadlineStatus.DUE_SOON,
        DeadlineStatus.DUE_TODAY,
        DeadlineStatus.OVERDUE,
    }
    assert DeadlineStatus.OVERDUE == "overdue"


def test_working_days_left_is_negative_once_overdue() -> None:
    assert working_days_left(due=DUE, today=date(2027, 6, 7), calendar=PLAIN) == 5
    assert working_days_left(due=DUE, today=DUE, calendar=PLAIN) == 0
    assert working_days_left(due=date(2027, 6, 11), today=DUE, calendar=PLAIN) == -1


# --- properties ---------------------------------------------------------------------------------

EARLIEST, LATEST = date(2015, 1, 1), date(2035, 12, 31)
dates = st.dates(min_value=EARLIEST, max_value=LATEST)
counts = st.integers(min_value=0, max_value=80)
fast = settings(deadline=None, max_examples=150)


@st.composite
def calendars(draw: st.DrawFn, around: date) -> WorkingCalendar:
    """Closure days near `around`, where they can affect an 80-working-day count in either direction:
    scattered single days plus a couple of runs, like an office's Christmas closure."""
    offsets = draw(st.sets(st.integers(min_value=-130, max_value=130), max_size=25))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        start = draw(st.integers(min_value=-130, max_value=130))
        length = draw(st.integers(min_value=1, max_value=10))
        offsets.update(range(start, start + length))
    return WorkingCalendar(around + timedelta(days=o) for o in offsets)


@st.composite
def event_and_calendar(draw: st.DrawFn) -> tuple[date, WorkingCalendar]:
    event = draw(dates)
    return event, draw(calendars(event))


@fast
@given(event_and_calendar(), st.integers(min_value=1, max_value=80))
def test_after_working_day_due_date_is_a_working_day(case: tuple[date, WorkingCalendar], n: int) -> None:
    event, calendar = case
    assert calendar.is_working_day(due_date(wd(n), event, calendar))


@fast
@given(event_and_calendar(), counts)
def test_exactly_n_working_days_lie_between_event_and_due(case: tuple[date, WorkingCalendar], n: int) -> None:
    event, calendar = case
    due = due_date(wd(n), event, calendar)
    assert isinstance(due, date)
    assert calendar.working_days_between(event, due) == n
    assert naive_count(calendar, event, due) == n


@fast
@given(event_and_calendar(), st.integers(min_value=1, max_value=80))
def test_before_due_date_is_the_nth_working_day_back(case: tuple[date, WorkingCalendar], n: int) -> None:
    event, calendar = case
    due = due_date(wd(n, "before"), event, calendar)
    assert isinstance(due, date)
    assert calendar.is_working_day(due)
    # Working days in [due, event): shifting both ends back one day turns (a, b] into [a, b).
    assert calendar.working_days_between(due - ONE_DAY, event - ONE_DAY) == n


@fast
@given(event_and_calendar(), counts)
def test_week_skipping_matches_a_day_by_day_walk(case: tuple[date, WorkingCalendar], n: int) -> None:
    event, calendar = case
    assert calendar.add_working_days(event, n) == naive_add(calendar, event, n)
    assert calendar.subtract_working_days(event, n) == naive_add(calendar, event, n, -ONE_DAY)


@fast
@given(event_and_calendar(), dates)
def test_working_days_between_matches_counting_and_is_antisymmetric(
    case: tuple[date, WorkingCalendar], other: date
) -> None:
    event, calendar = case
    other = min(max(other, event - timedelta(days=200)), event + timedelta(days=200))
    assert calendar.working_days_between(event, other) == naive_count(calendar, event, other)
    assert calendar.working_days_between(other, event) == -calendar.working_days_between(event, other)


@fast
@given(event_and_calendar(), counts)
def test_subtract_is_the_inverse_of_add_on_working_days(case: tuple[date, WorkingCalendar], n: int) -> None:
    event, calendar = case
    day = calendar.on_or_before(event)
    assert calendar.subtract_working_days(calendar.add_working_days(day, n), n) == day
    assert calendar.add_working_days(calendar.subtract_working_days(day, n), n) == day


@fast
@given(
    event_and_calendar(),
    st.integers(min_value=0, max_value=40),
    st.sampled_from(["working_days", "months", "weeks"]),
    st.sampled_from(["after", "before"]),
    counts,
)
def test_a_later_event_never_gives_an_earlier_due_date(
    case: tuple[date, WorkingCalendar], gap: int, unit: str, direction: str, n: int
) -> None:
    event, calendar = case
    amount = n if unit == "working_days" else n % 13
    timescale = Timescale.from_values({"unit": unit, "amount": amount, "direction": direction})
    earlier = due_date(timescale, event, calendar)
    later = due_date(timescale, event + timedelta(days=gap), calendar)
    assert earlier <= later


@fast
@given(
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(LONDON)),
    st.integers(min_value=0, max_value=72 * 60),
    st.integers(min_value=0, max_value=80),
    st.sampled_from(["after", "before"]),
)
def test_a_later_event_never_gives_an_earlier_hours_deadline(
    event: datetime, gap_minutes: int, n: int, direction: str
) -> None:
    timescale = Timescale("hours", n, direction)  # type: ignore[arg-type]
    later_event = (event.astimezone(UTC) + timedelta(minutes=gap_minutes)).astimezone(LONDON)
    earlier = due_date(timescale, event, PLAIN)
    later = due_date(timescale, later_event, PLAIN)
    assert earlier <= later
    sign = 1 if direction == "after" else -1
    assert earlier.astimezone(UTC) - event.astimezone(UTC) == timedelta(hours=sign * n)  # type: ignore[union-attr]


@fast
@given(event_and_calendar(), st.integers(min_value=0, max_value=24))
def test_months_due_date_is_the_last_working_day_not_after_event_plus_n_months(
    case: tuple[date, WorkingCalendar], n: int
) -> None:
    event, calendar = case
    limit = add_months(event, n)
    due = due_date(Timescale("months", n), event, calendar)
    assert isinstance(due, date)
    assert calendar.is_working_day(due)
    assert due <= limit
    assert calendar.working_days_between(due, limit) == 0


@fast
@given(event_and_calendar(), st.integers(min_value=0, max_value=12))
def test_weeks_due_date_is_the_last_working_day_not_after_event_plus_n_weeks(
    case: tuple[date, WorkingCalendar], n: int
) -> None:
    event, calendar = case
    limit = event + timedelta(weeks=n)
    due = due_date(Timescale("weeks", n), event, calendar)
    assert isinstance(due, date)
    assert calendar.is_working_day(due)
    assert due <= limit
    assert calendar.working_days_between(due, limit) == 0


@fast
@given(event_and_calendar())
def test_on_or_before_is_idempotent_and_a_working_day(case: tuple[date, WorkingCalendar]) -> None:
    event, calendar = case
    once = calendar.on_or_before(event)
    assert calendar.on_or_before(once) == once
    assert calendar.is_working_day(once)
    assert once <= event


@fast
@given(dates, st.integers(min_value=-36, max_value=36))
def test_add_months_lands_in_the_right_month_clamped_to_its_end(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + ONE_DAY).day == 1)
