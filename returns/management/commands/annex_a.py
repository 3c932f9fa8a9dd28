"""Write Ofsted's Annex A list 5 (section 47 enquiries) or 7 (child protection) for a period.

    python manage.py annex_a west-sussex --list 7 --from 2026-01-01 --to 2026-06-30 --out list7.xlsx

The format follows the file name: .csv or .xlsx.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from authorities.models import Authority
from authorities.rls.scope import in_named_authority
from returns.annex_a import LISTS, rows_for, write_csv, write_xlsx
from returns.periods import Period


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("authority", help="the authority's slug")
        parser.add_argument("--list", required=True, choices=sorted(LISTS), dest="number")
        parser.add_argument("--from", required=True, dest="start", help="YYYY-MM-DD")
        parser.add_argument("--to", required=True, dest="end", help="YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="a .csv or .xlsx file")

    @in_named_authority("authority")  # the database sees this authority only
    def handle(self, *args, authority, number, start, end, out, **options):
        found = Authority.objects.filter(slug=authority).first()
        if found is None:
            raise CommandError(f"No authority with the slug {authority!r}.")
        try:
            period = Period(date.fromisoformat(start), date.fromisoformat(end))
        except ValueError as error:
            raise CommandError(f"--from/--to: {error}") from None
        sheet, header = LISTS[number]
        rows = rows_for(number, found, period)
        if out.endswith(".xlsx"):
            count = write_xlsx(out, sheet, header, rows)
        elif out.endswith(".csv"):
            with open(out, "w", newline="", encoding="utf-8") as stream:
                count = write_csv(stream, header, rows)
        else:
            raise CommandError("--out: give a file name ending .csv or .xlsx")
        self.stderr.write(f"{sheet} for {found.name}, {period.start} to {period.end}: {count} rows")
