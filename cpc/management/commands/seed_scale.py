"""National-scale data for the sweep benchmark (PostgreSQL only): many authorities, each with its own
copy of a shipped rule set and calendar, staff, and children on child protection plans at every stage
with up to five years of conferences and deadlines behind them.

    python manage.py seed_scale --authorities 150 --children 50000

Every date comes from the engine and each authority's rule set. Deadline statuses are set as on
`--as-of` (default a week before today), as if the sweep had last run then, so the next sweep has a
realistic week of work: statuses to move, deadlines gone overdue, escalations to raise and to move
up. Rows are written with bulk_create in batches, one authority at a time. Use a database of its own
(e.g. `cpc_bench`): the generator refuses to run twice into the same one.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from authorities.models import Agency, AgencyType, Authority, ClosureDay, Membership, Role, RuleSet
from authorities.rls.scope import EVERY_AUTHORITY, database_scope
from cases.models import Child, ChildInNeedPlan, ChildProtectionPlan, Family, StrategyDiscussion
from conferences.models import Conference, ConferenceChild
from cpc.seeding.scale import FIRST_NAMES, SURNAMES, ScaleCases
from scheduling.calendars import timescale_of
from scheduling.engine import LOCAL_TZ, WorkingCalendar, due_date

SLUG_PREFIX = "scale-"
SHIPPED = ("west-sussex", "staffordshire", "stoke-on-trent", "hartlepool", "barnsley", "birmingham")
STAFF = {  # per authority
    Role.AUTHORITY_ADMIN: 1,
    Role.HEAD_OF_SERVICE: 1,
    Role.SERVICE_MANAGER: 2,
    Role.TEAM_MANAGER: 4,
    Role.CHAIR: 4,
    Role.SOCIAL_WORKER: 16,
    Role.BUSINESS_SUPPORT: 1,
}


def _progress(done: int, total: int, started: float, label: str) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = time.perf_counter() - started
    eta = elapsed / done * (total - done) if done else 0
    bar = "#" * filled + "." * (width - filled)
    sys.stderr.write(f"\r[{bar}] {done}/{total} {label}  {elapsed:5.0f}s, ~{eta:4.0f}s left ")
    sys.stderr.flush()


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("--authorities", type=int, default=150)
        parser.add_argument("--children", type=int, default=50000, help="children on plans, in all")
        parser.add_argument(
            "--awaiting-percent",
            type=int,
            default=5,
            help="extra families (as a percentage of the children) still awaiting their initial conference",
        )
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--as-of-days-ago", type=int, default=7, help="statuses as on this many days ago")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, **options):
        with database_scope(EVERY_AUTHORITY):  # a platform task: it writes in every authority
            self._seed(**options)

    def _seed(self, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale writes national-scale data: run it on PostgreSQL (DATABASE_URL)")
        if options["authorities"] < 1 or options["children"] < options["authorities"]:
            raise CommandError("--authorities must be at least 1 and --children at least one per authority")
        if Authority.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError(
                "scale authorities already exist here: seed a fresh database (e.g. createdb cpc_bench)"
            )
        today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        self.today = today
        self.as_of = today - timedelta(days=options["as_of_days_ago"])
        self.random = random.Random(options["seed"])
        self.batch = options["batch_size"]
        self.password = make_password(None)  # unusable: scale users never sign in
        self.models = {
            "Family": Family,
            "Child": Child,
            "StrategyDiscussion": StrategyDiscussion,
            "ChildProtectionPlan": ChildProtectionPlan,
            "ChildInNeedPlan": ChildInNeedPlan,
            "Conference": Conference,
            "ConferenceChild": ConferenceChild,
        }
        self.sd_type = ContentType.objects.get_for_model(self.models["StrategyDiscussion"])
        self.conference_type = ContentType.objects.get_for_model(self.models["Conference"])
        templates = [
            RuleSet.objects.for_authority(Authority.objects.get(slug=slug)).prefetch_related("settings").get()
            for slug in SHIPPED
        ]

        count = options["authorities"]
        per_authority = [options["children"] // count] * count
        for i in range(options["children"] % count):
            per_authority[i] += 1
        started = time.perf_counter()
        self.totals: dict[str, int] = {}
        for index in range(count):
            with transaction.atomic():
                self._authority(index + 1, templates[index % len(templates)], per_authority[index], options)
            _progress(index + 1, count, started, "authorities")
        sys.stderr.write("\n")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        rows = ", ".join(f"{name} {n}" for name, n in self.totals.items())
        self.stdout.write(self.style.SUCCESS(f"Seeded {count} authorities in {elapsed:.0f}s: {rows}"))

    # --- helpers ------------------------------------------------------------------------------

    def _bulk(self, model, objs: list) -> list:
        if not objs:
            return objs
        manager = getattr(model, "framework_objects", model._default_manager)
        created = manager.bulk_create(objs, batch_size=self.batch)
        self.totals[model.__name__] = self.totals.get(model.__name__, 0) + len(objs)
        return created

    def _moment(self, day: date, hour: int = 10) -> datetime:
        return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LOCAL_TZ)

    def _authority(self, number: int, template: RuleSet, children: int, options) -> None:
        authority = Authority.objects.create(
            name=f"Scaleshire {number:03d}",
            slug=f"{SLUG_PREFIX}{number:03d}",
            dfe_la_code=f"{100 + number % 900:03d}",  # fictional, but three digits as the census needs
        )
        rule_set = RuleSet.framework_objects.get(pk=template.pk)
        rule_set.pk = rule_set.id = None
        rule_set.authority = authority
        rule_set.save()
        settings = list(template.settings.all())
        for setting in settings:
            setting.pk = setting.id = None
            setting.authority, setting.rule_set = authority, rule_set
        self._bulk(type(settings[0]), settings)
        rule_set = RuleSet.objects.for_authority(authority).prefetch_related("settings").get()

        # A Christmas closure each year, plus one local closure day.
        closures = {date(year, 12, 24) for year in range(self.today.year - 6, self.today.year + 2)}
        closures |= {
            date(year, 5, 14 + number % 7) for year in range(self.today.year - 6, self.today.year + 2)
        }
        self._bulk(
            ClosureDay,
            [
                ClosureDay(authority=authority, date=day, description="Office closure")
                for day in sorted(closures)
            ],
        )
        calendar = WorkingCalendar(closures)
        self._bulk(
            Agency,
            [
                Agency(authority=authority, name=f"Scaleshire {number:03d} {kind.label}", type=kind)
                for kind in (AgencyType.POLICE, AgencyType.HEALTH_VISITING, AgencyType.SCHOOL)
            ],
        )

        by_role = self._staff(authority)
        ScaleCases(self, authority, rule_set, calendar, by_role).build(children, options["awaiting_percent"])

    def _staff(self, authority: Authority) -> dict[str, list[Membership]]:
        """The authority's staff by role (STAFF), each social worker with a team manager."""
        rnd = self.random
        users, roles = [], []
        for role, n in STAFF.items():
            for k in range(n):
                users.append(
                    User(
                        email=f"{role.replace('_', '.')}.{k}@{authority.slug}.scale.test",
                        full_name=f"{rnd.choice(FIRST_NAMES)} {rnd.choice(SURNAMES)}",
                        password=self.password,
                    )
                )
                roles.append(role)
        users = self._bulk(User, users)
        memberships = self._bulk(
            Membership,
            [Membership(authority=authority, user=u, role=r) for u, r in zip(users, roles, strict=True)],
        )
        by_role: dict[str, list[Membership]] = {}
        for membership in memberships:
            by_role.setdefault(membership.role, []).append(membership)
        for n, social_worker in enumerate(by_role[Role.SOCIAL_WORKER]):
            social_worker.team_manager = by_role[Role.TEAM_MANAGER][n % len(by_role[Role.TEAM_MANAGER])]
        Membership.framework_objects.bulk_update(by_role[Role.SOCIAL_WORKER], ["team_manager"])

        return by_role

    def _due(self, rule_set: RuleSet, rule_id: str, event: date, calendar: WorkingCalendar) -> date:
        return due_date(timescale_of(rule_set, rule_id), event, calendar)
