"""The CIN census export (and Annex A list 7) for the largest authority of national-scale data:
time, peak Python memory (tracemalloc), SQL queries and file size.

    createdb cpc_census_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cpc_census_bench .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py seed_scale --authorities 150 --children 50000
    DATABASE_URL=... .venv/bin/python -m bench.cin_census [--authority SLUG] [--year 2025-26]

The XML is streamed to a temporary file a chunk of children at a time, so peak memory should stay
flat as the authority grows; the figures printed say whether it does.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpc.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from authorities.models import Authority  # noqa: E402
from cases.models import Child  # noqa: E402
from returns.annex_a import LISTS, list_7_rows, write_xlsx  # noqa: E402
from returns.cin_census import write_cin_census  # noqa: E402
from returns.periods import CollectionYear, Period  # noqa: E402


def largest_authority() -> Authority:
    row = (
        Child.objects.unscoped(reason="benchmark: the authority with most children")
        .values("authority_id")
        .annotate(n=Count("id"))
        .order_by("-n", "authority_id")
        .first()
    )
    return Authority.objects.get(pk=row["authority_id"])


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(label: str, run) -> None:
    counter = QueryCounter()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        result = run()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    # A second run under tracemalloc for the peak: tracing slows Python several times over.
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label}: {elapsed:.2f} s ({cpu:.2f} s of this process's CPU), peak Python memory "
        f"{peak / 1e6:.1f} MB, {counter.count} SQL queries, {result}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authority", help="slug (default: the authority with the most children)")
    parser.add_argument("--year", help="collection year (default: the last complete one)")
    args = parser.parse_args()
    authority = Authority.objects.get(slug=args.authority) if args.authority else largest_authority()
    year = (
        CollectionYear.parse(args.year)
        if args.year
        else CollectionYear(CollectionYear.containing(timezone.localdate()).first_year - 1)
    )
    children = Child.objects.for_authority(authority).count()
    print(f"{authority.name} ({authority.slug}): {children} children on record; census year {year}")

    with tempfile.TemporaryDirectory() as folder:
        xml_path = os.path.join(folder, "cin.xml")

        def census():
            with open(xml_path, "wb") as out:
                summary = write_cin_census(out, authority=authority, year=year)
            size = os.path.getsize(xml_path)
            counted = f"{summary.children} children, {summary.plans} plans, {summary.reviews} reviews"
            return f"{counted}, {size / 1e6:.1f} MB"

        measure("CIN census XML", census)

        xlsx_path = os.path.join(folder, "list7.xlsx")
        sheet, header = LISTS["7"]

        def list_7():
            rows = write_xlsx(xlsx_path, sheet, header, list_7_rows(authority, Period(year.start, year.end)))
            return f"{rows} rows, {os.path.getsize(xlsx_path) / 1e6:.1f} MB"

        measure("Annex A list 7 XLSX", list_7)


if __name__ == "__main__":
    main()
