"""Scale data for one authority: its families and their children on plans at every stage (see the
seed_scale command)."""

from __future__ import annotations

from datetime import date, timedelta

from authorities.models import Role
from authorities.rules.ids import RuleId

from .scale_deadlines import ScaleDeadlines

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


class ScaleCases(ScaleDeadlines):
    """One authority's children on plans at every stage, with up to five years of conferences and
    deadlines behind them: families, their stories in dates from the engine, then the rows, phase
    by phase (the random choices come in the same order as ever, so a seed gives the same data)."""

    def __init__(self, command, authority, rule_set, calendar, by_role) -> None:
        self.command = command
        self.rnd, self.M = command.random, command.models
        self.as_of, self.today = command.as_of, command.today
        self.authority, self.rule_set, self.calendar = authority, rule_set, calendar
        self.soon = rule_set.due_soon_working_days
        self.modes = {
            rule_id: rule_set.mode(rule_id)
            for rule_id in (
                RuleId.ICPC_15WD,
                RuleId.CG1_10WD,
                RuleId.RCPC1_3M,
                RuleId.RCPCN_6M,
                RuleId.SW_REPORT,
            )
        }
        self.social_workers, self.chairs = by_role[Role.SOCIAL_WORKER], by_role[Role.CHAIR]

    def build(self, children: int, awaiting_percent: int) -> None:
        families, sizes, _awaiting, kids_of = self._families(children, awaiting_percent)
        stories = self._stories(families, sizes)
        sds = self._strategy_discussions(stories, kids_of)
        by_story = self._conferences(stories, sds, kids_of)
        self._plans(stories, kids_of, by_story)
        deadlines = self._deadlines(stories, sds, by_story)
        self._escalations(deadlines)

    def _families(self, children, awaiting_percent):
        rnd = self.rnd
        M = self.M
        today = self.today
        social_workers = self.social_workers
        authority = self.authority
        # Families: 1-3 children each, on plans; plus a few still awaiting their initial conference.
        sizes = []
        left = children
        while left > 0:
            size = min(left, rnd.choice((1, 1, 2, 2, 3)))
            sizes.append(size)
            left -= size
        awaiting = max(1, len(sizes) * awaiting_percent // 100) if awaiting_percent else 0
        families = self.command._bulk(
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
        kids = self.command._bulk(M["Child"], kids)
        kids_of: dict[int, list] = {}
        for child in kids:
            kids_of.setdefault(child.family_id, []).append(child)
        return families, sizes, awaiting, kids_of

    def _stories(self, families, sizes):
        rnd = self.rnd
        as_of = self.as_of
        today = self.today
        rule_set = self.rule_set
        calendar = self.calendar
        # Each family's story, in dates from the engine.
        stories = []
        for n, family in enumerate(families):
            if n >= len(sizes):  # awaiting the initial conference
                held = calendar.subtract_working_days(as_of, rnd.randint(0, 20))
                stories.append({"family": family, "sd": held, "icpc": None, "reviews": [], "next": None})
                continue
            icpc = calendar.on_or_before(today - timedelta(days=rnd.randint(1, 5 * 365)))
            sd = calendar.subtract_working_days(icpc, rnd.choice((8, 10, 12, 14, 15, 15, 17)))
            reviews, previous, rule = [], icpc, RuleId.RCPC1_3M
            while True:
                due = self.command._due(rule_set, rule, previous, calendar)
                planned = calendar.on_or_before(due + timedelta(days=rnd.choice((-14, -7, -3, 0, 0, 4))))
                if planned > as_of:
                    break
                reviews.append(planned)
                previous, rule = planned, RuleId.RCPCN_6M
            stories.append(
                {"family": family, "sd": sd, "icpc": icpc, "reviews": reviews, "next": (rule, previous)}
            )
        return stories

    def _strategy_discussions(self, stories, kids_of):
        M = self.M
        authority = self.authority
        sds = self.command._bulk(
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
        self.command._bulk(
            through,
            [
                through(strategydiscussion_id=sd.pk, child_id=child.pk)
                for sd, s in zip(sds, stories, strict=True)
                for child in kids_of[s["family"].pk]
            ],
        )
        return sds

    def _conferences(self, stories, sds, kids_of):
        rnd = self.rnd
        M = self.M
        chairs = self.chairs
        authority = self.authority
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
                        starts_at=self.command._moment(day),
                        held_on=day,
                        chair=chair,
                        social_worker=s["family"].social_worker,
                        created_by=s["family"].social_worker,
                        status="held",
                    )
                )
                conference_story.append((index, kind, day))
            booked = self._booked_review(s, chair)
            if booked is not None:
                conferences.append(booked)
                conference_story.append((index, "booked", booked.starts_at.date()))
        conferences = self.command._bulk(M["Conference"], conferences)
        self.command._bulk(
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
        return by_story

    def _booked_review(self, s, chair):
        """The next review, booked already where it is due within 45 days (most of them are)."""
        rule, previous = s["next"]
        today, calendar = self.today, self.calendar
        next_due = self.command._due(self.rule_set, rule, previous, calendar)
        if next_due >= today and (next_due - today).days < 45 and self.rnd.random() < 0.7:
            booked = calendar.on_or_before(next_due - timedelta(days=self.rnd.randint(0, 7)))
            if booked > today:
                return self.M["Conference"](
                    authority=self.authority,
                    family=s["family"],
                    kind="review",
                    starts_at=self.command._moment(booked),
                    chair=chair,
                    social_worker=s["family"].social_worker,
                    created_by=s["family"].social_worker,
                )
        return None

    def _plans(self, stories, kids_of, by_story):
        rnd = self.rnd
        M = self.M
        today = self.today
        authority = self.authority
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
        self.command._bulk(M["ChildProtectionPlan"], plans)
        earlier = self.command._bulk(M["ChildProtectionPlan"], earlier)
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
        self.command._bulk(M["ChildInNeedPlan"], step_downs)
        self._census_items(stories, kids_of, earlier)

    def _census_items(self, stories, kids_of, earlier) -> None:
        """What the CIN census needs, consistent with the story: the referral a few days before the
        first event (an earlier plan, or the strategy discussion), each child born before it, and a
        UPN for a child of school age (the reason there is none for a younger one)."""
        rnd, M = self.rnd, self.M
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
                    child.upn = _upn(self.authority.dfe_la_code, child.pk)
                else:
                    child.upn_unknown = "UN1"
                children.append(child)
        batch = self.command.batch
        M["Family"].framework_objects.bulk_update(
            families, ["referral_on", "referral_source", "primary_need"], batch_size=batch
        )
        M["Child"].framework_objects.bulk_update(
            children, ["date_of_birth", "upn", "upn_unknown"], batch_size=batch
        )
