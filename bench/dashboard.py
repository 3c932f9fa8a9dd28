"""The managers' dashboard at national scale: the largest authority's page, timed in-process, next to
the bare SQL doing the same aggregates, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python manage.py seed_scale \\
        --authorities 150 --children 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python -m bench.dashboard

The largest authority (most open plans) is drawn for a service manager (the whole authority):
`GET /<slug>/dashboard/` through Django's test client (every middleware, the session, the template;
no network), repeated, median reported; then the same aggregates as hand-written SQL with the same
parameters (open deadlines per rule, escalations per level and the oldest of each, timeliness per
rule and month, plans by category and age, step-downs, attendance per agency), repeated, median.
The query count of the page is shown for the smallest and the largest authority: it does not grow
with the data.

seed_scale invites no agencies, so the attendance figure would count nothing: inside a transaction
that is rolled back at the end, the run first invites three agency professionals to each held
conference of the two authorities it draws (attendance and reports as recorded at random), so the
attendance aggregate has real rows to count. The seeded data is left as it was.

Targets (the dashboard issue): page median under 300 ms, and within 3x the bare SQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpc.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from authorities.models import Membership, Role  # noqa: E402
from dashboards.figures import build_dashboard  # noqa: E402
from dashboards.filters import Filters  # noqa: E402

from .dashboard_sql import add_invitations, bare_sql_statements  # noqa: E402


class Rollback(Exception):
    pass


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def authorities_by_size() -> list[tuple[int, str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, a.slug, count(p.id) FROM authorities_authority a "
            "JOIN cases_childprotectionplan p ON p.authority_id = a.id AND p.ended_on IS NULL "
            "GROUP BY a.id, a.slug ORDER BY count(p.id) DESC, a.id"
        )
        return cursor.fetchall()


def manager_of(authority_id: int) -> Membership:
    return (
        Membership.objects.for_authority(authority_id)
        .filter(role=Role.SERVICE_MANAGER, is_active=True)
        .select_related("user", "authority")
        .order_by("pk")
        .first()
    )


def time_page(client: Client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def time_bare_sql(statements: list[tuple[str, list]], repeat: int) -> tuple[list[float], list[float]]:
    """Each run's total, and each statement's median over the runs."""
    times, each = [], [[] for _ in statements]
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            for n, (sql, params) in enumerate(statements):
                before = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                each[n].append(time.perf_counter() - before)
            times.append(time.perf_counter() - started)
    return times, [statistics.median(t) for t in each]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed draws of each (default 30)")
    parser.add_argument("--explain", action="store_true", help="also print EXPLAIN ANALYZE of each statement")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench: needs PostgreSQL (DATABASE_URL)", file=sys.stderr)
        return 2
    sizes = authorities_by_size()
    if not sizes:
        print("bench: no data; run manage.py seed_scale first", file=sys.stderr)
        return 2
    (largest_id, largest_slug, _), (smallest_id, smallest_slug, _) = sizes[0], sizes[-1]
    today = timezone.localdate()
    outcome = {}
    try:
        with transaction.atomic():
            outcome = run(args, today, largest_id, largest_slug, smallest_id, smallest_slug)
            raise Rollback
    except Rollback:
        pass

    return _report(args, outcome, today, sizes)


def _report(args, outcome: dict, today, sizes: list) -> int:
    """The figures, then each target met or missed; 0 when all are met."""
    (_, largest_slug, largest_plans), (_, smallest_slug, smallest_plans) = sizes[0], sizes[-1]
    page, bare = outcome["page"], outcome["bare"]
    page_median, bare_median = statistics.median(page), statistics.median(bare)
    ratio = page_median / bare_median if bare_median else float("inf")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM scheduling_deadline")
        deadlines = cursor.fetchone()[0]
    print(
        f"database {connection.settings_dict['NAME']}: {len(sizes)} authorities, {deadlines} deadlines; "
        f"as on {today}"
    )
    print(f"largest authority {largest_slug}: {largest_plans} open plans, {outcome['rows']}")
    print()
    print(f"page  GET /{largest_slug}/dashboard/ ({args.repeat} draws, in-process, after one warm-up)")
    print(f"  median {ms(page_median)}   best {ms(min(page))}   worst {ms(max(page))}")
    print(f"bare SQL: the same {outcome['statements']} aggregates, hand-written ({args.repeat} runs)")
    print(f"  median {ms(bare_median)}   best {ms(min(bare))}   worst {ms(max(bare))}")
    names = (
        "deadlines",
        "escalation counts",
        "oldest escalations",
        "timeliness",
        "plans",
        "step-down count",
        "step-down rows",
        "attendance",
    )
    print(
        "  each statement's median: "
        + ", ".join(
            f"{name} {seconds * 1000:.1f}"
            for name, seconds in zip(names, outcome["per_statement"], strict=True)
        )
        + " (ms)"
    )
    print(
        "  of which the figures' own reads in the app (build_dashboard, no HTTP): "
        f"median {ms(outcome['figures'])}"
    )
    print(f"ratio page / bare SQL: {ratio:.2f} x (medians)")
    print()
    print("queries per page draw (the same whatever the size):")
    print(f"  {largest_slug} ({largest_plans} open plans): {outcome['queries_largest']}")
    print(f"  {smallest_slug} ({smallest_plans} open plans): {outcome['queries_smallest']}")
    print()
    checks = {
        "page median < 300 ms": page_median < 0.3,
        "page within 3x the bare SQL": ratio <= 3,
        "queries do not grow with the data": outcome["queries_largest"] == outcome["queries_smallest"],
    }
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'MISSED'}] {name}")
    return 0 if all(checks.values()) else 1


def run(args, today, largest_id, largest_slug, smallest_id, smallest_slug) -> dict:
    progress("inviting agencies to held conferences (rolled back at the end)")
    rows = add_invitations([largest_id, smallest_id])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE conferences_invitation")
    manager = manager_of(largest_id)
    client = Client()
    client.force_login(manager.user)
    url = f"/{largest_slug}/dashboard/"
    progress("warming up")
    time_page(client, url, 2)
    progress(f"drawing the page {args.repeat} times")
    page = time_page(client, url, args.repeat)
    statements = bare_sql_statements(largest_id, today)
    time_bare_sql(statements, 2)
    progress(f"running the bare SQL {args.repeat} times")
    bare, per_statement = time_bare_sql(statements, args.repeat)
    figures = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        build_dashboard(manager, Filters(), today=today)
        figures.append(time.perf_counter() - started)
    small_manager = manager_of(smallest_id)
    small_client = Client()
    small_client.force_login(small_manager.user)
    if args.explain:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print("\n".join(row[0] for row in cursor.fetchall()))
                print()
    return {
        "page": page,
        "bare": bare,
        "per_statement": per_statement,
        "figures": statistics.median(figures),
        "statements": len(statements),
        "rows": rows,
        "queries_largest": count_queries(client, url),
        "queries_smallest": count_queries(small_client, f"/{smallest_slug}/dashboard/"),
    }


if __name__ == "__main__":
    sys.exit(main())
