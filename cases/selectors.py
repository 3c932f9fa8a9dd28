"""Reads for the case list and the case page: a fixed number of queries however big the case.

Deadline status is worked out for today from the engine (the sweep also stores it, but a page
shown at 9am should not wait for the night's sweep to turn a deadline red)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from accounts.models import User
from authorities.human_dates import short_date, short_date_with_weekday
from authorities.models import Authority, Membership, Role, RuleSet
from authorities.rules.ids import RuleId
from authorities.selectors import NoRuleSetInForce, rule_set_in_force
from scheduling.calendars import calendar_for
from scheduling.engine import DeadlineStatus, WorkingCalendar, add_months, status_on, working_days_left
from scheduling.models import Deadline

from . import hooks
from .models import Category, Child, ChildProtectionPlan, Family, Person, Relationship, StrategyDiscussion

ICPC_RULE = RuleId.ICPC_15WD

# GOV.UK tag colours for each status: the words come from DeadlineStatus labels, the colour only helps.
STATUS_TAG = {
    DeadlineStatus.NOT_DUE: "govuk-tag--blue",
    DeadlineStatus.DUE_SOON: "govuk-tag--yellow",
    DeadlineStatus.DUE_TODAY: "govuk-tag--orange",
    DeadlineStatus.OVERDUE: "govuk-tag--red",
    DeadlineStatus.MET_ON_TIME: "govuk-tag--green",
    DeadlineStatus.MET_LATE: "govuk-tag--purple",
}


@dataclass(frozen=True)
class DeadlineView:
    """A deadline as a person should see it today."""

    deadline: Deadline
    status: DeadlineStatus
    working_days_left: int | None

    @property
    def closed(self) -> bool:
        """Stopped without being met (its meeting was held or cancelled without it): no countdown."""
        return self.deadline.met_on is None and self.deadline.cancelled_at is not None

    @property
    def label(self) -> str:
        return "Closed" if self.closed else self.status.label

    @property
    def tag_class(self) -> str:
        return "govuk-tag--grey" if self.closed else STATUS_TAG[self.status]

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.working_days_left or 0))

    @property
    def due_on(self) -> date:
        return self.deadline.due_on

    @property
    def days_left_text(self) -> str:
        """Met 7 Dec 2026 / Closed … / 3 working days left / 2 working days overdue."""
        if self.deadline.met_on:
            return f"Met {short_date(self.deadline.met_on)}"
        if self.closed:
            return f"Closed {short_date(timezone.localdate(self.deadline.cancelled_at))}"
        left = self.working_days_left
        if left >= 0:
            return f"{left} working day{'' if left == 1 else 's'} left"
        return f"{-left} working day{'' if left == -1 else 's'} overdue"


@dataclass(frozen=True)
class Today:
    """Today's date and the authority's calendar, worked out once per page."""

    day: date
    calendar: WorkingCalendar
    due_soon_working_days: int
    rule_set: object = None  # the rule set in force today, where there is one

    def view(self, deadline: Deadline | None) -> DeadlineView | None:
        if deadline is None:
            return None
        status = status_on(
            due=deadline.due_on,
            today=self.day,
            calendar=self.calendar,
            met_on=deadline.met_on,
            due_soon_working_days=self.due_soon_working_days,
        )
        left = (
            None
            if deadline.met_on or deadline.cancelled_at
            else working_days_left(due=deadline.due_on, today=self.day, calendar=self.calendar)
        )
        return DeadlineView(deadline, status, left)

    def status_q(self, status: str, prefix: str = "") -> Q:
        """The rows whose deadline has `status` today, as a filter (for lists and the API)."""
        open_ = Q(**{f"{prefix}met_on__isnull": True})
        due = f"{prefix}due_on"
        soon_until = self.calendar.add_working_days(self.day, self.due_soon_working_days)
        return {
            DeadlineStatus.OVERDUE: open_ & Q(**{f"{due}__lt": self.day}),
            DeadlineStatus.DUE_TODAY: open_ & Q(**{due: self.day}),
            DeadlineStatus.DUE_SOON: open_ & Q(**{f"{due}__gt": self.day, f"{due}__lte": soon_until}),
            DeadlineStatus.NOT_DUE: open_ & Q(**{f"{due}__gt": soon_until}),
            DeadlineStatus.MET_ON_TIME: Q(**{f"{prefix}met_on__isnull": False})
            & Q(**{f"{prefix}met_on__lte": F(due)}),
            DeadlineStatus.MET_LATE: Q(**{f"{prefix}met_on__isnull": False})
            & Q(**{f"{prefix}met_on__gt": F(due)}),
        }[DeadlineStatus(status)]


def today_for(
    authority: Authority, today: date | None = None, *, rules: bool | tuple[str, ...] = True
) -> Today:
    """Today for this authority. `rules=False` for lists that need only the "due soon" window: one
    small read instead of the whole rule set and its settings. A tuple of rule ids loads the rule
    set with only those rules' settings (asking it about another rule is an UnknownRule error)."""
    day = today or timezone.localdate()
    if rules is False:
        due_soon = (
            RuleSet.objects.for_authority(authority)
            .in_force_on(day)
            .values_list("due_soon_working_days", flat=True)
            .first()
        )
        return Today(day=day, calendar=calendar_for(authority), due_soon_working_days=due_soon or 5)
    try:
        rule_set = rule_set_in_force(authority, on=day, rule_ids=None if rules is True else rules)
    except NoRuleSetInForce:
        rule_set = None
    due_soon = rule_set.due_soon_working_days if rule_set is not None else 5
    return Today(day=day, calendar=calendar_for(authority), due_soon_working_days=due_soon, rule_set=rule_set)


def icpc_deadlines(authority: Authority) -> QuerySet[Deadline]:
    """Live ICPC-15WD deadlines (not cancelled), newest first."""
    return (
        Deadline.objects.for_authority(authority)
        .filter(rule_id=ICPC_RULE, cancelled_at__isnull=True)
        .order_by("-event_on", "-id")
    )


# --- case list ---------------------------------------------------------------------------------


def _iso_if_uk_date(text: str) -> str:
    """People type dates of birth the British way (27/03/2019); the search matches ISO dates."""
    try:
        return datetime.strptime(text, "%d/%m/%Y").date().isoformat()
    except ValueError:
        return text


CASES_PER_PAGE = 50


class Whose:
    """Which cases the list shows: everyone's the viewer may see, their own, or their team's."""

    ALL = ""
    MINE = "mine"
    TEAM = "team"
    CHOICES = [(ALL, "All cases"), (MINE, "My cases"), (TEAM, "My team's cases")]


def _team_workers(membership: Membership) -> Q:
    """The social workers in the viewer's team: those they manage, or who share their team manager."""
    if membership.role == Role.TEAM_MANAGER:
        return Q(social_worker__team_manager=membership) | Q(social_worker=membership)
    if membership.team_manager_id:
        return Q(social_worker__team_manager_id=membership.team_manager_id) | Q(social_worker=membership)
    return Q(social_worker=membership)


def families_for(
    membership: Membership,
    *,
    search: str = "",
    social_worker_id: int | None = None,
    whose: str = Whose.ALL,
) -> QuerySet[Family]:
    families = Family.objects.for_authority(membership.authority).visible_to(membership)
    search = _iso_if_uk_date(search.strip())
    if search:
        children = Child.objects.for_authority(membership.authority).search(search)
        families = families.filter(
            Q(name__icontains=search) | Q(reference__iexact=search) | Q(pk__in=children.values("family_id"))
        )
    if social_worker_id:
        families = families.filter(social_worker_id=social_worker_id)
    if whose == Whose.MINE:
        families = families.filter(social_worker=membership)
    elif whose == Whose.TEAM:
        families = families.filter(_team_workers(membership))
    return families


def case_rows(
    membership: Membership,
    *,
    search: str = "",
    status: str = "",
    social_worker_id: int | None = None,
    whose: str = Whose.ALL,
    page: int | str = 1,
    per_page: int = CASES_PER_PAGE,
    today: Today | None = None,
) -> Page:
    """A page of the case list: each family, its children and its ICPC due date with today's status.

    The viewer's own cases come first, then their team's, then the rest, each by name; a page costs
    the same few queries however many cases the authority has. Rows are plain dicts of what the
    row shows, words and dates already written out (see `_case_row`)."""
    authority = membership.authority
    today = today or today_for(authority, rules=False)
    families = families_for(membership, search=search, social_worker_id=social_worker_id, whose=whose)
    if status:
        with_status = icpc_deadlines(authority).filter(today.status_q(status))
        families = families.filter(pk__in=with_status.values("family_id"))
    families = families.annotate(
        nearness=Case(
            When(social_worker=membership, then=Value(0)),
            When(_team_workers(membership), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("nearness", "name", "pk")
    worker_fields = [f"social_worker__user__{field}" for field in User.NAME_FIELDS]
    families = families.values("pk", "name", "reference", "social_worker_id", *worker_fields)
    page_of_families = Paginator(families, per_page).get_page(page)
    on_page = list(page_of_families)
    ids = [family["pk"] for family in on_page]
    children: dict[int, list[str]] = {}
    for child in (
        Child.objects.for_authority(authority)
        .filter(family_id__in=ids)
        .order_by("date_of_birth", "expected_date")
        .values("family_id", "first_name", "last_name", "unborn", "date_of_birth", "expected_date")
    ):
        children.setdefault(child["family_id"], []).append(_child_words(child))
    latest: dict[int, Deadline] = {}
    # Only what a row's DeadlineView reads: these rows become model instances, one per deadline.
    shown = ("family_id", "due_on", "met_on", "cancelled_at")
    for deadline in icpc_deadlines(authority).filter(family_id__in=ids).only(*shown):
        latest.setdefault(deadline.family_id, deadline)
    page_of_families.object_list = [
        _case_row(family, children.get(family["pk"], []), today.view(latest.get(family["pk"])), worker_fields)
        for family in on_page
    ]
    return page_of_families


def _child_words(child: dict) -> str:
    """Ann Smith (born 3 Mar 2019) / Unborn Smith (unborn, expected 1 Feb 2027)."""
    name = f"{child['first_name']} {child['last_name']}"
    if child["unborn"]:
        return f"{name} (unborn, expected {short_date(child['expected_date'])})"
    return f"{name} (born {short_date(child['date_of_birth'])})"


def _case_row(family: dict, children: list[str], icpc: DeadlineView | None, worker_fields: list[str]) -> dict:
    """One row of the case list as the template shows it. A dict, not the model: the list's
    template reads every value by key, which Django's template engine tries first."""
    allocated = family["social_worker_id"] is not None
    return {
        "pk": family["pk"],
        "name": family["name"],
        "reference": family["reference"],
        "children": children,
        "social_worker": User.name_to_show(*(family[f] for f in worker_fields)) if allocated else "",
        "icpc": icpc
        and {
            "due": short_date_with_weekday(icpc.due_on),
            "days_left": icpc.days_left_text,
            "label": icpc.label,
            "tag_class": icpc.tag_class,
        },
    }


# --- case page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiscussionRow:
    discussion: StrategyDiscussion
    icpc: DeadlineView | None


@dataclass(frozen=True)
class CasePage:
    family: Family
    children: list[Child]
    people: list[Person]
    discussions: list[DiscussionRow]
    conferences: list
    deadlines: list[DeadlineView]
    icpc: DeadlineView | None
    core_groups: list = ()
    long_plan: dict | None = None  # LONG-PLAN flags by child id


def case_page(membership: Membership, family: Family, *, today: Today | None = None) -> CasePage:
    authority = membership.authority
    today = today or today_for(authority, rules=(LONG_PLAN_RULE,))
    relationships = Relationship.objects.for_authority(authority).select_related("person", "child")
    children = list(
        Child.objects.for_authority(authority)
        .filter(family=family)
        .prefetch_related(Prefetch("relationships", queryset=relationships))
        .order_by("date_of_birth", "expected_date", "pk")
    )
    people = list(
        Person.objects.for_authority(authority)
        .filter(family=family)
        .prefetch_related(Prefetch("relationships", queryset=relationships.order_by("child__first_name")))
    )
    discussions = list(
        StrategyDiscussion.objects.for_authority(authority)
        .filter(family=family)
        .select_related("recorded_by__user")
        .prefetch_related(Prefetch("children", queryset=Child.objects.for_authority(authority)))
    )
    conferences = hooks.case_conferences(membership, family)
    deadlines = list(
        Deadline.objects.for_authority(authority)
        .filter(family=family, cancelled_at__isnull=True)
        .order_by("due_on", "pk")
    )
    discussion_type = ContentType.objects.get_for_model(StrategyDiscussion).pk  # cached after the first call
    by_discussion = {
        d.subject_id: d for d in deadlines if d.rule_id == ICPC_RULE and d.subject_type_id == discussion_type
    }
    icpc = next((by_discussion[d.pk] for d in discussions if d.pk in by_discussion), None)
    long_plan = long_plan_flags(
        authority,
        [child.pk for child in children],
        today=today.day,
        rule=LongPlanRule.of(today.rule_set) if today.rule_set is not None else LongPlanRule(on=False),
    )
    for child in children:
        child.long_plan_flags = long_plan.get(child.pk, [])
    return CasePage(
        family=family,
        children=children,
        people=people,
        discussions=[DiscussionRow(d, today.view(by_discussion.get(d.pk))) for d in discussions],
        conferences=conferences,
        deadlines=[today.view(d) for d in deadlines],
        icpc=today.view(icpc),
        core_groups=hooks.case_core_groups(membership, family),
        long_plan=long_plan,
    )


def case_of_child(authority: Authority, child_id: int) -> int | None:
    """The case (family id) a child of this authority belongs to: the read audit's child filter
    also finds the openings of that case's page."""
    return (
        Child.objects.for_authority(authority).filter(pk=child_id).values_list("family_id", flat=True).first()
    )


# --- LONG-PLAN and the plan figures managers watch ---------------------------------------------

LONG_PLAN_RULE = "LONG-PLAN"
DEFAULT_FLAG_MONTHS = (18, 24)


@dataclass(frozen=True)
class LongPlanRule:
    """LONG-PLAN's values: plan ages (months) to flag, and whether repeat plans are flagged."""

    flag_months: tuple[int, ...] = DEFAULT_FLAG_MONTHS
    flag_repeat_plans: bool = True
    on: bool = True

    @classmethod
    def of(cls, rule_set) -> LongPlanRule:
        try:
            values, on = rule_set.values(LONG_PLAN_RULE), rule_set.is_on(LONG_PLAN_RULE)
        except KeyError:
            return cls()
        months = tuple(sorted(int(m) for m in values.get("flag_months", DEFAULT_FLAG_MONTHS)))
        return cls(flag_months=months, flag_repeat_plans=bool(values.get("flag_repeat_plans", True)), on=on)

    def started_by(self, today: date) -> dict[int, date]:
        """For each flagged age: a plan that started on or before this date has reached it."""
        return {months: add_months(today, -months) for months in self.flag_months}


def _earlier_plan(authority: Authority | int) -> Exists:
    return Exists(
        ChildProtectionPlan.objects.for_authority(authority).filter(
            child=OuterRef("child"), started_on__lt=OuterRef("started_on")
        )
    )


def open_plans(authority: Authority | int, *, family_filter: dict | None = None) -> QuerySet:
    plans = ChildProtectionPlan.objects.for_authority(authority).filter(ended_on__isnull=True)
    if family_filter:
        plans = plans.filter(**{f"child__family__{k}": v for k, v in family_filter.items()})
    return plans


def open_plan_figures(
    authority: Authority | int, *, today: date, rule: LongPlanRule, family_filter: dict | None = None
) -> dict:
    """Children on plans now, by category; plans open for each LONG-PLAN age; second or later
    plans. One query (filtered aggregates over the open plans)."""
    aggregates = {"total": Count("pk")}
    aggregates |= {f"category_{c}": Count("pk", filter=Q(category=c)) for c in Category.values}
    aggregates |= {
        f"months_{months}": Count("pk", filter=Q(started_on__lte=started))
        for months, started in rule.started_by(today).items()
    }
    aggregates["repeat"] = Count("pk", filter=_earlier_plan(authority))
    row = open_plans(authority, family_filter=family_filter).aggregate(**aggregates)
    return {
        "total": row["total"],
        "by_category": {c: row[f"category_{c}"] for c in Category.values},
        "open_months": {months: row[f"months_{months}"] for months in rule.flag_months},
        "repeat": row["repeat"],
    }


@dataclass(frozen=True)
class LongPlanFlag:
    text: str
    detail: str = ""


def long_plan_flags(
    authority: Authority | int, child_ids: list[int], *, today: date, rule: LongPlanRule
) -> dict[int, list[LongPlanFlag]]:
    """LONG-PLAN for the case page: per child on a plan, the longest flagged age their plan has
    reached and whether it is a second or later plan. One query."""
    if not rule.on or not child_ids:
        return {}
    plans = (
        ChildProtectionPlan.objects.for_authority(authority)
        .filter(child_id__in=child_ids, ended_on__isnull=True)
        .annotate(
            earlier=Count(
                "child__protection_plans",
                filter=Q(child__protection_plans__started_on__lt=F("started_on")),
            )
        )
    )
    reached = rule.started_by(today)
    flags: dict[int, list[LongPlanFlag]] = {}
    for plan in plans:
        found = [
            LongPlanFlag(f"Plan open {age_words(months)} or more", f"since {plan.started_on:%-d %B %Y}")
            for months in sorted(reached, reverse=True)
            if plan.started_on <= reached[months]
        ][:1]
        if rule.flag_repeat_plans and plan.earlier:
            found.append(LongPlanFlag(f"{_ordinal(plan.earlier + 1).capitalize()} child protection plan"))
        if found:
            flags[plan.child_id] = found
    return flags


def age_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} months"


def _ordinal(n: int) -> str:
    words = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    return words.get(n, f"{n}th")
