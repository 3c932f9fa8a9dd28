"""Existing data that the census would refuse, listed before anything is exported.

The entry rules (CENSUS-*) stop new breaches; rows written before them, or imported, may still break
them. Each problem names its rule, the record and what to mend, so an analyst can work down the list.
Gaps (a census item never recorded) come after the breaches: the return leaves those items out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, F, Q

from authorities.models import Authority
from cases.census_codes import CENSUS_CATEGORY, LA_CHILD_ID, UPN, upn_check_letter_ok
from cases.models import Child, ChildProtectionPlan, Family
from conferences.models import ConferenceChild, ConferenceKind, ConferenceStatus

from .periods import CollectionYear
from .selectors import children_in_period, initial_conferences

GAP = "GAP"


@dataclass(frozen=True)
class Problem:
    rule_id: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule_id}\t{self.record}\t{self.message}"


def census_problems(authority: Authority, year: CollectionYear | None = None) -> Iterator[Problem]:
    yield from _rule_breaches(authority)
    if year is not None:
        yield from _gaps(authority, year)


def _child_label(child_id: int, name: str = "") -> str:
    return f"child {child_id}" + (f" ({name})" if name else "")


def _rule_breaches(authority: Authority) -> Iterator[Problem]:
    plans = ChildProtectionPlan.objects.for_authority(authority)
    for row in plans.filter(ended_on__isnull=True).values("child_id").annotate(n=Count("id")).filter(n__gt=1):
        yield Problem(
            "CENSUS-ONE-PLAN",
            _child_label(row["child_id"]),
            f"{row['n']} child protection plans are open at once; end all but one.",
        )
    for plan in plans.filter(ended_on__lte=F("started_on")).values(
        "pk", "child_id", "started_on", "ended_on"
    ):
        yield Problem(
            "CENSUS-PLAN-DATES",
            f"plan {plan['pk']} of {_child_label(plan['child_id'])}",
            f"ends {plan['ended_on']} but starts {plan['started_on']}: a plan ends after the day it starts.",
        )
    for plan in plans.exclude(category__in=list(CENSUS_CATEGORY)).values("pk", "child_id", "category"):
        yield Problem(
            "CENSUS-CATEGORY",
            f"plan {plan['pk']} of {_child_label(plan['child_id'])}",
            f"category {plan['category']!r} is not one the census codes (NEG, PHY, SAB, EMO).",
        )
    reviews = ConferenceChild.objects.for_authority(authority).filter(
        conference__kind__in=(ConferenceKind.REVIEW, ConferenceKind.MIDWAY),
        conference__status=ConferenceStatus.HELD,
    )
    # The census sends a review with the plan it falls in; one held the day the plan started is refused.
    same_day = reviews.filter(
        child__protection_plans__started_on=F("conference__held_on"),
    ).values("conference_id", "child_id", "conference__held_on")
    for row in same_day:
        yield Problem(
            "CENSUS-REVIEW-DATE",
            f"review conference {row['conference_id']}, {_child_label(row['child_id'])}",
            f"held {row['conference__held_on']}, the day the child's plan started: a review comes after.",
        )
    for row in (
        initial_conferences(authority)
        .filter(held_on__lt=F("strategy_discussion__held_on"))
        .values("pk", "held_on", "strategy_discussion__held_on")
    ):
        yield Problem(
            "CENSUS-ICPC-DATE",
            f"initial conference {row['pk']}",
            f"held {row['held_on']}, before the section 47 start {row['strategy_discussion__held_on']}.",
        )
    yield from _identifier_breaches(authority)


def _identifier_breaches(authority: Authority) -> Iterator[Problem]:
    children = Child.objects.for_authority(authority)
    # Children without an LA child ID of their own are sent under the product's id for them.
    ids = set(children.filter(la_child_id="").values_list("pk", flat=True))
    for pk, name, la_id, upn, reason in children.filter(~Q(la_child_id="") | ~Q(upn="")).values_list(
        "pk", "first_name", "la_child_id", "upn", "upn_unknown"
    ):
        label = _child_label(pk, name)
        if la_id and not LA_CHILD_ID.match(la_id):
            yield Problem(
                "CENSUS-CHILD-ID", label, f"LA child ID {la_id!r} is not up to 20 letters and digits."
            )
        elif la_id.isdigit() and int(la_id) in ids and int(la_id) != pk:
            yield Problem(
                "CENSUS-CHILD-ID",
                label,
                f"LA child ID {la_id} is the product's id of another child, who has no LA child ID of their "
                "own: give that child theirs.",
            )
        if upn and not (UPN.match(upn) and upn_check_letter_ok(upn)):
            yield Problem("CENSUS-CHILD-ID", label, f"UPN {upn} is not a valid UPN (format or check letter).")
        if upn and reason:
            yield Problem("CENSUS-CHILD-ID", label, "has a UPN and a reason it is unknown: keep one.")


def _gaps(authority: Authority, year: CollectionYear) -> Iterator[Problem]:
    if not authority.dfe_la_code:
        yield Problem(GAP, f"authority {authority.slug}", "no DfE LA code: the census header needs it (LEA).")
    ids = children_in_period(authority, year.start, year.end)
    children = Child.objects.for_authority(authority).filter(pk__in=ids)
    checks = (
        (Q(sex="") & Q(unborn=False), "sex not recorded"),
        (Q(ethnicity_code=""), "ethnicity (census category) not recorded"),
        (Q(disability_codes=[]), "disabilities not recorded (tick “No disability” where none)"),
        (Q(upn="") & Q(upn_unknown="") & Q(unborn=False), "neither a UPN nor the reason it is unknown"),
    )
    for condition, message in checks:
        for pk, name in children.filter(condition).values_list("pk", "first_name"):
            yield Problem(GAP, _child_label(pk, name), message)
    families = Family.objects.for_authority(authority).filter(children__pk__in=ids).distinct()
    missing = Q(referral_on__isnull=True) | Q(referral_source="") | Q(primary_need="")
    for pk, name, ref in families.filter(missing).values_list("pk", "name", "reference"):
        yield Problem(
            GAP, f"case {ref or pk} ({name})", "referral date, source or primary need not recorded."
        )
    # One referral per case: a plan from before it belongs to an earlier episode whose referral the
    # product does not hold, and the census refuses a plan that starts before its episode's referral.
    early = (
        ChildProtectionPlan.objects.for_authority(authority)
        .filter(child_id__in=ids, started_on__lt=F("child__family__referral_on"))
        .exclude(ended_on__lt=year.start)
    )
    for pk, child_id, started in early.values_list("pk", "child_id", "started_on"):
        yield Problem(
            GAP,
            f"plan {pk} of {_child_label(child_id)}",
            f"starts {started}, before the case's referral date: correct the referral date.",
        )
