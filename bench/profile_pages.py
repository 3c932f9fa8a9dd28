"""The benchmark's four pages in-process: time per request, queries, and where the Python time goes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python -m bench.profile_pages \\
        [--repeat 30] [--profile case-list] [--top 40]

Same targets as bench.web (the largest authority of seed_scale data), DEBUG off, through
django.test.Client; no server, so what it shows is the page's own CPU cost."""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.web_settings"

import django

django.setup()

from django.db import connection  # noqa: E402

from . import web_bare  # noqa: E402
from .web import pick_targets, record_sql, signed_in  # noqa: E402


def timed(client, url: str, repeat: int) -> tuple[float, float]:
    """Wall and CPU milliseconds per request."""
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        client.get(url)
    return (time.perf_counter() - started) * 1000 / repeat, (time.process_time() - cpu) * 1000 / repeat


def main() -> int:
    parser = argparse.ArgumentParser(description="The web benchmark's pages, in-process.")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", metavar="NAME", help="cProfile this page (case-list, case-page, …)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="profile this process's CPU time, not wall time (waits on SQL drop out)",
    )
    args = parser.parse_args()
    targets = pick_targets()
    clients = {target.name: signed_in(target.user_id)[0] for target in targets}
    replay = {"baseline": []} | {t.name: record_sql(t, clients[t.name]) for t in targets}
    web_bare._recorded.cache_clear()
    with tempfile.NamedTemporaryFile("w", suffix=".json") as replay_file:
        json.dump(replay, replay_file)
        replay_file.flush()
        os.environ["BENCH_REPLAY_FILE"] = replay_file.name
        for target in targets:
            measure(target, clients[target.name], args)
    return 0


def measure(target, client, args) -> None:
    client.get(target.url)  # warm caches (templates, content types, rule sets)
    statements: list[str] = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: statements.append(sql) or execute(sql, *rest)
    ):
        response = client.get(target.url)
    wall_ms, cpu_ms = timed(client, target.url, args.repeat)
    bare = f"/bench/bare/{target.name}/"
    client.get(bare)
    bare_wall, bare_cpu = timed(client, bare, args.repeat)
    print(
        f"{target.label:<20} {response.status_code} {len(response.content):>8} bytes "
        f"{len(statements):>3} queries {wall_ms:7.1f} ms wall {cpu_ms:7.1f} ms cpu; "
        f"bare {bare_wall:6.1f} ms wall {bare_cpu:6.1f} ms cpu; share {bare_wall / wall_ms:4.0%}"
    )
    if args.profile == target.name:
        profiler = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(target.url)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    sys.exit(main())
