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

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from authorities.models import Agency, AgencyType, Authority, ClosureDay, Membership, Mode, Role, RuleSet
from authorities.rls.scope import EVERY_AUTHORITY, database_scope
from scheduling.calendars import timescale_of
from scheduling.engine import LOCAL_TZ, DeadlineStatus, WorkingCalendar, due_date, status_on
from scheduling.models import Deadline, Escalation, EscalationEvent, EscalationKind
from scheduling.sweep import ladder_of

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
FIRST_NAMES = ("Alex", "Sam", "Jamie", "Charlie", "Riley", "Morgan", "Jordan", "Casey", "Robin", "Kit")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker")
CATEGORIES = ("neglect", "physical", "emotional", "sexual")
# Census codes for the children and their referrals (the CIN census export reads them).
ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "AIND", "APKN", "BAFR", "BCRB", "CHNE", "NOBT")
REFERRAL_SOURCES = ("1A", "2A", "3A", "3B", "5A", "6", "6", "8")


def _upn(la_code: str, serial: int) -> str:
    """A well-formed UPN (the DfE's check letter over the LA code and a serial), fictional."""
    digits = f"{la_code}{serial % 10**9:09d}"
    total = sum(int(char) * weight for weight, char in enumerate(digits, start=2))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23] + digits


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
            name: apps.get_model(label)
            for name, label in {
                "Family": "cases.Family",
                "Child": "cases.Child",
                "StrategyDiscussion": "cases.StrategyDiscussion",
                "ChildProtectionPlan": "cases.ChildProtectionPlan",
                "ChildInNeedPlan": "cases.ChildInNeedPlan",
                "Conference": "conferences.Conference",
                "ConferenceChild": "conferences.ConferenceChild",
            }.items()
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
        rnd = self.random
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

        User = apps.get_model("accounts", "User")
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

        self._cases(authority, rule_set, calendar, by_role, children, options["awaiting_percent"])

    def _due(self, rule_set: RuleSet, rule_id: str, event: date, calendar: WorkingCalendar) -> date:
        return due_date(timescale_of(rule_set, rule_id), event, calendar)

    def _census_items(self, authority, stories, kids_of, earlier) -> None:
        """What the CIN census needs, consistent with the story: the referral a few days before the
        first event (an earlier plan, or the strategy discussion), each child born before it, and a
        UPN for a child of school age (the reason there is none for a younger one)."""
        rnd = self.random
        first_event = {s["family"].pk: s["sd"] for s in stories}
        family_of = {child.pk: family_id for family_id, kids in kids_of.items() for child in kids}
        for plan in earlier:
            family_id = family_of[plan.child_id]
            first_event[family_id] = min(first_event[family_id], plan.started_on)
        families, children = [], []
        for s in stories:
            family = s["family"]
            family.referral_on = first_event[family.pk] - timedelta(days=rnd.randint(0, 10))
            family.referral_source = rnd.choice(REFERRAL_SOURCES)
            family.primary_need = "N1"
            families.append(family)
            for child in kids_of[family.pk]:
                latest_birth = family.referral_on - timedelta(days=30)
                if child.date_of_birth > latest_birth:
                    child.date_of_birth = latest_birth - timedelta(days=rnd.randint(0, 8 * 365))
                if (self.today - child.date_of_birth).days > 6 * 365:
                    child.upn = _upn(authority.dfe_la_code, child.pk)
                else:
                    child.upn_unknown = "UN1"
                children.append(child)
        M = self.models
        M["Family"].framework_objects.bulk_update(
            families, ["referral_on", "referral_source", "primary_need"], batch_size=self.batch
        )
        M["Child"].framework_objects.bulk_update(
            children, ["date_of_birth", "upn", "upn_unknown"], batch_size=self.batch
        )

    def _cases(self, authority, rule_set, calendar, by_role, children: int, awaiting_percent: int) -> None:
        rnd, M = self.random, self.models
        as_of, today = self.as_of, self.today
        soon = rule_set.due_soon_working_days
        modes = {
            rule_id: rule_set.mode(rule_id)
            for rule_id in ("ICPC-15WD", "CG1-10WD", "RCPC1-3M", "RCPCN-6M", "SW-REPORT")
        }
        social_workers, chairs = by_role[Role.SOCIAL_WORKER], by_role[Role.CHAIR]

        # Families: 1-3 children each, on plans; plus a few still awaiting their initial conference.
        sizes = []
        left = children
        while left > 0:
            size = min(left, rnd.choice((1, 1, 2, 2, 3)))
            sizes.append(size)
            left -= size
        awaiting = max(1, len(sizes) * awaiting_percent // 100) if awaiting_percent else 0
        families = self._bulk(
            M["Family"],
            [
                M["Family"](
                    authority=authority,
                    name=f"{rnd.choice(SURNAMES)} family",
                    reference=f"{authority.slug.upper()}-{n:06d}",
                    social_worker=rnd.choice(social_workers),
                )
                for n in range(len(sizes) + awaiting)
            ],
        )
        kids = []
        for family, size in zip(families, sizes + [1] * awaiting, strict=True):
            for _ in range(size):
                kids.append(
                    M["Child"](
                        authority=authority,
                        family=family,
                        first_name=rnd.choice(FIRST_NAMES),
                        last_name=family.name.split()[0],
                        date_of_birth=today - timedelta(days=rnd.randint(30, 16 * 365)),
                        sex=rnd.choice("MF"),
                        ethnicity_code=rnd.choice(ETHNICITIES),
                        disability_codes=["NONE"],
                    )
                )
        kids = self._bulk(M["Child"], kids)
        kids_of: dict[int, list] = {}
        for child in kids:
            kids_of.setdefault(child.family_id, []).append(child)

        # Each family's story, in dates from the engine.
        stories = []
        for n, family in enumerate(families):
            if n >= len(sizes):  # awaiting the initial conference
                held = calendar.subtract_working_days(as_of, rnd.randint(0, 20))
                stories.append({"family": family, "sd": held, "icpc": None, "reviews": [], "next": None})
                continue
            icpc = calendar.on_or_before(today - timedelta(days=rnd.randint(1, 5 * 365)))
            sd = calendar.subtract_working_days(icpc, rnd.choice((8, 10, 12, 14, 15, 15, 17)))
            reviews, previous, rule = [], icpc, "RCPC1-3M"
            while True:
                due = self._due(rule_set, rule, previous, calendar)
                planned = calendar.on_or_before(due + timedelta(days=rnd.choice((-14, -7, -3, 0, 0, 4))))
                if planned > as_of:
                    break
                reviews.append(planned)
                previous, rule = planned, "RCPCN-6M"
            stories.append(
                {"family": family, "sd": sd, "icpc": icpc, "reviews": reviews, "next": (rule, previous)}
            )

        sds = self._bulk(
            M["StrategyDiscussion"],
            [
                M["StrategyDiscussion"](
                    authority=authority,
                    family=s["family"],
                    held_on=s["sd"],
                    attendees="Social worker, police, health visitor",
                    outcome="Section 47 enquiries to start",
                    section47_started=True,
                    recorded_by=s["family"].social_worker,
                )
                for s in stories
            ],
        )
        through = M["StrategyDiscussion"].children.through
        self._bulk(
            through,
            [
                through(strategydiscussion_id=sd.pk, child_id=child.pk)
                for sd, s in zip(sds, stories, strict=True)
                for child in kids_of[s["family"].pk]
            ],
        )

        # Conferences: initial, reviews held, and the next review where it is booked already.
        conferences, conference_story = [], []
        for index, s in enumerate(stories):
            if s["icpc"] is None:
                continue
            chair = rnd.choice(chairs)
            held = [("initial", s["icpc"])] + [("review", day) for day in s["reviews"]]
            for kind, day in held:
                conferences.append(
                    M["Conference"](
                        authority=authority,
                        family=s["family"],
                        kind=kind,
                        strategy_discussion=sds[index] if kind == "initial" else None,
                        starts_at=self._moment(day),
                        held_on=day,
                        chair=chair,
                        social_worker=s["family"].social_worker,
                        created_by=s["family"].social_worker,
                        status="held",
                    )
                )
                conference_story.append((index, kind, day))
            rule, previous = s["next"]
            next_due = self._due(rule_set, rule, previous, calendar)
            if next_due >= today and (next_due - today).days < 45 and rnd.random() < 0.7:
                booked = calendar.on_or_before(next_due - timedelta(days=rnd.randint(0, 7)))
                if booked > today:
                    conferences.append(
                        M["Conference"](
                            authority=authority,
                            family=s["family"],
                            kind="review",
                            starts_at=self._moment(booked),
                            chair=chair,
                            social_worker=s["family"].social_worker,
                            created_by=s["family"].social_worker,
                        )
                    )
                    conference_story.append((index, "booked", booked))
        conferences = self._bulk(M["Conference"], conferences)
        self._bulk(
            M["ConferenceChild"],
            [
                M["ConferenceChild"](authority=authority, conference=conference, child=child)
                for conference in conferences
                for child in kids_of[conference.family_id]
            ],
        )
        by_story: dict[int, list[tuple[str, date, object]]] = {}
        for (index, kind, day), conference in zip(conference_story, conferences, strict=True):
            by_story.setdefault(index, []).append((kind, day, conference))

        # Plans: every child of a family past its initial conference; some had an earlier plan too.
        plans, earlier, step_downs = [], [], []
        for index, s in enumerate(stories):
            if s["icpc"] is None:
                continue
            initial = by_story[index][0][2]
            for child in kids_of[s["family"].pk]:
                plans.append(
                    M["ChildProtectionPlan"](
                        authority=authority,
                        child=child,
                        category=rnd.choice(CATEGORIES),
                        started_on=s["icpc"],
                        started_at_conference=initial,
                    )
                )
                if rnd.random() < 0.15 and s["icpc"] - timedelta(days=400) > today - timedelta(days=5 * 365):
                    started = s["icpc"] - timedelta(days=rnd.randint(400, 700))
                    earlier.append(
                        M["ChildProtectionPlan"](
                            authority=authority,
                            child=child,
                            category=rnd.choice(CATEGORIES),
                            started_on=started,
                            ended_on=started + timedelta(days=rnd.randint(180, 360)),
                            end_reason="Risk reduced: stepped down to a child in need plan",
                        )
                    )
        self._bulk(M["ChildProtectionPlan"], plans)
        earlier = self._bulk(M["ChildProtectionPlan"], earlier)
        for plan in earlier:
            step_downs.append(
                M["ChildInNeedPlan"](
                    authority=authority,
                    child=plan.child,
                    started_on=plan.ended_on,
                    ended_on=plan.ended_on + timedelta(days=rnd.randint(92, 200)),
                    stepped_down_from=plan,
                )
            )
        self._bulk(M["ChildInNeedPlan"], step_downs)
        self._census_items(authority, stories, kids_of, earlier)

        # Deadlines: met ones for the history, open ones for what comes next.
        deadlines = []

        def add(rule_id, subject_type, subject_id, family, event, label, met_on=None, due=None, booked=None):
            mode = modes[rule_id]
            if mode == Mode.OFF:
                return
            due = due or self._due(rule_set, rule_id, event, calendar)
            if met_on is not None and met_on > as_of:
                met_on = None  # not yet happened as on the last sweep
            status = status_on(
                due=due, today=as_of, calendar=calendar, met_on=met_on, due_soon_working_days=soon
            )
            deadlines.append(
                Deadline(
                    authority=authority,
                    rule_id=rule_id,
                    mode=mode,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    family=family,
                    label=label,
                    event_on=event,
                    due_on=due,
                    status=status,
                    met_on=met_on,
                    responsible=family.social_worker,
                    status_changed_on=as_of,
                    booked_for=booked,
                )
            )

        for index, (s, sd) in enumerate(zip(stories, sds, strict=True)):
            family = s["family"]
            add(
                "ICPC-15WD",
                self.sd_type,
                sd.pk,
                family,
                s["sd"],
                f"Initial conference for {family.name}",
                s["icpc"],
                booked=s["icpc"],
            )
            if s["icpc"] is None:
                continue
            held = [(kind, day, c) for kind, day, c in by_story[index] if kind != "booked"]
            booked = [(day, c) for kind, day, c in by_story[index] if kind == "booked"]
            initial = held[0][2]
            first_core_group = calendar.add_working_days(s["icpc"], rnd.choice((5, 8, 10, 10, 12)))
            add(
                "CG1-10WD",
                self.conference_type,
                initial.pk,
                family,
                s["icpc"],
                f"First core group: {family.name}",
                first_core_group,
                booked=first_core_group,
            )
            upcoming = booked[0][0] if booked else None
            for (_, day, conference), (_, next_day, _) in zip(
                held, [*held[1:], (None, None, None)], strict=True
            ):
                rule = "RCPC1-3M" if conference.kind == "initial" else "RCPCN-6M"
                add(
                    rule,
                    self.conference_type,
                    conference.pk,
                    family,
                    day,
                    f"Review conference: {family.name}",
                    next_day,
                    booked=next_day or upcoming,
                )
            for day, conference in booked:
                due = calendar.subtract_working_days(day, 2)
                add(
                    "SW-REPORT",
                    self.conference_type,
                    conference.pk,
                    family,
                    day,
                    f"Social worker's report: {family.name}",
                    None,
                    due,
                )
        deadlines = self._bulk(Deadline, deadlines)

        # Escalations already raised at the last sweep, for deadlines overdue then (required ones).
        ladder = ladder_of(rule_set)
        if ladder and rule_set.mode("ESCALATION") != Mode.OFF:
            rung = ladder[0]
            respond_by = calendar.add_working_days(as_of, rung.working_days)
            raised = self._bulk(
                Escalation,
                [
                    Escalation(
                        authority=authority,
                        kind=EscalationKind.DEADLINE,
                        deadline=d,
                        family=d.family,
                        level=rung.level,
                        level_label=rung.label,
                        roles=list(rung.roles),
                        reason=f"{d.rule_id} overdue: {d.label} was due by {d.due_on.isoformat()}.",
                        respond_by=respond_by,
                    )
                    for d in deadlines
                    if d.status == DeadlineStatus.OVERDUE and d.mode == Mode.REQUIRED
                ],
            )
            self._bulk(
                EscalationEvent,
                [
                    EscalationEvent(
                        authority=authority,
                        escalation=e,
                        action=EscalationEvent.Action.RAISED,
                        note="Raised by the deadline sweep",
                    )
                    for e in raised
                ],
            )
