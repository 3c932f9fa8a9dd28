"""List the records that would make an authority's CIN census fail, before exporting it.

    python manage.py census_check west-sussex --year 2025-26

Rule breaches (CENSUS-* ids) first, then gaps (census items never recorded, left out of the return).
Exits with status 1 when there is any rule breach, so a script can stop before exporting.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from authorities.models import Authority
from authorities.rls.scope import in_named_authority
from returns.checks import GAP, census_problems
from returns.periods import CollectionYear


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("authority", help="the authority's slug")
        parser.add_argument("--year", help="collection year, e.g. 2025-26: also list gaps for its children")

    @in_named_authority("authority")  # the database sees this authority only
    def handle(self, *args, authority, year, **options):
        found = Authority.objects.filter(slug=authority).first()
        if found is None:
            raise CommandError(f"No authority with the slug {authority!r}.")
        try:
            collection = CollectionYear.parse(year) if year else None
        except ValueError as error:
            raise CommandError(f"--year: {error}") from None
        breaches = gaps = 0
        for problem in census_problems(found, collection):
            self.stdout.write(str(problem))
            if problem.rule_id == GAP:
                gaps += 1
            else:
                breaches += 1
        self.stderr.write(f"{found.name}: {breaches} rule breach(es), {gaps} gap(s).")
        if breaches:
            sys.exit(1)
