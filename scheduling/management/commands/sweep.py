"""Run the deadline sweep by hand (what Celery beat runs hourly and just after midnight)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from authorities.human_dates import long_date
from authorities.models import Authority
from authorities.rls.scope import DatabaseScope, database_scope
from scheduling.sweep import SweepFailed, active_authority_ids, batches, sweep_batch


class Command(BaseCommand):
    help = (
        "Bring every open deadline up to date (statuses, escalations, notifications) for every active "
        "authority, or one. Runs in this process; safe to repeat. Example: sweep --authority barnsley "
        "--today 2026-03-02"
    )

    def add_arguments(self, parser):
        parser.add_argument("--authority", metavar="SLUG", help="only this authority")
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="judge as on this date (default: today)")

    def handle(self, *args, authority: str | None = None, today: str | None = None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today: bad date {today!r}, expected YYYY-MM-DD", returncode=2) from None
        if authority:
            ids = list(Authority.objects.filter(slug=authority).values_list("pk", flat=True))
            if not ids:
                raise CommandError(f"--authority: unknown authority {authority!r}", returncode=2)
        else:
            ids = active_authority_ids()
        started = time.perf_counter()
        totals: Counter = Counter()
        progress = sys.stderr.isatty()
        done = 0
        failed: dict[int, BaseException] = {}
        for batch in batches(ids):
            try:
                with database_scope(DatabaseScope.of(batch)):  # what the sweep task sees, too
                    results = sweep_batch(batch, today=day)
            except SweepFailed as partly:
                results, failed = partly.results, failed | partly.failed
            for result in results:
                if result.changed or result.skipped:
                    self.stdout.write(result.summary())
                totals["status changes"] += sum(result.status_changes.values())
                totals["escalations raised"] += result.escalations_raised
                totals["moved up"] += result.escalations_moved_up
                totals["notifications"] += result.notifications
                totals["report reminders"] += result.report_reminders
            done += len(batch)
            if progress:
                sys.stderr.write(f"\r[{done}/{len(ids)}] authorities swept")
                sys.stderr.flush()
        if progress:
            sys.stderr.write("\n")
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{name}: {count}" for name, count in totals.items())
        swept = len(ids) - len(failed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Swept {swept} authorit{'y' if swept == 1 else 'ies'} as on {long_date(day)} "
                f"in {elapsed:.2f}s. {summary or 'Nothing to do.'}"
            )
        )
        if failed:
            slugs = dict(Authority.objects.filter(pk__in=failed).values_list("pk", "slug"))
            for authority_id, error in sorted(failed.items()):
                self.stderr.write(f"{slugs.get(authority_id, authority_id)}: not swept: {error}")
            raise CommandError(
                f"{len(failed)} authorit{'y was' if len(failed) == 1 else 'ies were'} not swept "
                "(the log has the details); the others were.",
                returncode=1,
            )
