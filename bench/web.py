"""Pages under load at a large authority's size, each beside a bare view running the same SQL.

    createdb cpc_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python manage.py seed_scale \\
        --authorities 150 --children 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_bench .venv/bin/python -m bench.web

In one run, against gunicorn (2 workers, DEBUG off) on the largest authority of the data:

1. for each page (the case list, a case page, the chair's live page, an API list) the benchmark
   first requests it once in-process and records the SQL it ran, less what the middleware runs for
   any request;
2. after a short unmeasured warm-up of every URL, wrk loads the page and at once its bare view
   (`/bench/bare/<page>/`, bench/web_bare.py) that runs exactly those statements with a cursor and
   returns the rows as JSON, signed in as the same user; all pages, round after round (--rounds,
   default 3), so each page and its bare view meet the same machine;
3. it prints the medians over the rounds of requests per second and p50/p99 latency for both, the
   page's median share of the bare view's rate with each round's share beside it (the spread shows
   how much other work on the machine moved the figures), and a bar chart (`--svg` also writes it
   as SVG).

Target: every page at least half the bare view's rate. wrk comes from Debian (`apt-get install wrk`;
installed here when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.web_settings"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from authorities.models import Authority, Membership  # noqa: E402
from cases.models import Family  # noqa: E402
from conferences.models import Conference  # noqa: E402

from .charts import bar_chart, svg_chart  # noqa: E402

SKIPPED_SQL = re.compile(
    r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|SET |SELECT set_config)", re.I
)


@dataclass
class Target:
    name: str
    label: str
    url: str
    user_id: int


@dataclass
class Load:
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int


def progress(message: str) -> None:
    print(f"bench.web: {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    if found := shutil.which("wrk"):
        return found
    progress("installing wrk from Debian…")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or sys.exit("bench.web: wrk did not install")


def pick_targets() -> list[Target]:
    """The largest authority; its busiest social worker, their largest case, its busiest chair."""
    # Across authorities on purpose, to find the largest: the benchmark's own read, not the app's.
    largest = (
        Family.framework_objects.values("authority")
        .annotate(n=Count("pk"))
        .order_by("-n", "authority")
        .first()
    )
    authority = Authority.objects.get(pk=largest["authority"])
    families = Family.objects.for_authority(authority)
    worker_id = (
        families.exclude(social_worker=None)
        .values("social_worker")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("social_worker", flat=True)
        .first()
    )
    worker = Membership.objects.for_authority(authority).select_related("user").get(pk=worker_id)
    family = families.filter(social_worker=worker).annotate(n=Count("children")).order_by("-n", "pk").first()
    conference = (
        Conference.objects.for_authority(authority)
        .exclude(chair=None)
        .annotate(n=Count("children"))
        .order_by("-n", "-starts_at")
        .select_related("chair__user")
        .first()
    )
    slug = authority.slug
    progress(
        f"{authority.name}: {families.count()} families; social worker {worker.pk} "
        f"({families.filter(social_worker=worker).count()} cases); conference {conference.pk}"
    )
    return [
        Target("case-list", "Case list", f"/{slug}/cases/", worker.user_id),
        Target("case-page", "Case page", f"/{slug}/cases/{family.pk}/", worker.user_id),
        Target(
            "live-page",
            "Chair's live page",
            f"/{slug}/conferences/{conference.pk}/live/",
            conference.chair.user_id,
        ),
        Target("api-list", "API: families", f"/api/v1/{slug}/families/", worker.user_id),
    ]


def signed_in(user_id: int) -> tuple[Client, str]:
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def record_sql(target: Target, client: Client) -> list[str]:
    """The statements the page runs, less the ones any request runs (session, user)."""
    with CaptureQueriesContext(connection) as baseline:
        client.get("/bench/bare/baseline/")
    with CaptureQueriesContext(connection) as page:
        response = client.get(target.url)
    if response.status_code != 200:
        sys.exit(f"bench.web: {target.url} answered {response.status_code} in-process")
    common = Counter(q["sql"] for q in baseline.captured_queries)
    statements = []
    for query in page.captured_queries:
        sql = query["sql"]
        if common[sql]:
            common[sql] -= 1
        elif not SKIPPED_SQL.match(sql):
            statements.append(sql)
    return statements


def load_average() -> str:
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_wrk(wrk: str, url: str, cookie: str, *, duration: int, connections: int) -> Load:
    result = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        errors=int(errors.group(1)) if errors else 0,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Pages against bare views under wrk.")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL (default 10)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of every page and its bare view; medians shown (default 3)",
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of unmeasured load per URL first (default 2)"
    )
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--svg", metavar="PATH", help="also write the chart as SVG here")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench.web: point DATABASE_URL at a PostgreSQL database filled by seed_scale")

    wrk = ensure_wrk()
    load_before = load_average()
    targets = pick_targets()
    replay_path, cookies = _record_targets(targets)
    port = free_port()
    gunicorn = _start_gunicorn(port, workers=args.workers, replay_path=replay_path)
    try:
        results = _load_targets(wrk, f"http://127.0.0.1:{port}", targets, cookies, args)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        os.unlink(replay_path)
    return _report(results, args, load_before)


def _record_targets(targets: list[Target]) -> tuple[str, dict[int, str]]:
    """Each page's SQL, recorded once for its bare view to replay (written to a temporary JSON file
    whose path is returned), and a signed-in session per user."""
    replay: dict[str, list[str]] = {"baseline": []}
    cookies: dict[int, str] = {}
    for target in targets:
        client, session = signed_in(target.user_id)
        cookies.setdefault(target.user_id, session)
        replay[target.name] = record_sql(target, client)
        progress(f"{target.label}: {len(replay[target.name])} statements recorded")
    replay_file = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)  # noqa: SIM115
    json.dump(replay, replay_file)
    replay_file.close()
    return replay_file.name, cookies


def _start_gunicorn(port: int, *, workers: int, replay_path: str) -> subprocess.Popen:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.web_settings", BENCH_REPLAY_FILE=replay_path)
    return subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "cpc.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            # The deployment's own settings and hooks (the Docker image and run_stack.sh pass it too).
            "--config",
            os.path.join(settings.BASE_DIR, "gunicorn.conf.py"),
        ],
        env=env,
    )


@dataclass
class Measured:
    """One page and its bare view over every round: each round loads the page, then at once its
    bare view, so both see the same machine; the shares are per round."""

    target: Target
    pages: list[Load]
    bares: list[Load]

    @property
    def shares(self) -> list[float]:
        return [
            page.rate / bare.rate if bare.rate else 0.0
            for page, bare in zip(self.pages, self.bares, strict=True)
        ]

    @property
    def share(self) -> float:
        return statistics.median(self.shares)

    def median(self, loads: list[Load], figure: str) -> float:
        return statistics.median(getattr(load, figure) for load in loads)

    @property
    def errors(self) -> int:
        return sum(page.errors for page in self.pages)


def _load_targets(
    wrk: str, base: str, targets: list[Target], cookies: dict[int, str], args: argparse.Namespace
) -> list[Measured]:
    """Once gunicorn answers: each page and its bare view checked for a 200 and warmed, then put
    under load, page and bare view back to back, round after round."""
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    results = [Measured(target, [], []) for target in targets]
    for target in targets:
        cookie = f"{settings.SESSION_COOKIE_NAME}={cookies[target.user_id]}"
        for url in (target.url, f"/bench/bare/{target.name}/"):
            request = urllib.request.Request(base + url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=30) as answer:
                if answer.status != 200:
                    sys.exit(f"bench.web: {url} answered {answer.status}")
            if args.warmup:
                run_wrk(wrk, base + url, cookie, duration=args.warmup, connections=args.connections)
    load = {"duration": args.duration, "connections": args.connections}
    for round_number in range(1, args.rounds + 1):
        for measured in results:
            target = measured.target
            cookie = f"{settings.SESSION_COOKIE_NAME}={cookies[target.user_id]}"
            progress(
                f"round {round_number}/{args.rounds}, {target.label}: {args.duration} s, then its bare view"
            )
            measured.pages.append(run_wrk(wrk, base + target.url, cookie, **load))
            measured.bares.append(run_wrk(wrk, f"{base}/bench/bare/{target.name}/", cookie, **load))
    return results


def _report(results: list[Measured], args: argparse.Namespace, load_before: str) -> int:
    """The table and chart (medians over the rounds); 0 when every page's median share of its
    bare view's rate is at least half."""
    print(
        f"\nWeb benchmark: gunicorn {args.workers} workers, wrk 2 threads {args.connections} connections, "
        f"{args.rounds} round(s) of {args.duration} s per URL, medians shown; load average {load_before} "
        f"before, {load_average()} after (other work on the machine skews the rates, less the shares)\n"
    )
    print(
        f"  {'page':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}   {'bare req/s':>10} {'p50 ms':>8} "
        f"{'p99 ms':>8}   {'share':>6} {'(rounds)':<18} target ≥ 50%"
    )
    chart = []
    met = True
    for measured in results:
        share, pages, bares = measured.share, measured.pages, measured.bares
        met &= share >= 0.5 and not measured.errors
        rounds = "/".join(f"{each:.0%}" for each in measured.shares)
        print(
            f"  {measured.target.label:<20} {measured.median(pages, 'rate'):8.1f} "
            f"{measured.median(pages, 'p50_ms'):8.1f} {measured.median(pages, 'p99_ms'):8.1f}   "
            f"{measured.median(bares, 'rate'):10.1f} {measured.median(bares, 'p50_ms'):8.1f} "
            f"{measured.median(bares, 'p99_ms'):8.1f}   {share:6.0%} {rounds:<18} "
            f"{'met' if share >= 0.5 else 'NOT met'}"
            + (f"  ({measured.errors} non-2xx answers)" if measured.errors else "")
        )
        chart += [
            (measured.target.label, measured.median(pages, "rate")),
            ("  bare view", measured.median(bares, "rate")),
        ]
    print("\nRequests per second, medians (page, then its bare view):")
    print("\n".join(bar_chart(chart, unit="req/s", digits=1)))
    if args.svg:
        with open(args.svg, "w", encoding="utf-8") as out:
            out.write(
                svg_chart(chart, "Requests per second: each page, then its bare view", unit="req/s", digits=1)
            )
        print(f"  chart written to {args.svg}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
