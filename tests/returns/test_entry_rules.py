"""The rules that keep the census valid, enforced where the data is entered: one test per rule,
each refusal naming its rule id and the field to mend."""

from __future__ import annotations

import datetime

import pytest

from authorities.models import Role
from authorities.rules.checks import RuleViolation
from cases import services as case_services
from cases.models import ChildProtectionPlan
from conferences.census_checks import check_census_rules_on_holding
from conferences.models import Decision
from conferences.preparation import services as scheduling
from conferences.selectors import load_live
from returns.checks import census_problems
from tests.factories import (
    ChildFactory,
    ConferenceFactory,
    FamilyFactory,
    MembershipFactory,
    StrategyDiscussionFactory,
)

D = datetime.date
GOOD_UPN = "A950000178301"


def _details(**changes) -> case_services.ChildDetails:
    values = {"first_name": "Ava", "last_name": "Smith", "date_of_birth": D(2018, 3, 14)}
    values.update(changes)
    return case_services.ChildDetails(**values)


@pytest.fixture
def worker(two_authorities):
    mine, _ = two_authorities
    return MembershipFactory(authority=mine, role=Role.SOCIAL_WORKER)


# --- CENSUS-CHILD-ID -----------------------------------------------------------------------------


def test_a_upn_belongs_to_one_child_in_the_authority(worker, two_authorities):
    family = FamilyFactory(authority=worker.authority)
    case_services.add_child(by=worker, family_id=family.pk, details=_details(upn=GOOD_UPN))
    with pytest.raises(RuleViolation) as refused:
        case_services.add_child(by=worker, family_id=family.pk, details=_details(upn=GOOD_UPN))
    assert refused.value.rule_id == "CENSUS-CHILD-ID" and refused.value.field == "upn"
    assert "already has the UPN" in str(refused.value)
    # Another authority's child may carry the same number: uniqueness is within the authority.
    _, theirs = two_authorities
    other = MembershipFactory(authority=theirs, role=Role.SOCIAL_WORKER)
    case_services.add_child(
        by=other, family_id=FamilyFactory(authority=theirs).pk, details=_details(upn=GOOD_UPN)
    )


def test_a_upn_with_a_wrong_check_letter_or_an_la_child_id_with_symbols_is_refused(worker):
    family = FamilyFactory(authority=worker.authority)
    with pytest.raises(RuleViolation) as refused:
        case_services.add_child(by=worker, family_id=family.pk, details=_details(upn="B950000178301"))
    assert (refused.value.rule_id, refused.value.field) == ("CENSUS-CHILD-ID", "upn")
    with pytest.raises(RuleViolation) as refused:
        case_services.add_child(by=worker, family_id=family.pk, details=_details(la_child_id="AB-12"))
    assert (refused.value.rule_id, refused.value.field) == ("CENSUS-CHILD-ID", "la_child_id")
    child = case_services.add_child(
        by=worker, family_id=family.pk, details=_details(la_child_id="AB12", upn=GOOD_UPN.lower())
    )
    assert child.upn == GOOD_UPN  # stored as the census spells it


def test_an_unborn_child_is_sex_u_and_disabilities_come_from_the_code_list(worker):
    family = FamilyFactory(authority=worker.authority)
    unborn = _details(unborn=True, date_of_birth=None, expected_date=D(2027, 1, 1))
    assert case_services.add_child(by=worker, family_id=family.pk, details=unborn).sex == "U"
    with pytest.raises(RuleViolation) as refused:
        case_services.add_child(
            by=worker, family_id=family.pk, details=_details(disability_codes=("NONE", "LD"))
        )
    assert (refused.value.rule_id, refused.value.field) == ("CENSUS-CHILD-ID", "disability_codes")


# --- CENSUS-ICPC-DATE ----------------------------------------------------------------------------


def test_an_initial_conference_cannot_be_booked_before_the_section_47_start(worker, clock):
    clock.day = D(2026, 10, 1)  # the booking is for a working day four weeks on
    family = FamilyFactory(authority=worker.authority, social_worker=worker)
    child = ChildFactory(family=family)
    discussion = StrategyDiscussionFactory(family=family, held_on=D(2026, 10, 30))
    discussion.children.set([child])
    chair = MembershipFactory(authority=worker.authority, role=Role.CHAIR)
    with pytest.raises(RuleViolation) as refused:
        scheduling.schedule_conference(
            by=worker,
            family_id=family.pk,
            kind="initial",
            starts_at=datetime.datetime(2026, 10, 29, 10, tzinfo=datetime.UTC),
            chair_id=chair.pk,
            strategy_discussion_id=discussion.pk,
            virtual_link="https://meet.example.test/icpc",
        )
    assert (refused.value.rule_id, refused.value.field) == ("CENSUS-ICPC-DATE", "starts_at")


# --- at the conference: reviews, plan dates, one plan, categories ------------------------------------


def _held_review(authority, child, day: datetime.date):
    conference = ConferenceFactory(
        family=child.family,
        children=[child],
        kind="review",
        starts_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
    )
    return conference


def _decide(conference, child, outcome: str, category: str = "") -> None:
    Decision.objects.create(
        authority=conference.authority,
        conference=conference,
        child=child,
        outcome=outcome,
        category=category,
        decided_by=conference.chair,
    )


def _plan(child, started_on: datetime.date, **kwargs) -> ChildProtectionPlan:
    return ChildProtectionPlan.objects.create(
        authority=child.authority, child=child, category="neglect", started_on=started_on, **kwargs
    )


def _check(conference, day):
    check_census_rules_on_holding(load_live(conference), day)


def test_a_review_on_the_day_the_plan_started_is_refused(two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family=FamilyFactory(authority=mine))
    _plan(child, D(2026, 6, 1))
    review = _held_review(mine, child, D(2026, 6, 1))
    _decide(review, child, "continue", "neglect")
    with pytest.raises(RuleViolation) as refused:
        _check(review, D(2026, 6, 1))
    assert refused.value.rule_id == "CENSUS-REVIEW-DATE"
    _check(review, D(2026, 6, 2))  # the next day is fine


def test_a_plan_cannot_end_on_or_before_the_day_it_started(two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family=FamilyFactory(authority=mine))
    _plan(child, D(2026, 6, 10))
    review = _held_review(mine, child, D(2026, 6, 8))
    _decide(review, child, "end")
    with pytest.raises(RuleViolation) as refused:
        _check(review, D(2026, 6, 8))
    assert refused.value.rule_id == "CENSUS-PLAN-DATES" and "10 June 2026" in str(refused.value)


def test_a_child_with_two_open_plans_cannot_have_a_conference_held(two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family=FamilyFactory(authority=mine))
    _plan(child, D(2026, 1, 5))
    _plan(child, D(2026, 2, 5))
    review = _held_review(mine, child, D(2026, 6, 8))
    _decide(review, child, "continue", "neglect")
    with pytest.raises(RuleViolation) as refused:
        _check(review, D(2026, 6, 8))
    assert refused.value.rule_id == "CENSUS-ONE-PLAN"


def test_a_plan_needs_a_category_from_the_census_list(two_authorities):
    mine, _ = two_authorities
    child = ChildFactory(family=FamilyFactory(authority=mine))
    conference = ConferenceFactory(family=child.family, children=[child])
    _decide(conference, child, "cp_plan", "")
    with pytest.raises(RuleViolation) as refused:
        _check(conference, D(2026, 6, 8))
    assert refused.value.rule_id == "CENSUS-CATEGORY"


# --- existing data, listed before an export ---------------------------------------------------------


def test_census_check_lists_existing_records_that_break_the_rules(two_authorities):
    mine, theirs = two_authorities
    child = ChildFactory(family=FamilyFactory(authority=mine))
    _plan(child, D(2026, 1, 5))
    _plan(child, D(2026, 2, 5))
    _plan(child, D(2025, 5, 1), ended_on=D(2025, 4, 1))
    ChildProtectionPlan.objects.create(
        authority=mine, child=child, category="other", started_on=D(2024, 1, 1)
    )
    elsewhere = ChildFactory(family=FamilyFactory(authority=theirs))
    _plan(elsewhere, D(2026, 1, 5))
    _plan(elsewhere, D(2026, 2, 5))
    found = {(p.rule_id, p.record.split(" of ")[-1]) for p in census_problems(mine)}
    assert ("CENSUS-ONE-PLAN", f"child {child.pk}") in found
    assert ("CENSUS-PLAN-DATES", f"child {child.pk}") in found
    assert ("CENSUS-CATEGORY", f"child {child.pk}") in found
    assert not any(str(elsewhere.pk) in record for _, record in found)  # only this authority's
