"""Run the tests that read the clock with "today" frozen on each awkward day of the year.

The days are worked out from the real date with the product's own calendar, so the proof moves
with time instead of going stale: the next Saturday and Sunday, Christmas Day, the next substitute
bank holiday Monday, the next 31 March (the census reference date), the next 29 February, and the
last working day before Christmas. One pytest session runs each date-sensitive test once on each
day (`--on-days`, see tests/clock.py); a failure's test id names its day.

    python scripts/test_on_awkward_days.py [--list] [pytest args...]
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduling.engine import WorkingCalendar  # noqa: E402

WORKERS = os.environ.get("AWKWARD_DAYS_WORKERS", "2")  # pytest-xdist processes
# Everything that reads the clock: cases, conferences, core groups, reports and the sweep (the
# worker tests run their own clock in a subprocess and say so in their names).
DATE_SENSITIVE = ("tests/cases", "tests/conferences", "tests/coregroups", "tests/reports", "tests/scheduling")


def _next(day: datetime.date, wanted) -> datetime.date:
    while not wanted(day):
        day += datetime.timedelta(days=1)
    return day


def _next_leap_day(today: datetime.date) -> datetime.date:
    year = today.year
    while True:
        try:
            leap_day = datetime.date(year, 2, 29)
        except ValueError:
            year += 1
            continue
        if leap_day >= today:
            return leap_day
        year += 1


def _next_substitute_monday(today: datetime.date) -> datetime.date:
    england = holidays.UnitedKingdom(subdiv="ENG", years=range(today.year, today.year + 3))
    return min(
        day
        for day, name in england.items()
        if day >= today and day.weekday() == 0 and "observed" in name.lower()
    )


def awkward_days(today: datetime.date) -> dict[str, datetime.date]:
    christmas = datetime.date(today.year, 12, 25)
    if christmas < today:
        christmas = christmas.replace(year=today.year + 1)
    march_31 = datetime.date(today.year, 3, 31)
    if march_31 < today:
        march_31 = march_31.replace(year=today.year + 1)
    return {
        "a Saturday": _next(today, lambda d: d.weekday() == 5),
        "a Sunday": _next(today, lambda d: d.weekday() == 6),
        "Christmas Day": christmas,
        "a substitute bank holiday Monday": _next_substitute_monday(today),
        "31 March (census reference date)": march_31,
        "29 February": _next_leap_day(today),
        "the last working day before Christmas": WorkingCalendar().subtract_working_days(christmas, 1),
    }


def main(argv: list[str]) -> int:
    days = awkward_days(datetime.datetime.now(ZoneInfo("Europe/London")).date())
    for what, day in days.items():
        print(f"{day.isoformat()}  {day:%A}  {what}")
    if "--list" in argv:
        return 0
    # One session runs each test once per day (tests/clock.py parametrises them), so the database
    # is built and the tests collected once; two processes share the machine's cores.
    on_days = ",".join(day.isoformat() for day in days.values())
    command = [sys.executable, "-m", "pytest", f"--on-days={on_days}", "-q", "-p", "no:cacheprovider"]
    command += ["-n", WORKERS, "--dist", "load", *argv, *DATE_SENSITIVE]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
