"""The deadline sweep over national-scale data, against the bare set-wise SQL doing the same work.

    createdb cpc_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python manage.py seed_scale \\
        --authorities 150 --children 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python -m bench

In the same run, on the same data (each run inside a transaction that is rolled back, so the data
stays as seeded and the benchmark can be repeated):

1. the sweep (`scheduling.sweep.sweep_batch` for every batch of SWEEP_AUTHORITIES_PER_BATCH
   authorities, as `manage.py sweep` and the Celery tasks run it), timed;
2. the bare SQL: the same writes (statuses, historical rows, escalations, their events and
   history, move-ups, notifications) as a few statements over all authorities at once, with the
   per-authority boundary dates computed beforehand (the floor on this machine), timed;
3. a first sweep followed by a second one with nothing changed: its time and the rows it wrote
   (PostgreSQL's own per-transaction counters, pg_stat_xact_user_tables).

Targets: sweep <= 10 s and <= 3x the bare SQL; second sweep < 1 s, no rows written.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpc.settings")
# Notifications are queued for e-mail, not sent, as in production (the worker sends them).
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from authorities.rls.scope import EVERY_AUTHORITY, DatabaseScope, database_scope, set_database_scope  # noqa: E402
from cpc.celery import app  # noqa: E402
from reports.services import send_due_report_reminders  # noqa: E402
from scheduling.calendars import calendar_for  # noqa: E402
from scheduling.sweep import active_authority_ids, batches, plan_for, sweep_batch  # noqa: E402

from .bare_sql import run_bare_sql  # noqa: E402
from .charts import bar_chart, svg_chart  # noqa: E402


class Rollback(Exception):
    pass


def rows_written() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
        )
        return int(cursor.fetchone()[0])


def written_by_table() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 AND relname NOT LIKE 'bench%%' ORDER BY relname"
        )
        return dict(cursor.fetchall())


def in_rolled_back_transaction(work):
    """Run `work()` in a transaction that is rolled back; return (its result, rows it wrote by table)."""
    outcome = {}
    try:
        with transaction.atomic():
            # Deltas, not totals: PostgreSQL flushes these per-backend counters at most once a
            # second, so a quick earlier transaction's counts can still be pending here.
            before = written_by_table()
            outcome["result"] = work()
            after = written_by_table()
            outcome["written"] = {
                table: count - before.get(table, 0)
                for table, count in after.items()
                if count != before.get(table, 0)
            }
            raise Rollback
    except Rollback:
        pass
    return outcome["result"], outcome["written"]


def sweep_everything(
    ids: list[int], today: date, *, report_reminders: bool = False, batch_size: int | None = None
) -> float:
    started = time.perf_counter()
    for batch in batches(ids, batch_size):
        with database_scope(DatabaseScope.of(batch)):  # as the sweep task runs: its batch only
            sweep_batch(batch, today=today, report_reminders=report_reminders)
    return time.perf_counter() - started


def reminders_everywhere(ids: list[int], today: date) -> float:
    started = time.perf_counter()
    for authority_id in ids:
        send_due_report_reminders(authority_id, today)
    return time.perf_counter() - started


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _arguments():
    """The command line, checked: its arguments and the extra batch sizes to time."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; the best is reported")
    parser.add_argument(
        "--batch-sizes",
        default="",
        help="also time the sweep with these SWEEP_AUTHORITIES_PER_BATCH values, e.g. 1,25,150",
    )
    parser.add_argument("--svg", metavar="PATH", help="also write the chart of the timings as SVG here")
    args = parser.parse_args()
    try:
        extra_sizes = [int(size) for size in args.batch_sizes.split(",") if size.strip()]
    except ValueError:
        parser.error(f"--batch-sizes: expected whole numbers separated by commas, got {args.batch_sizes!r}")
    if any(size < 1 for size in extra_sizes):
        parser.error("--batch-sizes: each size must be at least 1")
    return args, extra_sizes


def _counts() -> tuple[int, int, int]:
    """Open deadlines, all deadlines and open plans in the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM scheduling_deadline WHERE met_on IS NULL AND cancelled_at IS NULL"
        )
        open_deadlines = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM scheduling_deadline")
        all_deadlines = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM cases_childprotectionplan WHERE ended_on IS NULL")
        open_plans = cursor.fetchone()[0]
    return open_deadlines, all_deadlines, open_plans


def _timed_runs(ids, today, calendars, repeat: int):
    """Alternate timed runs of the sweep and of the bare SQL (JIT off, then on), each rolled back."""
    sweep_times, bare_times, bare_jit_times = [], [], []
    sweep_written = bare_written = None
    for run in range(1, max(1, repeat) + 1):
        progress(f"timed run {run} of {max(1, repeat)}: the sweep, then the bare SQL (JIT off, on)")
        elapsed, sweep_written = in_rolled_back_transaction(lambda: sweep_everything(ids, today))
        sweep_times.append(elapsed)
        plans = [plan_for(authority_id, today, calendars[authority_id]) for authority_id in ids]
        ready = [plan for plan in plans if plan is not None]
        elapsed, bare_written = in_rolled_back_transaction(lambda ready=ready: run_bare_sql(ready, jit=False))
        bare_times.append(elapsed)
        elapsed, _ = in_rolled_back_transaction(lambda ready=ready: run_bare_sql(ready, jit=True))
        bare_jit_times.append(elapsed)
    return sweep_times, bare_times, bare_jit_times, sweep_written, bare_written


def _verdict(sweep_best, ratio, second, second_rows, second_all, second_all_rows, same) -> int:
    """Print each target met or missed; 0 when all are met."""
    checks = {
        "sweep <= 10 s": sweep_best <= 10,
        "sweep <= 3x bare SQL": ratio <= 3,
        "second sweep < 1 s": second < 1,
        "second sweep writes no rows": second_rows == 0,
        "second sweep with REPORT-2WD reminders < 1 s": second_all < 1,
        "second sweep with reminders writes no rows": second_all_rows == 0,
        "sweep and bare SQL wrote the same rows": same,
    }
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'MISSED'}] {name}")
    return 0 if all(checks.values()) else 1


@dataclass
class _Figures:
    """What one benchmark run measured (seconds, rows)."""

    authorities: int
    open_plans: int
    sweep_times: list[float]
    bare_times: list[float]
    bare_jit_times: list[float]
    sweep_written: dict
    bare_written: dict
    first: float = 0.0
    second: float = 0.0
    second_rows: int = 0
    second_all: float = 0.0
    second_all_rows: int = 0
    reminders: float = 0.0
    by_size: dict[int, float] = field(default_factory=dict)

    @property
    def sweep_best(self) -> float:
        return min(self.sweep_times)

    @property
    def floor_times(self) -> list[float]:
        # The floor is the faster of the bare SQL with PostgreSQL's JIT off (as the app's connections
        # run, cpc.settings DB_JIT) and on (PostgreSQL's default).
        return min(self.bare_times, self.bare_jit_times, key=min)

    @property
    def ratio(self) -> float:
        bare_best = min(self.floor_times)
        return self.sweep_best / bare_best if bare_best else float("inf")


def main() -> int:
    args, extra_sizes = _arguments()
    if connection.vendor != "postgresql":
        print("bench: needs PostgreSQL (DATABASE_URL)", file=sys.stderr)
        return 2
    today = date.fromisoformat(args.today) if args.today else timezone.localdate()
    # Queue e-mails on an in-memory broker instead of sending them in-process.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    # The counts and the bare SQL read every authority (a platform task); each sweep batch is
    # narrowed to its own authorities, as on a worker (row-level security applies to the app's role).
    set_database_scope(EVERY_AUTHORITY)

    ids = active_authority_ids()
    open_deadlines, all_deadlines, open_plans = _counts()
    print(f"database {connection.settings_dict['NAME']}: {len(ids)} authorities, {open_plans} open plans, ")
    print(f"  {open_deadlines} open deadlines of {all_deadlines}; sweeping as on {today.isoformat()}")
    if open_plans == 0:
        print("bench: no data; run manage.py seed_scale first", file=sys.stderr)
        return 2

    # Warm both paths once (connection, holiday tables, plan caches), then alternate timed runs.
    calendars = {authority_id: calendar_for(authority_id) for authority_id in ids}
    # One line per authority swept is the sweep's log in production; here it would bury the figures.
    logging.getLogger("scheduling.sweep").setLevel(logging.WARNING)
    in_rolled_back_transaction(lambda: sweep_everything(ids, today))
    figures = _Figures(len(ids), open_plans, *_timed_runs(ids, today, calendars, args.repeat))
    _second_sweeps(figures, ids, today)
    progress("the reports app's reminders for every authority")
    figures.reminders, _ = in_rolled_back_transaction(lambda: reminders_everywhere(ids, today))
    for size in extra_sizes:
        progress(f"the sweep in batches of {size}")
        figures.by_size[size] = min(
            in_rolled_back_transaction(lambda size=size: sweep_everything(ids, today, batch_size=size))[0]
            for _ in range(max(1, args.repeat))
        )
    _print_figures(figures)
    _print_chart(figures, args.svg)
    f = figures
    same = f.sweep_written == f.bare_written
    return _verdict(f.sweep_best, f.ratio, f.second, f.second_rows, f.second_all, f.second_all_rows, same)


def _second_sweeps(figures: _Figures, ids: list[int], today: date) -> None:
    """A first sweep, then a second with nothing changed (without and with the reminders)."""

    def second_sweep():
        first = sweep_everything(ids, today)
        before = rows_written()
        second = sweep_everything(ids, today)
        second_rows = rows_written() - before
        before = rows_written()
        with_reminders = sweep_everything(ids, today, report_reminders=True)
        return first, second, second_rows, with_reminders, rows_written() - before

    progress("a first sweep, then second sweeps with nothing changed")
    f = figures
    (f.first, f.second, f.second_rows, f.second_all, f.second_all_rows), _ = in_rolled_back_transaction(
        second_sweep
    )


def _print_figures(f: _Figures) -> None:
    print()
    print("rows written (table: sweep / bare SQL)")
    for table in sorted(set(f.sweep_written) | set(f.bare_written)):
        print(f"  {table:<40} {f.sweep_written.get(table, 0):>8} / {f.bare_written.get(table, 0):>8}")
    print(f"  same work: {'yes' if f.sweep_written == f.bare_written else 'NO'}")
    print()
    runs = ", ".join(f"{t:.3f}" for t in f.sweep_times)
    print(f"sweep          best {f.sweep_best:7.3f} s   (runs: {runs})")
    for label, times in (("bare SQL", f.bare_times), ("  with JIT", f.bare_jit_times)):
        runs = ", ".join(f"{t:.3f}" for t in times)
        print(f"{label:<14} best {min(times):7.3f} s   (runs: {runs})")
    print(f"floor          best {min(f.floor_times):7.3f} s   (the faster of the two)")
    median = statistics.median(f.sweep_times) / statistics.median(f.floor_times)
    print(f"ratio          {f.ratio:7.2f} x   (median {median:.2f} x)")
    print(f"first sweep    {f.first:7.3f} s   then a second sweep with nothing changed:")
    print(f"second sweep   {f.second:7.3f} s   rows written: {f.second_rows}")
    print()
    print("the reports app's REPORT-2WD reminders, which the sweep also calls for an authority where its")
    print("status statement finds one due (reports.services.send_due_report_reminders, not part of the")
    print(f"  bare SQL): {f.reminders:.3f} s if called for every authority;")
    print(f"  second sweep including them: {f.second_all:.3f} s, rows written: {f.second_all_rows}")
    print()


def _print_chart(f: _Figures, svg: str | None) -> None:
    size = settings.SWEEP_AUTHORITIES_PER_BATCH
    chart = [
        (f"sweep (batches of {size})", f.sweep_best),
        *((f"sweep (batches of {n})", seconds) for n, seconds in f.by_size.items()),
        ("bare SQL, JIT off", min(f.bare_times)),
        ("bare SQL, JIT on", min(f.bare_jit_times)),
        ("second sweep", f.second),
        ("second, with reminders", f.second_all),
    ]
    print(f"best times ({f.authorities} authorities, {f.open_plans} open plans)")
    print("\n".join(bar_chart(chart)))
    if svg:
        with open(svg, "w", encoding="utf-8") as out:
            title = f"Deadline sweep, {f.authorities} authorities, {f.open_plans} open plans"
            out.write(svg_chart(chart, title))
        print(f"  chart written to {svg}")
    print()


if __name__ == "__main__":
    sys.exit(main())
