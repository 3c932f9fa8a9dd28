from datetime import date

from django.core.management.base import BaseCommand, CommandError

from authorities.human_dates import long_date
from authorities.models import Authority, Mode
from authorities.refusals import in_words
from authorities.rls.scope import DatabaseScope, database_scope
from authorities.rules.catalogue import RULES_BY_ID
from authorities.selectors import NoRuleSetInForce, rule_set_in_force
from scheduling.calendars import NoDueDate, calendar_for, timescale_of
from scheduling.engine import due_date


class Command(BaseCommand):
    help = (
        "Print the due date (YYYY-MM-DD) of a timescale rule counted from an event date, using the "
        "authority's calendar and the rule set in force on that date. "
        "Example: deadlines barnsley ICPC-15WD 2026-12-18"
    )

    def add_arguments(self, parser):
        parser.add_argument("authority_slug")
        parser.add_argument("rule_id")
        parser.add_argument("event_date", help="the event the rule counts from, YYYY-MM-DD")

    def handle(self, *args, authority_slug: str, rule_id: str, event_date: str, **options):
        authority = Authority.objects.filter(slug=authority_slug).first()
        if authority is None:
            raise CommandError(f"unknown authority {authority_slug!r}", returncode=2)
        with database_scope(DatabaseScope.of([authority.pk])):
            self._print_due_date(authority, rule_id, event_date)

    def _print_due_date(self, authority: Authority, rule_id: str, event_date: str) -> None:
        rule_id = rule_id.upper()
        if rule_id not in RULES_BY_ID:
            raise CommandError(f"unknown rule {rule_id!r}", returncode=2)
        try:
            event = date.fromisoformat(event_date)
        except ValueError:
            raise CommandError(f"bad date {event_date!r}: expected YYYY-MM-DD", returncode=2) from None
        try:
            rule_set = rule_set_in_force(authority, on=event)
        except NoRuleSetInForce as missing:
            raise CommandError(str(missing), returncode=2) from None
        if rule_set.mode(rule_id) == Mode.OFF:
            raise CommandError(
                in_words(
                    f"the rule is off in {authority.name} "
                    f"(rule set from {long_date(rule_set.effective_from)}): no due date",
                    rule_id,
                ),
                returncode=2,
            )
        try:
            timescale = timescale_of(rule_set, rule_id)
            due = due_date(timescale, event, calendar_for(authority))
        except NoDueDate as no_due:
            raise CommandError(str(no_due), returncode=2) from None
        except ValueError as bad:
            raise CommandError(in_words(str(bad), rule_id), returncode=2) from None
        self.stdout.write(due.isoformat())
