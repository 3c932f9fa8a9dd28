"""Write an authority's Children in Need census XML for a collection year.

    python manage.py cin_census west-sussex --year 2025-26 --out cin-2025-26.xml

Run `census_check` first: it lists the records that would make the return fail validation.
"""

from __future__ import annotations

import sys
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError

from authorities.models import Authority
from authorities.rls.scope import in_named_authority
from returns.cin_census import CensusRefused, write_cin_census
from returns.periods import CollectionYear


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("authority", help="the authority's slug")
        parser.add_argument("--year", required=True, help="collection year, e.g. 2025-26")
        parser.add_argument("--out", required=True, help="file to write (- for standard output)")
        parser.add_argument("--serial-no", type=int, default=1, help="the return's SerialNo (default 1)")
        parser.add_argument("--measure", action="store_true", help="report time and peak Python memory")

    @in_named_authority("authority")  # the database sees this authority only
    def handle(self, *args, authority, year, out, serial_no, measure, **options):
        found = Authority.objects.filter(slug=authority).first()
        if found is None:
            raise CommandError(f"No authority with the slug {authority!r}.")
        if not found.dfe_la_code:
            raise CommandError(f"{found.name} has no DfE LA code: add it in the admin (the census LEA).")
        try:
            collection = CollectionYear.parse(year)
        except ValueError as error:
            raise CommandError(f"--year: {error}") from None
        if measure:
            tracemalloc.start()
        started = time.perf_counter()
        try:
            summary = self._write(found, collection, out, serial_no)
        except CensusRefused as refused:
            raise CommandError(str(refused)) from None
        elapsed = time.perf_counter() - started
        line = (
            f"CIN census {collection} for {found.name}: {summary.children} children, "
            f"{summary.enquiries} section 47 enquiries, {summary.plans} plans, {summary.reviews} reviews"
        )
        if measure:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            line += f" in {elapsed:.2f} s, peak Python memory {peak / 1_000_000:.1f} MB"
        self.stderr.write(line)

    def _write(self, authority, collection, out, serial_no):
        if out == "-":
            return write_cin_census(sys.stdout, authority=authority, year=collection, serial_no=serial_no)
        with open(out, "wb") as stream:
            return write_cin_census(stream, authority=authority, year=collection, serial_no=serial_no)
