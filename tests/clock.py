"""The one way tests meet "today".

The product reads the day from the clock (`timezone.localdate()`), and due dates count working
days, so an expectation written for a Tuesday is wrong on a Sunday. Two rules keep every test
right on any day of the year:

- A test that needs a particular day asks for the `clock` fixture and sets `clock.day`; the
  whole process (the test, the services, a live server's thread) then sees that day, at noon in
  Europe/London, with time ticking on from there.
- A test that works on whatever day it runs computes its expectation through the engine from
  `timezone.localdate()` (or the `today` fixture), never from a weekday it assumes.

`pytest --today=YYYY-MM-DD` runs the suite with the clock frozen on that day, and
`pytest --on-days=D1,D2,...` runs every collected test once on each day (a test that sets its own
day with `clock` runs once): that is how CI proves the rules hold on weekends, bank holidays and
other awkward days (`scripts/test_on_awkward_days.py`).
A test that truly needs the real clock (a worker subprocess that reads its own clock, a timeout
measured by another process) says `wall_clock` in its name and is left on the real clock.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")
NOON = datetime.time(12)


def noon_in_london(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, NOON, tzinfo=LONDON)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        type=datetime.date.fromisoformat,
        default=None,
        help="run with the clock frozen at noon (Europe/London) on this day, ticking on from there",
    )
    parser.addoption(
        "--on-days",
        metavar="YYYY-MM-DD,...",
        type=lambda value: [datetime.date.fromisoformat(day) for day in value.split(",") if day],
        default=None,
        help="run every collected test once on each of these days (the clock frozen as with --today)",
    )


def pytest_report_header(config: pytest.Config) -> str | None:
    if days := config.getoption("--on-days"):
        return "each test runs on " + ", ".join(f"{day:%a %d %b %Y}" for day in days) + " (--on-days)"
    if day := config.getoption("--today"):
        return f"clock frozen on {day:%A %d %B %Y} (--today)"
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    days = metafunc.config.getoption("--on-days")
    # A test with the `clock` fixture sets its own day, so one run of it says all there is to say.
    if days and "wall_clock" not in metafunc.definition.name and "clock" not in metafunc.fixturenames:
        ids = [f"on-{day.isoformat()}" for day in days]
        metafunc.parametrize("frozen_day", days, ids=ids, indirect=True)


@pytest.fixture
def frozen_day(request) -> datetime.date | None:
    """The day this test runs on, or None for the real clock."""
    if "wall_clock" in request.node.name:
        return None
    return getattr(request, "param", None) or request.config.getoption("--today")


@pytest.fixture(autouse=True)
def _the_day_the_suite_runs_on(frozen_day):
    if frozen_day is None:
        yield
        return
    with time_machine.travel(noon_in_london(frozen_day), tick=True):
        yield


class Clock:
    """Puts the test, and everything it calls, on a day of its choosing."""

    def __init__(self, traveller) -> None:
        self._traveller = traveller

    @property
    def day(self) -> datetime.date:
        return timezone.localdate()

    @day.setter
    def day(self, day: datetime.date) -> None:
        self._traveller.move_to(noon_in_london(day))


@pytest.fixture
def clock(_the_day_the_suite_runs_on, settings):
    """`clock.day = date(...)` moves "today" for the test; it starts on the suite's today.

    A test that moves the days on stands for people who sign in again each day, so sessions here
    outlive the jumps (the session limits have tests of their own)."""
    two_years = 2 * 366 * 24
    settings.SESSION_MAX_HOURS = two_years
    settings.SESSION_IDLE_MINUTES = two_years * 60
    settings.SESSION_COOKIE_AGE = two_years * 3600
    with time_machine.travel(noon_in_london(timezone.localdate()), tick=True) as traveller:
        yield Clock(traveller)


@pytest.fixture
def today() -> datetime.date:
    """Today as the product sees it (the frozen day under `--today`)."""
    return timezone.localdate()
