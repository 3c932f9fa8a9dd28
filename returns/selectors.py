"""The reads behind the returns: which children a period counts, and their facts, a chunk at a time.

Every query goes through `for_authority`, and each chunk of children costs the same few queries,
whatever the number of children: the writers stream chunk by chunk and never hold the authority's
whole case list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from authorities.models import Authority
from authorities.selectors import NoRuleSetInForce
from cases.models import Child, ChildInNeedPlan, ChildProtectionPlan, StrategyDiscussion
from conferences.models import Conference, ConferenceChild, ConferenceKind, ConferenceStatus, Decision
from scheduling.calendars import calendar_for, due_date_for
from scheduling.engine import WorkingCalendar
from scheduling.models import Deadline

CHUNK = 2000
ICPC_RULE = "ICPC-15WD"
REVIEW_KINDS = (ConferenceKind.REVIEW, ConferenceKind.MIDWAY)


@dataclass
class Enquiry:
    """A section 47 enquiry: the strategy discussion that started it, and what came of it."""

    discussion_id: int
    started_on: date
    icpc_target: date | None
    icpc_on: date | None
    icpc_not_required: bool


@dataclass
class Plan:
    id: int
    started_on: date
    ended_on: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[date] = field(default_factory=list)


@dataclass
class ChildFacts:
    child: Child
    enquiries: list[Enquiry] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    cin_plans: list[tuple[date, date | None]] = field(default_factory=list)


def _s47_links(authority: Authority):
    through = StrategyDiscussion.children.through
    return through.objects.filter(
        strategydiscussion__authority=authority, strategydiscussion__section47_started=True
    )


def initial_conferences(authority: Authority):
    return Conference.objects.for_authority(authority).filter(
        kind=ConferenceKind.INITIAL, status=ConferenceStatus.HELD
    )


def children_in_period(authority: Authority, start: date, end: date) -> list[int]:
    """Ids of the children with a section 47 enquiry, an initial conference or a plan in the period.

    An enquiry counts in the period it started, or in the period of its initial conference (the
    census refuses an enquiry that started before the year and is still without a conference)."""
    s47 = _s47_links(authority).filter(
        strategydiscussion__held_on__range=(start, end),
    )
    icpc = ConferenceChild.objects.for_authority(authority).filter(
        conference__in=initial_conferences(authority).filter(held_on__range=(start, end))
    )
    plans = ChildProtectionPlan.objects.for_authority(authority).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start), started_on__lte=end
    )
    ids = set(s47.values_list("child_id", flat=True))
    ids.update(icpc.values_list("child_id", flat=True))
    ids.update(plans.values_list("child_id", flat=True))
    return sorted(ids)


def chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def facts_for(authority: Authority, child_ids: list[int], start: date, end: date) -> list[ChildFacts]:
    """Everything the returns say about these children in the period, in a fixed number of queries."""
    children = (
        Child.objects.for_authority(authority)
        .filter(pk__in=child_ids)
        .select_related("family")
        .order_by("pk")
    )
    facts = {child.pk: ChildFacts(child) for child in children}
    for child_id, enquiry in _enquiries(authority, child_ids, start, end):
        facts[child_id].enquiries.append(enquiry)
    for child_id, plan in _plans(authority, child_ids, start, end):
        facts[child_id].plans.append(plan)
    cin = ChildInNeedPlan.objects.for_authority(authority).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start), child_id__in=child_ids, started_on__lte=end
    )
    for child_id, started, ended in cin.order_by("started_on").values_list(
        "child_id", "started_on", "ended_on"
    ):
        facts[child_id].cin_plans.append((started, ended if ended and ended <= end else None))
    return list(facts.values())


def _enquiries(authority: Authority, child_ids: list[int], start: date, end: date):
    links = list(
        _s47_links(authority)
        .filter(child_id__in=child_ids, strategydiscussion__held_on__lte=end)
        .values_list(
            "child_id",
            "strategydiscussion_id",
            "strategydiscussion__held_on",
            "strategydiscussion__icpc_not_required",
        )
        .order_by("strategydiscussion__held_on", "strategydiscussion_id")
    )
    discussion_ids = {link[1] for link in links}
    held = dict(
        ConferenceChild.objects.for_authority(authority)
        .filter(
            child_id__in=child_ids,
            conference__in=initial_conferences(authority).filter(
                strategy_discussion_id__in=discussion_ids, held_on__lte=end
            ),
        )
        .values_list("conference__strategy_discussion_id", "conference__held_on")
    )
    targets = _icpc_targets(authority, discussion_ids)
    calendar = None
    for child_id, discussion_id, started_on, not_required in links:
        icpc_on = held.get(discussion_id)
        if not (start <= started_on or (icpc_on is not None and icpc_on >= start)):
            continue  # concluded before the period
        target = targets.get(discussion_id)
        if target is None:  # no deadline row (data from before the product): the engine counts it
            calendar = calendar or calendar_for(authority)
            target = _target_by_engine(authority, started_on, calendar)
        yield child_id, Enquiry(discussion_id, started_on, target, icpc_on, not_required and icpc_on is None)


def _icpc_targets(authority: Authority, discussion_ids: set[int]) -> dict[int, date]:
    """ICPC-15WD due dates as the deadline rows hold them (the engine computed them when opened)."""
    subject_type = ContentType.objects.get_for_model(StrategyDiscussion)
    return dict(
        Deadline.objects.for_authority(authority)
        .filter(rule_id=ICPC_RULE, subject_type=subject_type, subject_id__in=discussion_ids)
        .values_list("subject_id", "due_on")
    )


def _target_by_engine(authority: Authority, started_on: date, calendar: WorkingCalendar) -> date | None:
    try:
        return due_date_for(authority=authority, rule_id=ICPC_RULE, event=started_on, calendar=calendar)
    except NoRuleSetInForce:  # no rules to count by on that day: the census leaves the target out
        return None


def _plans(authority: Authority, child_ids: list[int], start: date, end: date):
    plans = list(
        ChildProtectionPlan.objects.for_authority(authority)
        .filter(child_id__in=child_ids, started_on__lte=end)
        .order_by("child_id", "started_on", "pk")
        .values_list("pk", "child_id", "started_on", "ended_on", "category", "started_at_conference_id")
    )
    started_at = {p[5] for p in plans if p[5]}
    initial_category = {
        (conference_id, child_id): category
        for conference_id, child_id, category in Decision.objects.for_authority(authority)
        .filter(conference_id__in=started_at, child_id__in=child_ids)
        .exclude(category="")
        .values_list("conference_id", "child_id", "category")
    }
    reviews: dict[int, list[date]] = defaultdict(list)
    for child_id, held_on in (
        ConferenceChild.objects.for_authority(authority)
        .filter(
            child_id__in=child_ids,
            conference__kind__in=REVIEW_KINDS,
            conference__status=ConferenceStatus.HELD,
            conference__held_on__range=(start, end),
        )
        .order_by("conference__held_on")
        .values_list("child_id", "conference__held_on")
    ):
        reviews[child_id].append(held_on)
    previous: dict[int, int] = defaultdict(int)
    for pk, child_id, started_on, ended_on, category, conference_id in plans:
        in_period = ended_on is None or ended_on >= start
        if in_period:
            plan = Plan(
                id=pk,
                started_on=started_on,
                ended_on=ended_on if ended_on and ended_on <= end else None,
                initial_category=initial_category.get((conference_id, child_id), category),
                latest_category=category,
                previous_plans=previous[child_id],
            )
            last = plan.ended_on or end
            plan.reviews = [day for day in reviews[child_id] if started_on < day <= last]
            yield child_id, plan
        previous[child_id] += 1
